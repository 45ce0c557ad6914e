"""Entry forms for party records: a member, a meeting (三会一课), a party organisation, an instructor.

Organisations are named (credit code or exact name) and looked up among those the user sees,
never picked from a list of every organisation.
"""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shuniu.accounts.permissions import restrict
from shuniu.audit.versioning import VersionedModelForm
from shuniu.hubs.models import Hub
from shuniu.registry.fields import visible_organization

from .models import Coverage, Instructor, InstructorAssignment, PartyMeeting, PartyMember, PartyOrganization


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


class NamedOrganizationsField(forms.CharField):
    """One organisation per line, by credit code or exact name; every line must name one the user sees."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("One per line: its unified social credit code or its exact registered "
                                         "name."))
        super().__init__(**kwargs)
        self.user = None

    def to_python(self, value):
        lines = [line.strip() for line in super().to_python(value).splitlines() if line.strip()]
        found, missing, ambiguous = [], [], []
        for line in lines:
            try:
                found.append(visible_organization(self.user, line))
            except ValidationError as refusal:
                (ambiguous if refusal.code == "ambiguous" else missing).append(line)
        problems = []
        if missing:
            problems.append(_("No organisation with code or name %(names)s among those you may see.")
                            % {"names": "、".join(f"“{m}”" for m in missing)})
        if ambiguous:
            problems.append(_("Several organisations are named %(names)s: give their credit codes.")
                            % {"names": "、".join(f"“{m}”" for m in ambiguous)})
        if problems:
            raise ValidationError(problems)
        return list(dict.fromkeys(found))

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return "\n".join(o.uscc or o.name for o in value)
        return value


class PartyOrganizationForm(VersionedModelForm):
    """A party organisation and the organisations it covers: one for a 党委/党总支/党支部, two or more for a
    联合党支部, none for a hub's joint committee (its branches cover them)."""

    covered = NamedOrganizationsField(label=_("organisations covered"))
    parent_name = forms.CharField(label=_("attached to"), required=False,
                                  help_text=_("The exact name of the party organisation above it, if any."))
    field_order = ["name", "kind", "hub", "parent_name", "covered", "founded", "dissolved"]

    class Meta:
        model = PartyOrganization
        fields = ["name", "kind", "hub", "founded", "dissolved"]
        widgets = {"founded": forms.DateInput(attrs={"type": "date"}),
                   "dissolved": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = self.fields["covered"].user = user
        self.fields["hub"].queryset = Hub.objects.restrict(user).order_by("level", "slug")
        if self.instance.pk and not self.is_bound:
            self.initial["covered"] = list(self.instance.organizations.order_by("name"))
            self.initial["parent_name"] = self.instance.parent.name if self.instance.parent_id else ""

    def clean_parent_name(self):
        name = self.cleaned_data["parent_name"].strip()
        self.instance.parent = None
        if name:
            parent = restrict(PartyOrganization.objects.filter(name=name), self.user).exclude(
                pk=self.instance.pk).first()
            if parent is None:
                raise ValidationError(_("No party organisation named “%(name)s” among those you may see.")
                                      % {"name": name})
            self.instance.parent = parent
        return name

    def clean(self):
        data = super().clean()
        kind, covered = data.get("kind"), data.get("covered")
        if covered is None:
            return data
        names = "、".join(o.name for o in covered) or "—"
        if kind in PartyOrganization.SINGLE and len(covered) != 1:
            self.add_error("covered", _("A 党委, 党总支 or 党支部 covers exactly one organisation (%(n)s given: "
                                        "%(names)s); several share a 联合党支部.")
                           % {"n": len(covered), "names": names})
        elif kind == PartyOrganization.Kind.JOINT_BRANCH and len(covered) < 2:
            self.add_error("covered", _("A 联合党支部 covers two or more organisations (%(n)s given: %(names)s).")
                           % {"n": len(covered), "names": names})
        elif kind == PartyOrganization.Kind.JOINT_COMMITTEE and covered:
            self.add_error("covered", _("A joint committee covers no organisation itself; its branches do "
                                        "(%(names)s given).") % {"names": names})
        return data

    def save(self, commit=True):
        party = super().save(commit=commit)
        if commit:
            covered = self.cleaned_data["covered"]
            party.coverage.exclude(organization__in=covered).delete()
            kept = set(party.coverage.values_list("organization_id", flat=True))
            for org in covered:
                if org.pk not in kept:
                    Coverage.objects.create(party_organization=party, organization=org)
        return party


class InstructorForm(VersionedModelForm):
    """A party-building instructor of a hub, and the organisations without a branch of their own it guides."""

    guided = NamedOrganizationsField(label=_("organisations guided"))
    field_order = ["name", "phone", "hub", "guided", "start", "end"]

    class Meta:
        model = Instructor
        fields = ["name", "phone", "hub", "start", "end"]
        widgets = {"start": forms.DateInput(attrs={"type": "date"}), "end": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, user, hubs, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = self.fields["guided"].user = user
        self.fields["hub"].queryset = hubs
        if self.instance.pk and not self.is_bound:
            self.initial["guided"] = list(self.instance.organizations.order_by("name"))

    def clean_guided(self):
        guided = self.cleaned_data["guided"]
        with_branch = (Coverage.objects.filter(organization__in=guided, party_organization__dissolved__isnull=True,
                                               party_organization__kind__in=PartyOrganization.SINGLE)
                       .select_related("organization", "party_organization").order_by("organization__name"))
        refused = [_("%(org)s has its own party organisation (%(party)s)")
                   % {"org": c.organization.name, "party": c.party_organization.name} for c in with_branch]
        if refused:
            raise ValidationError(_("Instructors go to organisations without a branch of their own: %(list)s.")
                                  % {"list": "; ".join(refused)})
        return guided

    def save(self, commit=True):
        instructor = super().save(commit=commit)
        if commit:
            guided = self.cleaned_data["guided"]
            instructor.assignments.exclude(organization__in=guided).delete()
            kept = set(instructor.assignments.values_list("organization_id", flat=True))
            for org in guided:
                if org.pk not in kept:
                    InstructorAssignment.objects.create(instructor=instructor, organization=org)
        return instructor
