"""Pinyin initials of a name, for search: 北京作家协会 → bjzjxh.

pypinyin reads polyphonic characters in context (重庆 → cq, 长城 → cc). Its
dictionary loads on first use (about 0.4 s), so the import is deferred until a
name is actually converted.
"""
import re

_KEEP = re.compile(r"[a-z0-9]")


def initials(name: str) -> str:
    from pypinyin import Style, lazy_pinyin

    letters = "".join(lazy_pinyin(name or "", style=Style.FIRST_LETTER, errors="default")).lower()
    return "".join(_KEEP.findall(letters))
