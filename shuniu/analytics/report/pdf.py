"""The yearly report as a PDF: an HTML page (Django template, autoescaped) laid out by WeasyPrint.

WeasyPrint because it lays out Chinese with the system's Noto CJK fonts
through Pango, embeds them subsetted with their text (the PDF is searchable
and copyable), and takes the charts as inline SVG. Every value reaches the
page escaped, by the template or by svg.py, so markup in a name is printed
as text.
"""
from __future__ import annotations

import datetime

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from . import svg
from .model import DEC1, DEC2, INT, PCT, Report, cell, show

NUMERIC = {INT, DEC1, DEC2, PCT}


def html(report: Report) -> str:
    return render_to_string("analytics/yearly_report.html", {
        "report": report, "parts": _parts(report), "as_of": datetime.date.fromisoformat(report.as_of),
        "generated_on": datetime.date.fromisoformat(report.generated_on)})


def write_pdf(report: Report, target) -> None:
    """Write the PDF to a path or a binary file."""
    import weasyprint  # imported here: loading Pango takes a moment the other pages need not pay

    weasyprint.HTML(string=html(report)).write_pdf(target)


def _parts(report: Report) -> list[dict]:
    parts, figure = [], 0
    for number, section in enumerate(report.sections, 1):
        charts = []
        for chart in section.charts:
            figure += 1
            drawing = mark_safe(svg.render(chart))  # every text in it is escaped by svg.py
            charts.append({"number": figure, "title": chart.title, "svg": drawing})
        parts.append({"section": section, "table_number": number, "charts": charts, "rows": [
            [_cell(*cell(column, value)) for column, value in zip(section.columns, row, strict=True)]
            for row in section.rows]})
    return parts


def _cell(value, fmt: str) -> dict:
    numeric = fmt in NUMERIC and isinstance(value, (int, float)) and not isinstance(value, bool)
    return {"text": show(value, fmt) if numeric or value is None else str(value), "numeric": numeric}
