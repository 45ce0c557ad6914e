"""Members' personal data (names, phone numbers, ID numbers): shown to those whose work needs it, masked
for everyone else. The ONE place this is decided — pages, API and exports all ask here.

Who sees it: the city office, and a hub's party-work staff (a hub grant with `party_work`)
for the members in their hub's network. Everyone else — district offices, other hub staff,
the registration authority, organisation accounts — sees the masked form.
"""
from __future__ import annotations

from functools import cached_property

from shuniu.accounts.models import Role
from shuniu.accounts.permissions import hub_subtree, scope_of

NAME, PHONE, ID_NUMBER = "name", "phone", "id_number"
MASK = "*"


def mask_name(value: str) -> str:
    """张三 → 张*, 欧阳明月 → 欧***: the family name's first character only."""
    value = (value or "").strip()
    return value[:1] + MASK * max(len(value) - 1, 1) if value else ""


def mask_phone(value: str) -> str:
    """13812345678 → 138****5678."""
    digits = (value or "").strip()
    if len(digits) < 7:
        return MASK * len(digits)
    return digits[:3] + MASK * (len(digits) - 7) + digits[-4:]


def mask_id_number(value: str) -> str:
    """110105198001011238 → 110***********1238: neither birth date nor sequence is disclosed."""
    value = (value or "").strip()
    if len(value) < 8:
        return MASK * len(value)
    return value[:3] + MASK * (len(value) - 7) + value[-4:]


MASKS = {NAME: mask_name, PHONE: mask_phone, ID_NUMBER: mask_id_number}


class PersonalData:
    """What one user may see of members' and instructors' personal data (build once per request)."""

    def __init__(self, user):
        self.scope = scope_of(user)

    @cached_property
    def party_hub_ids(self) -> frozenset[int]:
        roots = {g.hub_id for g in self.scope.grants if g.role == Role.HUB and g.party_work and g.hub_id}
        return frozenset(hub_subtree(roots)) if roots else frozenset()

    @cached_property
    def _organization_ids(self) -> frozenset[int]:
        from shuniu.hubs.models import Affiliation, Hub

        if not self.party_hub_ids:
            return frozenset()
        linked = set(Affiliation.objects.filter(end__isnull=True, hub_id__in=self.party_hub_ids)
                     .values_list("organization_id", flat=True))
        linked |= set(Hub.objects.filter(pk__in=self.party_hub_ids).values_list("organization_id", flat=True))
        return frozenset(linked)

    @property
    def sees_any(self) -> bool:
        return self.scope.everything or bool(self.party_hub_ids)

    def reveals(self, record) -> bool:
        """Whether `record` (a PartyMember or an Instructor) is shown unmasked to this user."""
        if self.scope.everything:
            return True
        if not self.party_hub_ids:
            return False
        hub_id = getattr(record, "hub_id", None)  # an instructor belongs to a hub
        if hub_id is not None:
            return hub_id in self.party_hub_ids
        if getattr(record, "organization_id", None) in self._organization_ids:
            return True
        branch = getattr(record, "branch", None) if getattr(record, "branch_id", None) else None
        return branch is not None and branch.hub_id in self.party_hub_ids

    def show(self, record, field: str) -> str:
        value = getattr(record, field) or ""
        return value if self.reveals(record) else MASKS[field](value)


def personal_data(request_or_user) -> PersonalData:
    """The request's PersonalData, computed once per request (pages call it several times)."""
    user = getattr(request_or_user, "user", request_or_user)
    cached = getattr(user, "_shuniu_personal_data", None)
    if cached is None:
        cached = PersonalData(user)
        if user is not None:
            try:
                user._shuniu_personal_data = cached
            except AttributeError:
                pass
    return cached
