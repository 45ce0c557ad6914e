"""The beijing-2010 scenario, loaded once through `shuniu demo`, against the seed's figures."""
import datetime
import hashlib
import os
from decimal import Decimal
from io import StringIO
from pathlib import Path
from unittest import mock

from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import Count
from django.test import RequestFactory, TestCase

from shuniu.analytics import figures
from shuniu.audit.history import acting_as, system_user
from shuniu.hubs.models import Affiliation, Hub
from shuniu.oversight import rules
from shuniu.oversight.models import AnnualReport, AnnualReportStep, CreditListEntry, Grading
from shuniu.party.models import PartyMeeting, PartyMember, PartyOrganization
from shuniu.registry.models import Organization, SupervisoryUnit
from shuniu.services.figures import reach_report
from shuniu.services.models import Activity, Facility

END_2010 = datetime.date(2010, 12, 31)
DIGEST = Path(__file__).with_name("beijing2010.sha256")


def fingerprint() -> str:
    """A digest of what the scenario drew: the same on every run and every database."""
    open_hub = dict(Affiliation.objects.filter(end__isnull=True).values_list("organization_id", "hub__slug"))
    rows = sorted(
        "|".join(str(v) for v in (name, org_type, level, uscc, division, field, open_hub.get(pk)))
        for pk, name, org_type, level, uscc, division, field in Organization.objects.values_list(
            "pk", "name", "org_type", "level", "uscc", "registering_division__code", "field__slug"))
    rows += sorted(f"report|{org}|{year}|{state}|{filed}|{conclusion}|{concluded}" for org, year, state, filed,
                   conclusion, concluded in AnnualReport.objects.values_list(
                       "organization__name", "year", "state", "filed_on", "conclusion", "concluded_on"))
    rows += sorted(f"list|{org}|{kind}|{cause}|{entered}|{left}" for org, kind, cause, entered, left in
                   CreditListEntry.objects.values_list("organization__name", "list_kind", "cause", "entered_on",
                                                       "left_on"))
    rows += sorted(f"grading|{org}|{state}|{score}|{grade}" for org, state, score, grade in
                   Grading.objects.values_list("organization__name", "state", "score", "grade"))
    rows += reach_rows()
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


def reach_rows() -> list[str]:
    """The service network and party records the scenario drew, by their content rather than their ids."""
    rows = [f"F|{'|'.join(map(str, r))}" for r in Facility.objects.values_list(
        "name", "kind", "hub__slug", "division__code", "latitude", "longitude", "opened", "members_covered")]
    rows += [f"A|{'|'.join(map(str, r))}" for r in Activity.objects.values_list(
        "title", "hub__slug", "organizer__name", "start", "served", "reached")]
    rows += [f"P|{'|'.join(map(str, r))}" for r in PartyOrganization.objects.values_list(
        "name", "kind", "hub__slug", "founded")]
    rows += [f"M|{'|'.join(map(str, r))}" for r in PartyMember.objects.values_list(
        "id_number", "name", "status", "organization__name", "branch__name", "registered_elsewhere")]
    rows += [f"G|{'|'.join(map(str, r))}" for r in PartyMeeting.objects.values_list(
        "party_organization__name", "kind", "date")]
    return sorted(rows)


