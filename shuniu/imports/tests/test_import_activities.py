"""Importing activities: the activity form's rules, upsert by hub + organiser + title + start, all or nothing."""
from __future__ import annotations

import codecs
import datetime
import io

import pytest
from openpyxl import Workbook

from shuniu.hubs.services import link
from shuniu.imports.services import run_import
from shuniu.imports.specs import activities
from shuniu.imports.templates_files import template_csv, template_xlsx
from shuniu.registry import uscc as uscc_rules
from shuniu.registry.models import Organization
from shuniu.services.models import Activity, Facility, Participation
from shuniu.testing import make_org

HEADER = "活动名称,所属枢纽,主办组织,阵地,开始日期,结束日期,服务人数,覆盖人数,参与社会组织\n"
GOOD = ("职工法律咨询日,市总工会,,建外街道职工服务站,2010-05-01,2010-05-01,80,300,"
        "北京市劳动争议调解协会、北京市职工维权服务中心")
TALK = "科普讲座,市科协,北京市物理学会,,2010-06-01,,50,,"
D = datetime.date


@pytest.fixture
def world(charter):
    station = Facility.objects.create(name="建外街道职工服务站", kind="union_station", hub=charter["trade-union"],
                                      division_id=charter["trade-union"].division_id, opened=D(2009, 1, 1))
    mediators, rights = make_org("北京市劳动争议调解协会"), make_org("北京市职工维权服务中心")
    physics = make_org("北京市物理学会")
    for org, hub in ((mediators, "trade-union"), (rights, "trade-union"), (physics, "science")):
        link(org, charter[hub], kind="liaison", start=D(2009, 1, 1), source="manual")
    return {"station": station, "mediators": mediators, "rights": rights, "physics": physics, **charter}


def csv_file(*lines: str, header: str = HEADER, encoding: str = "utf-8", bom: bool = False) -> io.BytesIO:
    data = (header + "".join(line + "\n" for line in lines)).encode(encoding)
    return io.BytesIO((codecs.BOM_UTF8 if bom else b"") + data)


def run(*lines: str, dry_run: bool = False, user=None, **kwargs):
    return run_import("activities", csv_file(*lines, **kwargs), dry_run=dry_run, user=user)


def first_error(report):
    return next(e for e in report.entries if e.severity == "error")


def test_a_valid_file_creates_activities_with_the_organisations_taking_part(world, actor):
    report = run(GOOD, TALK)
    assert (report.created, report.invalid) == (2, 0), report.entries
    day = Activity.objects.get(title="职工法律咨询日")
    assert (day.hub, day.organizer, day.facility, day.served, day.reached) == (
        world["trade-union"], None, world["station"], 80, 300)
    assert set(day.organizations.all()) == {world["mediators"], world["rights"]}
    talk = Activity.objects.get(title="科普讲座")
    assert (talk.organizer, talk.reached) == (world["physics"], 50)  # an empty 覆盖人数: as many as served
    assert (day.history.get().history_user, Participation.history.count()) == (actor, 2)


@pytest.mark.parametrize("line,column,value,reason", [
    (GOOD.replace(",80,300,", ",301,300,"), "服务人数", "301", "cannot be more than people reached"),
    (GOOD.replace(",80,300,", ",-3,300,"), "服务人数", "-3", "cannot be negative"),
    (GOOD.replace("2010-05-01,2010-05-01", "2999-05-01,"), "开始日期", "2999-05-01", "out of range"),
    (GOOD.replace("2010-05-01,2010-05-01", "2010-05-01,2010-04-01"), "结束日期", "2010-04-01", "before the start"),
    (GOOD.replace("建外街道职工服务站", "不存在的阵地"), "阵地", "不存在的阵地", "No facility named"),
    (GOOD.replace("市总工会", "市科协"), "阵地", "建外街道职工服务站", "is not a facility of 市科协"),
    (GOOD.replace("北京市职工维权服务中心", "不存在的协会"), "参与社会组织", "不存在的协会", "No organisation named"),
    (TALK.replace("北京市物理学会", "北京市化学会"), "主办组织", "北京市化学会", "No organisation named"),
    (GOOD.replace("市总工会", "火星枢纽"), "所属枢纽", "火星枢纽", "no hub of this name"),
    (GOOD.replace(",80,", ",八十,"), "服务人数", "八十", "not a whole number"),
])
def test_each_kind_of_bad_row_is_refused_naming_row_column_value_and_reason(world, line, column, value, reason):
    report = run(TALK, line)
    error = first_error(report)
    assert (report.invalid, error.row, error.column, error.value) == (1, 3, column, value), report.entries
    assert reason in error.reason
    assert not Activity.objects.exists()


