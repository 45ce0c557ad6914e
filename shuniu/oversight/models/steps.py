"""The step log: every step of every oversight workflow, with who took it and why."""
from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from shuniu.accounts.querysets import RestrictedQuerySet
from shuniu.audit.history import audited


class StepLog(models.Model):
    """One step of a workflow record: from-state → to-state, by whom, on which day, why.

    The records themselves are audited too (full before/after); this log is the
    workflow's own reading of that history, kept whole even if a record is edited.
    """

    content_type = models.ForeignKey(ContentType, models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(db_index=True)
    subject = GenericForeignKey("content_type", "object_id")
    workflow = models.CharField(_("workflow"), max_length=40)
    step = models.CharField(_("step"), max_length=40)
    from_state = models.CharField(_("from state"), max_length=20, blank=True)
    to_state = models.CharField(_("to state"), max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("actor"))
    reason = models.TextField(_("reason"), blank=True)
    on = models.DateField(_("date"))
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = audited()
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["content_type", "object_id", "at", "pk"]
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")
        indexes = [models.Index(fields=["content_type", "object_id"], name="steplog_record")]

    def __str__(self) -> str:
        return f"{self.workflow} {self.from_state or '∅'} → {self.to_state}"

    @classmethod
    def record(cls, obj, workflow, from_state: str, to_state: str, step: str, user, reason: str, on) -> StepLog:
        return cls.objects.create(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk,
                                  workflow=str(workflow), step=step, from_state=from_state, to_state=to_state,
                                  actor=user, reason=reason, on=on)

    @classmethod
    def of(cls, obj) -> models.QuerySet:
        return cls.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
                                  ).select_related("actor").order_by("at", "pk")

    @classmethod
    def of_many(cls, objs) -> dict[int, list[StepLog]]:
        """The steps of many records of one model in one query (a list page), by record id."""
        objs = list(objs)
        steps: dict[int, list[StepLog]] = {obj.pk: [] for obj in objs}
        if objs:
            for log in cls.objects.filter(content_type=ContentType.objects.get_for_model(objs[0]),
                                          object_id__in=steps).select_related("actor").order_by("at", "pk"):
                steps[log.object_id].append(log)
        return steps


class Workflow(models.Model):
    """What every workflow record carries: its state and the deadline of the step now waiting."""

    state = models.CharField(_("state"), max_length=20, db_index=True)
    due = models.DateField(_("due"), null=True, blank=True, db_index=True,
                           help_text=_("Deadline of the step now waiting; past it, the level above sees it."))
    created = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        abstract = True
