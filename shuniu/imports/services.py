"""Run one import: read, validate every row, then write all or nothing.

`run_import` is what the command, the background job and the tests call. It
needs an acting user (acting_as) like every change. The whole import is one
transaction: an invalid row, a key two rows claim, or an unreadable file means
nothing is written, and a dry run rolls back what a real run would have done, so
its counts are the real ones.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from shuniu.accounts.permissions import CHANGE, may_import, restrict
from shuniu.audit.history import current_actor

from . import columnar
from .check import Checker
from .reading import SAMPLE, UnreadableFile, cell, read_rows
from .report import DUPLICATE, WARNING, Entry, Report, RowInvalid
from .specs import SPECS
from .staging import Stage

log = logging.getLogger(__name__)
PROGRESS_EVERY = 10_000
Progress = Callable[[str, int], None]  # (phase, rows read so far)


class _Refused(Exception):
    """Internal: leave the transaction, rolling everything back."""


def run_import(kind: str, handle: BinaryIO, *, dry_run: bool = False, progress: Progress | None = None,
               user=None) -> Report:
    """Import the file; with `user`, only rows inside what that user may add and change (restrict())."""
    current_actor()  # fail before reading anything if nobody is responsible
    spec = SPECS[kind]
    report = Report()
    progress = progress or (lambda phase, n: None)
    try:
        try:
            _attempt(spec, handle, report, dry_run, progress, user, by_blocks=True)
        except columnar.NotColumnar as exc:  # rolled back before anything was kept: read it row by row
            log.info("import read row by row: %s", exc)
            report = Report()
            _attempt(spec, handle, report, dry_run, progress, user, by_blocks=False)
    except _Refused:
        pass
    except UnreadableFile as exc:
        report.error(0, "", "", _("unreadable file: %(error)s") % {"error": exc})
    except DatabaseError as exc:  # a constraint the checks above missed: still nothing is written
        log.warning("import refused by the database", exc_info=True)
        report.error(0, "", "", _("the database refused the rows: %(error)s") % {"error": str(exc).splitlines()[0]})
    if report.has_errors:
        report.created = report.updated = report.unchanged = 0
    return report


def _attempt(spec, handle: BinaryIO, report: Report, dry_run: bool, progress: Progress, user,
             by_blocks: bool) -> None:
    handle.seek(0)
    with transaction.atomic():
        _run(spec, handle, report, dry_run, progress, user, by_blocks)
        if dry_run or report.has_errors:
            raise _Refused


def _run(spec, handle: BinaryIO, report: Report, dry_run: bool, progress: Progress, user, by_blocks) -> None:
    by_blocks = by_blocks and hasattr(spec, "parse_block") and columnar.can_read(handle.read(SAMPLE))
    handle.seek(0)
    rows = read_rows(handle)
    header = next(rows, None)
    if header is None:
        report.error(0, "", "", _("the file is empty"))
        return
    positions, unknown, problems = spec.SPEC.header_map(header)
    for problem in problems:
        report.error(0, "", "", problem)
    for name in unknown:
        report.add(Entry(1, name, "", _("column not recognised; ignored"), WARNING))
    if problems:
        return
    if user is not None and not may_import(user, spec.SPEC.kind, spec.MODEL):
        report.error(0, "", "", _("your role may not add these records"))
        return
    if not getattr(spec, "STAGED", True):
        _run_in_memory(spec, rows, positions, report, dry_run, progress, user)
        return
    source = _Source(handle, rows, header, positions, by_blocks)
    if dry_run:
        _check(spec, source, report, progress, user)
        return
    stage = Stage(spec, {col.key for col in positions.values()})
    try:
        ctx = spec.Context(user)  # its queries before the COPY opens: the connection serves one at a time
        stage.create()
        source.validate(spec, stage, ctx, report, progress)
        if report.invalid:
            return
        progress("matching", report.rows)
        stage.finish_loading()
        stage.match()
        _report_conflicts(stage, report)
        if user is not None:
            _report_out_of_scope(stage, report, user)
        if report.invalid:
            return
        _report_similar(stage, report)
        for key, value in stage.classify().items():
            setattr(report, key, value)
        progress("writing", report.rows)
        stage.write(report.created)
        stage.drop()
    finally:
        stage.abandon()  # an open COPY is closed; a rollback that follows removes the temporary tables


def _check(spec, source: _Source, report: Report, progress: Progress, user) -> None:
    """A dry run: the same checks and counts, in Python alone (check.py), nothing sent to the database."""
    checker = Checker(spec, source.positions, source.handle)
    source.validate(spec, checker, spec.Context(user, initials=False), report, progress)
    if report.invalid:
        return
    progress("matching", report.rows)
    checker.finish()
    _report_conflicts(checker, report)
    if user is not None:
        _report_out_of_scope(checker, report, user)
    if report.invalid:
        return
    _report_similar(checker, report)
    for key, value in checker.classify().items():
        setattr(report, key, value)


def _run_in_memory(spec, rows, positions, report: Report, dry_run: bool, progress: Progress, user) -> None:
    """Kinds with small files (affiliations): parsed rows are kept, then the spec writes them."""
    ctx = spec.Context(user)
    columns = list(positions.items())
    parsed = []
    for row_no, cells in enumerate(rows, start=2):
        values = {col.key: cell(cells[pos]) for pos, col in columns if pos < len(cells)}
        if not any(values.values()):
            continue
        report.rows += 1
        if report.rows > spec.MAX_ROWS:
            report.error(0, "", "", _("more than %(n)d rows: split the file") % {"n": spec.MAX_ROWS})
            return
        try:
            parsed.append((row_no, spec.parse_row(values, ctx)[0]))
        except RowInvalid as exc:
            report.invalid += 1
            report.error(row_no, exc.column, exc.value, exc.reason)
    progress("writing", report.rows)
    spec.write(parsed, report, dry_run or report.invalid > 0, user)  # checks the rows against the registry too


class _Source:
    """The rows to validate: a block at a time (columnar.py) or a row at a time (reading.py)."""

    def __init__(self, handle: BinaryIO, rows, header: list[str], positions: dict, by_blocks: bool):
        self.handle, self.rows, self.header, self.positions, self.by_blocks = handle, rows, header, positions, by_blocks

    def validate(self, spec, sink, ctx, report: Report, progress: Progress) -> None:
        """Check every row; valid rows go to sink.add / sink.add_block until the first invalid one."""
        if not self.by_blocks:
            _validate(spec, self.rows, self.positions, sink.add, ctx, report, progress)
            return
        keys = {position: col.key for position, col in self.positions.items()}
        for block in columnar.blocks(self.handle, keys, len(self.header)):
            row_no, values = _validate_block(spec, block, ctx, report)
            if not report.invalid and len(row_no):
                sink.add_block(row_no, values)
            progress("validating", report.rows)


def _validate_block(spec, block: columnar.Block, ctx, report: Report) -> tuple[np.ndarray, dict]:
    """The block's rows checked by column; the rows the columns leave are read one by one, in row order."""
    values, slow = spec.parse_block(block, ctx)
    keep = ~slow
    counted = len(block.row_no)
    replacements: list[tuple] = []
    for i in np.nonzero(slow)[0].tolist():
        row_no = int(block.row_no[i])
        cells = columnar.row_cells(block, i)
        if not any(cells.values()):
            counted -= 1  # blank once Python strips it (a control character that is also a space)
            continue
        try:
            staged, warnings = spec.parse_row(cells, ctx)
        except RowInvalid as exc:
            report.invalid += 1
            report.error(row_no, exc.column, exc.value, exc.reason)
            continue
        for column, value, reason in warnings:
            report.add(Entry(row_no, column, value, reason, WARNING))
        keep[i] = True
        replacements.append(staged)
    report.rows += counted
    if replacements:
        mask = pa.array(slow & keep)
        for j, (field, column) in enumerate(values.items()):
            values[field] = pc.replace_with_mask(column, mask, pa.array([r[j] for r in replacements],
                                                                          type=column.type))
    picked = pa.array(keep)
    return block.row_no[keep], {field: column.filter(picked) for field, column in values.items()}


