"""Which fields of an organisation each role may edit, for the page and the API alike."""
from shuniu.accounts.models import Role
from shuniu.accounts.permissions import scope_of

# An organisation's own account reports facts about itself; registration data
# (name, code, status, supervisory unit) changes through the registration authority.
SELF_EDITABLE = frozenset({"members", "staff"})
REGISTRY_EDITABLE = frozenset({"legal_representative", "business_scope", "members", "staff", "seat_division",
                               "field", "founded_by_agency", "agency_officials_in_post",
                               "government_funding_share"})


def editable_fields(user) -> frozenset[str]:
    roles = scope_of(user).roles
    if Role.OFFICE in roles or Role.AUTHORITY in roles:
        return REGISTRY_EDITABLE
    if Role.ORGANIZATION in roles:
        return SELF_EDITABLE
    return frozenset()


# What "restore this version" brings back. Status and end date are not among them: they follow the
# registration events, which are recorded, never restored away.
RESTORABLE = REGISTRY_EDITABLE | {"name", "org_type", "level", "uscc", "uscc_legacy", "certificate_number",
                                  "registering_division", "founded", "supervisory_unit", "no_supervisor_reason"}


def restorable_fields(user) -> list[str]:
    """The office restores a whole version; other roles only the fields they may edit."""
    allowed = RESTORABLE if scope_of(user).everything else RESTORABLE & editable_fields(user)
    return sorted(allowed)
