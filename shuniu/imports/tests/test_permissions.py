"""Who may import, whose imports each role sees, and the outsider on every import route."""
from __future__ import annotations

import io
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from shuniu.audit.history import acting_as
from shuniu.imports import jobs
from shuniu.registry.models import Organization
from shuniu.services.models import Activity, Facility
from shuniu.tests.test_permissions import MatrixWorld

COVERED_URLS = {"imports", "import", "import-report", "import-file", "import-template", "import-for-real",
                "importjob-list", "importjob-detail"}
MEDIA = tempfile.mkdtemp(prefix="shuniu-imports-test-")
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CSV = "名称,类型,登记管理机关\n北京市新建协会,社会团体,{code}\n"
FACILITIES = "阵地名称,阵地类型,所属枢纽,行政区划代码,启用日期\n{name},社区青年汇,{hub},110105001,2010-05-01\n"
AFFILIATIONS = "社会组织名称,枢纽,联系方式,开始日期\n丙 北京市东城区书法协会,science,联系,2010-06-01\n"
ACTIVITIES = "活动名称,所属枢纽,开始日期,服务人数,覆盖人数\n{title},{hub},2010-06-01,30,90\n"
ALL_KINDS = ["organizations", "affiliations", "facilities", "activities"]
KINDS = {"office": ALL_KINDS, "authority": ["organizations"], "hub": ["facilities", "activities"],
         "organization": ["activities"]}


