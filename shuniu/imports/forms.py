from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ImportJob

MAX_UPLOAD = 400 * 1024 * 1024  # a national file of a million rows is about 250 MB as CSV


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportJob.Kind.choices)
    file = forms.FileField(label=_("CSV or Excel (XLSX) file"))
    dry_run = forms.BooleanField(label=_("Check only (dry run): write nothing"), required=False, initial=True)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_UPLOAD // 2**20})
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload
