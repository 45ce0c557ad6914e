"""Who may import, whose imports each role sees, and the outsider on every import route."""
from __future__ import annotations

import io
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from shuniu.audit.history import acting_as
from shuniu.imports import jobs
from shuniu.registry.models import Organization
from shuniu.tests.test_permissions import MatrixWorld

COVERED_URLS = {"imports", "import", "import-report", "import-file", "import-template",
                "importjob-list", "importjob-detail"}
MEDIA = tempfile.mkdtemp(prefix="shuniu-imports-test-")
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CSV = "名称,类型,登记管理机关\n北京市新建协会,社会团体,{code}\n"


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

    def test_only_the_office_and_the_authority_reach_the_import_pages(self):
        for role, expected in [("office", 200), ("authority", 200), ("district", 403), ("hub", 403),
                               ("organization", 403), ("outsider", 403)]:
            self.as_role(role)
            self.assertEqual(self.client.get("/imports/").status_code, expected, role)
            self.assertEqual(self.client.get("/imports/template/organizations.xlsx").status_code,
                             200 if expected == 200 else 404, role)
        self.as_role("anonymous")
        self.assertEqual(self.client.get("/imports/").status_code, 302)

    def test_an_upload_by_the_office_runs_as_a_job_and_writes(self):
        response = self.upload("office")
        self.assertEqual(response.status_code, 302)
        job = jobs.ImportJob.objects.latest("pk")
        self.assertEqual((job.state, job.created, job.created_by), ("done", 1, self.users["office"]))
        self.assertTrue(Organization.objects.filter(name="北京市新建协会").exists())
        page = self.client.get(response["Location"])
        self.assertContains(page, "orgs.csv")

    def test_a_district_cannot_upload(self):
        self.assertEqual(self.upload("district").status_code, 403)
        self.assertEqual(self.upload("hub").status_code, 403)

    def test_each_sees_only_their_own_imports_and_the_office_sees_all(self):
        own = f"/imports/{self.office_job.pk}/"
        for role, expected in [("office", 200), ("authority", 404), ("district", 403), ("outsider", 403)]:
            self.as_role(role)
            status = self.client.get(own).status_code
            self.assertEqual(status, 404 if expected == 403 else expected, role)  # pages hide what is not theirs
            self.assertEqual(self.client.get(own + "report.csv").status_code, 404 if expected != 200 else 200)
            self.assertEqual(self.client.get(own + "file").status_code, 404 if expected != 200 else 200)
        self.assertEqual(self.listed("authority", "/api/imports/", "id"), set())
        self.assertEqual(self.listed("office", "/api/imports/", "id"), {self.office_job.pk})
        self.assertEqual(self.api("authority", "get", f"/api/imports/{self.office_job.pk}/").status_code, 404)
        self.assertEqual(self.api("hub", "get", "/api/imports/").status_code, 403)
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
