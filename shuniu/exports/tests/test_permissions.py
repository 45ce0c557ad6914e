"""Export jobs against every role: a job holds the asker's scope at the time of asking, its file
equals the streamed export, and only the asker and the office reach it."""
from __future__ import annotations

import io
import json
import tempfile
import zipfile

from django.http import QueryDict
from django.test import override_settings

from shuniu.accounts.models import Grant
from shuniu.audit.history import acting_as
from shuniu.divisions.models import Division
from shuniu.exports import jobs, writers
from shuniu.exports.models import ExportJob
from shuniu.registry.models import Field, Organization
from shuniu.tests.test_permissions import VISIBLE, MatrixWorld, _xlsx_text

COVERED_URLS = {"exports", "export", "export-file", "exportjob-list", "exportjob-detail", "exportjob-download"}
MEDIA = tempfile.mkdtemp(prefix="shuniu-exports-test-")
ASKERS = ["office", "district", "hub", "authority"]  # each sees two or more of the five: above EXPORT_JOB_ROWS=1


@override_settings(MEDIA_ROOT=MEDIA, EXPORT_JOB_ROWS=1)
class ExportJobTest(MatrixWorld):
    def ask(self, role: str, fmt: str = "csv", query: str = "") -> ExportJob:
        """Follow the list page's export link as `role` and confirm: a job is queued and its page shown."""
        self.as_role(role)
        before = ExportJob.objects.count()
        response = self.client.get(f"/organizations/export.{fmt}?{query}")
        self.assertEqual((response.status_code, ExportJob.objects.count()), (200, before))  # the link queues nothing
        self.assertContains(response, 'method="post"')
        response = self.client.post(f"/organizations/export.{fmt}?{query}")
        job = ExportJob.objects.latest("pk")
        self.assertRedirects(response, f"/exports/{job.pk}/", fetch_redirect_response=False)
        self.assertEqual((job.created_by, job.format, QueryDict(job.query), job.state),
                         (self.users[role], fmt, QueryDict(query), "queued"))
        return job

    def finish(self, job: ExportJob) -> ExportJob:
        jobs.run_job(job.pk)
        job.refresh_from_db()
        return job

    def content(self, job: ExportJob) -> bytes:
        with job.file.open("rb") as handle:
            return handle.read()

    def names_in(self, job: ExportJob) -> set[str]:
        data = self.content(job)
        text = _xlsx_text(data) if job.format == "xlsx" else data.decode("utf-8")
        return {key for key, org in self.orgs.items() if org.name in text}

    def streamed(self, role: str, fmt: str, query: str) -> bytes:
        self.as_role(role)
        with override_settings(EXPORT_JOB_ROWS=1000):
            response = self.client.get(f"/organizations/export.{fmt}?{query}")
        self.assertEqual(response.status_code, 200)
        return b"".join(response.streaming_content)

    def test_a_large_export_becomes_a_job_holding_only_the_askers_scope(self):
        for role in ASKERS:
            with self.subTest(role=role):
                job = self.finish(self.ask(role))
                visible = Organization.objects.restrict(self.users[role]).count()  # the five and the hubs' own
                self.assertEqual((job.state, job.rows_total, job.rows_written, job.error),
                                 ("done", visible, visible, ""))
                self.assertEqual(self.names_in(job), VISIBLE[role])

    def test_the_file_is_exactly_what_the_streamed_export_gives(self):
        for role, query in [("hub", ""), ("district", "status=active"), ("office", "org_type=association&q=北京")]:
            for fmt in ["csv", "json", "xlsx"]:
                with self.subTest(role=role, fmt=fmt):
                    job = self.finish(self.ask(role, fmt, query))
                    streamed, written = self.streamed(role, fmt, query), self.content(job)
                    if fmt == "xlsx":  # the workbook's own creation time differs; every other part is equal
                        self.assertEqual(_parts(written), _parts(streamed))
                    else:
                        self.assertEqual(written, streamed)

    def test_a_small_export_is_still_streamed_in_the_request(self):
        self.as_role("organization")  # one organisation, under the threshold
        response = self.client.get("/organizations/export.xlsx")
        self.assertEqual((response.status_code, ExportJob.objects.count()), (200, 0))
        self.assertIn(self.orgs["A"].name, _xlsx_text(b"".join(response.streaming_content)))

    def test_the_scope_is_the_one_the_user_had_when_asking(self):
        job = self.ask("district")
        Grant.objects.filter(user=self.users["district"]).update(division=Division.objects.get(code="110101"))
        self.assertEqual(self.names_in(self.finish(job)), VISIBLE["district"])  # B and D, not C and E
        job = self.ask("hub")
        with acting_as(self.users["office"], "grant withdrawn"):
            Grant.objects.filter(user=self.users["hub"]).delete()
        self.assertEqual(self.names_in(self.finish(job)), VISIBLE["hub"])

    def test_a_second_click_while_the_first_is_written_returns_the_same_job(self):
        first = self.ask("hub", "xlsx")
        self.assertEqual(self.ask("hub", "xlsx"), first)
        self.assertEqual(ExportJob.objects.count(), 1)
        self.finish(first)
        self.assertNotEqual(self.ask("hub", "xlsx"), first)

    def test_a_job_runs_once_even_if_the_task_is_delivered_twice(self):
        job = self.finish(self.ask("hub"))
        name = job.file.name
        again = self.finish(job)
        self.assertEqual((again.state, again.file.name), ("done", name))

    def test_a_failure_leaves_a_clear_error_on_the_job(self):
        def full_disk(*args, **kwargs):
            raise OSError(28, "No space left on device")

        job = self.ask("hub", "xlsx")
        with self._patched(writers, "write_xlsx", full_disk):
            job = self.finish(job)
        self.assertEqual((job.state, bool(job.file)), ("failed", False))
        self.assertIn("No space left on device", job.error)
        page = self.client.get(f"/exports/{job.pk}/")
        self.assertContains(page, "No space left on device")
        self.assertEqual(self.client.get(f"/exports/{job.pk}/file").status_code, 404)

    def test_filters_that_no_longer_apply_fail_with_the_field_named(self):
        field = Field.objects.order_by("pk").first()
        Organization.objects.filter(pk=self.orgs["A"].pk).update(field=field)
        with override_settings(EXPORT_JOB_ROWS=0):
            job = self.ask("office", "csv", f"field={field.slug}")
        Field.objects.filter(pk=field.pk).update(slug="renamed-since")
        job = self.finish(job)
        self.assertEqual(job.state, "failed")
        self.assertTrue(job.error.startswith("列表的筛选条件已不再适用：field:"), job.error)  # the site's language

    def test_only_the_asker_and_the_office_reach_a_job_and_its_file(self):
        job = self.finish(self.ask("hub"))
        expected = {"office": 200, "hub": 200, "district": 404, "authority": 404, "organization": 404,
                    "outsider": 404}
        for role, status in expected.items():
            with self.subTest(role=role):
                self.as_role(role)
                self.assertEqual(self.client.get(f"/exports/{job.pk}/").status_code, status)
                self.assertEqual(self.client.get(f"/exports/{job.pk}/file").status_code, status)
                api_status = 403 if role == "outsider" else status
                self.assertEqual(self.api(role, "get", f"/api/exports/{job.pk}/").status_code, api_status)
                self.assertEqual(self.api(role, "get", f"/api/exports/{job.pk}/download/").status_code, api_status)
        self.as_role("anonymous")
        self.assertEqual(self.client.get(f"/exports/{job.pk}/file").status_code, 302)
        self.assertIn(self.api("anonymous", "get", f"/api/exports/{job.pk}/").status_code, (401, 403))

    def test_each_lists_only_their_own_exports_and_the_office_all(self):
        mine = {role: self.ask(role).pk for role in ("hub", "district")}
        for role, expected in [("hub", {mine["hub"]}), ("district", {mine["district"]}), ("authority", set()),
                               ("office", set(mine.values()))]:
            with self.subTest(role=role):
                self.as_role(role)
                page = self.client.get("/exports/")
                self.assertEqual({job.pk for job in page.context["jobs"]}, expected)
                self.assertEqual(self.listed(role, "/api/exports/", "id"), expected)
        self.as_role("outsider")
        self.assertEqual(self.client.get("/exports/").status_code, 403)
        self.assertEqual(self.listed("outsider", "/api/exports/", "id"), set())

    def test_the_api_queues_a_job_answers_202_and_serves_the_file_when_done(self):
        response = self.api("hub", "post", "/api/exports/", {"format": "json", "query": "org_type=association"})
        self.assertEqual(response.status_code, 202, response.content)
        body = response.json()
        self.assertEqual((body["state"], body["download_url"]), ("queued", None))
        self.assertTrue(response["Location"].endswith(f"/api/exports/{body['id']}/"))
        self.finish(ExportJob.objects.get(pk=body["id"]))
        status = self.api("hub", "get", response["Location"]).json()
        self.assertEqual((status["state"], status["finished"], status["rows_written"]), ("done", True, 2))
        download = self.api("hub", "get", status["download_url"])
        self.assertEqual({r["name"] for r in json.loads(b"".join(download.streaming_content))},
                         {self.orgs["A"].name, self.orgs["B"].name})  # the hub's two, both associations

    def test_the_api_refuses_bad_filters_and_those_who_may_not_export(self):
        response = self.api("hub", "post", "/api/exports/", {"format": "csv", "query": "org_type=alien"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("org_type", response.json()["query"][0])
        self.assertEqual(self.api("hub", "post", "/api/exports/", {"format": "pdf"}).status_code, 400)
        self.assertEqual(self.api("outsider", "post", "/api/exports/", {"format": "csv"}).status_code, 403)
        self.assertEqual(ExportJob.objects.count(), 0)

    def _patched(self, target, name, value):
        from unittest import mock

        return mock.patch.object(target, name, value)


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"}
