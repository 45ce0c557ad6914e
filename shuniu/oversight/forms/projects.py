from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shuniu.accounts.permissions import restrict
from shuniu.hubs.models import Hub
from shuniu.registry.models import Organization

from ..models import ProjectReport, ServiceCall, ServiceProject

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # what <input type=date> reads


class ProjectForm(forms.ModelForm):
    """申报: open calls only; the organisation and the responsible hub among those the user may see."""

    class Meta:
        model = ServiceProject
        fields = ["call", "organization", "responsible_hub", "title", "category", "summary", "requested_amount",
                  "planned_beneficiaries", "starts", "ends"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3}), "starts": DATE, "ends": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["call"].queryset = ServiceCall.objects.filter(opens__lte=today, deadline__gte=today)
        self.fields["organization"].queryset = restrict(Organization.objects.all(), user).order_by("name")
        self.fields["responsible_hub"].queryset = restrict(Hub.objects.all(), user)


class CallForm(forms.ModelForm):
    class Meta:
        model = ServiceCall
        fields = ["year", "title", "budget", "opens", "deadline"]
        widgets = {"opens": DATE, "deadline": DATE}


class ReportForm(forms.ModelForm):
    class Meta:
        model = ProjectReport
        fields = ["text", "beneficiaries", "funds_spent"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}
        labels = {"text": _("report")}
