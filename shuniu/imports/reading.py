"""Turn an uploaded file into a stream of rows of text cells.

Offices save spreadsheets as XLSX, as UTF-8 CSV (with or without a BOM) or, from
older Excel and WPS, as GBK/GB18030 CSV. We decide the encoding from the bytes,
not from a user's guess: a BOM wins; otherwise the first block must decode as
strict UTF-8, else GB18030 (a superset of GBK and GB2312) is used. Bytes that
are neither raise UnreadableFile naming the offset, so nothing is imported from
a file read wrongly.

Rows are yielded one at a time so a million-row file never sits in memory.
"""
from __future__ import annotations

import codecs
import contextlib
import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from typing import BinaryIO

from django.utils.translation import gettext as _

SAMPLE = 1 << 20  # bytes read to pick the encoding
MIXED_AFTER = 3  # non-ASCII characters read as UTF-8 before a bad byte: then it is UTF-8, mixed
FORMULA_GUARDED = ("=", "+", "-", "@")
MAX_CELL = 100_000  # characters: far above any real cell, low enough to refuse a runaway field


class UnreadableFile(ValueError):
    """The file is not a CSV or XLSX we can read; the message says why."""


def detect_encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        # A multi-byte character may be cut at the end of the sample: decode as a stream.
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError as exc:
        before = sample[:exc.start].decode("utf-8")
        if sum(1 for ch in before if ord(ch) > 0x7F) >= MIXED_AFTER:
            # Chinese text read fine as UTF-8 up to here: a file pasted together from two encodings.
            raise UnreadableFile(_("bytes at offset %(offset)d are not UTF-8 but the text before them is: "
                                   "the file mixes encodings; save it again as UTF-8")
                                 % {"offset": exc.start}) from None
        return "gb18030"


def is_xlsx(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04")


def read_rows(handle: BinaryIO) -> Iterator[list[str]]:
    """Rows of the first sheet (XLSX) or of the CSV, header row included."""
    head = handle.read(SAMPLE)
    handle.seek(0)
    if is_xlsx(head):
        yield from _xlsx_rows(handle)
    else:
        yield from _csv_rows(handle, head)


def _csv_rows(handle: BinaryIO, head: bytes) -> Iterator[list[str]]:
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UnreadableFile(_("the file contains NUL bytes: it is not a text (CSV) file"))
    encoding = detect_encoding(head)
    text = io.TextIOWrapper(handle, encoding=encoding, errors="strict", newline="")
    dialect = _dialect(head, encoding)
    csv.field_size_limit(MAX_CELL)
    reader = csv.reader(text, dialect)
    try:
        yield from reader
    except UnicodeDecodeError as exc:
        raise UnreadableFile(_("bytes at offset %(offset)d are neither UTF-8 nor GB18030")
                             % {"offset": exc.start}) from exc
    except csv.Error as exc:
        raise UnreadableFile(_("line %(line)d: %(error)s") % {"line": reader.line_num, "error": exc}) from exc
    finally:
        with contextlib.suppress(ValueError):  # already closed: a block reader (columnar.py) read the file
            text.detach()  # leave the caller's handle open


def _dialect(head: bytes, encoding: str) -> type[csv.Dialect]:
    """Comma by default; a tab- or semicolon-separated export is recognised from its first line."""
    first = head.split(b"\n", 1)[0].decode(encoding, errors="ignore")
    if first.count("\t") > first.count(","):
        return csv.excel_tab
    return csv.excel


def _xlsx_rows(handle: BinaryIO) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise UnreadableFile(_("not a readable XLSX workbook (%(error)s)") % {"error": exc.__class__.__name__}) from exc
    try:
        sheet = book.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield [_cell_text(v) for v in values]
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise UnreadableFile(_("the workbook is damaged (%(error)s)") % {"error": exc.__class__.__name__}) from exc
    finally:
        book.close()


def cell(raw: str) -> str:
    """A cell's text, stripped; an apostrophe before =, +, - or @ (how exports keep text from running as a
    formula, exports/writers.py) is dropped, so an exported file imports back as it was. The kinds read in
    memory (facilities, activities, affiliations) read cells so; organisations, whose CSV is read in columns
    by Arrow, keep strip() on both their paths, which must agree."""
    text = raw.strip()
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_GUARDED else text


def _cell_text(value) -> str:
    """Cells as an office would read them: dates ISO, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