class OversightDemoChecks:
    """The oversight records the demo adds through the workflows (shuniu/demo/oversight.py)."""

    def test_the_two_recognition_batches_are_workflow_records(self):
        from shuniu.oversight.models import RecognitionApplication

        batches = dict(RecognitionApplication.objects.filter(state="recognised").values_list("batch")
                       .annotate(n=Count("pk")).values_list("batch", "n"))
        self.assertEqual(batches, {1: 10, 2: 12})

    def test_2010_service_projects_went_through_every_step(self):
        from shuniu.oversight.models import ServiceCall, StepLog

        call = ServiceCall.objects.get(year=2010)
        self.assertEqual(call.budget, 66850000)  # facts.md: ¥401.1M over 2010–2015, the yearly average
        states = dict(call.projects.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
        self.assertEqual(sum(states.values()), 40)
        self.assertTrue({"implementing", "evaluated", "closed"} <= set(states), states)
        approved = sum(p.approved_amount or 0 for p in call.projects.all())
        self.assertLessEqual(approved, call.budget)
        closed = call.projects.filter(state="closed").first()
        self.assertEqual([s.to_state for s in StepLog.of(closed)][-2:], ["evaluated", "closed"])

    def test_the_city_hubs_are_scored_for_2010_from_every_source(self):
        from shuniu.oversight.models import EvaluationLine, HubEvaluation

        scores = HubEvaluation.objects.filter(year=2010)
        self.assertEqual(scores.count(), 22)
        self.assertEqual({e.pending for e in scores}, {""})  # party, reach and contacts computed too
        self.assertGreater(max(e.score for e in scores), 0)
        # The inspection pass rate now comes from the 2010 inspections (reports on 2009), not pending.
        rates = [line.value for line in EvaluationLine.objects.filter(source="inspection_pass_rate")
                 if line.value is not None]
        self.assertGreater(len(rates), 10)
        self.assertTrue(all(Decimal("0.5") <= r <= 1 for r in rates), rates)  # small hubs swing more
        self.assertTrue(Decimal("0.8") < sorted(rates)[len(rates) // 2] < Decimal("0.93"), rates)  # ~87% drawn

    def test_no_2010_project_went_to_a_listed_or_not_passed_organisation(self):
        from shuniu.oversight import eligibility
        from shuniu.oversight.models import ServiceProject, StepLog

        for project in ServiceProject.objects.select_related("organization"):
            applied_on = StepLog.of(project).first().on
            for check in (eligibility.last_inspection_passed, eligibility.not_credit_listed):
                self.assertIsNone(check(project.organization, applied_on), project)


class Beijing2010Test(OversightDemoChecks, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.out = StringIO()
        with mock.patch.dict(os.environ, {"SHUNIU_DEMO_PASSWORD": "demo-pass"}):
            call_command("demo", "--scenario", "beijing-2010", stdout=cls.out)
        cls.summary = figures.summary(END_2010)
        cls.reach = reach_report(END_2010)
        cls.reach_by_hub = {row["slug"]: row for row in cls.reach["hubs"]}

    def test_registered_organisations_match_the_seed(self):
        self.assertEqual(self.summary["registered_total"], 7216)
        self.assertEqual(self.summary["by_type"], {"association": 3235, "service_org": 3824, "foundation": 157})

    def test_the_total_with_filed_and_grassroots_is_near_30000(self):
        self.assertTrue(28_000 <= self.summary["total"] <= 30_000, self.summary["total"])
        self.assertEqual(self.summary["total"], self.summary["registered_total"] + self.summary["filed_total"])

    def test_22_city_hubs_in_two_batches_with_district_and_street_hubs_below(self):
        self.assertEqual(self.summary["hubs"]["city"], 22)
        self.assertEqual(self.summary["hubs_by_batch"], {"1": 10, "2": 12})
        self.assertGreater(self.summary["hubs"]["district"], 16)
        self.assertGreater(self.summary["hubs"]["street"], 0)
        parents = set(Hub.objects.filter(level="district").values_list("parent__slug", flat=True))
        self.assertGreaterEqual(len(parents), 3)
        self.assertFalse(Hub.objects.filter(level="street").exclude(parent__level="district").exists())

    def test_densities_are_computed_as_the_seed_does(self):
        self.assertEqual(self.summary["density_per_10k_residents"], 3.7)
        self.assertEqual(self.summary["density_per_10k_registered_residents"], 5.7)

    def test_city_level_hub_coverage_is_near_80_percent(self):
        self.assertTrue(0.77 <= self.summary["city_level_hub_coverage"] <= 0.83, self.summary)

    def test_more_than_130_government_supervisory_units_at_city_level(self):
        in_use = (Organization.objects.filter(level="city", supervisory_unit__isnull=False)
                  .exclude(supervisory_unit__kind=SupervisoryUnit.Kind.HUB)
                  .values("supervisory_unit").distinct().count())
        self.assertGreater(in_use, 130)

    def test_some_organisations_have_neither_supervisor_nor_hub(self):
        self.assertGreater(self.summary["organizations_without_supervisor_or_hub"], 0)

    def test_names_are_unique(self):
        duplicates = Organization.objects.values("name").annotate(n=Count("pk")).filter(n__gt=1)
        self.assertEqual(list(duplicates[:5]), [])

    def test_organisations_of_2010_still_resolve_through_retired_codes(self):
        for old, new in [("110103", "110101"), ("110228", "110118")]:
            org = Organization.objects.filter(registering_division__code=old).first()
            self.assertIsNotNone(org, old)
            self.assertEqual(org.registering_division.resolve().code, new)

    def test_some_codes_as_issued_fail_their_checksum_and_are_flagged(self):
        flagged = Organization.objects.filter(uscc_legacy=True)
        self.assertGreater(flagged.count(), 0)
        self.assertLess(flagged.count(), 100)

    def test_every_record_has_history_naming_the_system_account(self):
        self.assertEqual(Organization.history.filter(history_user__isnull=True).count(), 0)
        self.assertEqual(Organization.history.count(), Organization.objects.count())
        self.assertEqual(Organization.history.first().history_user.username, "system")

    def test_demo_accounts_log_in_with_the_given_password(self):
        request = RequestFactory().post("/login/")
        for username in ["office", "authority", "district-110105", "hub-science", "organization"]:
            self.assertIsNotNone(authenticate(request, username=username, password="demo-pass"), username)

    def test_the_command_prints_the_summary_and_the_password(self):
        printed = self.out.getvalue()
        self.assertIn("登记社会组织 7,216 家", printed)
        self.assertIn("demo-pass", printed)

    def test_running_it_again_loads_nothing_twice(self):
        count = Organization.objects.count()
        call_command("demo", stdout=StringIO())
        self.assertEqual(Organization.objects.count(), count)

    def test_the_trade_union_network_is_the_seeds(self):
        union = self.reach_by_hub["trade-union"]
        self.assertEqual(union["facilities_by_kind"], {"worker_centre": 19, "union_station": 532})
        self.assertTrue(3_900_000 <= union["members_covered"] <= 4_000_000, union["members_covered"])  # 近400万

    def test_the_youth_league_network_is_the_seeds(self):
        youth = self.reach_by_hub["youth-league"]
        self.assertEqual(youth["facilities_by_kind"].get("youth_hub", 0)
                         + youth["facilities_by_kind"].get("rural_youth", 0), 228)
        self.assertEqual(youth["activities"], 585)
        self.assertTrue(78_000 <= youth["people_served"] <= 80_000, youth)  # 近8万
        self.assertGreaterEqual(youth["reached_beyond_served"], 55_000)  # 影响带动55000余人
        # 预计2011年底可实现与8000家青少年社团互联互动: at the end of 2010, somewhat fewer.
        self.assertTrue(7_000 <= youth["organizations_linked"] <= 8_500, youth["organizations_linked"])

    def test_womens_homes_in_every_district(self):
        women = self.reach_by_hub["women"]
        self.assertEqual(women["facilities_by_kind"], {"womens_home": 6590})
        districts = {code[:6] for code in Facility.objects.filter(kind="womens_home")
                     .values_list("division__code", flat=True)}
        self.assertEqual(len(districts), 16)

    def test_party_building_lags_as_the_seed_says(self):
        city = self.reach["city"]["party"]
        self.assertGreater(city["due"], 0)
        self.assertGreater(city["pocket_members"], 0)
        self.assertLess(city["organization_coverage"], 0.5)
        self.assertGreater(city["meetings_last_quarter"], 0)
        self.assertEqual(len(self.reach["districts"]), 16)

    def test_party_work_staff_accounts_exist_for_each_city_hub(self):
        request = RequestFactory().post("/login/")
        user = authenticate(request, username="hub-women-party", password="demo-pass")
        self.assertTrue(user.grants.get().party_work)
        self.assertFalse(authenticate(request, username="hub-women", password="demo-pass").grants.get().party_work)

    def test_the_scenario_is_deterministic(self):
        self.assertEqual(fingerprint(), DIGEST.read_text().strip())

    # -- oversight: computed by the workflows and the rules, not typed in ---------------------------------
    def test_the_2009_and_2010_inspections_have_a_realistic_spread(self):
        for year in (2008, 2009):
            reports = AnnualReport.objects.filter(year=year)
            obliged = rules.obliged_to_report(year).count()
            self.assertTrue(0.93 * obliged <= reports.count() < obliged, (year, reports.count(), obliged))
            concluded = reports.filter(state="concluded")
            shares = {c: concluded.filter(conclusion=c).count() / concluded.count() for c in ("passed", "basic",
                                                                                              "failed")}
            self.assertTrue(0.8 < shares["passed"] < 0.93 and 0.01 < shares["failed"] < 0.06, shares)
        self.assertTrue(AnnualReport.objects.filter(state="pre_reviewed", year=2009).exists())
        self.assertTrue(AnnualReportStep.objects.filter(to_state="returned").exclude(reason="").exists())
        self.assertFalse(AnnualReport.objects.filter(hub__isnull=True, steps__to_state="filed").exists())

    def test_the_rules_listed_the_late_and_took_off_those_who_filed(self):
        late = CreditListEntry.objects.filter(cause="report_not_filed")
        self.assertGreater(late.filter(state="listed").count(), 100)
        self.assertGreater(late.filter(state="left").count(), 100)
        self.assertTrue(CreditListEntry.objects.filter(list_kind="serious", cause="revoked").exists())
        with acting_as(system_user()):
            self.assertFalse(rules.run(END_2010).changed)  # replaying the last day changes nothing

    def test_grades_are_spread_and_listed_organisations_are_refused(self):
        graded = set(Grading.objects.filter(state="graded").values_list("grade", flat=True))
        self.assertTrue({"3A", "4A"} <= graded, graded)
        for refused in Grading.objects.filter(state="refused"):
            self.assertTrue(refused.refusal_reason)

    def test_the_yearly_report_prints_the_seeds_figures(self):
        from django.utils import translation

        from shuniu.analytics.report.build import yearly_report

        with translation.override("zh-hans"):
            report = yearly_report(None, 2010)
        headline = {row[0].strip("　"): row[1].value for row in report.sections[0].rows}
        self.assertEqual((headline["登记社会组织"], headline["社会团体"], headline["基金会"]), (7216, 3235, 157))
        self.assertEqual(headline["民办非企业单位（社会服务机构）"], 3824)
        self.assertEqual(headline["每万常住人口拥有登记社会组织"], 3.7)
        self.assertEqual(headline["每万户籍人口拥有登记社会组织"], 5.7)  # 7,216 / 1,257万 = 5.74; the seed prints 5.6
        self.assertEqual(headline["市级“枢纽型”社会组织（第1批 10家，第2批 12家）"], 22)
        self.assertAlmostEqual(headline["市级登记社会组织纳入枢纽联系的比例"], 0.8, delta=0.05)
        self.assertGreater(headline["其中市级"], 130)
        districts = {row[1]: row for row in report.sections[2].rows}
        self.assertEqual(len(districts), 16)
        self.assertEqual(sum(row[2] for row in districts.values()),
                         sum(d["registered"] for d in figures.districts(END_2010)))
        self._check_reach_section(report)

    def _check_reach_section(self, report):
        """The seed's section 二 (service networks) as the report prints it, table and PDF."""
        import dataclasses
        import io

        from django.utils import translation
        from pypdf import PdfReader

        from shuniu.analytics.report.pdf import write_pdf

        reach = next(s for s in report.sections if s.key == "reach")
        headers = [c.header for c in reach.columns]
        rows = {row[0]: dict(zip(headers, row, strict=True)) for row in reach.rows}
        union, youth, women = rows["市总工会"], rows["团市委"], rows["市妇联"]
        self.assertEqual((union["职工服务(帮扶)中心"], union["工会服务站"]), (19, 532))
        self.assertAlmostEqual(union["覆盖会员"], 4_000_000, delta=100_000)
        self.assertEqual((youth["服务阵地"], youth["活动项数"]), (228, 585))
        self.assertAlmostEqual(youth["服务人次"], 80_000, delta=1_000)
        self.assertEqual(women["妇女之家"], 6590)
        with translation.override("zh-hans"):
            buffer = io.BytesIO()
            write_pdf(dataclasses.replace(report, sections=[reach]), buffer)
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(buffer.getvalue())).pages)
        for figure in ("19", "532", "228", "585", "6,590", "服务阵地与覆盖"):
            self.assertIn(figure, text)
