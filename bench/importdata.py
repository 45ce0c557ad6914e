"""A realistic organisations file of any size, as an office would export it (for bench/imports.py).

Names are drawn from the demo's vocabulary (place × brand × subject × suffix); a
multiplicative permutation of the row number picks the combination, so every
name is distinct without remembering the names already used. About 80% of rows
carry a credit code, 12% only a certificate number (registered before 2016),
the rest (community groups) neither. One row in 200 repeats the previous name
with the 北京市 prefix, as in real files, so the likely-duplicate report has work.
"""
from __future__ import annotations

import csv
import datetime
import random
from pathlib import Path

from shuniu.demo import vocabulary as v
from shuniu.demo.names import short_place
from shuniu.divisions.reference import read_rows
from shuniu.registry import uscc as uscc_rules

HEADER = ["统一社会信用代码", "名称", "类型", "登记管理机关", "行政区划代码", "成立日期", "法定代表人", "业务范围",
          "会员数", "业务主管单位", "登记证号"]
TYPES = [("社会团体", "1", 0.45), ("民办非企业单位", "2", 0.35), ("基金会", "3", 0.02), ("社区社会组织", "", 0.18)]
UNITS = ["北京市科学技术协会", "北京市文学艺术界联合会", "北京市体育局", "北京市教育委员会", "北京市卫生健康委员会",
         "北京市民政局", "北京市总工会", "共青团北京市委员会", "北京市妇女联合会", "北京市残疾人联合会"]
BODY_ALPHABET = uscc_rules.ALPHABET


def _places() -> tuple[list[tuple[str, str, str]], list[str]]:
    """(street code, its district code, short place name) and the district codes."""
    rows = [r for r in read_rows() if not r.get("valid_to")]
    districts = [r["code"] for r in rows if len(r["code"]) == 6 and r["code"] != "110000"]
    streets = [(r["code"], r["code"][:6], short_place(r["name"])) for r in rows if len(r["code"]) == 9]
    return streets, districts


def _subjects() -> list[tuple[str, list[str]]]:
    out = []
    for field, subjects in v.ASSOCIATION_SUBJECTS.items():
        suffixes = v.ASSOCIATION_SUFFIXES.get(field, v.DEFAULT_ASSOCIATION_SUFFIXES)
        out += [(s, suffixes) for s in subjects]
    return out


def _body(n: int) -> str:
    chars = []
    for _ in range(8):
        n, r = divmod(n, len(BODY_ALPHABET))
        chars.append(BODY_ALPHABET[r])
    return "".join(reversed(chars))


def write(path: Path, rows: int, seed: int = 2010) -> None:
    rng = random.Random(seed)
    streets, _districts = _places()
    subjects = _subjects()
    brands = ["", *v.BRANDS]
    space = len(streets) * len(brands) * len(subjects) * 4
    step = 1_000_003  # prime, coprime to the space: i → i·step mod space visits each combination once
    assert space > rows and space % step, "name space too small"
    cumulative = []
    total = 0.0
    for name, category, share in TYPES:
        total += share
        cumulative.append((total, name, category))
    previous = ""
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        for i in range(rows):
            k = (i * step) % space
            k, s = divmod(k, len(subjects))
            k, b = divmod(k, len(brands))
            k, p = divmod(k, len(streets))
            street, district, place = streets[p]
            subject, suffixes = subjects[s]
            suffix = suffixes[k % len(suffixes)] if k < len(suffixes) else suffixes[0]
            name = place + brands[b] + subject + suffix
            if i % 200 == 199:  # the previous organisation again, typed with the city prefix: a likely duplicate
                name = "北京市" + previous
            previous = name
            pick = rng.random()
            type_name, category = next((n, c) for limit, n, c in cumulative if pick <= limit)
            level_division = district if rng.random() < 0.85 else "110000"
            has_code = category and rng.random() < 0.87
            code = uscc_rules.build("5", category, level_division, _body(i)) if has_code else ""
            certificate = "" if code or not category else f"京社证字第{i:07d}号"
            founded = datetime.date(1990, 1, 1) + datetime.timedelta(days=rng.randrange(12000))
            person = rng.choice(v.SURNAMES) + "".join(rng.choice(v.GIVEN) for _ in range(rng.choice((1, 2))))
            unit = rng.choice(UNITS) if category in ("1", "2") and rng.random() < 0.5 else ""
            out.writerow([code, name, type_name, level_division, street, founded.isoformat(), person,
                          f"开展{subject}领域交流、培训、咨询服务和公益活动", rng.randrange(3, 3000) if category == "1"
                          else "", unit or ("直接登记" if category else ""), certificate])
