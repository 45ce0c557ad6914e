from django import template

from shuniu.analytics import figures

register = template.Library()


@register.inclusion_tag("analytics/_yearly_report_form.html")
def yearly_report_form(district: str | None = None) -> dict:
    """The download form of the yearly report; the last full year by default."""
    this_year = figures.today().year
    return {"report_year": this_year - 1, "report_year_max": this_year, "report_district": district}
