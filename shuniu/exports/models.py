"""A large export as its user sees it: what was asked (format, filters, the scope at that moment),
progress, and the file, kept for its user (and the office) until pruned."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shuniu.accounts.querysets import RestrictedQuerySet
from shuniu.jobs import BackgroundJob, ProgressFile


def progress_file(job_id: int) -> ProgressFile:
    return ProgressFile("exports", job_id)


class ExportJob(BackgroundJob):
    """Not audited: the row itself is the record of who exported what, and progress must not make versions."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed (see the error)")

    class Kind(models.TextChoices):  # the lists that export (exports.tables.TABLES)
        ORGANIZATIONS = "organizations", _("social organisations")
        FACILITIES = "facilities", _("service facilities")
        ACTIVITIES = "activities", _("activities")

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel"
        JSON = "json", "JSON"

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("asked by"))  # "created by" reads 导入人, the importer's word
    kind = models.CharField(_("list exported"), max_length=20, choices=Kind.choices, default=Kind.ORGANIZATIONS)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    query = models.TextField(_("filters"), blank=True, help_text=_("the list's query string, as in the link"))
    scope = models.JSONField(_("scope"), default=dict,
                             help_text=_("what the user could see when asking (restrict() at that moment)"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    rows_total = models.PositiveIntegerField(_("rows to write"), null=True, blank=True)
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(_("file"), upload_to="exports/%Y/%m/", max_length=200, blank=True)
    filename = models.CharField(_("file name"), max_length=100)
    file_removed_at = models.DateTimeField(_("file removed at"), null=True, blank=True)

    FINISHED_STATES = (State.DONE, State.FAILED)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self) -> str:
        return f"#{self.pk} {self.filename}"

    @property
    def live_rows_written(self) -> int:
        """Rows written so far: from the worker's progress file while running, else as stored."""
        return self.live_counts(progress_file(self.pk), rows_written=self.rows_written)["rows_written"]

    @property
    def ready(self) -> bool:
        return self.state == self.State.DONE and bool(self.file)
