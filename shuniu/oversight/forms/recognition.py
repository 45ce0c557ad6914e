from django import forms
from django.utils.translation import gettext_lazy as _

from shuniu.accounts.permissions import restrict
from shuniu.divisions.models import Division
from shuniu.hubs.models import Hub
from shuniu.registry.fields import OrganizationField
from shuniu.registry.models import Field

from ..models import RecognitionApplication


class ApplicationForm(forms.ModelForm):
    """Apply for recognition: the choices are what the user may see (restrict() on every dropdown)."""

    fields = forms.ModelMultipleChoiceField(Field.objects.all(), label=_("fields applied for"))
    organization = OrganizationField(help_text=_("The applicant: its unified social credit code or its registered "
                                                 "name."))

    class Meta:
        model = RecognitionApplication
        fields = ["kind", "organization", "hub", "fields", "level", "division", "parent", "short_name", "slug",
                  "statement", "recognised_by"]
        widgets = {"statement": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].user = user
        self.fields["hub"].queryset = restrict(Hub.objects.all(), user)
        self.fields["parent"].queryset = Hub.objects.all()
        self.fields["division"].queryset = Division.objects.filter(level__in=["city", "district", "street"])
        self.fields["recognised_by"].queryset = Division.objects.filter(level__in=["city", "district"])


class BatchForm(forms.Form):
    """认定 in a batch: the approved applications, the batch number, the date and the document."""

    applications = forms.ModelMultipleChoiceField(RecognitionApplication.objects.none(),
                                                  widget=forms.CheckboxSelectMultiple, label=_("applications"))
    batch = forms.IntegerField(min_value=1, label=_("batch"))
    on = forms.DateField(label=_("recognised on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    document_number = forms.CharField(max_length=80, label=_("document number"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = RecognitionApplication.objects.filter(state="approved")


class RevocationForm(forms.Form):
    on = forms.DateField(label=_("revoked on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    document_number = forms.CharField(max_length=80, label=_("revocation document"))
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label=_("reason"))


