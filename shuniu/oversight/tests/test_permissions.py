"""Oversight pages and API through the permission matrix: every role, the outsider, and the public."""
import datetime

from shuniu.audit.history import acting_as
from shuniu.oversight.models import AnnualReport, CreditListEntry, Grading
from shuniu.oversight.services import annual
from shuniu.tests.test_permissions import MatrixWorld

D = datetime.date
ROLES = ["office", "district", "hub", "authority", "organization", "outsider"]
# Reports exist for A (supervised by science), B (linked to science-110105) and C (arts): who sees which.
REPORTS_VISIBLE = {"office": {"A", "B", "C"}, "district": {"B"}, "hub": {"A", "B"}, "authority": {"A", "B", "C"},
                   "organization": {"A"}, "outsider": set()}
COVERED_URLS = {"inbox", "annual-reports", "annual-report", "annual-report-file", "credit-entries", "credit-entry",
                "credit-entry-new", "public-credit-lists", "gradings", "grading", "grading-apply", "api-inbox",
                "annualreport-list", "annualreport-detail", "annualreport-step", "creditlistentry-list",
                "creditlistentry-detail", "grading-list", "grading-detail"}
PARTS = {"work_report": "工作报告", "income": 1, "expenditure": 1, "party_building": "党建"}


class OversightMatrixTest(MatrixWorld):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with acting_as(cls.users["office"], "oversight fixture"):
            cls.reports = {}
            for key in "ABC":
                report = AnnualReport(organization=cls.orgs[key], year=2009, state="draft", **PARTS)
                report.save()
                cls.reports[key] = report
            annual.file(cls.reports["A"], cls.users["organization"], on=D(2010, 4, 1))
            c = cls.reports["C"]
            c.state, c.conclusion, c.concluded_on, c.filed_on = "concluded", "failed", D(2010, 6, 1), D(2010, 4, 1)
            c.save()
            cls.entries = {key: CreditListEntry.objects.create(
                organization=cls.orgs[key], list_kind="abnormal", cause="unreachable", entered_on=D(2010, 7, 1),
                reason_in=f"无法联系{key}") for key in "ACD"}
            cls.gradings = {"A": Grading.objects.create(organization=cls.orgs["A"], state="graded", applied_on=D(
                2010, 1, 1), score=930, grade="4A", decided_on=D(2010, 3, 1), valid_until=D(2015, 2, 28)),
                "C": Grading.objects.create(organization=cls.orgs["C"], applied_on=D(2010, 9, 1))}

    def test_report_pages_follow_the_scope(self):
        for role in ROLES:
            self.as_role(role)
            page = self.client.get("/oversight/reports/").content.decode()
            for key, report in self.reports.items():
                with self.subTest(role=role, report=key):
                    visible = key in REPORTS_VISIBLE[role]
                    self.assertEqual(self.client.get(f"/oversight/reports/{report.pk}/").status_code,
                                     200 if visible else 404)
                    self.assertEqual(self.orgs[key].name in page, visible)

    def test_steps_out_of_scope_are_refused_and_change_nothing(self):
        report = self.reports["A"]
        for role in ["district", "outsider", "authority"]:
            self.as_role(role)
            with self.subTest(role=role):
                response = self.client.post(f"/oversight/reports/{report.pk}/",
                                            {"action": "accept", "version": report.version})
                if role == "authority":  # may reach it, but pre-review is the hub's step: shown, not taken
                    self.assertEqual(response.status_code, 200)
                    self.assertIn('<li class="error">', response.content.decode())
                else:
                    self.assertIn(response.status_code, (403, 404))
        self.assertEqual(AnnualReport.objects.get(pk=report.pk).state, "filed")
        self.as_role("hub")
        response = self.client.post(f"/oversight/reports/{report.pk}/", {"action": "accept", "version": 2})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(AnnualReport.objects.get(pk=report.pk).state, "pre_reviewed")

    def test_only_the_organisation_files_its_own_report(self):
        url = f"/oversight/reports/file/{self.orgs['B'].pk}/2010/"
        for role in ROLES:
            self.as_role(role)
            with self.subTest(role=role):
                self.assertIn(self.client.get(url).status_code, (403, 404))
        self.as_role("organization")
        response = self.client.post(f"/oversight/reports/file/{self.orgs['A'].pk}/2010/", {**PARTS, "file": "1"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(AnnualReport.objects.get(organization=self.orgs["A"], year=2010).state, "filed")

    def test_credit_and_grading_pages_follow_the_scope(self):
        visible = {"office": set("ACD"), "district": {"D"}, "hub": {"A"}, "authority": set("ACD"),
                   "organization": {"A"}, "outsider": set()}
        for role in ROLES:
            self.as_role(role)
            for key, entry in self.entries.items():
                with self.subTest(role=role, entry=key):
                    self.assertEqual(self.client.get(f"/oversight/credit/{entry.pk}/").status_code,
                                     200 if key in visible[role] else 404)
            for key, grading in self.gradings.items():
                with self.subTest(role=role, grading=key):
                    self.assertEqual(self.client.get(f"/oversight/gradings/{grading.pk}/").status_code,
                                     200 if key in REPORTS_VISIBLE[role] else 404)
            with self.subTest(role=role, page="lists"):
                self.assertEqual(self.client.get("/oversight/credit/").status_code, 200)
                self.assertEqual(self.client.get("/oversight/gradings/").status_code, 200)
                expected = 200 if role == "authority" else 403
                self.assertEqual(self.client.get(f"/oversight/credit/new/{self.orgs['C'].pk}/").status_code,
                                 expected)
                expected = 200 if role in ("authority", "organization") else 403
                self.assertEqual(self.client.get(f"/oversight/gradings/apply/{self.orgs['A'].pk}/").status_code,
                                 expected)

    def test_only_the_authority_removes_a_list_entry(self):
        entry = self.entries["A"]
        for role in ["hub", "organization", "district"]:
            self.as_role(role)
            response = self.client.post(f"/oversight/credit/{entry.pk}/",
                                        {"left_on": "2010-08-01", "reason": "x", "version": 1})
            self.assertIn(response.status_code, (403, 404), role)
        self.assertEqual(CreditListEntry.objects.get(pk=entry.pk).state, "listed")
        self.as_role("authority")
        response = self.client.post(f"/oversight/credit/{entry.pk}/",
                                    {"left_on": "2010-08-01", "reason": "已恢复联系", "version": 1})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(CreditListEntry.objects.get(pk=entry.pk).left_on, D(2010, 8, 1))

    def test_the_inbox_is_for_signed_in_users(self):
        for role in ROLES:
            self.as_role(role)
            with self.subTest(role=role):
                self.assertEqual(self.client.get("/inbox/?on=2010-04-05").status_code, 200)
                self.assertEqual(self.api(role, "get", "/api/inbox/?on=2010-04-05").status_code, 200)
        self.as_role("anonymous")
        self.assertEqual(self.client.get("/inbox/").status_code, 302)
        self.assertIn(self.api("anonymous", "get", "/api/inbox/").status_code, (401, 403))

    def test_the_api_lists_and_reads_only_the_scope(self):
        for role in ROLES:
            missing = 403 if role == "outsider" else 404
            with self.subTest(role=role):
                listed = self.listed(role, "/api/annual-reports/", "id")
                self.assertEqual({k for k, r in self.reports.items() if r.pk in listed}, REPORTS_VISIBLE[role])
                for key, report in self.reports.items():
                    expected = 200 if key in REPORTS_VISIBLE[role] else missing
                    self.assertEqual(self.api(role, "get", f"/api/annual-reports/{report.pk}/").status_code,
                                     expected)
                entries = self.listed(role, "/api/credit-entries/", "id")
                self.assertTrue(entries <= {e.pk for e in self.entries.values()})
                for grading in self.gradings.values():
                    self.assertIn(self.api(role, "get", f"/api/gradings/{grading.pk}/").status_code,
                                  (200, missing))
                self.assertIn(self.api(role, "get", f"/api/credit-entries/{self.entries['A'].pk}/").status_code,
                              (200, missing))

    def test_api_steps_need_the_right_role_and_scope(self):
        url = f"/api/annual-reports/{self.reports['A'].pk}/step/"
        for role in ["district", "outsider", "organization"]:
            with self.subTest(role=role):
                self.assertIn(self.api(role, "post", url, {"action": "accept"}).status_code, (400, 403))
        response = self.api("authority", "post", url, {"action": "accept"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("detail", response.json())
        self.assertEqual(AnnualReport.objects.get(pk=self.reports["A"].pk).state, "filed")
        response = self.api("hub", "post", url, {"action": "accept"})
        self.assertEqual(response.status_code, 200, response.content[:300])
        self.assertEqual(response.json()["state"], "pre_reviewed")
        self.assertEqual(self.api("hub", "patch", f"/api/annual-reports/{self.reports['A'].pk}/",
                                  {"state": "concluded"}).status_code, 405)

    def test_the_public_sees_conclusions_entries_and_grades_of_registered_organisations_only(self):
        self.as_role("anonymous")
        page = self.client.get(f"/public/organizations/{self.orgs['C'].pk}/").content.decode()
        self.assertIn("无法联系C", page)
        self.assertIn("2009", page)
        page_a = self.client.get(f"/public/organizations/{self.orgs['A'].pk}/").content.decode()
        self.assertIn("4A", page_a)
        self.assertNotIn("工作报告", page_a)  # the report itself is not disclosed, nor an unconcluded one
        listed = self.client.get("/public/credit-lists/").content.decode()
        self.assertIn(self.orgs["A"].name, listed)
        self.assertNotIn(self.orgs["D"].name, listed)  # a filed community group is not disclosed
        self.assertEqual(self.client.get(f"/oversight/credit/{self.entries['A'].pk}/").status_code, 302)
