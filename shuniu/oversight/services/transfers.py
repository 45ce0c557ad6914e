"""移交 between hubs with both hubs' consent, and changes of supervisory unit confirmed by the authority."""
from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from shuniu.accounts.models import Role
from shuniu.accounts.permissions import scope_of
from shuniu.hubs import services as hub_services
from shuniu.registry.models import RegistrationEvent

from ..models import SupervisoryUnitChange, TransferRequest
from ..transitions import AUTHORITY, OFFICE, Machine, Step, TransitionRefused, hub_of, organization_of, start, take

RELEASING = hub_of("from_hub", gettext_lazy("the releasing hub"))
RECEIVING = hub_of("to_hub", gettext_lazy("the receiving hub"))
CONSENT_DAYS, CONFIRM_DAYS = 30, 30


def _confirmation(transfer: TransferRequest, on: datetime.date) -> str | None:
    if transfer.needs_confirmation and transfer.state != "confirmed":
        return _("A supervision transfer changes the supervisory unit: the registration authority confirms it "
                 "before it is executed.")
    return None


def _no_confirmation_needed(transfer: TransferRequest, on: datetime.date) -> str | None:
    if not transfer.needs_confirmation:
        return _("A liaison transfer needs no confirmation; execute it.")
    return None


# Each side's consent is a step; which one is waiting depends on who asked (see request()).
TRANSFER = Machine(
    gettext_lazy("transfer"),
    states={"requested": gettext_lazy("Requested, awaiting both hubs"),
            "awaiting_release": gettext_lazy("Awaiting the releasing hub"),
            "awaiting_receipt": gettext_lazy("Awaiting the receiving hub"),
            "consented": gettext_lazy("Consented by both hubs"),
            "confirmed": gettext_lazy("Confirmed by the authority"), "executed": gettext_lazy("Executed"),
            "refused": pgettext_lazy("transfer state", "Refused"), "withdrawn": gettext_lazy("Withdrawn")},
    steps=[
        Step("release_first", ("requested",), "awaiting_receipt", (RELEASING,), gettext_lazy("Consent to release"),
             due_in=CONSENT_DAYS),
        Step("receive_first", ("requested",), "awaiting_release", (RECEIVING,), gettext_lazy("Consent to receive"),
             due_in=CONSENT_DAYS),
        Step("release", ("awaiting_release",), "consented", (RELEASING,), gettext_lazy("Consent to release"),
             due_in=CONFIRM_DAYS),
        Step("receive", ("awaiting_receipt",), "consented", (RECEIVING,), gettext_lazy("Consent to receive"),
             due_in=CONFIRM_DAYS),
        # One English word, different acts: the context lets the Chinese say what each side refuses.
        Step("refuse", ("requested", "awaiting_release"), "refused", (RELEASING,),
             pgettext_lazy("transfer step of the releasing hub", "Refuse"), reason_required=True),
        Step("refuse_receipt", ("requested", "awaiting_receipt"), "refused", (RECEIVING,),
             pgettext_lazy("transfer step of the receiving hub", "Refuse"), reason_required=True),
        Step("confirm", ("consented",), "confirmed", (AUTHORITY, OFFICE), gettext_lazy("Confirm"),
             guard=_no_confirmation_needed, due_in=CONFIRM_DAYS),
        Step("execute", ("consented", "confirmed"), "executed", (OFFICE, RECEIVING), gettext_lazy("Execute"),
             guard=_confirmation),
        Step("withdraw", ("requested", "awaiting_release", "awaiting_receipt", "consented"), "withdrawn",
             (OFFICE, RELEASING, RECEIVING), gettext_lazy("Withdraw"), reason_required=True),
    ],
    final=("executed", "refused", "withdrawn"),
)
FIRST_STATE = {TransferRequest.Side.RELEASING: "awaiting_receipt", TransferRequest.Side.RECEIVING: "awaiting_release",
               TransferRequest.Side.OFFICE: "requested"}


def request(user, *, organization, to_hub, effective_on: datetime.date, reason: str,
            on: datetime.date | None = None) -> TransferRequest:
    """Ask for a transfer. The asking side's consent is given by asking."""
    current = hub_services.open_affiliation(organization)
    if current is None:
        raise TransitionRefused(_("%(org)s is not linked to any hub; link it instead of transferring it.")
                                % {"org": organization.name})
    scope = scope_of(user)
    if scope.everything:
        side = TransferRequest.Side.OFFICE
    elif Role.HUB in scope.roles and current.hub_id in scope.hub_ids:
        side = TransferRequest.Side.RELEASING
    elif Role.HUB in scope.roles and to_hub.pk in scope.hub_ids:
        side = TransferRequest.Side.RECEIVING
    else:
        raise TransitionRefused(_("Only the releasing hub, the receiving hub or the office may ask for a transfer."))
    if not reason.strip():
        raise TransitionRefused({"reason": _("Say why the organisation is transferred.")})
    if TransferRequest.objects.filter(organization=organization).exclude(state__in=TRANSFER.final).exists():
        raise TransitionRefused(_("A transfer of %(org)s is already under way.") % {"org": organization.name})
    transfer = TransferRequest(organization=organization, from_hub=current.hub, to_hub=to_hub, kind=current.kind,
                               requested_by=side, effective_on=effective_on, reason=reason)
    return start(TRANSFER, transfer, user, state=FIRST_STATE[side], reason=reason, on=on, due_in=CONSENT_DAYS)


