"""An import as the office sees it: the file kept, who ran it, progress and the report."""
from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from shuniu.accounts.querysets import RestrictedQuerySet
from shuniu.audit.history import audited
from shuniu.jobs import BackgroundJob, ProgressFile

from .report import Report


def progress_file(job_id: int) -> ProgressFile:
    return ProgressFile("imports", job_id)


class ImportJob(BackgroundJob):
    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        REFUSED = "refused", _("Refused (nothing written)")
        FAILED = "failed", _("Failed (nothing written)")

    class Kind(models.TextChoices):
        ORGANIZATIONS = "organizations", _("Social organisations")
        AFFILIATIONS = "affiliations", _("Links to hubs")
        FACILITIES = "facilities", _("Service facilities")
        ACTIVITIES = "activities", _("Activities")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", max_length=200)
    filename = models.CharField(_("file name"), max_length=200)
    dry_run = models.BooleanField(_("dry run"), default=False)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    phase = models.CharField(_("phase"), max_length=20, blank=True)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    invalid = models.PositiveIntegerField(_("invalid"), default=0)
    duplicates = models.PositiveIntegerField(_("likely duplicates"), default=0)
    result = models.JSONField(_("report"), default=dict, blank=True)

    FINISHED_STATES = (State.DONE, State.REFUSED, State.FAILED)

    history = audited()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} {self.filename}"

    def live(self) -> tuple[str, int]:
        """(phase, rows read) now: from the worker's progress file while running, else as stored."""
        if self.state == self.State.RUNNING:
            data = progress_file(self.pk).read()
            try:
                return str(data["phase"]), int(data["rows_read"])
            except (KeyError, TypeError, ValueError):
                pass
        return self.phase, self.rows_read

    @property
    def live_phase(self) -> str:
        return self.live()[0]

    @property
    def live_rows_read(self) -> int:
        return self.live()[1]

    def report(self) -> Report:
        return Report.from_json(self.result or {})
