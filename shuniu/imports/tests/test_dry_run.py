"""A dry run (check.py, Python alone) must say exactly what the real import (staging.py, SQL) then does."""
from __future__ import annotations

import dataclasses

import pytest

from shuniu.registry.models import Organization
from shuniu.testing import make_org

from .test_import_organizations import code, run

MIXED = (
    f"{code('MJ000001')},甲协会,社会团体,110105,,,新代表,,直接登记,",  # same code: update
    f"{code('MJ000003')},丁协会,社会团体,110105,,,,,直接登记,京社证7",  # certificate's record has another code: new
    ",乙协会改名,社会团体,110105,,,,,直接登记,京社证9",  # by certificate: update (renamed)
    ",丙协会,社会团体,110105,,,,,直接登记,",  # by name + division
    ",海淀区围棋协会,社会团体,110108,,,,,直接登记,",  # new, likely the registered 北京市海淀区围棋协会
    ",北京朝阳区（老年）书画协会,社会团体,110105,,,,,直接登记,",
    ",朝阳区书画协会,社会团体,110105,,,,,直接登记,",  # likely the row above
)
SCENARIOS = {
    "mixed": MIXED,
    "same code twice": (MIXED[0], f"{code('MJ000001')},另一个,社会团体,110105,,,,,直接登记,"),
    "two rows, one record": (MIXED[0], ",甲协会,社会团体,110105,,,,,直接登记,"),
    "unchanged by name": (",丙协会,社会团体,110105,,,,,直接登记,",),
    "invalid cell": (MIXED[3], ",坏协会,社会团体,110105,,2010-13-45,,,直接登记,"),
}


def _registry():
    make_org("甲协会", code="110105", level="district", uscc=code("MJ000001"))
    make_org("戊协会", code="110105", level="district", uscc=code("MJ000002"), certificate_number="京社证7")
    make_org("乙协会", code="110105", level="district", certificate_number="京社证9")
    make_org("丙协会", code="110105", level="district")
    make_org("北京市海淀区围棋协会", code="110108", level="district")


def _said(report):
    return report.counts(), [dataclasses.astuple(e) for e in report.entries]


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_a_dry_run_reports_what_the_import_then_does(beijing, scenario):
    _registry()
    before = list(Organization.objects.order_by("pk").values())
    dry = run(*SCENARIOS[scenario], dry_run=True)
    assert list(Organization.objects.order_by("pk").values()) == before
    real = run(*SCENARIOS[scenario])
    assert _said(dry) == _said(real)


def test_the_mixed_file_exercises_every_verdict(beijing):
    _registry()
    report = run(*MIXED, dry_run=True)
    assert (report.created, report.updated, report.duplicates) == (4, 3, 2), report.entries
