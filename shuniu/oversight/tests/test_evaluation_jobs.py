"""Scoring a year from the ranking page is a background job: queued by the office alone, one at a time per
year, followed on the page and over the API, and the ranking shown once it has run."""
import datetime
import tempfile
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone

from shuniu.audit.history import acting_as
from shuniu.hubs.models import Hub
from shuniu.oversight import jobs
from shuniu.oversight.models import EvaluationJob, HubEvaluation, Indicator
from shuniu.oversight.models.evaluation import progress_file
from shuniu.oversight.services.evaluation import evaluate_year
from shuniu.tests.test_permissions import MatrixWorld

D = datetime.date
MEDIA = tempfile.mkdtemp(prefix="shuniu-evaluation-jobs-test-")
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
URL = "/oversight/evaluation/2010/"
NOT_OFFICE = ["district", "hub", "authority", "organization", "outsider"]


@override_settings(MEDIA_ROOT=MEDIA)
class EvaluationJobTest(MatrixWorld):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with acting_as(cls.users["office"], "evaluation jobs fixture"):
            Indicator.objects.create(name="联系数", source="organizations_linked", weight=Decimal(10),
                                     target=Decimal(5))
            # An earlier computation of the science hub alone: the job replaces it with every recognised hub.
            evaluate_year(2010, on=D(2011, 1, 10), hubs=[Hub.objects.get(slug="science")])

    def post(self, role: str = "office"):
        self.as_role(role)
        return self.client.post(URL)

    def finish(self, job: EvaluationJob) -> EvaluationJob:
        jobs.run_job(job.pk)  # what `shuniu db_worker` does in its own process
        job.refresh_from_db()
        return job

    def test_the_office_queues_the_scores_and_the_page_follows_the_job_until_the_ranking_is_in(self):
        response = self.post()
        self.assertRedirects(response, URL, fetch_redirect_response=False)
        job = EvaluationJob.objects.get()
        self.assertEqual((job.year, job.state, job.created_by), (2010, "queued", self.users["office"]))
        self.assertEqual(HubEvaluation.objects.filter(year=2010).count(), 1)  # nothing scored in the request
        page = self.client.get(URL)
        self.assertContains(page, f'data-job-status-url="/api/evaluation-jobs/{job.pk}/"')
        self.assertContains(page, "正在后台根据记录计算各枢纽的得分")
        self.assertNotContains(page, 'id="recompute"')  # no second button while it runs

        job = self.finish(job)
        recognised = Hub.objects.filter(recognitions__recognised_on__lte=D(2010, 12, 31)).distinct().count()
        self.assertEqual((job.state, job.hubs_scored, job.hubs_total, job.error), ("done", recognised, recognised, ""))
        self.assertEqual(HubEvaluation.objects.filter(year=2010, computed_on=timezone.localdate()).count(), recognised)
        page = self.client.get(URL)
        self.assertNotContains(page, "data-job-status-url")
        self.assertContains(page, f"共计算 {recognised} 个枢纽")
        self.assertContains(page, f"参加考核的 {recognised} 个枢纽中排名")
        self.assertContains(page, "/oversight/evaluation/2010/arts/")  # scored by the job, not before
        self.assertContains(page, 'id="recompute"')
        status = self.api("office", "get", f"/api/evaluation-jobs/{job.pk}/").json()
        self.assertEqual((status["state"], status["finished"], status["hubs_scored"]), ("done", True, recognised))

    @override_settings(TASKS=IMMEDIATE)
    def test_with_the_test_task_backend_the_job_runs_on_enqueue(self):
        self.assertEqual(self.post().status_code, 302)
        job = EvaluationJob.objects.get()
        self.assertEqual(job.state, "done")
        self.assertTrue(HubEvaluation.objects.filter(year=2010, hub__slug="arts").exists())
        self.assertContains(self.client.get(URL), "/oversight/evaluation/2010/arts/")

    def test_a_second_post_while_one_is_queued_or_running_starts_no_second_job(self):
        self.post()
        first = EvaluationJob.objects.get()
        response = self.post()
        self.assertEqual(EvaluationJob.objects.count(), 1)
        self.assertContains(self.client.get(response["Location"]), f"任务 #{first.pk}")
        first.set(state="running", started_at=timezone.now())
        self.post()
        self.assertEqual(EvaluationJob.objects.count(), 1)
        self.post()
        self.finish(EvaluationJob.objects.create(created_by=self.users["office"], year=2009))  # another year's
        self.assertEqual(EvaluationJob.objects.filter(year=2010).count(), 1)
        first.set(state="done", finished_at=timezone.now())
        self.post()
        self.assertEqual(EvaluationJob.objects.filter(year=2010).count(), 2)  # finished: the office may recompute

    def test_the_database_refuses_a_second_open_job_for_a_year(self):
        EvaluationJob.objects.create(created_by=self.users["office"], year=2010)
        with self.assertRaises(IntegrityError), transaction.atomic():
            EvaluationJob.objects.create(created_by=self.users["office"], year=2010, state="running")

    def test_only_the_office_queues_or_follows_a_job(self):
        job = EvaluationJob.objects.create(created_by=self.users["office"], year=2010)
        for role in NOT_OFFICE:
            with self.subTest(role=role):
                self.assertEqual(self.post(role).status_code, 403)
                page = self.client.get(URL)
                self.assertNotIn("data-job-status-url", page.content.decode())
                self.assertEqual(self.api(role, "get", "/api/evaluation-jobs/").status_code, 403)
                self.assertIn(self.api(role, "get", f"/api/evaluation-jobs/{job.pk}/").status_code, (403, 404))
        self.as_role("anonymous")
        self.assertEqual(self.client.post(URL).status_code, 302)  # to the login
        self.assertEqual(EvaluationJob.objects.count(), 1)
        self.assertEqual(self.listed("office", "/api/evaluation-jobs/", "id"), {job.pk})

    def test_the_progress_is_shown_while_the_worker_runs(self):
        job = EvaluationJob.objects.create(created_by=self.users["office"], year=2010, state="running",
                                           started_at=timezone.now())
        progress_file(job.pk).write(hubs_scored=7, hubs_total=22)
        status = self.api("office", "get", f"/api/evaluation-jobs/{job.pk}/").json()
        self.assertEqual((status["hubs_scored"], status["hubs_total"], status["finished"]), (7, 22, False))
        self.as_role("office")
        self.assertContains(self.client.get(URL), '<strong data-field="hubs_scored">7</strong>')
        progress_file(job.pk).close()

    def test_a_failure_leaves_the_error_on_the_job_and_the_earlier_scores(self):
        def broken(*args, **kwargs):
            raise RuntimeError("source unreachable")

        self.post()
        original, jobs.evaluate_year = jobs.evaluate_year, broken
        try:
            job = self.finish(EvaluationJob.objects.get())
        finally:
            jobs.evaluate_year = original
        self.assertEqual(job.state, "failed")
        self.assertIn("source unreachable", job.error)
        self.assertEqual(list(HubEvaluation.objects.filter(year=2010).values_list("hub__slug", flat=True)),
                         ["science"])
        page = self.client.get(URL)
        self.assertContains(page, "上次计算失败")
        self.assertContains(page, 'id="recompute"')
        self.post()
        self.assertEqual(EvaluationJob.objects.filter(state="queued").count(), 1)

    def test_a_job_runs_once_even_if_the_task_is_delivered_twice(self):
        self.post()
        job = self.finish(EvaluationJob.objects.get())
        finished_at = job.finished_at
        self.assertEqual((self.finish(job).state, job.finished_at), ("done", finished_at))

    def test_a_job_whose_worker_is_gone_does_not_keep_the_year_from_being_scored(self):
        lost = EvaluationJob.objects.create(created_by=self.users["office"], year=2010, state="running",
                                            started_at=timezone.now() - jobs.STALE_AFTER - datetime.timedelta(1))
        self.post()
        lost.refresh_from_db()
        self.assertEqual(lost.state, "failed")
        self.assertIn("已放弃该任务", lost.error)
        self.assertEqual(EvaluationJob.objects.get(state="queued").year, 2010)
