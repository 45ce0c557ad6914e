from django import template

register = template.Library()


@register.filter
def percent(value, digits: int = 1) -> str:
    """0.809 → 80.9%; a missing figure shows as a dash, never as 0%."""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.{int(digits)}f}%"


@register.filter
def num(value) -> str:
    """7216 → 7,216 in every language (zh-hans formats would print 7216)."""
    if value is None or value == "":
        return "—"
    return f"{value:,}"


@register.filter
def wan(value) -> str:
    """Population in 万, as Chinese statistics print it: 919000 → 91.9万."""
    if value is None or value == "":
        return "—"
    return f"{value / 10_000:,.1f}万"


@register.filter
def dash(value):
    """A dash for a missing figure only: unlike `default`, 0 stays 0."""
    return "—" if value is None or value == "" else value