@override_settings(MEDIA_ROOT=MEDIA, TASKS=IMMEDIATE)
class ImportPermissionTest(MatrixWorld):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        office = cls.users["office"]
        with override_settings(MEDIA_ROOT=MEDIA), acting_as(office, "fixture"):
            cls.office_job = jobs.create_job("organizations", io.BytesIO(CSV.format(code="110105").encode()),
                                             office, dry_run=True, filename="office.csv")

    def upload(self, role, code="110105", dry_run=False):
        self.as_role(role)
        data = {"kind": "organizations", "dry_run": "on" if dry_run else "",
                "file": SimpleUploadedFile("orgs.csv", CSV.format(code=code).encode("utf-8"))}
        return self.client.post("/imports/", data)

    def test_the_office_the_authority_hubs_and_organisations_reach_the_import_pages(self):
        for role, expected in [("office", 200), ("authority", 200), ("hub", 200), ("district", 403),
                               ("organization", 200), ("outsider", 403)]:
            self.as_role(role)
            self.assertEqual(self.client.get("/imports/").status_code, expected, role)
        self.as_role("anonymous")
        self.assertEqual(self.client.get("/imports/").status_code, 302)

    def test_each_role_is_offered_only_the_kinds_it_may_import(self):
        for role, kinds in KINDS.items():
            self.as_role(role)
            page = self.client.get("/imports/")
            self.assertEqual([k for k, _ in page.context["form"].fields["kind"].choices], kinds, role)
            self.assertEqual([k for k, _ in page.context["kinds"]], kinds, role)
            for kind in ("organizations", "affiliations", "facilities", "activities"):
                with self.subTest(role=role, kind=kind):
                    status = self.client.get(f"/imports/template/{kind}.xlsx").status_code
                    self.assertEqual(status, 200 if kind in kinds else 404)
        for role in ("district", "outsider"):
            self.as_role(role)
            for kind in ALL_KINDS:
                self.assertEqual(self.client.get(f"/imports/template/{kind}.csv").status_code, 404, (role, kind))

    def test_an_upload_by_the_office_runs_as_a_job_and_writes(self):
        response = self.upload("office")
        self.assertEqual(response.status_code, 302)
        job = jobs.ImportJob.objects.latest("pk")
        self.assertEqual((job.state, job.created, job.created_by), ("done", 1, self.users["office"]))
        self.assertTrue(Organization.objects.filter(name="北京市新建协会").exists())
        page = self.client.get(response["Location"])
        self.assertContains(page, "orgs.csv")

    def test_a_dry_run_that_passed_is_imported_from_its_page_without_a_second_upload(self):
        dry = jobs.ImportJob.objects.get(pk=self.upload("office", dry_run=True)["Location"].split("/")[-2])
        self.assertEqual((dry.state, dry.created), ("done", 1))
        self.assertFalse(Organization.objects.filter(name="北京市新建协会").exists())
        self.assertContains(self.client.get(f"/imports/{dry.pk}/"), "正式导入此文件")
        self.assertEqual(self.client.get(f"/imports/{dry.pk}/import").status_code, 302)  # a link writes nothing
        self.assertFalse(Organization.objects.filter(name="北京市新建协会").exists())
        response = self.client.post(f"/imports/{dry.pk}/import")
        real = jobs.ImportJob.objects.latest("pk")
        self.assertEqual(response["Location"], f"/imports/{real.pk}/")
        self.assertEqual((real.dry_run, real.state, real.created, real.filename), (False, "done", 1, "orgs.csv"))
        self.assertNotEqual(real.file.name, dry.file.name)  # each import record keeps its own file
        self.assertTrue(Organization.objects.filter(name="北京市新建协会").exists())
        self.assertNotContains(self.client.get(f"/imports/{real.pk}/"), "正式导入此文件")

    def test_only_a_passed_dry_run_of_a_kind_one_may_import_is_imported_from_its_page(self):
        refused = jobs.ImportJob.objects.get(pk=self.upload("office", code="999999", dry_run=True)["Location"]
                                             .split("/")[-2])
        self.assertEqual(refused.state, "refused")
        self.assertNotContains(self.client.get(f"/imports/{refused.pk}/"), "正式导入此文件")
        self.assertEqual(self.client.post(f"/imports/{refused.pk}/import").status_code, 403)
        for role, expected in [("authority", 404), ("hub", 404), ("district", 404), ("outsider", 404)]:
            self.as_role(role)  # another's dry run: out of sight
            self.assertEqual(self.client.post(f"/imports/{self.office_job.pk}/import").status_code, expected, role)
        self.assertEqual(jobs.ImportJob.objects.filter(dry_run=False).count(), 0)

    def test_a_district_cannot_upload_and_a_hub_cannot_upload_organisations(self):
        self.assertEqual(self.upload("district").status_code, 403)
        self.assertEqual(self.upload("hub").status_code, 403)
        self.assertEqual(self.upload("organization").status_code, 403)
        self.assertFalse(jobs.ImportJob.objects.exclude(pk=self.office_job.pk).exists())

    def test_each_sees_only_their_own_imports_and_the_office_sees_all(self):
        own = f"/imports/{self.office_job.pk}/"
        for role, expected in [("office", 200), ("authority", 404), ("hub", 404), ("organization", 404),
                               ("district", 403), ("outsider", 403)]:
            self.as_role(role)
            status = self.client.get(own).status_code
            self.assertEqual(status, 404 if expected == 403 else expected, role)  # pages hide what is not theirs
            self.assertEqual(self.client.get(own + "report.csv").status_code, 404 if expected != 200 else 200)
            self.assertEqual(self.client.get(own + "file").status_code, 404 if expected != 200 else 200)
        self.assertEqual(self.listed("authority", "/api/imports/", "id"), set())
        self.assertEqual(self.listed("office", "/api/imports/", "id"), {self.office_job.pk})
        self.assertEqual(self.api("authority", "get", f"/api/imports/{self.office_job.pk}/").status_code, 404)
        self.assertEqual(self.listed("hub", "/api/imports/", "id"), set())
        self.assertEqual(self.listed("organization", "/api/imports/", "id"), set())
        self.assertEqual(self.api("district", "get", "/api/imports/").status_code, 403)
        self.assertEqual(self.api("outsider", "get", "/api/imports/").status_code, 403)

    def test_the_api_takes_an_upload_and_reports_the_job(self):
        self.client.logout()
        upload = SimpleUploadedFile("api.csv", CSV.format(code="110105").encode("utf-8"))
        response = self.client.post("/api/imports/", {"kind": "organizations", "file": upload, "dry_run": "true"},
                                    HTTP_AUTHORIZATION=f"Token {self.tokens['authority']}")
        self.assertEqual(response.status_code, 202, response.content)
        body = response.json()
        self.assertEqual((body["state"], body["created"], body["dry_run"]), ("done", 1, True))
        hub = self.client.post("/api/imports/", {"kind": "organizations", "file": upload},
                               HTTP_AUTHORIZATION=f"Token {self.tokens['hub']}")
        self.assertEqual(hub.status_code, 403)

    def test_an_import_by_a_district_authority_may_not_touch_another_district(self):
        from shuniu.accounts.models import Grant, Role
        from shuniu.divisions.models import Division

        user = self.users["authority"]
        Grant.objects.filter(user=user).update(division=Division.objects.get(code="110101"))
        response = self.upload("authority", code="110105")
        job = jobs.ImportJob.objects.latest("pk")
        self.assertEqual((response.status_code, job.state, job.invalid), (302, "refused", 1))
        self.assertFalse(Organization.objects.filter(name="北京市新建协会").exists())
        self.assertIn(Role.AUTHORITY, {g.role for g in user.grants.all()})

    def upload_kind(self, role, kind, text):
        self.as_role(role)
        data = {"kind": kind, "dry_run": "", "file": SimpleUploadedFile(f"{kind}.csv", text.encode("utf-8"))}
        return self.client.post("/imports/", data)

    def test_a_hub_imports_facilities_and_activities_of_its_own_network(self):
        response = self.upload_kind("hub", "facilities", FACILITIES.format(name="科协青年汇", hub="science-110105"))
        job = jobs.ImportJob.objects.latest("pk")
        self.assertEqual((response.status_code, job.kind, job.state, job.created), (302, "facilities", "done", 1))
        self.assertEqual(Facility.objects.get(name="科协青年汇").history.get().history_user, self.users["hub"])
        self.assertContains(self.client.get(response["Location"]), "facilities.csv")
        self.upload_kind("hub", "activities", ACTIVITIES.format(title="科普周", hub="science"))
        job = jobs.ImportJob.objects.latest("pk")
        self.assertEqual((job.kind, job.state, job.created), ("activities", "done", 1))

    def test_a_hub_cannot_import_into_another_hubs_network(self):
        for kind, text in (("facilities", FACILITIES.format(name="文联青年汇", hub="arts")),
                           ("activities", ACTIVITIES.format(title="书法展", hub="arts"))):
            response = self.upload_kind("hub", kind, text)
            job = jobs.ImportJob.objects.latest("pk")
            self.assertEqual((response.status_code, job.state, job.invalid), (302, "refused", 1), kind)
            entry = job.report().entries[0]
            self.assertEqual((entry.row, entry.column, entry.value), (2, "所属枢纽", "arts"))
        self.assertFalse(Facility.objects.exists() or Activity.objects.exists())

    def test_the_authority_and_the_district_may_not_import_facilities_or_activities(self):
        for role in ("authority", "district"):
            for kind in ("facilities", "activities"):
                text = FACILITIES.format(name="某青年汇", hub="science")
                self.assertEqual(self.upload_kind(role, kind, text).status_code, 403, (role, kind))
        self.assertFalse(Facility.objects.exists())

    def test_the_api_offers_hubs_their_kinds_only(self):
        def post(role, kind, text):
            self.client.logout()
            upload = SimpleUploadedFile("api.csv", text.encode("utf-8"))
            return self.client.post("/api/imports/", {"kind": kind, "file": upload, "dry_run": "true"},
                                    HTTP_AUTHORIZATION=f"Token {self.tokens[role]}")

        response = post("hub", "facilities", FACILITIES.format(name="科协青年汇", hub="science"))
        self.assertEqual(response.status_code, 202, response.content)
        self.assertEqual((response.json()["state"], response.json()["created"]), ("done", 1))
        self.assertFalse(Facility.objects.exists())  # a dry run
        outside = post("hub", "activities", ACTIVITIES.format(title="书法展", hub="arts")).json()
        self.assertEqual((outside["state"], outside["invalid"]), ("refused", 1))
        self.assertEqual(post("hub", "affiliations", "x").status_code, 403)
        self.assertEqual(post("authority", "facilities", "x").status_code, 403)

    # -- an organisation's own account: its own activities, nothing else ----------------------------
    def test_an_organisation_imports_its_own_activities_and_sees_only_its_own_jobs(self):
        response = self.upload_kind("organization", "activities", ACTIVITIES.format(title="科普周", hub="science"))
        job = jobs.ImportJob.objects.latest("pk")
        self.assertEqual((response.status_code, job.kind, job.state, job.created, job.created_by),
                         (302, "activities", "done", 1, self.users["organization"]))
        activity = Activity.objects.get(title="科普周")
        self.assertEqual(activity.organizer, self.orgs["A"])  # no 主办组织 column: its one organisation
        self.assertEqual(activity.history.get().history_user, self.users["organization"])
        self.assertEqual([j.pk for j in self.client.get("/imports/").context["jobs"]], [job.pk])
        self.assertContains(self.client.get("/activities/"), 'href="/imports/"')
        self.assertEqual(self.listed("organization", "/api/imports/", "id"), {job.pk})
        self.assertEqual(self.listed("hub", "/api/imports/", "id"), set())
        self.as_role("hub")
        self.assertEqual(self.client.get(f"/imports/{job.pk}/").status_code, 404)

    def test_an_organisations_row_for_another_organisation_is_refused_and_nothing_written(self):
        text = ("活动名称,所属枢纽,主办组织,开始日期\n科普周,science,甲 北京市物理学会,2010-06-01\n"
                "书法展,science,丙 北京市东城区书法协会,2010-06-02\n书画展,arts,,2010-06-03\n")
        self.upload_kind("organization", "activities", text)
        job = jobs.ImportJob.objects.latest("pk")
        self.assertEqual((job.state, job.invalid, job.created), ("refused", 2, 0))
        entries = sorted((e.row, e.column, e.value) for e in job.report().entries)
        self.assertEqual(entries, [(3, "主办组织", "丙 北京市东城区书法协会"), (4, "所属枢纽", "arts")])
        self.assertFalse(Activity.objects.exists())

    def test_an_organisation_may_not_import_organisations_affiliations_or_facilities(self):
        texts = {"organizations": CSV.format(code="110105"), "affiliations": AFFILIATIONS,
                 "facilities": FACILITIES.format(name="物理学会青年汇", hub="science")}
        for kind, text in texts.items():
            with self.subTest(kind=kind):
                self.assertEqual(self.upload_kind("organization", kind, text).status_code, 403)
                self.client.logout()
                upload = SimpleUploadedFile(f"{kind}.csv", text.encode("utf-8"))
                response = self.client.post("/api/imports/", {"kind": kind, "file": upload},
                                            HTTP_AUTHORIZATION=f"Token {self.tokens['organization']}")
                self.assertEqual(response.status_code, 403)
        self.assertFalse(jobs.ImportJob.objects.exclude(pk=self.office_job.pk).exists())

    def test_the_command_holds_an_organisations_account_to_its_activities(self):
        from django.core.management import call_command

        from shuniu.hubs.models import Affiliation

        texts = {"organizations": CSV.format(code="110105"), "affiliations": AFFILIATIONS,
                 "facilities": FACILITIES.format(name="物理学会青年汇", hub="science")}
        links = Affiliation.objects.count()
        with tempfile.TemporaryDirectory() as folder:
            for kind, text in texts.items():
                path = f"{folder}/{kind}.csv"
                with open(path, "w", encoding="utf-8") as out:
                    out.write(text)
                with self.subTest(kind=kind), self.assertRaises(SystemExit):
                    call_command("import", kind, path, "--user", "organization")
                job = jobs.ImportJob.objects.latest("pk")
                self.assertEqual((job.kind, job.state), (kind, "refused"))
                self.assertIn("your role may not add these records", [e.reason for e in job.report().entries])
            path = f"{folder}/activities.csv"
            with open(path, "w", encoding="utf-8") as out:
                out.write(ACTIVITIES.format(title="科普周", hub="science"))
            self.assertIn("created=1", call_command("import", "activities", path, "--user", "organization"))
        self.assertFalse(Organization.objects.filter(name="北京市新建协会").exists() or Facility.objects.exists())
        self.assertEqual(Affiliation.objects.count(), links)
        self.assertEqual(Activity.objects.get().history.get().history_user, self.users["organization"])

    def test_own_organizations_is_for_accounts_acting_only_as_their_organisation(self):
        from shuniu.accounts.models import Grant, Role
        from shuniu.accounts.permissions import own_organizations

        self.assertEqual(own_organizations(self.users["organization"]), {self.orgs["A"].pk})
        for role in ("office", "hub", "district", "authority"):
            self.assertIsNone(own_organizations(self.users[role]), role)
        both = self.users["hub"]
        with acting_as(self.users["office"], "test"):
            Grant.objects.create(user=both, role=Role.ORGANIZATION, organization=self.orgs["B"])
        both._shuniu_scope = None  # noqa: SLF001 - the scope is cached per user object
        self.assertIsNone(own_organizations(both))  # a hub's staff acts as the hub
