"""Importing links to hubs: links start, are never overwritten, and a supervising hub becomes the unit."""
from __future__ import annotations

import io

from shuniu.hubs.models import Affiliation
from shuniu.hubs.services import link
from shuniu.imports.services import run_import
from shuniu.testing import make_org

HEADER = "统一社会信用代码,社会组织名称,枢纽型社会组织,联系方式,开始日期\n"


def run(*lines: str, dry_run=False):
    return run_import("affiliations", io.BytesIO((HEADER + "\n".join(lines)).encode()), dry_run=dry_run)


def test_links_start_with_history_and_supervision_sets_the_unit(charter):
    physics = make_org("北京市物理学会")
    dance = make_org("北京市舞蹈协会")
    report = run(",北京市物理学会,science,业务主管,2010-06-30", ",北京市舞蹈协会,arts,联系,2011-01-01")
    assert (report.created, report.invalid) == (2, 0), report.entries
    physics.refresh_from_db()
    assert physics.supervisory_unit == charter["science"].supervisory_unit
    link_row = Affiliation.objects.get(organization=dance)
    assert (link_row.source, link_row.history.get().history_type) == ("imported", "+")


def test_an_existing_link_is_unchanged_and_another_hub_is_refused(charter):
    org = make_org("北京市物理学会")
    other = make_org("北京市化学会")
    import datetime

    link(org, charter["science"], kind="liaison", start=datetime.date(2010, 1, 1), source="manual")
    link(other, charter["science"], kind="liaison", start=datetime.date(2010, 1, 1), source="manual")
    same = run(",北京市物理学会,science,联系,2010-01-01")
    assert (same.unchanged, same.created) == (1, 0)
    moved = run(",北京市化学会,arts,联系,2012-01-01")
    assert moved.invalid == 1 and "transfer" in moved.entries[0].reason
    assert Affiliation.objects.count() == 2


def test_an_unknown_organisation_or_hub_writes_nothing(charter):
    make_org("北京市物理学会")
    report = run(",北京市物理学会,science,联系,2010-01-01", ",不存在的协会,science,联系,2010-01-01",
                 ",北京市物理学会,no-such-hub,联系,2010-01-01")
    assert report.invalid == 2 and Affiliation.objects.count() == 0
