"""认定: apply, review, recognise in a batch (creating the hub or changing its fields), revoke."""
from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuniu.accounts.models import Role
from shuniu.accounts.permissions import scope_of
from shuniu.hubs.authorisation import authorising
from shuniu.hubs.models import Hub, Recognition
from shuniu.registry.models import Field, SupervisoryUnit

from ..models import RecognitionApplication, StepLog
from ..transitions import OFFICE, Actor, Machine, Step, TransitionRefused, organization_of, start, take

APPLICANT = organization_of("organization", gettext_lazy("the applicant"))
# A hub may apply for a change of its own fields: the hub's staff act for it.
APPLYING_HUB = Actor(gettext_lazy("the applying hub"),
                     lambda scope, obj: Role.HUB in scope.roles and obj.hub_id in scope.hub_ids)

MACHINE = Machine(
    gettext_lazy("recognition application"),
    states={"submitted": gettext_lazy("Submitted"), "under_review": gettext_lazy("Under review"),
            "approved": gettext_lazy("Approved, awaiting the batch"), "recognised": gettext_lazy("Recognised"),
            "rejected": gettext_lazy("Rejected"), "withdrawn": gettext_lazy("Withdrawn"),
            "revoked": gettext_lazy("Revoked")},
    steps=[
        Step("review", ("submitted",), "under_review", (OFFICE,), gettext_lazy("Take up for review"), due_in=60),
        Step("approve", ("under_review",), "approved", (OFFICE,), gettext_lazy("Approve"),
             fields=("review_note",), due_in=90),
        Step("reject", ("submitted", "under_review"), "rejected", (OFFICE,), gettext_lazy("Reject"),
             fields=("review_note",), reason_required=True),
        Step("withdraw", ("submitted", "under_review"), "withdrawn", (APPLICANT, APPLYING_HUB, OFFICE),
             gettext_lazy("Withdraw"), reason_required=True),
        # Taken by recognise_batch() for every application of the batch at once.
        Step("recognise", ("approved",), "recognised", (OFFICE,), gettext_lazy("Recognise in a batch"),
             fields=("batch", "recognised_on", "document_number"), on_page=False),
        Step("revoke", ("recognised",), "revoked", (OFFICE,), gettext_lazy("Revoke"), reason_required=True),
    ],
    final=("recognised", "rejected", "withdrawn", "revoked"),
)
FIRST_DEADLINE = 30  # days the office has to take up a new application


def apply(user, *, organization, kind: str, fields: list[Field], statement: str, level: str, division,
          recognised_by, parent: Hub | None = None, hub: Hub | None = None, short_name: str = "",
          slug: str = "", on: datetime.date | None = None) -> RecognitionApplication:
    """File an application. The organisation's own account, the hub (for its fields) or the office may."""
    scope = scope_of(user)
    may_file = (scope.everything or organization.pk in scope.organization_ids
                or (hub is not None and hub.pk in scope.hub_ids and Role.HUB in scope.roles))
    if not may_file:
        raise TransitionRefused(_("Only the applicant, the hub concerned or the office may file this application."))
    if not fields:
        raise TransitionRefused({"fields": _("Name at least one field.")})
    with transaction.atomic():
        application = RecognitionApplication(
            kind=kind, organization=organization, hub=hub, level=level, division=division, parent=parent,
            short_name=short_name, slug=slug, statement=statement, recognised_by=recognised_by)
        start(MACHINE, application, user, state="submitted", on=on, due_in=FIRST_DEADLINE)
        application.fields.set(fields)
    return application


def step(application: RecognitionApplication, name: str, user, *, reason: str = "", on=None, **values):
    """review / approve / reject / withdraw: the steps with no effect beyond the record itself."""
    if name in ("recognise", "revoke"):
        raise TransitionRefused(_("Recognition and revocation go through the batch and revocation forms."))
    return take(MACHINE, application, name, user, reason=reason, on=on, values=values)


def recognise_batch(applications: list[RecognitionApplication], user, *, batch: int, on: datetime.date,
                    document_number: str, reason: str = "") -> list[Recognition]:
    """认定 in one batch: every application with the same batch number, date and document, or none."""
    if not document_number.strip():
        raise TransitionRefused({"document_number": _("A recognition batch has a document number (文号).")})
    if not applications:
        raise TransitionRefused(_("Choose the approved applications to recognise."))
    recognitions = []
    with transaction.atomic():
        for application in applications:
            take(MACHINE, application, "recognise", user, reason=reason or document_number, on=on,
                 values={"batch": batch, "recognised_on": on, "document_number": document_number},
                 effect=_recognise)
            application.refresh_from_db()
            recognitions.append(application.recognition)
    return recognitions


def _recognise(application: RecognitionApplication, step: Step) -> None:
    hub = application.hub if application.kind == RecognitionApplication.Kind.FIELDS else _create_hub(application)
    reason = _("recognised in batch %(batch)s, %(doc)s") % {"batch": application.batch,
                                                             "doc": application.document_number}
    with authorising(reason):
        hub.fields.set(application.fields.all())
    application.hub = hub
    application.recognition = Recognition.objects.create(
        hub=hub, recognised_by=application.recognised_by, batch=application.batch,
        recognised_on=application.recognised_on, document_number=application.document_number)
    application.save(update_fields=["hub", "recognition"])


def _create_hub(application: RecognitionApplication) -> Hub:
    org = application.organization
    unit = SupervisoryUnit.objects.create(name=application.short_name, kind=SupervisoryUnit.Kind.HUB,
                                          level=application.level, division=application.division)
    hub = Hub(organization=org, slug=application.slug, short_name=application.short_name,
              level=application.level, division=application.division, parent=application.parent,
              supervisory_unit=unit)
    hub.full_clean()
    hub.save()
    return hub


def revoke(recognition: Recognition, user, *, on: datetime.date, document_number: str, reason: str) -> Recognition:
    """Revoke a recognition: the fields it authorised are withdrawn from the hub (all, when none other stands)."""
    if not OFFICE.admits(scope_of(user), recognition):
        raise TransitionRefused(_("Only the office may revoke a recognition."))
    if not reason.strip() or not document_number.strip():
        raise TransitionRefused(_("A revocation names its document number and its reason."))
    with transaction.atomic():
        recognition = Recognition.objects.select_for_update().get(pk=recognition.pk)
        if recognition.revoked_on:
            raise TransitionRefused(_("This recognition was already revoked on %(d)s.") % {"d": recognition.revoked_on})
        if on < recognition.recognised_on:
            raise TransitionRefused({"revoked_on": _("Revocation cannot come before recognition (%(d)s).")
                                     % {"d": recognition.recognised_on}})
        application = RecognitionApplication.objects.filter(recognition=recognition).first()
        if application is not None:
            take(MACHINE, application, "revoke", user, reason=reason, on=on)
        recognition.revoked_on, recognition.revocation_document = on, document_number
        recognition.full_clean()
        recognition.save()
        _withdraw_fields(recognition, application, reason)
        StepLog.record(recognition, MACHINE.name, "recognised", "revoked", "revoke", user, reason, on)
    return recognition


def _withdraw_fields(recognition: Recognition, application, reason: str) -> None:
    hub = recognition.hub
    standing = hub.recognitions.filter(revoked_on__isnull=True).exists()
    with authorising(_("revocation: %(reason)s") % {"reason": reason}):
        if not standing:
            hub.fields.clear()
        elif application is not None and application.kind == RecognitionApplication.Kind.NEW_HUB:
            hub.fields.remove(*application.fields.all())