def test_a_stored_activity_is_unchanged_or_updated_and_its_organisations_replaced(world):
    run(GOOD)
    assert run(GOOD).unchanged == 1
    report = run(GOOD.replace(",300,", ",400,").replace("、北京市职工维权服务中心", ""))
    assert (report.updated, report.created) == (1, 0), report.entries
    day = Activity.objects.get()
    assert (day.reached, day.version, list(day.organizations.all())) == (400, 2, [world["mediators"]])
    assert Participation.history.filter(history_type="-").count() == 1


def test_the_hubs_own_organisation_as_organiser_means_the_hub_organised_it(world):
    hub_org = world["trade-union"].organization.name
    run(GOOD)
    assert run(GOOD.replace("市总工会,,", f"市总工会,{hub_org},")).unchanged == 1


def test_two_rows_with_one_key_are_refused_and_similar_titles_reported(world):
    refused = run(GOOD, GOOD.replace(",80,", ",90,"))
    assert (refused.invalid, first_error(refused).column) == (1, activities.KEY_LABEL)
    report = run(GOOD, GOOD.replace("职工法律咨询日", "北京市职工法律咨询日（第一场）"))
    assert (report.created, report.duplicates) == (2, 1), report.entries
    again = run(GOOD.replace("职工法律咨询日", "职工 法律咨询日"))
    assert again.duplicates == 2 and again.created == 1


def test_a_dry_run_counts_what_the_real_run_does_and_writes_nothing(world):
    run(GOOD)
    lines = (GOOD.replace(",300,", ",350,"), TALK)
    dry = run(*lines, dry_run=True)
    assert (Activity.objects.count(), Activity.objects.get().reached) == (1, 300)
    real = run(*lines)
    assert dry.counts() == real.counts() and (real.created, real.updated) == (1, 1)


def test_gb18030_csv_and_xlsx_import(world):
    assert run(GOOD, encoding="gb18030").created == 1
    book = Workbook()
    book.active.append(["title", "hub", "organizer", "start", "served", "reached"])
    book.active.append(["科普讲座", "science", "北京市物理学会", datetime.datetime(2010, 6, 1), 50, 120])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    report = run_import("activities", out)
    assert report.created == 1, report.entries
    assert Activity.objects.get(title="科普讲座").reached == 120


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_example_row_imports_after_the_facility_template(charter, fmt):
    for kind in ("facilities", "activities"):
        data = template_csv(kind) if fmt == "csv" else template_xlsx(kind)
        report = run_import(kind, io.BytesIO(data))
        assert (report.created, report.invalid, report.warnings) == (1, 0, 0), report.entries


def test_a_hub_imports_only_its_own_networks_activities(world, django_user_model):
    from shuniu.accounts.models import Grant, Role

    staff = django_user_model.objects.create_user("hub-trade-union")
    Grant.objects.create(user=staff, role=Role.HUB, hub=world["trade-union"])
    report = run(GOOD, TALK, user=staff)
    assert (report.invalid, first_error(report).column, first_error(report).value) == (1, "所属枢纽", "市科协")
    assert not Activity.objects.exists()
    assert run(GOOD, user=staff).created == 1


def test_likely_duplicates_name_only_activities_the_hub_sees(world, django_user_model):
    from shuniu.accounts.models import Grant, Role

    staff = django_user_model.objects.create_user("hub-trade-union")
    Grant.objects.create(user=staff, role=Role.HUB, hub=world["trade-union"])
    run(TALK, GOOD)  # 科普讲座 in 市科协's network, 职工法律咨询日 in the union's
    report = run("科普 讲座,市总工会,,,2010-06-01,,5,,", "职工 法律咨询日,市总工会,,,2010-05-01,,5,,", user=staff)
    named = [e.value for e in report.entries if e.severity == "duplicate"]
    assert (report.created, named) == (2, ["职工 法律咨询日 2010-05-01"]), report.entries


def test_the_command_imports_activities(world, tmp_path, settings):
    from django.core.management import call_command

    settings.MEDIA_ROOT = tmp_path
    path = tmp_path / "activities.csv"
    path.write_text(HEADER + GOOD + "\n" + TALK + "\n", encoding="utf-8-sig")
    assert "created=2" in call_command("import", "activities", str(path), "--dry-run")
    assert not Activity.objects.exists()
    assert "created=2" in call_command("import", "activities", str(path))
    assert "unchanged=2" in call_command("import", "activities", str(path))


# -- an organisation's own account ----------------------------------------------------------------
OWN = "活动名称,所属枢纽,开始日期,服务人数,覆盖人数\n"


@pytest.fixture
def physics_account(world, django_user_model):
    """The account of 北京市物理学会, which is linked to 市科协 only."""
    from shuniu.accounts.models import Grant, Role

    user = django_user_model.objects.create_user("org-physics")
    Grant.objects.create(user=user, role=Role.ORGANIZATION, organization=world["physics"])
    return user


def run_as(user, *lines, header=OWN, dry_run=False):
    from shuniu.audit.history import acting_as

    with acting_as(user, "test import"):
        return run(*lines, header=header, user=user, dry_run=dry_run)


