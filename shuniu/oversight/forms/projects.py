from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shuniu.accounts.permissions import restrict, scope_of
from shuniu.hubs.models import Hub
from shuniu.registry.fields import OrganizationField
from shuniu.registry.models import Organization

from ..models import ProjectReport, ServiceCall, ServiceProject

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # what <input type=date> reads


class ProjectForm(forms.ModelForm):
    """申报: open calls only; the organisation and the responsible hub among those the user may see.

    The organisation is typed (credit code or registered name, registry.fields): the office may
    see all of them, and a <select> of 7,216 made a 2 MB page.
    """

    organization = OrganizationField()
    field_order = ["call", "organization"]

    class Meta:
        model = ServiceProject
        fields = ["call", "responsible_hub", "title", "category", "summary", "requested_amount",
                  "planned_beneficiaries", "starts", "ends"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3}), "starts": DATE, "ends": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].user = user
        today = timezone.localdate()
        self.fields["call"].queryset = ServiceCall.objects.filter(opens__lte=today, deadline__gte=today)
        self.fields["responsible_hub"].queryset = restrict(Hub.objects.all(), user)
        own = scope_of(user).organization_ids
        if len(own) == 1 and not self.is_bound:  # an organisation applies for itself
            self.initial["organization"] = Organization.objects.filter(pk__in=own).values_list(
                "name", flat=True).first()

    def clean_organization(self) -> Organization:
        self.instance.organization = self.cleaned_data["organization"]
        return self.instance.organization


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