def _validate(spec, rows, positions, add: Callable[[int, tuple], None], ctx, report: Report,
              progress: Progress) -> None:
    columns = list(positions.items())
    for row_no, cells in enumerate(rows, start=2):
        width = len(cells)
        values = {col.key: cells[pos].strip() for pos, col in columns if pos < width}
        if not any(values.values()):
            continue  # blank lines between blocks of data are common in office spreadsheets
        report.rows += 1
        if report.rows % PROGRESS_EVERY == 0:
            progress("validating", report.rows)
        try:
            staged, warnings = spec.parse_row(values, ctx)
        except RowInvalid as exc:
            report.invalid += 1
            report.error(row_no, exc.column, exc.value, exc.reason)
            continue
        for column, value, reason in warnings:
            report.add(Entry(row_no, column, value, reason, WARNING))
        if not report.invalid:  # after the first invalid row only checking goes on; nothing will be written
            add(row_no, staged)


def _report_conflicts(stage: Stage | Checker, report: Report) -> None:
    labels = {"uscc": "统一社会信用代码", "certificate_number": "登记证号",
              "name+registering_division_id": "名称+登记管理机关", "record": "匹配的记录"}
    invalid_rows = set()
    for row, first, what in stage.conflicts():
        invalid_rows.add(row)
        label = labels.get(what, what)
        report.error(row, label, "", _("same %(key)s as row %(row)d") % {"key": label, "row": first})
    report.invalid += len(invalid_rows)


def _report_out_of_scope(stage: Stage | Checker, report: Report, user) -> None:
    """Rows matching a record the user may not change are refused (the same restrict() as every page)."""
    changeable = restrict(stage.model.objects.all(), user, CHANGE).values("pk")
    for row, pk in stage.matched_outside(changeable):
        report.invalid += 1
        report.error(row, "", "", _("matches registered #%(pk)d, which you may not change") % {"pk": pk})


def _report_similar(stage: Stage | Checker, report: Report) -> None:
    """Likely duplicates are listed for the office to decide, and never merged."""
    room = max(0, 10_000 - len(report.entries))
    total, listed = stage.similar_in_file(room)
    for row, name, first_row, first_name in listed:
        report.add(Entry(row, "名称", name, _("likely the same organisation as row %(row)d (%(name)s)")
                         % {"row": first_row, "name": first_name},
                         DUPLICATE))
    report.duplicates += total - len(listed)
    report.omitted += total - len(listed)
    stage.load_existing_names()
    room = max(0, 10_000 - len(report.entries))
    total, listed = stage.similar_in_registry(room)
    for row, name, pk, existing in listed:
        report.add(Entry(row, "名称", name, _("likely the same organisation as registered #%(pk)d (%(name)s)")
                         % {"pk": pk, "name": existing},
                         DUPLICATE))
    report.duplicates += total - len(listed)
    report.omitted += total - len(listed)
