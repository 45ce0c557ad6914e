from django import forms

from shuniu.audit.versioning import VersionedModelForm

from .editing import editable_fields
from .models import Organization

FIELD_ORDER = ["legal_representative", "business_scope", "members", "staff", "seat_division", "field",
               "founded_by_agency", "agency_officials_in_post", "government_funding_share"]


def organization_form_class(user) -> type[forms.ModelForm]:
    """A form with exactly the fields this user's role may edit."""
    allowed = editable_fields(user)
    chosen = tuple(name for name in FIELD_ORDER if name in allowed)

    # Carries the version the user started from; a save from a stale version is refused (audit/versioning.py).
    class OrganizationForm(VersionedModelForm):
        class Meta:
            model = Organization
            fields = chosen
            widgets = {"business_scope": forms.Textarea(attrs={"rows": 4})}

    return OrganizationForm
