"""Name search: words of any length find exactly the names that hold them, through an index."""
import pytest
from django.db import connection

from shuniu.registry import filters
from shuniu.registry.filters import search
from shuniu.registry.models import Organization
from shuniu.testing import make_org, make_unit


@pytest.fixture
def names(beijing):
    unit = make_unit()
    for name in ("北京市书法协会", "北京市法律书会", "北京市鑫源文化协会", "北京市百合艺术中心"):
        make_org(name, supervisory_unit=unit)


def found(text: str) -> list[str]:
    return sorted(search(Organization.objects.all(), text).values_list("name", flat=True))


@pytest.mark.parametrize(("text", "expected"), [
    ("书法", ["北京市书法协会"]),  # 北京市法律书会 holds both characters, not the word
    ("鑫", ["北京市鑫源文化协会"]),
    ("书", ["北京市书法协会", "北京市法律书会"]),
    ("艺术中心", ["北京市百合艺术中心"]),
    ("  书法 ", ["北京市书法协会"]),
    ("%", []),
])
def test_a_word_finds_the_names_holding_it(names, text, expected):
    assert found(text) == expected


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's indexes")
@pytest.mark.parametrize(("text", "index"), [
    ("书法", "registry_org_name_chars"), ("鑫", "registry_org_name_chars"), ("艺术中心", "registry_org_name_trgm")])
def test_a_search_can_use_an_index_for_words_of_every_length(names, text, index):
    # If the search's expression drifts from the index's (migrations 0003, 0010), PostgreSQL
    # silently reads every name again; with sequential scans off the plan shows which index serves it.
    assert index in plan_of(text)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's indexes")
def test_a_common_short_word_is_searched_by_name_alone(names, monkeypatch):
    # Past the cap the list walks names in order; the characters would only mislead the planner.
    monkeypatch.setattr(filters, "SEARCH_CAP", 1)
    assert "registry_org_name_chars" not in plan_of("书")  # two names hold it
    assert "registry_org_name_chars" in plan_of("书法")  # one does
    assert found("书") == ["北京市书法协会", "北京市法律书会"]


def plan_of(text: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            return search(Organization.objects.all(), text).order_by().explain()
        finally:
            cursor.execute("RESET enable_seqscan")