def step(transfer: TransferRequest, name: str, user, *, reason: str = "", on=None) -> TransferRequest:
    return take(TRANSFER, transfer, name, user, reason=reason, on=on,
                effect=_execute if name == "execute" else None)


def _execute(transfer: TransferRequest, step: Step) -> None:
    """Through hubs.services.transfer: the old link ends and a new one starts (source=transferred)."""
    current = hub_services.open_affiliation(transfer.organization)
    if current is None or current.hub_id != transfer.from_hub_id:
        raise TransitionRefused(_("%(org)s is no longer linked to %(hub)s; this transfer is out of date.")
                                % {"org": transfer.organization.name, "hub": transfer.from_hub})
    transfer.affiliation = hub_services.transfer(transfer.organization, transfer.to_hub, on=transfer.effective_on,
                                                 reason=transfer.reason)
    transfer.save(update_fields=["affiliation"])


# -- change of supervisory unit ------------------------------------------------------------------------
APPLICANT = organization_of("organization", gettext_lazy("the organisation"))

UNIT_CHANGE = Machine(
    gettext_lazy("change of supervisory unit"),
    states={"requested": gettext_lazy("Requested"), "confirmed": gettext_lazy("Confirmed and recorded"),
            "refused": pgettext_lazy("change of supervisory unit state", "Refused"),
            "withdrawn": gettext_lazy("Withdrawn")},
    steps=[
        Step("confirm", ("requested",), "confirmed", (AUTHORITY,), gettext_lazy("Confirm (变更登记)"),
             fields=("document_number",)),
        Step("refuse", ("requested",), "refused", (AUTHORITY,),
             pgettext_lazy("change of supervisory unit step", "Refuse"), reason_required=True),
        Step("withdraw", ("requested",), "withdrawn", (APPLICANT, OFFICE), gettext_lazy("Withdraw"),
             reason_required=True),
    ],
    final=("confirmed", "refused", "withdrawn"),
)


def request_unit_change(user, *, organization, to_unit, effective_on: datetime.date, reason: str,
                        on: datetime.date | None = None) -> SupervisoryUnitChange:
    scope = scope_of(user)
    if not (scope.everything or organization.pk in scope.organization_ids):
        raise TransitionRefused(_("Only the organisation itself or the office may ask to change its supervisory "
                                  "unit."))
    change = SupervisoryUnitChange(organization=organization, from_unit=organization.supervisory_unit,
                                   to_unit=to_unit, effective_on=effective_on, reason=reason)
    return start(UNIT_CHANGE, change, user, state="requested", reason=reason, on=on, due_in=CONFIRM_DAYS)


def unit_change_step(change: SupervisoryUnitChange, name: str, user, *, reason: str = "", on=None, **values):
    return take(UNIT_CHANGE, change, name, user, reason=reason, on=on, values=values,
                effect=_record_unit_change if name == "confirm" else None)


def _record_unit_change(change: SupervisoryUnitChange, step: Step) -> None:
    """The unit changes with a 变更 event; a supervision link to a hub ends, since the hub no longer supervises."""
    org = change.organization
    if org.supervisory_unit_id != change.from_unit_id:
        raise TransitionRefused(_("%(org)s's supervisory unit changed since the request; ask again.")
                                % {"org": org.name})
    with transaction.atomic():
        link = hub_services.open_affiliation(org)
        if link is not None and link.kind == link.Kind.SUPERVISION:
            hub_services.end_link(link, end=change.effective_on, reason=change.reason)
            org.refresh_from_db()
        org.supervisory_unit, org.no_supervisor_reason = change.to_unit, ""
        org.save(update_fields=["supervisory_unit", "no_supervisor_reason"])
        RegistrationEvent.objects.create(
            organization=org, kind=RegistrationEvent.Kind.CHANGED, date=change.effective_on,
            document=change.document_number,
            note=_("Supervisory unit: %(old)s → %(new)s") % {"old": change.from_unit or "—", "new": change.to_unit})
