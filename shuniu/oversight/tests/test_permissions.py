"""Oversight pages and API through the permission matrix: every role, the outsider, and the public.
Annual reports, credit lists and grading (OversightMatrixTest); recognition, evaluation, service projects,
transfers (OversightPermissionTest)."""
import datetime
from decimal import Decimal

from shuniu.audit.history import acting_as
from shuniu.hubs.models import Hub
from shuniu.oversight.models import AnnualReport, CreditListEntry, Grading, Indicator, ServiceCall, TransferRequest
from shuniu.oversight.services import annual, projects, recognition, transfers
from shuniu.oversight.services.evaluation import evaluate_year
from shuniu.registry.models import Field
from shuniu.testing import division, make_unit
from shuniu.tests.test_permissions import MatrixWorld

D = datetime.date
ROLES = ["office", "district", "hub", "authority", "organization", "outsider"]
# Reports exist for A (supervised by science), B (linked to science-110105) and C (arts): who sees which.
REPORTS_VISIBLE = {"office": {"A", "B", "C"}, "district": {"B"}, "hub": {"A", "B"}, "authority": {"A", "B", "C"},
                   "organization": {"A"}, "outsider": set()}
# One set for both parts of the app: the meta-test in shuniu/tests/test_permissions.py unions it.
COVERED_URLS = {
    "inbox", "annual-reports", "annual-report", "annual-report-file", "credit-entries", "credit-entry",
    "credit-entry-new", "public-credit-lists", "gradings", "grading", "grading-apply", "api-inbox",
    "annualreport-list", "annualreport-detail", "annualreport-step", "creditlistentry-list",
    "creditlistentry-detail", "grading-list", "grading-detail", "recognition-applications", "recognition-apply",
    "recognition-batch", "recognition-application", "recognition-step", "recognition-revoke", "evaluation",
    "evaluation-indicators", "evaluation-indicator", "evaluation-ranking", "evaluation-hub", "service-projects",
    "service-project-apply", "service-project", "service-project-step", "project-report", "service-calls",
    "transfers", "transfer-new", "transfer", "transfer-step", "unit-change-new", "unit-change", "unit-change-step",
    "recognitionapplication-list", "recognitionapplication-detail", "recognitionapplication-step",
    "serviceproject-list", "serviceproject-detail", "serviceproject-step", "servicecall-list", "servicecall-detail",
    "transferrequest-list", "transferrequest-detail", "transferrequest-step", "supervisoryunitchange-list",
    "supervisoryunitchange-detail", "supervisoryunitchange-step", "indicator-list", "indicator-detail",
    "hubevaluation-list", "hubevaluation-detail",
    "evaluationjob-list", "evaluationjob-detail",  # tried in test_evaluation_jobs.py
}
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


SIGNED_IN = [r for r in ROLES if r != "outsider"]
# Who sees each record (organisation A applies and runs a project with the science hub; C moves from arts).
SEES_APPLICATION = {"office", "hub", "authority", "organization"}
SEES_PROJECT = {"office", "hub", "authority", "organization"}
SEES_TRANSFER = {"office", "hub", "authority"}
SEES_CHANGE = {"office", "hub", "authority", "organization"}  # the hub links A
SEES_EVALUATIONS = {"office": {"science", "arts", "science-110105"}, "hub": {"science", "science-110105"},
                    "district": {"science-110105"}}


