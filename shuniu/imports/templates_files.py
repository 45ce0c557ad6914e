"""The downloadable templates: the spec's Chinese headers, one example row, and notes."""
from __future__ import annotations

import csv
import io

from .specs import SPECS


def template_csv(kind: str) -> bytes:
    spec = SPECS[kind].SPEC
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.header + ("*" if c.required else "") for c in spec.columns])
    writer.writerow([spec.example.get(c.key, "") for c in spec.columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # with a BOM so Excel reads it as UTF-8


def template_xlsx(kind: str) -> bytes:
    import xlsxwriter

    spec = SPECS[kind].SPEC
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    text = book.add_format({"num_format": "@"})  # codes stay text: 110105 must not become a number
    sheet = book.add_worksheet(spec.label)
    for i, column in enumerate(spec.columns):
        sheet.write_string(0, i, column.header + ("*" if column.required else ""), bold)
        sheet.write_string(1, i, spec.example.get(column.key, ""), text)
        sheet.set_column(i, i, 18, text)
    notes = book.add_worksheet("说明")
    notes.write_row(0, 0, ["列", "必填", "也可写作", "说明"], bold)
    for i, column in enumerate(spec.columns, start=1):
        notes.write_row(i, 0, [column.header, "是" if column.required else "", "、".join(column.headers[1:]),
                               column.help])
    notes.set_column(0, 3, 24)
    book.close()
    return out.getvalue()
