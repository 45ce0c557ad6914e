from django import forms
from django.utils.translation import gettext_lazy as _

from shuniu.accounts.permissions import restrict
from shuniu.hubs.models import Hub
from shuniu.registry.models import Organization, SupervisoryUnit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # what <input type=date> reads


class TransferForm(forms.Form):
    """移交: the organisation among those the user sees; any hub may be the receiver."""

    organization = forms.ModelChoiceField(Organization.objects.none(), label=_("organisation"))
    to_hub = forms.ModelChoiceField(Hub.objects.all(), label=_("receiving hub"))
    effective_on = forms.DateField(label=_("effective on"), widget=DATE)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("reason"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = restrict(Organization.objects.all(), user).order_by("name")


class UnitChangeForm(forms.Form):
    organization = forms.ModelChoiceField(Organization.objects.none(), label=_("organisation"))
    to_unit = forms.ModelChoiceField(SupervisoryUnit.objects.exclude(kind=SupervisoryUnit.Kind.HUB),
                                     label=_("new supervisory unit"))
    effective_on = forms.DateField(label=_("effective on"), widget=DATE)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("reason"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = restrict(Organization.objects.all(), user).order_by("name")
