"""What an import found: counts and the list of problems (row, column, value, reason)."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

ERROR, DUPLICATE, WARNING = "error", "duplicate", "warning"
SEVERITY_LABELS = {ERROR: "错误", DUPLICATE: "疑似重复", WARNING: "提示"}
MAX_ENTRIES = 10_000  # kept in full; beyond this only counted (a 1M-row file of errors is one mistake repeated)
MAX_VALUE = 200  # characters of a cell quoted back in the report


@dataclass(frozen=True)
class Entry:
    row: int  # spreadsheet row: the header is row 1; 0 = the file as a whole
    column: str
    value: str
    reason: str
    severity: str = ERROR


class RowInvalid(ValueError):
    """One cell is wrong; the spec raises it and the reader turns it into an Entry."""

    def __init__(self, column: str, value: str, reason: str):
        super().__init__(reason)
        self.column, self.value, self.reason = column, value, reason


@dataclass
class Report:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    invalid: int = 0
    duplicates: int = 0
    warnings: int = 0
    entries: list[Entry] = field(default_factory=list)
    omitted: int = 0

    def add(self, entry: Entry) -> None:
        counter = {ERROR: None, DUPLICATE: "duplicates", WARNING: "warnings"}[entry.severity]
        if counter:
            setattr(self, counter, getattr(self, counter) + 1)
        if len(self.entries) < MAX_ENTRIES:
            value = entry.value if len(entry.value) <= MAX_VALUE else entry.value[:MAX_VALUE] + "…"
            self.entries.append(Entry(entry.row, entry.column, value, entry.reason, entry.severity))
        else:
            self.omitted += 1

    def error(self, row: int, column: str, value: str, reason: str) -> None:
        self.add(Entry(row, column, value, reason, ERROR))

    @property
    def has_errors(self) -> bool:
        return self.invalid > 0 or any(e.severity == ERROR and e.row == 0 for e in self.entries)

    def counts(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in ("rows", "created", "updated", "unchanged", "invalid",
                                              "duplicates", "warnings")}

    def as_json(self) -> dict:
        return {**self.counts(), "omitted": self.omitted,
                "entries": [[e.row, e.column, e.value, e.reason, e.severity] for e in self.entries]}

    @classmethod
    def from_json(cls, data: dict) -> Report:
        counts = {k: data.get(k, 0) for k in ("rows", "created", "updated", "unchanged", "invalid",
                                               "duplicates", "warnings", "omitted")}
        return cls(**counts, entries=[Entry(*e) for e in data.get("entries", [])])


def report_csv(report: Report) -> str:
    """The report as a CSV an office opens in Excel (UTF-8 with BOM so Excel reads the Chinese)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(["行", "列", "值", "原因", "类别"])
    for e in report.entries:
        value = "'" + e.value if e.value.startswith(("=", "+", "-", "@")) else e.value
        writer.writerow([e.row or "", e.column, value, e.reason, SEVERITY_LABELS.get(e.severity, e.severity)])
    if report.omitted:
        writer.writerow(["", "", "", f"另有 {report.omitted} 条未列出", ""])
    return out.getvalue()
