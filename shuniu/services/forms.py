"""The activity entry form, for hub staff and for organisations recording their own activities.

Organisations, the organiser and the facility are named, not picked from lists of
thousands: each name is looked up among what the user may see, and a name that is
not found is an error naming it.
"""
from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from shuniu.accounts.permissions import own_organizations, restrict
from shuniu.audit.versioning import VersionedModelForm
from shuniu.divisions.models import Division
from shuniu.hubs.models import Hub
from shuniu.registry.fields import OrganizationField
from shuniu.registry.models import Organization

from .models import LATITUDE, LONGITUDE, Activity, ContactRecord, Facility


class ActivityForm(VersionedModelForm):
    organizer_name = forms.CharField(label=_("organising organisation"), required=False,
                                     help_text=_("Its registered name; leave empty when the hub organised it."))
    facility_name = forms.CharField(label=_("facility"), required=False, help_text=_("The facility's name, if any."))
    participants = forms.CharField(label=_("organisations taking part"), required=False, widget=forms.Textarea(
        attrs={"rows": 4}), help_text=_("One organisation name per line."))

    class Meta:
        model = Activity
        fields = ["title", "hub", "start", "end", "served", "reached", "description"]
        widgets = {"start": forms.DateInput(attrs={"type": "date"}), "end": forms.DateInput(attrs={"type": "date"}),
                   "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["hub"].queryset = Hub.objects.restrict(user).order_by("level", "slug")
        self.own_organization = None
        own = own_organizations(user)
        if own is not None:
            # An organisation records its own activities: it is the organiser.
            self.own_organization = Organization.objects.filter(pk__in=own).first()
            del self.fields["organizer_name"]
        if self.instance.pk and not self.is_bound:
            self._initial_names()

    def _initial_names(self) -> None:
        """An edit opens with the organiser, facility and participants named as they would be typed."""
        activity = self.instance
        if "organizer_name" in self.fields and activity.organizer_id:
            self.initial["organizer_name"] = activity.organizer.name
        if activity.facility_id:
            self.initial["facility_name"] = activity.facility.name
        self.initial["participants"] = "\n".join(
            activity.organizations.order_by("name").values_list("name", flat=True))

    def _visible_org(self, name: str, field: str) -> Organization:
        org = restrict(Organization.objects.filter(name=name.strip()), self.user).first()
        if org is None:
            raise ValidationError({field: _("No organisation named “%(name)s” among those you may see.")
                                   % {"name": name.strip()}})
        return org

    def clean(self):
        data = super().clean()
        if self.own_organization is not None:
            self.instance.organizer = self.own_organization
        elif data.get("organizer_name", "").strip():
            self.instance.organizer = self._visible_org(data["organizer_name"], "organizer_name")
        elif "organizer_name" in data:
            self.instance.organizer = None  # emptied: the hub organised it
        name = data.get("facility_name", "").strip()
        self.instance.facility = None
        if name:
            facility = restrict(Facility.objects.filter(name=name), self.user).first()
            if facility is None:
                self.add_error("facility_name", _("No facility named “%(name)s” among those you may see.")
                               % {"name": name})
            self.instance.facility = facility
        self.taking_part = []
        for line in filter(None, (row.strip() for row in data.get("participants", "").splitlines())):
            try:
                self.taking_part.append(self._visible_org(line, "participants"))
            except ValidationError as error:
                self.add_error(None, error)
        return data

    def save(self, commit=True):
        activity = super().save(commit=commit)
        if commit:
            activity.participations.exclude(organization__in=self.taking_part).delete()
            kept = set(activity.participations.values_list("organization_id", flat=True))
            for org in dict.fromkeys(o for o in self.taking_part if o.pk not in kept):
                activity.participations.create(organization=org)
        return activity


class ContactRecordForm(forms.ModelForm):
    organization_name = OrganizationField()
    field_order = ["hub", "organization_name", "kind", "date", "note"]

    class Meta:
        model = ContactRecord
        fields = ["hub", "kind", "date", "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization_name"].user = user
        self.fields["hub"].queryset = Hub.objects.restrict(user).order_by("level", "slug")

    def clean_organization_name(self):
        self.instance.organization = self.cleaned_data["organization_name"]
        return self.instance.organization


def within_beijing(value, bounds, label):
    """The coordinate, or a ValidationError naming it and Beijing's extent (the form and the import both ask)."""
    if value is not None and not bounds[0] <= value <= bounds[1]:
        raise ValidationError(_("%(field)s %(value)s is outside Beijing (%(low)s–%(high)s).")
                              % {"field": label, "value": value, "low": bounds[0], "high": bounds[1]})
    return value


class FacilityForm(VersionedModelForm):
    """A facility of the hub's network: hubs offered are the page's hub and its sub-hubs the user may change;
    the division is named by its code (there are hundreds of streets)."""

    division_code = forms.CharField(label=_("division code"), max_length=12,
                                    help_text=_("The street or township code, e.g. 110105001."))
    field_order = ["name", "kind", "hub", "division_code", "address", "latitude", "longitude", "opened", "closed",
                   "members_covered"]

    class Meta:
        model = Facility
        fields = ["name", "kind", "hub", "address", "latitude", "longitude", "opened", "closed", "members_covered"]
        widgets = {"opened": forms.DateInput(attrs={"type": "date"}), "closed": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, user, hubs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = hubs
        self.fields["hub"].error_messages["invalid_choice"] = _(
            "Hub “%(value)s” is not in this network or not among the hubs you may change.")
        if self.instance.pk and not self.is_bound:
            self.initial["division_code"] = self.instance.division.code

    def clean_division_code(self):
        code = self.cleaned_data["division_code"].strip()
        division = Division.objects.filter(code=code).first()
        if division is None:
            raise ValidationError(_("No division with code “%(code)s”.") % {"code": code})
        self.instance.division = division
        return code

    def _within(self, field: str, bounds, label) -> None:
        return within_beijing(self.cleaned_data.get(field), bounds, label)

    def _post_clean(self):
        super()._post_clean()
        if {"latitude", "longitude"} & set(self.errors) and NON_FIELD_ERRORS in self.errors:
            # A refused coordinate is missing from the instance: "give both or neither" would mislead.
            both = str(_("Give both latitude and longitude, or neither."))
            kept = [e for e in self.errors[NON_FIELD_ERRORS] if e != both]
            if kept:
                self.errors[NON_FIELD_ERRORS] = self.error_class(kept, error_class="nonfield")
            else:
                del self.errors[NON_FIELD_ERRORS]

    def clean_latitude(self):
        return self._within("latitude", LATITUDE, _("Latitude"))

    def clean_longitude(self):
        return self._within("longitude", LONGITUDE, _("Longitude"))
