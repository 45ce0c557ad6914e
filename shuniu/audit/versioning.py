"""Optimistic versioning: the second of two people editing the same record is told, not overwritten.

An editable record carries `version` (inherit `Versioned`). Every save of an
existing row raises it, whoever saves (page, API, admin, a service), so a form
opened before any of those is stale. A form or API client sends back the
version it read; `save_versioned` checks it under a row lock. If someone saved
in between, nothing is written and the caller gets the record as it is now, to
show the difference.

Adopting it for a new model (see docs/adding-models.md):
    class Thing(Versioned, models.Model): ...           # the field and the bump
    class ThingForm(VersionedModelForm): ...            # pages: hidden version, stale save refused
    class ThingAdmin(VersionedAdminMixin, SimpleHistoryAdmin): ...   # the admin likewise
    RestrictedViewSetMixin                              # the API: 409 stale, 428 no version
"""
from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class VersionConflict(Exception):
    def __init__(self, current: models.Model):
        super().__init__(f"{current} was changed by someone else (now version {current.version})")
        self.current = current


class Versioned(models.Model):
    """Abstract base: a `version` raised by every save of an existing row."""

    version = models.PositiveIntegerField(gettext_lazy("version"), default=1, editable=False,
                                          help_text=gettext_lazy("Raised by every edit; a stale edit is refused."))

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding and self.pk is not None:
            self._bump(kwargs)
        super().save(*args, **kwargs)

    def _bump(self, kwargs) -> None:
        """Raise the version from the stored one. A whole-record save from a stale copy would write back
        every field someone else changed since it was read: that is refused, not done silently. A save of
        named fields (a service setting what it decides) writes only those, so it goes ahead."""
        stored = type(self)._default_manager.filter(pk=self.pk).values_list("version", flat=True).first()
        if stored is None:
            return  # the row is gone or never was: Django's own save decides
        update_fields = kwargs.get("update_fields")
        if update_fields is None and stored != self.version:
            raise VersionConflict(type(self)._default_manager.get(pk=self.pk))
        self.version = stored + 1
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version"}


def save_versioned(obj: models.Model, expected_version: int | None, save: Callable[[], object] | None = None):
    """Save `obj` only if the stored version is still `expected_version`; raises VersionConflict otherwise."""
    model = type(obj)
    with transaction.atomic():
        # No ordering: a Meta.ordering over a nullable foreign key (PartyMember's organisation) would join it,
        # and PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
        stored = (model._default_manager.select_for_update().filter(pk=obj.pk).order_by()
                  .values_list("version", flat=True))
        if expected_version is None or next(iter(stored), None) != expected_version:
            raise VersionConflict(model._default_manager.get(pk=obj.pk))
        obj.version = expected_version  # the model's save() raises it by one
        return save() if save is not None else obj.save()


def differences(form_data: dict, current: models.Model, fields) -> list[tuple[str, object, object]]:
    """(label, what the user sent, what is stored now) for each field where they differ."""
    rows = []
    for name in fields:
        try:
            field = current._meta.get_field(name)
        except FieldDoesNotExist:  # a form-only field has no stored value to compare
            continue
        mine, theirs = form_data.get(name), getattr(current, name, None)
        if field.many_to_many:
            mine, theirs = _names(mine), _names(theirs.all()) if theirs is not None else ""
        if str(mine if mine is not None else "") != str(theirs if theirs is not None else ""):
            rows.append((str(field.verbose_name), mine, theirs))
    return rows


def _names(values) -> str:
    return ", ".join(sorted(str(v) for v in values or ()))


def last_change(current: models.Model) -> tuple[str, object]:
    """(who, when) of the newest history row of `current`."""
    latest = current.history.select_related("history_user").first() if hasattr(current, "history") else None
    who = latest.history_user.get_username() if latest and latest.history_user else "—"
    return who, latest.history_date if latest else None


def conflict_of(form, current: models.Model) -> dict:
    """What a page shows when someone saved between the form's check and the lock: told the same way
    as a stale form, and the form now carries their version, so saving again is a deliberate overwrite."""
    who, when = last_change(current)
    form.data = form.data.copy()
    form.data[form.add_prefix("version")] = current.version
    return {"who": who, "when": when,
            "differences": differences(form.cleaned_data, current, [f for f in form.fields if f != "version"])}


class VersionedModelForm(forms.ModelForm):
    """A ModelForm that carries the version it was opened at and refuses a stale save.

    The refusal names who saved in between and each field theirs against yours;
    the form keeps the user's entries and now carries the version they have seen,
    so saving again is a deliberate overwrite.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk is None:
            self.fields["version"].required = False  # a new record has nothing to be stale against
        elif not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None or "version" not in cleaned:
            return cleaned
        current = type(self.instance)._default_manager.get(pk=self.instance.pk)
        if current.version != cleaned["version"]:
            self._refuse(current, cleaned)
        return cleaned

    def _refuse(self, current, cleaned) -> None:
        who, when = last_change(current)
        rows = differences(cleaned, current, [f for f in self.fields if f != "version"])
        self.conflict = {"who": who, "when": when, "differences": rows}
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = current.version
        shown = "; ".join(_("%(field)s: yours “%(mine)s”, now “%(theirs)s”") % {"field": label, "mine": mine,
                                                                              "theirs": theirs}
                          for label, mine, theirs in rows)
        raise forms.ValidationError(
            _("%(who)s saved this record at %(when)s after you opened it. %(diff)s "
              "Check the values and save again to keep yours.")
            % {"who": who, "when": f"{timezone.localtime(when):%Y-%m-%d %H:%M}" if when else "—",
               "diff": shown or _("No field you see differs.")}, code="stale")


class VersionedAdminMixin:
    """Admin side: the change form carries the version as a hidden field and refuses a stale save."""

    form = VersionedModelForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or "version" in flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], "version"]}), *rest]

    def get_form(self, request, obj=None, change=False, **kwargs):
        fields = kwargs["fields"] if "fields" in kwargs else flatten_fieldsets(self.get_fieldsets(request, obj))
        if fields is not None:  # `version` is a form field here, not an editable model field
            kwargs["fields"] = [f for f in fields if f != "version"]
        return super().get_form(request, obj, change, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        # The form checked the version; the lock closes the gap between that check and this save.
        save_versioned(obj, form.cleaned_data["version"], lambda: super(VersionedAdminMixin, self).save_model(
            request, obj, form, change))
