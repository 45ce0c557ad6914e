"""An import as the office sees it: the file kept, who ran it, progress and the report."""
from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shuniu.accounts.querysets import RestrictedQuerySet
from shuniu.audit.history import audited

from .report import Report


def progress_path(job_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / "progress" / f"{job_id}.json"


class ImportJob(models.Model):
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
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    phase = models.CharField(_("phase"), max_length=20, blank=True)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    invalid = models.PositiveIntegerField(_("invalid"), default=0)
    duplicates = models.PositiveIntegerField(_("likely duplicates"), default=0)
    result = models.JSONField(_("report"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    history = audited()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} {self.filename}"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.REFUSED, self.State.FAILED)

    def live(self) -> tuple[str, int]:
        """(phase, rows read) now: from the worker's progress file while running, else as stored."""
        if self.state == self.State.RUNNING:
            try:
                data = json.loads(progress_path(self.pk).read_text(encoding="utf-8"))
                return str(data["phase"]), int(data["rows_read"])
            except (OSError, ValueError, KeyError, TypeError):
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
