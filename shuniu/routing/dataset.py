"""Builds the labelled set (data/labelled.csv) from the hand-written subjects.

    .venv/bin/python -m shuniu.routing.dataset      # rewrites data/labelled.csv

Each subject becomes a few registrations of the kinds real ones take: an
association, a service organisation, sometimes a foundation or a street-level
group, at city or district level, with or without 业务范围, and one whose name says
nothing (the signal only in the scope). The split is by subject, fixed by a hash,
so it never changes when other subjects are added.
"""
from __future__ import annotations

import csv
import hashlib
import random
from pathlib import Path

from .data.subjects import AMBIGUOUS, MORE_SUBJECTS, SUBJECTS

OUT = Path(__file__).with_name("data") / "labelled.csv"
FIELDS = ["name", "org_type", "scope", "level", "hub", "subject", "split"]
TEST_SHARE = 0.2
DISTRICTS = ["东城区", "西城区", "朝阳区", "海淀区", "丰台区", "石景山区", "通州区", "昌平区", "大兴区", "顺义区",
             "房山区", "门头沟区", "怀柔区", "平谷区", "密云区", "延庆区"]
STREETS = ["和平里", "安贞", "望京", "中关村", "学院路", "天通苑", "回龙观", "劲松", "方庄", "双井", "八里庄", "卢沟桥"]
BRANDS = ["博雅", "同行", "乐善", "明远", "晨光", "众合", "恒信", "知新", "嘉和", "德润", "启航", "惠仁", "兴华",
          "睿思"]
GROUP_LABELS = {"youth-league", "sports", "arts", "volunteers", "women", "disability", "charity", "trade-union"}
SERVICE_SUFFIX = {"private-education": ["培训学校", "学校"], "science": ["研究院", "研究所"],
                  "social-science": ["研究院", "研究中心"], "none": ["服务中心", "中心"]}
WHOLE_NAMES = ("商会", "联谊", "之家", "俱乐部", "驿站", "工作室", "艺术团")


def split_of(subject: str) -> str:
    bucket = int(hashlib.sha1(subject.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "test" if bucket < TEST_SHARE else "train"


def association_name(prefix: str, subject: str, rng: random.Random) -> str:
    if subject.endswith(WHOLE_NAMES):
        return prefix + subject + ("" if subject.endswith("商会") else "会")
    if subject.endswith("学") or subject.endswith("研究"):
        return prefix + subject + rng.choice(["会", "会"])
    return prefix + subject + rng.choice(["协会", "促进会", "联合会", "研究会"])


def examples(label: str, entry: str, rng: random.Random) -> list[dict]:
    subject, _, scope = entry.partition("|")
    split = split_of(f"{label}:{subject}")
    district = rng.choice(DISTRICTS)
    rows = [
        {"name": association_name(rng.choice(["北京市", "北京"]), subject, rng), "org_type": "association",
         "scope": scope if rng.random() < 0.7 else "", "level": "city"},
        {"name": association_name(f"北京市{district}", subject, rng), "org_type": "association",
         "scope": scope if rng.random() < 0.5 else "", "level": "district"},
        {"name": f"北京{rng.choice(BRANDS)}{subject}{rng.choice(SERVICE_SUFFIX.get(label, ['服务中心', '发展中心']))}",
         "org_type": "service_org", "scope": scope if rng.random() < 0.6 else "",
         "level": rng.choice(["city", "district"])},
        # the signal only in the scope: a name that says nothing about the field
        {"name": f"北京市{rng.choice(DISTRICTS)}{rng.choice(BRANDS)}{rng.choice(['社会服务中心', '发展促进中心'])}",
         "org_type": "service_org", "scope": f"{scope}；开展相关培训与交流", "level": "district"},
    ]
    if label in GROUP_LABELS and rng.random() < 0.6:
        rows.append({"name": f"{rng.choice(STREETS)}{subject}{rng.choice(['队', '小组', '社'])}",
                     "org_type": "grassroots", "scope": "", "level": "street"})
    return [{**row, "hub": label, "subject": subject, "split": split} for row in rows]


def build(seed: int = 2010) -> list[dict]:
    rng = random.Random(seed)
    rows, seen = [], set()
    # MORE_SUBJECTS after SUBJECTS: the random draws for the older rows stay the same.
    entries = [(label, entry) for subjects in (SUBJECTS, MORE_SUBJECTS)
               for label, listed in subjects.items() for entry in listed]
    for label, entry in entries:
        for row in examples(label, entry, rng):
            if row["name"] not in seen:  # a name is labelled once
                seen.add(row["name"])
                rows.append(row)
    for name, scope, gold in AMBIGUOUS:
        rows.append({"name": name, "org_type": "association", "scope": scope, "level": "city", "hub": gold,
                     "subject": name, "split": "test"})
    return rows


def main() -> None:
    rows = build()
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} labelled organisations → {OUT}")


if __name__ == "__main__":
    main()
