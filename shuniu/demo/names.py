"""Names that read like real registrations, never the same one twice."""
from __future__ import annotations

import itertools
import random

from . import vocabulary as v

CITY_PREFIXES = ["北京市", "北京", "首都"]
SPORT_AND_ART_QUALIFIERS = ["老年", "青少年", "职工", "中老年", "少儿", "女子"]


def short_place(name: str) -> str:
    """朝阳区 → 朝阳, 朝外街道 → 朝外, 南口镇 → 南口 (how names cite a place)."""
    for suffix in ("街道办事处", "地区办事处", "街道", "地区", "区", "县", "镇", "乡"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


class NameBook:
    """Hands out unique names drawn from spaces of parts (place × subject × suffix).

    Each call tries the plainest space first (北京市物理学会) and moves to a
    qualified one (北京市老年物理学会) only when the plain one is used up, so the
    common names come first, as in a real registry.
    """

    DRAWS = 40

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def reserve(self, name: str) -> None:
        self.used.add(name)

    def _draw(self, *spaces: list[list[str]]) -> str:
        for space in spaces:
            for _ in range(self.DRAWS):
                name = "".join(self.rng.choice(part) for part in space)
                if name not in self.used:
                    self.used.add(name)
                    return name
        for parts in itertools.product(*spaces[-1]):
            name = "".join(parts)
            if name not in self.used:
                self.used.add(name)
                return name
        raise LookupError(f"names exhausted: {spaces[-1]}")

    def association(self, field: str, prefixes: list[str]) -> str:
        subjects = v.ASSOCIATION_SUBJECTS[field]
        suffixes = v.ASSOCIATION_SUFFIXES.get(field, v.DEFAULT_ASSOCIATION_SUFFIXES)
        return self._draw([prefixes, subjects, suffixes],
                          [prefixes, SPORT_AND_ART_QUALIFIERS + v.BRANDS, subjects, suffixes])

    def service_org(self, field: str, prefixes: list[str]) -> tuple[str, str]:
        subject = self.rng.choice(v.SERVICE_SUBJECTS[field])
        return self._draw([prefixes, v.BRANDS, [subject], _service_suffixes(subject)]), subject

    def foundation(self, field: str, prefixes: list[str] | None = None) -> str:
        subjects = v.FOUNDATION_SUBJECTS[field]
        prefixes = prefixes or CITY_PREFIXES[:2]
        return self._draw([prefixes, subjects, ["基金会"]], [prefixes, v.BRANDS, subjects, ["基金会"]])

    def community(self, field: str, street: str) -> tuple[str, str]:
        subject, suffix = self.rng.choice(v.COMMUNITY_SUBJECTS[field])
        name = self._draw([[short_place(street)], v.COMMUNITY_PLACES_A, v.COMMUNITY_PLACES_B, ["社区"],
                           [subject], [suffix]])
        return name, subject

    def grassroots(self, field: str, place: str, campus: bool = False) -> tuple[str, str]:
        subject, suffix = self.rng.choice(v.GRASSROOTS_SUBJECTS[field])
        prefix = [place if campus else short_place(place)]
        return self._draw([prefix, [subject], [suffix]], [prefix, v.BRANDS, [subject], [suffix]]), subject

    def person(self) -> str:
        given = "".join(self.rng.choice(v.GIVEN) for _ in range(self.rng.choice((1, 2, 2))))
        return self.rng.choice(v.SURNAMES) + given


def _service_suffixes(subject: str) -> list[str]:
    for words, suffixes in v.SERVICE_SUFFIXES:
        if any(word in subject for word in words):
            return suffixes
    return v.DEFAULT_SERVICE_SUFFIXES


def business_scope(org_type: str, subject_hint: str, field_description: str) -> str:
    """业务范围 in the words registrations use, carrying the field's own terms."""
    terms = "、".join(t.strip() for t in field_description.replace("，", ",").split(",")[:3] if t.strip())
    if org_type == "association":
        return f"开展{subject_hint}领域学术交流、业务培训、咨询服务、编辑出版会刊；涉及{terms}。"
    if org_type == "service_org":
        return f"提供{subject_hint}服务；开展相关培训、咨询与交流活动；涉及{terms}。"
    if org_type == "foundation":
        return f"资助{subject_hint}项目；开展公益宣传与救助活动；涉及{terms}。"
    return f"组织居民开展{subject_hint}活动；涉及{terms}。"
