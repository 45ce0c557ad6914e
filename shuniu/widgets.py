"""A select that renders its options in Python.

Django renders each <option> through the template engine; a filter with a few
hundred choices (supervisory units, hubs) then costs tens of milliseconds per
page. The markup is the same, escaped the same way.
"""
from django import forms
from django.utils.html import escape, format_html_join
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        selected = {str(v) for v in self.format_value(value)}
        options = "".join(
            f'<option value="{escape(v)}"{" selected" if v in selected else ""}>{escape(label)}</option>'
            for v, label in self._flat_choices())
        attrs_html = format_html_join("", ' {}="{}"', ((k, v) for k, v in final.items() if v is not False))
        return mark_safe(f"<select{attrs_html}>{options}</select>")

    def _flat_choices(self):
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):  # optgroups are not used by our filters; flatten them
                yield from ((str(v), lbl) for v, lbl in label)
            else:
                yield ("" if option_value is None else str(getattr(option_value, "value", option_value)), label)
