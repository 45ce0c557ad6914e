"""`{% personal record "phone" %}`: a member's or instructor's personal data as this viewer may see it."""
from django import template

from shuniu.party.privacy import personal_data

register = template.Library()


@register.simple_tag(takes_context=True)
def personal(context, record, field: str) -> str:
    return personal_data(context["request"]).show(record, field)