def test_an_organisations_account_imports_its_own_activities_without_an_organiser_column(world, physics_account):
    report = run_as(physics_account, "科普讲座,市科协,2010-06-01,50,120")
    assert (report.created, report.invalid) == (1, 0), report.entries
    talk = Activity.objects.get()
    assert (talk.hub, talk.organizer, talk.served, talk.reached) == (world["science"], world["physics"], 50, 120)
    assert talk.history.get().history_user == physics_account
    # Named by name or by credit code, the organiser is the same one: the row matches the stored activity.
    by_name = run_as(physics_account, TALK.replace(",,50,,", ",,50,120,"), header=HEADER)
    assert (by_name.unchanged, by_name.invalid) == (1, 0), by_name.entries
    code = uscc_rules.build("5", "1", "110000", "MJ000001")
    Organization.objects.filter(pk=world["physics"].pk).update(uscc=code)
    by_code = run_as(physics_account, f"科普讲座,市科协,{code},2010-06-01,60",
                     header="活动名称,所属枢纽,主办组织,开始日期,服务人数\n")
    assert (by_code.updated, Activity.objects.get().served) == (1, 60), by_code.entries


def test_an_organisation_may_not_import_for_another_organisation_or_outside_its_hubs(world, physics_account):
    science = Facility.objects.create(name="中关村科普阵地", kind="youth_center", hub=world["science"],
                                      division_id=world["science"].division_id, opened=D(2009, 1, 1))
    own = "科普讲座,市科协,,中关村科普阵地,2010-06-01,,50,,"
    report = run_as(physics_account, own,
                    own.replace(",,中关村", ",北京市劳动争议调解协会,中关村"),  # another organisation it knows of
                    own.replace(",,中关村", ",北京市化学会,中关村"),  # one that does not exist: the same answer
                    own.replace("市科协", "市总工会"),  # a hub it is not linked to
                    own.replace("中关村科普阵地", "建外街道职工服务站"),  # another hub's facility
                    own + "北京市职工维权服务中心",  # another organisation taking part
                    header=HEADER)
    errors = [(e.row, e.column, e.value) for e in report.entries if e.severity == "error"]
    assert sorted(errors) == [(3, "主办组织", "北京市劳动争议调解协会"), (4, "主办组织", "北京市化学会"),
                              (5, "所属枢纽", "市总工会"), (6, "阵地", "建外街道职工服务站"),
                              (7, "参与社会组织", "北京市职工维权服务中心")], report.entries
    reasons = {e.row: e.reason for e in report.entries}
    assert "only the activities it organised" in reasons[3] and reasons[3] == reasons[4]
    assert "not a hub your organisation is linked to" in reasons[5]
    assert "No facility named" in reasons[6] and "No organisation named" in reasons[7]
    assert (report.invalid, report.created) == (5, 0)
    assert not Activity.objects.exists() and science.activities.count() == 0


def test_the_refusal_speaks_chinese_like_the_other_reasons(world, physics_account):
    from django.utils import translation

    with translation.override("zh-hans"):
        report = run_as(physics_account, TALK.replace("北京市物理学会", "北京市劳动争议调解协会"), header=HEADER)
    entry = first_error(report)
    assert (entry.row, entry.column, entry.value, entry.reason) == (
        2, "主办组织", "北京市劳动争议调解协会", "不是本组织：社会组织账号只能导入本组织主办的活动")
    assert not Activity.objects.exists()


def test_an_account_of_several_organisations_names_the_organiser_in_every_row(world, physics_account):
    from shuniu.accounts.models import Grant, Role

    chemistry = make_org("北京市化学会")
    link(chemistry, world["science"], kind="liaison", start=D(2009, 1, 1), source="manual")
    Grant.objects.create(user=physics_account, role=Role.ORGANIZATION, organization=chemistry)
    report = run_as(physics_account, "科普讲座,市科协,2010-06-01,50,120")
    assert (first_error(report).column, first_error(report).value) == ("主办组织", "")
    assert "several organisations" in first_error(report).reason
    physics_account._shuniu_scope = None  # noqa: SLF001 - the scope is cached per user object
    report = run_as(physics_account, TALK.replace("北京市物理学会", "北京市化学会"), header=HEADER)
    assert (report.created, Activity.objects.get().organizer) == (1, chemistry), report.entries


def test_likely_duplicates_name_only_activities_the_organisation_sees(world, physics_account):
    run("化学讲座,市科协,,,2010-06-01,,10,,", "科普讲座,市科协,北京市物理学会,,2010-06-01,,10,,")  # by the office
    report = run_as(physics_account, "化学 讲座,市科协,2010-06-01,5,5", "科普 讲座,市科协,2010-06-01,5,5")
    assert report.created == 2, report.entries
    named = [e.value for e in report.entries if e.severity == "duplicate"]
    assert named == ["科普 讲座 2010-06-01"], report.entries  # the hub's own 化学讲座 is not the account's to see
