from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DecideForm(forms.Form):
    action = forms.ChoiceField(choices=[("score", _("Score")), ("refuse", pgettext_lazy("grading decision", "Refuse"))])
    score = forms.IntegerField(label=_("score (of 1000)"), min_value=0, max_value=1000, required=False)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)
