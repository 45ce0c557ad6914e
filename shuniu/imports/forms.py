from django import forms
from django.utils.translation import gettext_lazy as _

from shuniu.accounts.permissions import may_import

from .models import ImportJob
from .specs import SPECS

MAX_UPLOAD = 400 * 1024 * 1024  # a national file of a million rows is about 250 MB as CSV


def importable_kinds(user) -> list[tuple[str, str]]:
    """(kind, label) of the files this user may import: the page, the API and the templates offer only these."""
    return [(kind, label) for kind, label in ImportJob.Kind.choices
            if kind in SPECS and may_import(user, kind, SPECS[kind].MODEL)]


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=())
    file = forms.FileField(label=_("CSV or Excel (XLSX) file"))
    dry_run = forms.BooleanField(label=_("Check only (dry run): write nothing"), required=False, initial=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = importable_kinds(user)

    @property
    def forbidden_kind(self) -> bool:
        """A kind this app imports, but not for this user (refused outright rather than as a form error)."""
        kind = self.data.get("kind", "")
        return kind in SPECS and kind not in dict(self.fields["kind"].choices)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_UPLOAD // 2**20})
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload
