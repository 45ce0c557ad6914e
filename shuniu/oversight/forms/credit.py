import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Cause, ListKind


class EnterForm(forms.Form):
    list_kind = forms.ChoiceField(label=_("list"), choices=ListKind.choices)
    cause = forms.ChoiceField(label=_("cause"), choices=Cause.choices)
    entered_on = forms.DateField(label=_("listed on"), initial=datetime.date.today)
    reason = forms.CharField(label=_("reason for listing"), widget=forms.Textarea(attrs={"rows": 3}))
    document = forms.CharField(label=_("decision document"), required=False)


class LeaveForm(forms.Form):
    left_on = forms.DateField(label=_("removed on"), initial=datetime.date.today)
    reason = forms.CharField(label=_("reason for removal"), widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)
