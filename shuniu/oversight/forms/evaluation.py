from django import forms

from ..models import Indicator
from ..sources import choices


class IndicatorForm(forms.ModelForm):
    """The office edits an indicator; the source is chosen among the registered ones."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    class Meta:
        model = Indicator
        fields = ["name", "source", "weight", "target", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"] = forms.ChoiceField(choices=choices(), label=self.fields["source"].label,
                                                  help_text=self.fields["source"].help_text)
        if not self.is_bound and self.instance.pk:
            self.initial["version"] = self.instance.version
