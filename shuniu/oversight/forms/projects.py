from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shuniu.accounts.permissions import restrict, scope_of
from shuniu.hubs.models import Hub
from shuniu.registry.models import Organization

from ..models import ProjectReport, ServiceCall, ServiceProject

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # what <input type=date> reads


class ProjectForm(forms.ModelForm):
    """申报: open calls only; the organisation and the responsible hub among those the user may see.

    The organisation is typed (credit code or registered name), as on the contact-record form:
    the office may see all 7,216 organisations, and a <select> of them made a 2 MB page.
    """

    organization = forms.CharField(label=_("organisation"), max_length=200,
                                   help_text=_("Its unified social credit code or its registered name."))
    field_order = ["call", "organization"]

    class Meta:
        model = ServiceProject
        fields = ["call", "responsible_hub", "title", "category", "summary", "requested_amount",
                  "planned_beneficiaries", "starts", "ends"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3}), "starts": DATE, "ends": DATE}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        today = timezone.localdate()
        self.fields["call"].queryset = ServiceCall.objects.filter(opens__lte=today, deadline__gte=today)
        self.fields["responsible_hub"].queryset = restrict(Hub.objects.all(), user)
        own = scope_of(user).organization_ids
        if len(own) == 1 and not self.is_bound:  # an organisation applies for itself
            self.initial["organization"] = Organization.objects.filter(pk__in=own).values_list(
                "name", flat=True).first()

    def clean_organization(self) -> Organization:
        text = self.cleaned_data["organization"].strip()
        visible = restrict(Organization.objects.all(), self.user)
        found = list(visible.filter(uscc=text.upper())[:1]) or list(visible.filter(name=text)[:2])
        if not found:
            raise ValidationError(_("No organisation with the credit code or name “%(text)s” among those you "
                                    "may see."), params={"text": text}, code="unknown")
        if len(found) > 1:
            raise ValidationError(_("Several organisations are named “%(text)s”: give its credit code."),
                                  params={"text": text}, code="ambiguous")
        self.instance.organization = found[0]
        return found[0]


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
