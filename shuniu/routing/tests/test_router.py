"""The router on the held-out split and on the inputs offices really send."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from shuniu.routing.model import DATA, NONE, Router, charter_texts, normalize, read_labelled
from shuniu.routing.service import evaluate, read_table, route_rows

GOLD_2, GOLD_3 = DATA.with_name("gold-2.csv"), DATA.with_name("gold-3.csv")


@pytest.fixture(scope="module")
def router():
    train = [r for r in read_labelled() if r["split"] == "train"]
    return Router.train(train, charter_texts())


def test_the_labelled_set_covers_every_hub_and_none_and_keeps_test_subjects_out_of_training():
    rows = read_labelled()
    assert len(rows) >= 1500
    labels = {label for r in rows for label in r["hub"].split("|")}
    assert len(labels) == 23 and NONE in labels
    train = {r["subject"] for r in rows if r["split"] == "train"}
    test = {r["subject"] for r in rows if r["split"] == "test"}
    assert not train & test


@pytest.mark.parametrize("path, size", [(GOLD_2, 300), (GOLD_3, 130)])
def test_the_gold_sets_are_never_trained_on_and_cover_every_label(path, size):
    gold = read_table(path.read_bytes())
    assert len(gold) >= size
    labels = {label for r in gold for label in r["hub"].split("|")}
    assert len(labels) == 23 and NONE in labels
    assert 0.15 <= sum(r["hub"].split("|")[0] == NONE for r in gold) / len(gold) <= 0.3
    seen = {normalize(r["name"]) for r in read_labelled()}  # training rows, and the first test split too
    assert not [r["name"] for r in gold if normalize(r["name"]) in seen]
    assert {"scope-only", "both", "traditional", "english", "community"} <= {r["case"] for r in gold}


def test_the_third_gold_set_shares_no_organisation_with_the_second():
    second = {normalize(r["name"]) for r in read_table(GOLD_2.read_bytes())}
    assert not [r["name"] for r in read_table(GOLD_3.read_bytes()) if normalize(r["name"]) in second]


@pytest.mark.parametrize("path", [GOLD_2, GOLD_3])
def test_the_gold_sets_meet_the_targets(router, path):
    result = evaluate(router, read_table(path.read_bytes()))
    assert result.top1 >= 0.92 and result.top3 >= 0.98, (result.top1, result.top3)


def test_held_out_accuracy_meets_the_targets(router):
    result = evaluate(router, [r for r in read_labelled() if r["split"] == "test"])
    assert result.top1 >= 0.92 and result.top3 >= 0.98, (result.top1, result.top3)


def test_it_routes_by_name_and_explains_why(router):
    routing = router.route("北京市围棋协会", "推广围棋运动，组织围棋比赛")
    assert routing.hub == "sports" and routing.decision == "auto"
    assert any("围棋" in reason or "体育" in reason for reason in routing.reasons)


def test_a_signal_only_in_the_scope_is_enough(router):
    assert router.route("北京市博远发展中心", "为盲人提供按摩培训与就业服务").hub == "disability"


def test_no_hubs_field_is_a_real_answer(router):
    routing = router.route("北京市民营医院管理协会", "民营医院行业自律")
    assert routing.hub == NONE


def test_traditional_characters_and_full_width_punctuation(router):
    assert router.route("北京市圍棋協會（籌）", "組織圍棋比賽").hub == "sports"


def test_two_fitting_hubs_are_both_shown(router):
    routing = router.route("北京青少年足球协会", "组织青少年足球训练与比赛")
    assert {c.hub for c in routing.candidates[:2]} == {"sports", "youth-league"}


def test_a_huge_scope_is_read_but_not_all_of_it(router):
    assert router.route("北京市律师协会", "律师行业自律" + "。" * 10_000).hub == "lawyers"


def test_bad_rows_get_their_own_error_and_the_batch_goes_on(router):
    rows = [{"name": "", "scope": "x"}, {"name": "北京市篮球协会", "scope": ""}, {"scope": "无名称列"}]
    out = list(route_rows(router, rows))
    assert out[0]["error"] == "empty name" and out[2]["error"] == "missing column: name"
    assert out[1]["hub"] == "sports" and out[1]["error"] == ""


def test_files_in_gb18030_and_utf8_with_bom_read_alike():
    text = "name,org_type,scope,level\n北京市篮球协会,association,推广篮球,city\n"
    assert read_table(text.encode("gb18030")) == read_table(("\ufeff" + text).encode("utf-8"))


def test_the_command_routes_a_file(tmp_path, db):
    source = tmp_path / "in.csv"
    source.write_bytes("name,org_type,scope,level\n北京市篮球协会,association,,city\n,association,,city\n"
                       .encode("gb18030"))
    out = tmp_path / "out.csv"
    call_command("route", "--in", str(source), "--out", str(out), stdout=StringIO())
    rows = read_table(out.read_bytes())
    assert rows[0]["hub"] == "sports" and rows[0]["candidates"].startswith("sports:")
    assert rows[1]["error"] == "empty name"


def test_the_command_evaluates_a_gold_file(tmp_path, db):
    gold = tmp_path / "gold.csv"
    gold.write_text("name,scope,hub\n北京市篮球协会,,sports\n北京青年志愿者协会,,volunteers|youth-league\n",
                    encoding="utf-8")
    out = StringIO()
    call_command("route", "evaluate", "--gold", str(gold), stdout=out)
    assert "top-1 accuracy 1.000" in out.getvalue()


def test_a_file_without_a_name_column_is_refused_and_nothing_is_written(tmp_path, db):
    source = tmp_path / "in.csv"
    source.write_text("名称,scope\n北京市篮球协会,推广篮球\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    with pytest.raises(CommandError, match="no column name.*名称, scope"):
        call_command("route", "--in", str(source), "--out", str(out), stdout=StringIO())
    assert not out.exists()


def test_a_file_without_a_scope_column_is_routed_by_name(tmp_path, db):
    source = tmp_path / "in.csv"
    source.write_text("name\n北京市篮球协会\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    call_command("route", "--in", str(source), "--out", str(out), stdout=StringIO())
    assert read_table(out.read_bytes())[0]["hub"] == "sports"


def test_a_gold_file_without_hub_or_with_an_unknown_label_is_refused(tmp_path, db):
    gold = tmp_path / "gold.csv"
    gold.write_text("name,scope\n北京市篮球协会,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="no column hub"):
        call_command("route", "evaluate", "--gold", str(gold), stdout=StringIO())
    gold.write_text("name,hub\n北京市篮球协会,sport\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 2, hub: unknown label 'sport'"):
        call_command("route", "evaluate", "--gold", str(gold), stdout=StringIO())


def test_blank_names_short_rows_and_newlines_do_not_shift_the_answers(router):
    rows = [{"name": "  \u3000 ", "scope": "推广篮球"}, {"name": "北京市\n篮球协会", "scope": None},
            {"name": "北京市律师协会", "scope": "律师行业\r\n自律"}, {"name": "。。。", "scope": ""}]
    out = list(route_rows(router, rows))
    assert out[0]["error"] == "empty name"
    assert [o["hub"] for o in out[1:3]] == ["sports", "lawyers"]
    assert out[3]["error"] == "" and out[3]["decision"] in {"review", "none", "auto"}
