"""Entry forms for an organisation's party records: a member, a meeting (三会一课)."""
from django import forms

from shuniu.accounts.permissions import restrict
from shuniu.audit.versioning import VersionedModelForm

from .models import PartyMeeting, PartyMember, PartyOrganization


def _party_organizations(user, organization):
    return restrict(PartyOrganization.objects.filter(coverage__organization=organization), user).order_by("name")


class PartyMemberForm(VersionedModelForm):
    class Meta:
        model = PartyMember
        fields = ["name", "phone", "id_number", "status", "branch", "registered_elsewhere", "joined_party"]
        widgets = {"joined_party": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, user, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.fields["branch"].queryset = _party_organizations(user, organization).exclude(
            kind=PartyOrganization.Kind.JOINT_COMMITTEE)

    def clean_id_number(self):
        return self.cleaned_data["id_number"].strip().upper()


class PartyMeetingForm(forms.ModelForm):
    class Meta:
        model = PartyMeeting
        fields = ["party_organization", "kind", "date", "attendees", "topic"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, user, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party_organization"].queryset = _party_organizations(user, organization)
