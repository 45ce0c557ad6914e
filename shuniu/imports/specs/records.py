"""The shared steps of the in-memory kinds that upsert by a natural key (facilities, activities).

A spec parses each row into a Parsed (the model values of the columns the file
has, and the cell texts to quote back). write() then takes the whole file:

1. the spec resolves what needs the database (organisations and facilities named in the row);
2. each row is matched to a stored record by the spec's natural key (KEY); two rows with one key
   are refused; the row's values go onto the record (or a new one) and the model's own full_clean()
   runs, so the rules are the ones the app's forms enforce (they call the same clean());
3. rows are counted as created, updated (absent columns leave stored values alone) or unchanged, and
   likely duplicates (the same name written differently, names.similar_key) are reported, never merged;
4. the rows are written with bulk_create_audited / bulk_update_audited (one history row each), then
   re-read through restrict(): a row whose record the user may not add or change is refused by row.

A dry run does all of this too: run_import rolls the transaction back, so its counts are the real ones.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from shuniu.accounts.permissions import ADD, CHANGE, restrict
from shuniu.audit.history import bulk_create_audited, bulk_update_audited

from ..report import DUPLICATE, WARNING, Entry, Report

CHUNK = 2000


@dataclass
class Parsed:
    values: dict[str, object]  # model attname → value, for the columns the file has
    cells: dict[str, str]  # model field name → the cell as written, quoted back in the report
    warnings: list[tuple[str, str, str]] = field(default_factory=list)  # (column, value, reason)
    extra: dict[str, object] = field(default_factory=dict)  # what the spec resolves in write()


@dataclass
class Planned:
    row: int
    parsed: Parsed
    record: object  # the model instance to write
    key: tuple
    changed: list[str] | None  # None: a new record; [] unchanged; else the fields the row changes


def chunks(values, size: int = CHUNK):
    values = sorted(values, key=str)
    for i in range(0, len(values), size):
        yield values[i:i + size]


def write(spec, rows: list[tuple[int, Parsed]], report: Report, user) -> None:
    """Check every row against the stored records, then write them all (see the module docstring)."""
    for row_no, parsed in rows:
        for column, value, reason in parsed.warnings:
            report.add(Entry(row_no, column, value, reason, WARNING))
    rows = spec.resolve(rows, report, user)
    plans = _plan(spec, rows, report)
    if report.invalid:
        return
    _report_similar(spec, plans, report, user)
    new = [p for p in plans if p.changed is None]
    changed = [p for p in plans if p.changed]
    report.created, report.updated = len(new), len(changed)
    report.unchanged = len(plans) - len(new) - len(changed)
    bulk_create_audited(spec.MODEL, [p.record for p in new])
    fields = sorted({name for p in changed for name in p.changed if name in spec.STORED})
    for p in changed:
        p.record.version += 1
    if changed:
        bulk_update_audited(spec.MODEL, [p.record for p in changed], [*fields, "version"])
    spec.after_write(new, changed)
    if user is not None:
        _refuse_outside(spec, new, ADD, report, user)
        _refuse_outside(spec, changed, CHANGE, report, user)


def _plan(spec, rows: list[tuple[int, Parsed]], report: Report) -> list[Planned]:
    keys = {row_no: tuple(parsed.values[name] for name in spec.KEY) for row_no, parsed in rows}
    stored = spec.stored(set(keys.values()))
    first: dict[tuple, int] = {}
    plans = []
    for row_no, parsed in rows:
        key = keys[row_no]
        if key in first:
            report.invalid += 1
            report.error(row_no, spec.KEY_LABEL, "", _("same %(key)s as row %(row)d")
                         % {"key": spec.KEY_LABEL, "row": first[key]})
            continue
        first[key] = row_no
        record = stored.get(key)
        changed = None if record is None else spec.differences(record, parsed)
        if record is None:
            record = spec.MODEL()
        for name, value in parsed.values.items():
            setattr(record, name, value)
        spec.attach(record, parsed)
        if _clean(spec, record, row_no, parsed, report):
            spec.finish(record, parsed)
            plans.append(Planned(row_no, parsed, record, key, changed))
    return plans


def _clean(spec, record, row_no: int, parsed: Parsed, report: Report) -> bool:
    """The model's own checks (field validators and clean()); references were resolved from maps already."""
    try:
        record.full_clean(exclude=spec.RESOLVED, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        report.invalid += 1
        for name, messages in error.message_dict.items():
            for message in messages:
                report.error(row_no, spec.HEADERS.get(name, ""), parsed.cells.get(name, ""), message)
        return False
    return True


def _report_similar(spec, plans: list[Planned], report: Report, user) -> None:
    """Rows whose loose key (names.similar_key) meets another row's or a stored record's with another exact key.

    Stored records are those the user may see (restrict()): the report must not name others' records."""
    seen: dict[tuple, Planned] = {}
    for plan in plans:
        loose = spec.loose_key(plan.record)
        other = seen.setdefault(loose, plan)
        if other is not plan and other.key != plan.key:
            report.add(Entry(plan.row, spec.NAME_HEADER, spec.label(plan.record),
                             _("likely the same record as row %(row)d (%(name)s)")
                             % {"row": other.row, "name": spec.label(other.record)}, DUPLICATE))
    stored = spec.stored_similar(set(seen), user)
    for plan in plans:
        for pk, label in stored.get(spec.loose_key(plan.record), ()):
            if pk != plan.record.pk:
                report.add(Entry(plan.row, spec.NAME_HEADER, spec.label(plan.record),
                                 _("likely the same record as stored #%(pk)d (%(name)s)")
                                 % {"pk": pk, "name": label}, DUPLICATE))


def _refuse_outside(spec, plans: list[Planned], action: str, report: Report, user) -> None:
    """What was written, re-read through restrict(): rows outside the user's scope are refused (and so all)."""
    allowed: set[int] = set()
    for pks in chunks([p.record.pk for p in plans]):
        allowed.update(restrict(spec.MODEL.objects.filter(pk__in=pks), user, action).values_list("pk", flat=True))
    for plan in plans:
        if plan.record.pk not in allowed:
            report.invalid += 1
            report.error(plan.row, spec.HEADERS["hub"], plan.parsed.cells.get("hub", ""),
                         _("outside the hubs whose records you may add or change"))
