"""统一社会信用代码 (GB 32100-2015) validation.

A code has 18 characters from a 31-letter alphabet (no I, O, S, V, Z):
  1     registering department (5 = 民政, 1 = 机构编制, 9 = market regulation, …)
  2     category within the department (under 5: 1 社团, 2 民非, 3 基金会, 9 其他)
  3–8   division code of the registering office
  9–17  the GB 11714 organisation code, whose 9th character is its own check
  18    check character over positions 1–17

Some codes issued in practice fail a checksum. Those are problems of kind
CHECKSUM: the record is kept and flagged as unverified, never reported valid.
Everything else (length, alphabet, department/category, division) is a problem
of kind FORMAT or CONSISTENCY and the code is refused.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Container
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {ch: i for i, ch in enumerate(ALPHABET)}
WEIGHTS = [pow(3, i, 31) for i in range(17)]
ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]

FORMAT, CHECKSUM, CONSISTENCY = "format", "checksum", "consistency"
NATIONAL = "100000"

# Which department/category pairs each organisation type may carry.
TYPE_PREFIXES = {
    "association": {"51"},
    "service_org": {"52"},
    "foundation": {"53"},
    "community": {"51", "52", "59"},
    "grassroots": set(),  # unregistered: any code it shows belongs to another body
    "people_org": {"13", "19", "81", "89"},  # 人民团体 (编办 群团 / 工会)
}
DEPARTMENTS = set("123456789ANY")


@dataclass(frozen=True)
class Problem:
    kind: str
    message: str

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class UsccResult:
    code: str
    problems: tuple[Problem, ...] = field(default=())

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def checksum_only(self) -> bool:
        """Well-formed and consistent, but a check character disagrees."""
        return bool(self.problems) and all(p.kind == CHECKSUM for p in self.problems)

    @property
    def division_code(self) -> str:
        return self.code[2:8]


def normalize(raw: str) -> str:
    """Half-width, upper case, no spaces or hyphens: how offices paste codes."""
    text = unicodedata.normalize("NFKC", raw or "")
    return "".join(ch for ch in text.upper() if not ch.isspace() and ch != "-")


def org_code_check_char(body: str) -> str:
    """The GB 11714 check character for the 8-character organisation code body."""
    total = sum(_org_code_value(ch) * w for ch, w in zip(body, ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def _org_code_value(ch: str) -> int:
    return int(ch) if ch.isdigit() else ord(ch) - 55  # A = 10 … Z = 35


def check_char(first17: str) -> str:
    total = sum(VALUES[ch] * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def build(department: str, category: str, division: str, org_code_body: str) -> str:
    """A code with both check characters right (for tests and generated data)."""
    first17 = department + category + division + org_code_body + org_code_check_char(org_code_body)
    return first17 + check_char(first17)


def check(raw: str, *, org_type: str | None = None, known_divisions: Container[str] | None = None) -> UsccResult:
    code = normalize(raw)
    problems = _format_problems(code)
    if problems:
        return UsccResult(code, tuple(problems))
    problems += _checksum_problems(code)
    problems += _consistency_problems(code, org_type, known_divisions)
    return UsccResult(code, tuple(problems))


def _format_problems(code: str) -> list[Problem]:
    if len(code) != 18:
        return [Problem(FORMAT, _("must have 18 characters, has %(n)d") % {"n": len(code)})]
    bad = sorted({ch for ch in code if ch not in VALUES})
    if bad:
        return [Problem(FORMAT, _("characters not allowed in a credit code: %(chars)s") % {"chars": " ".join(bad)})]
    if not code[2:8].isdigit():
        return [Problem(FORMAT, _("positions 3–8 must be a six-digit division code"))]
    return []


def _checksum_problems(code: str) -> list[Problem]:
    problems = []
    expected_org = org_code_check_char(code[8:16])
    if code[16] != expected_org:
        problems.append(Problem(CHECKSUM, _("organisation code check character is %(got)s, expected %(want)s")
                                % {"got": code[16], "want": expected_org}))
    expected = check_char(code[:17])
    if code[17] != expected:
        problems.append(Problem(CHECKSUM, _("check character is %(got)s, expected %(want)s")
                                % {"got": code[17], "want": expected}))
    return problems


def _consistency_problems(code: str, org_type: str | None, known_divisions: Container[str] | None) -> list[Problem]:
    problems = []
    if code[0] not in DEPARTMENTS:
        problems.append(Problem(CONSISTENCY, _("unknown registering department %(ch)s") % {"ch": code[0]}))
    if org_type is not None and code[:2] not in TYPE_PREFIXES.get(org_type, set()):
        problems.append(Problem(CONSISTENCY, _("department/category %(prefix)s does not fit the organisation type")
                                % {"prefix": code[:2]}))
    division = code[2:8]
    if known_divisions is not None and division != NATIONAL and division not in known_divisions:
        problems.append(Problem(CONSISTENCY, _("unknown division code %(code)s") % {"code": division}))
    return problems
