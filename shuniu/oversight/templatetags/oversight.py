from django import template

register = template.Library()


@register.filter
def state_label(obj) -> str:
    """The workflow state of a record in words (the machines name their states)."""
    from ..services.machines import machine_for

    return machine_for(obj).label(obj.state)
