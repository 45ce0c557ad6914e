from django import forms
from django.utils.translation import gettext_lazy as _

from shuniu.hubs.models import Hub
from shuniu.registry.fields import OrganizationField
from shuniu.registry.models import SupervisoryUnit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # what <input type=date> reads


class TransferForm(forms.Form):
    """移交: the organisation among those the user sees (typed, registry.fields); any hub may be the receiver."""

    organization = OrganizationField()
    to_hub = forms.ModelChoiceField(Hub.objects.all(), label=_("receiving hub"))
    effective_on = forms.DateField(label=_("effective on"), widget=DATE)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("reason"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].user = user


class UnitChangeForm(forms.Form):
    organization = OrganizationField()
    to_unit = forms.ModelChoiceField(SupervisoryUnit.objects.exclude(kind=SupervisoryUnit.Kind.HUB),
                                     label=_("new supervisory unit"))
    effective_on = forms.DateField(label=_("effective on"), widget=DATE)
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("reason"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].user = user
