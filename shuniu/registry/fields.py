"""A form field for one organisation, typed by its credit code or registered name, never picked from a list.

The office may see every organisation: 30,000 in Beijing's demo, a million nationally.
A <select> of them is megabytes of page and seconds to render, and no way to find
one. The field looks the text up among what the form's user may see (restrict()), so
a name outside the user's scope is as unknown as one that does not exist.
"""
from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shuniu.accounts.permissions import restrict

from .models import Organization


class OrganizationField(forms.CharField):
    """Cleans to the Organization; the form sets `user` (whose restrict() it looks among) in its __init__."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("organisation"))
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("help_text", _("Its unified social credit code or its registered name."))
        super().__init__(**kwargs)
        self.user = None

    def prepare_value(self, value):
        """What the box shows: an organisation (a form's initial or instance) by its code, else its name."""
        if isinstance(value, int):
            value = Organization.objects.filter(pk=value).first()
        if isinstance(value, Organization):
            return value.uscc or value.name
        return value

    def clean(self, value) -> Organization | None:
        text = super().clean(value).strip()
        return visible_organization(self.user, text) if text else None  # None: an optional field left empty


def visible_organization(user, text: str) -> Organization:
    """The organisation `text` names by credit code or exact name among those `user` may see; else why not."""
    visible = restrict(Organization.objects.all(), user)
    found = list(visible.filter(uscc=text.upper())[:1]) or list(visible.filter(name=text)[:2])
    if not found:
        raise ValidationError(_("No organisation with the credit code or name “%(text)s” among those you "
                                "may see."), params={"text": text}, code="unknown")
    if len(found) > 1:
        raise ValidationError(_("Several organisations are named “%(text)s”: give its credit code."),
                              params={"text": text}, code="ambiguous")
    return found[0]
