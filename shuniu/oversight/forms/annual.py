from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import AnnualReport, Conclusion


class ReportForm(forms.ModelForm):
    """The organisation's parts of the report; saved as a draft or filed."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = AnnualReport
        fields = ["work_report", "income", "expenditure", "net_assets", "party_building"]
        widgets = {"work_report": forms.Textarea(attrs={"rows": 6}),
                   "party_building": forms.Textarea(attrs={"rows": 4})}


class StepForm(forms.Form):
    """One step on a report: which one, and what it needs."""

    action = forms.ChoiceField(choices=[("file", _("File")), ("accept", _("Pass to the authority")),
                                        ("return", _("Return with reasons")), ("conclude", _("Conclude"))])
    conclusion = forms.ChoiceField(label=_("conclusion"), choices=[("", "—"), *Conclusion.choices], required=False)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)