class OversightPermissionTest(MatrixWorld):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        office, a, c = cls.users["office"], cls.orgs["A"], cls.orgs["C"]
        science, arts = Hub.objects.get(slug="science"), Hub.objects.get(slug="arts")
        with acting_as(office, "oversight matrix"):
            cls.application = recognition.apply(
                cls.users["organization"], organization=a, kind="new_hub", fields=[Field.objects.get(slug="arts")],
                statement="-", level="city", division=division("110000"), recognised_by=division("110000"),
                short_name="物理学会", slug="physics", on=D(2011, 1, 5))
            call = ServiceCall.objects.create(year=2010, title="专项资金", budget=Decimal(10**6), opens=D(2010, 1, 1),
                                              deadline=D(2010, 12, 31))
            cls.project = projects.apply(
                office, call=call, organization=a, responsible_hub=science, on=D(2010, 3, 1), title="科普", summary="-",
                category="welfare", requested_amount=Decimal(1000), planned_beneficiaries=10, starts=D(2010, 6, 1),
                ends=D(2010, 9, 30))
            cls.transfer = transfers.request(office, organization=c, to_hub=science, effective_on=D(2010, 9, 1),
                                             reason="领域调整")
            cls.change = transfers.request_unit_change(cls.users["organization"], organization=a,
                                                       to_unit=make_unit("市教委"), effective_on=D(2010, 9, 1),
                                                       reason="-")
            cls.indicator = Indicator.objects.create(name="联系数", source="organizations_linked",
                                                     weight=Decimal(10), target=Decimal(5))
            evaluate_year(2010, on=D(2011, 1, 10), hubs=[science, arts, cls.sub_hub])
        cls.recognition = arts.recognitions.get()

    def _expect(self, role, url, seen, expected_ok=200):
        self.as_role(role)
        status = self.client.get(url).status_code
        self.assertEqual(status, expected_ok if role in seen else 404, (role, url))

    def test_records_are_seen_only_in_scope(self):
        for role in ROLES:
            with self.subTest(role=role):
                self._expect(role, f"/oversight/recognition/{self.application.pk}/", SEES_APPLICATION)
                self._expect(role, f"/oversight/projects/{self.project.pk}/", SEES_PROJECT)
                self._expect(role, f"/oversight/transfers/{self.transfer.pk}/", SEES_TRANSFER)
                self._expect(role, f"/oversight/unit-changes/{self.change.pk}/", SEES_CHANGE)
                self._expect(role, "/oversight/evaluation/2010/science-110105/",
                             {r for r, slugs in SEES_EVALUATIONS.items() if "science-110105" in slugs})

    def test_lists_show_only_the_scope(self):
        pages = {"/oversight/recognition/": ("甲 北京市物理学会", SEES_APPLICATION),
                 "/oversight/projects/": ("科普", SEES_PROJECT),
                 "/oversight/transfers/": ("丙 北京市东城区书法协会", SEES_TRANSFER)}
        for role in ROLES:
            self.as_role(role)
            for url, (marker, seen) in pages.items():
                with self.subTest(role=role, url=url):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
                    self.assertEqual(marker in response.content.decode(), role in seen)

    def test_the_public_is_sent_to_the_login(self):
        self.as_role("anonymous")
        for url in ["/oversight/recognition/", "/oversight/projects/", "/oversight/transfers/",
                    "/oversight/evaluation/2010/", "/oversight/calls/", "/oversight/evaluation/indicators/"]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 302)

    def test_a_step_is_taken_only_by_its_actor(self):
        url = f"/oversight/projects/{self.project.pk}/step/"
        form = {"step": "consent", "consent-x-on": "2010-03-05"}
        for role in SIGNED_IN:
            if role == "hub":
                continue
            self.as_role(role)
            with self.subTest(role=role):
                self.assertEqual(self.client.post(url, form).status_code, 403 if role in SEES_PROJECT else 404)
        self.project.refresh_from_db()
        self.assertEqual(self.project.state, "applied")
        self.as_role("hub")
        self.assertEqual(self.client.post(url, form).status_code, 302)
        self.project.refresh_from_db()
        self.assertEqual(self.project.state, "consented")

    def test_a_step_out_of_order_is_refused_with_a_message_and_changes_nothing(self):
        self.as_role("office")
        response = self.client.post(f"/oversight/projects/{self.project.pk}/step/",
                                    {"step": "close", "close-x-on": "2010-03-05"})
        self.assertEqual(response.status_code, 409)
        self.assertIn("当前可办理", response.content.decode())  # the refusal, in the UI's language
        self.project.refresh_from_db()
        self.assertEqual(self.project.state, "applied")

    def test_the_batch_step_is_not_taken_from_the_record_page(self):
        with acting_as(self.users["office"]):
            recognition.step(self.application, "review", self.users["office"])
            recognition.step(self.application, "approve", self.users["office"])
        self.as_role("office")
        response = self.client.post(f"/oversight/recognition/{self.application.pk}/step/",
                                    {"step": "recognise", "recognise-x-on": "2011-03-01"})
        self.assertEqual(response.status_code, 400)
        self.application.refresh_from_db()
        self.assertEqual(self.application.state, "approved")
        batch = {"applications": [self.application.pk], "batch": 3, "on": "2011-03-01", "document_number": ""}
        self.assertEqual(self.client.post("/oversight/recognition/batch/", batch).status_code, 400)
        batch["document_number"] = "京社领发〔2011〕3号"
        self.assertEqual(self.client.post("/oversight/recognition/batch/", batch).status_code, 302)
        self.assertEqual(list(Hub.objects.get(slug="physics").fields.values_list("slug", flat=True)), ["arts"])

    def test_office_only_pages(self):
        urls = ["/oversight/recognition/batch/", f"/oversight/recognitions/{self.recognition.pk}/revoke/",
                f"/oversight/evaluation/indicators/{self.indicator.pk}/"]
        for role in SIGNED_IN:
            self.as_role(role)
            for url in urls:
                with self.subTest(role=role, url=url):
                    self.assertEqual(self.client.get(url).status_code, 200 if role == "office" else 403)
            with self.subTest(role=role, url="recompute"):
                expected = 302 if role == "office" else 403
                self.assertEqual(self.client.post("/oversight/evaluation/2010/").status_code, expected)

    def test_every_role_reaches_its_pages(self):
        for role in SIGNED_IN:
            self.as_role(role)
            for url in ["/oversight/evaluation/", "/oversight/evaluation/indicators/", "/oversight/calls/",
                        "/oversight/evaluation/2010/"]:
                with self.subTest(role=role, url=url):
                    self.assertIn(self.client.get(url).status_code, (200, 302))
        for url, allowed in [("/oversight/recognition/new/", SIGNED_IN),
                             ("/oversight/projects/new/", ["office", "organization"]),
                             ("/oversight/transfers/new/", ["office", "hub"]),
                             ("/oversight/unit-changes/new/", ["office", "organization"])]:
            for role in SIGNED_IN:
                self.as_role(role)
                with self.subTest(role=role, url=url):
                    self.assertEqual(self.client.get(url).status_code, 200 if role in allowed else 403)

    def test_the_ranking_shows_each_role_its_hubs(self):
        for role in SIGNED_IN:
            self.as_role(role)
            page = self.client.get("/oversight/evaluation/2010/").content.decode()
            for slug in ["science", "arts", "science-110105"]:
                with self.subTest(role=role, hub=slug):
                    self.assertEqual(f"/oversight/evaluation/2010/{slug}/" in page,
                                     slug in SEES_EVALUATIONS.get(role, set()))

    def test_a_hub_sees_its_rank_among_all_hubs(self):
        self.as_role("district")
        page = self.client.get("/oversight/evaluation/2010/").content.decode()
        self.assertIn("参加考核的 3 个枢纽中排名", page)  # ranked among all 3 hubs, though it sees one
        self.assertNotIn("/oversight/evaluation/2010/arts/", page)

    def test_the_organisation_submits_its_reports(self):
        with acting_as(self.users["office"]):
            self.project.state = "published"
            self.project.save()
            projects.step(self.project, "approve", self.users["office"], approved_amount=Decimal(900))
        report = self.project.reports.get(kind="interim")
        for role in SIGNED_IN:
            self.as_role(role)
            with self.subTest(role=role):
                expected = 200 if role == "organization" else 403 if role in SEES_PROJECT else 404
                self.assertEqual(self.client.get(f"/oversight/project-reports/{report.pk}/").status_code, expected)

    # -- API ---------------------------------------------------------------------------------------
    def test_api_lists_show_only_the_scope(self):
        for role in ROLES:
            with self.subTest(role=role):
                self.assertEqual(bool(self.listed(role, "/api/service-projects/", "id")), role in SEES_PROJECT)
                self.assertEqual(bool(self.listed(role, "/api/transfers/", "id")), role in SEES_TRANSFER)
                self.assertEqual(bool(self.listed(role, "/api/recognition-applications/", "id")),
                                 role in SEES_APPLICATION)
                self.assertEqual(bool(self.listed(role, "/api/supervisor-changes/", "id")), role in SEES_CHANGE)
                if role in SEES_EVALUATIONS or role == "outsider":
                    self.assertEqual(self.listed(role, "/api/hub-evaluations/", "hub"),
                                     SEES_EVALUATIONS.get(role, set()))
                else:  # authority and organisations have no hub scores to see
                    self.assertEqual(self.api(role, "get", "/api/hub-evaluations/").status_code, 403)
                self.assertEqual(bool(self.listed(role, "/api/evaluation-indicators/", "id")), role != "outsider")
                self.assertEqual(bool(self.listed(role, "/api/service-calls/", "id")), role != "outsider")

    def test_api_steps(self):
        url = f"/api/transfers/{self.transfer.pk}/step/"
        self.assertEqual(self.api("organization", "post", url, {"step": "receive_first"}).status_code, 403)
        self.assertEqual(self.api("authority", "post", url, {"step": "receive_first"}).status_code, 403)
        self.assertEqual(self.api("hub", "post", url, {"step": "execute"}).status_code, 409)
        response = self.api("hub", "post", url, {"step": "receive_first", "on": "2010-08-01"})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["state"], "awaiting_release")
        self.assertEqual([s["step"] for s in response.json()["steps"]], ["start", "receive_first"])
        self.assertEqual(TransferRequest.objects.get(pk=self.transfer.pk).state, "awaiting_release")
        for path in [f"/api/service-projects/{self.project.pk}/",
                     f"/api/recognition-applications/{self.application.pk}/",
                     f"/api/supervisor-changes/{self.change.pk}/"]:
            self.assertEqual(self.api("outsider", "get", path).status_code, 403)
            self.assertEqual(self.api("office", "get", path).status_code, 200)
        evaluation = self.listed("office", "/api/hub-evaluations/", "id")
        call = self.listed("office", "/api/service-calls/", "id")
        self.assertEqual(self.api("office", "get", f"/api/hub-evaluations/{min(evaluation)}/").status_code, 200)
        self.assertEqual(self.api("office", "get", f"/api/service-calls/{min(call)}/").status_code, 200)
        self.assertEqual(self.api("office", "get", f"/api/evaluation-indicators/{self.indicator.pk}/").status_code,
                         200)
