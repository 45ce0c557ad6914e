"""Name keys: how two spellings of one organisation's name are recognised.

Offices type the same organisation as 北京市朝阳区（老年）书画协会, 朝阳区(老年)书画协会
or with full-width letters. Upserts never match on these loose keys: a likely
duplicate is reported and the office decides. The key removes width
differences (NFKC), spaces, the 北京市/北京 prefix and bracketed parts.
"""
from __future__ import annotations

import re
import unicodedata

PREFIXES = ("北京市", "北京")
_BRACKETED = re.compile(r"[(\[{〔【《<][^)\]}〕】》>]*[)\]}〕】》>]")
_SPACE = re.compile(r"\s+")


def similar_key(name: str) -> str:
    text = unicodedata.normalize("NFKC", name)
    text = _SPACE.sub("", text).lower()
    text = _BRACKETED.sub("", text)
    for prefix in PREFIXES:
        if text.startswith(prefix) and len(text) > len(prefix):
            text = text[len(prefix):]
            break
    return text


def clean_name(raw: str) -> str:
    """The name as it will be stored: outer spaces gone, inner runs of spaces single."""
    return _SPACE.sub(" ", raw).strip()
