"""Name keys: how two spellings of one organisation's name are recognised.

Offices type the same organisation as 北京市朝阳区（老年）书画协会, 朝阳区(老年)书画协会
or with full-width letters. Upserts never match on these loose keys: a likely
duplicate is reported and the office decides. The key removes width
differences (NFKC), spaces, the 北京市/北京 prefix and bracketed parts.
"""
from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc

_BRACKETED = r"[(\[{〔【《<][^)\]}〕】》>]*[)\]}〕】》>]"
_SPACE = re.compile(r"\s+")
# Every character Python's str.isspace() knows (RE2's \s is ASCII only).
_ANY_SPACE = r"[\s\x{0b}\x{1c}-\x{1f}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]+"


def similar_keys(names: pa.Array) -> pa.Array:
    """The key of each name, for a whole column at once (one definition for files and the registry)."""
    text = pc.utf8_normalize(names, "NFKC")
    text = pc.utf8_lower(pc.replace_substring_regex(text, _ANY_SPACE, ""))
    text = pc.replace_substring_regex(text, _BRACKETED, "")
    # 北京市 first, then 北京; a name that is only the prefix keeps it.
    return pc.replace_substring_regex(text, r"^(?:北京市|北京)(.+)$", r"\1")


def similar_key(name: str) -> str:
    return similar_keys(pa.array([name], type=pa.string()))[0].as_py()


def clean_name(raw: str) -> str:
    """The name as it will be stored: outer spaces gone, inner runs of spaces single."""
    return _SPACE.sub(" ", raw).strip()
