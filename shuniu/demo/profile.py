"""The shape of Beijing's organisations at the end of 2010, as the demo draws it.

Totals come from the seed (section 一(一)): 7,216 registered — 3,235 associations,
3,824 民办非企业单位, 157 foundations — and near 30,000 with filed community
organisations and grassroots groups. How they split over levels and fields is
the demo's own assumption, chosen so that the hubs' fields cover about 80% of
city-level organisations, as the seed says of the 22 hubs.
"""
from __future__ import annotations

REGISTERED = {"association": 3235, "service_org": 3824, "foundation": 157}
CITY_LEVEL = {"association": 1700, "service_org": 1100, "foundation": 157}  # the rest are district level
COMMUNITY = 14_000
GRASSROOTS = 8_600
ENDED_BEFORE_2011 = 180  # deregistered or revoked before the end of 2010: in the record, not in the count

# Relative weight of each field, per (type, level).
WEIGHTS = {
    ("association", "city"): {
        "science": 260, "social-science": 150, "arts": 110, "sports": 110, "industry": 120, "commerce": 90,
        "construction": 50, "trade-promotion": 25, "industry-commerce": 45, "private-economy": 10,
        "accountants": 8, "lawyers": 6, "law-society": 30, "women": 25, "youth-league": 25, "trade-union": 15,
        "disability": 12, "overseas-chinese": 15, "red-cross": 5, "volunteers": 15, "charity": 20,
        "private-education": 25,
        "elderly-care": 20, "medical": 40, "religion": 10, "finance": 30, "tourism": 20, "transport": 25,
        "property": 20, "environment": 20, "agriculture": 20, "media": 20,
    },
    ("service_org", "city"): {
        "private-education": 330, "science": 80, "social-science": 60, "arts": 50, "sports": 60, "disability": 40,
        "charity": 40, "youth-league": 30, "women": 25, "volunteers": 15, "trade-union": 10, "lawyers": 5,
        "red-cross": 5, "overseas-chinese": 5,
        "elderly-care": 70, "medical": 90, "environment": 15, "agriculture": 10, "media": 10, "property": 5,
    },
    ("foundation", "city"): {
        "charity": 60, "science": 20, "private-education": 15, "arts": 10, "disability": 8, "women": 8,
        "youth-league": 8, "sports": 5, "red-cross": 3, "social-science": 5,
        "medical": 7, "environment": 5, "elderly-care": 3,
    },
    ("association", "district"): {
        "sports": 220, "arts": 180, "science": 110, "private-economy": 40, "commerce": 80, "charity": 60,
        "volunteers": 60, "women": 50, "youth-league": 40, "trade-union": 30, "disability": 35,
        "private-education": 40, "industry": 50, "construction": 25, "social-science": 40, "overseas-chinese": 10,
        "red-cross": 10, "law-society": 5, "lawyers": 3, "industry-commerce": 20,
        "elderly-care": 90, "agriculture": 120, "medical": 30, "tourism": 30, "transport": 20, "property": 25,
        "environment": 20, "religion": 5, "finance": 10, "media": 5,
    },
    ("service_org", "district"): {
        "private-education": 900, "sports": 200, "arts": 150, "disability": 110, "charity": 150, "youth-league": 60,
        "women": 70, "science": 80, "social-science": 40, "volunteers": 30, "trade-union": 20, "lawyers": 10,
        "elderly-care": 360, "medical": 420, "agriculture": 40, "environment": 20, "property": 10,
    },
    ("community", "street"): {
        "sports": 300, "arts": 250, "volunteers": 140, "elderly-care": 100, "women": 70, "youth-league": 120,
        "disability": 10, "charity": 10,
    },
    ("grassroots", "street"): {
        "youth-league": 800, "sports": 40, "arts": 40, "environment": 40, "volunteers": 40, "charity": 20,
        "women": 20,
    },
}

# District-level organisations follow residents, weighted up in the old city and the
# university district, where organisations cluster (a demo assumption, not a statistic).
DISTRICT_ACTIVITY = {
    "110101": 1.8, "110102": 1.8, "110108": 1.4, "110105": 1.2, "110106": 0.9, "110107": 0.9,
    "110109": 0.8, "110111": 0.8, "110112": 0.8, "110113": 0.8, "110114": 0.9, "110115": 0.8,
    "110116": 0.9, "110117": 0.8, "110118": 0.8, "110119": 0.9,
}

# How often an organisation of a hub's field is linked, and how (demo assumptions).
CITY_LINK_RATE = 0.975
CITY_SUPERVISION_RATE = 0.85
DISTRICT_LINK_RATE = 0.9
DISTRICT_SUPERVISION_RATE = 0.75
STREET_LIAISON_RATE = 0.9
COMMUNITY_DISTRICT_LIAISON_RATE = 0.5
YOUTH_LIAISON_RATE = 0.9
CAMPUS_SHARE = 0.4
GRASSROOTS_OTHER_LIAISON_RATE = 0.3
LEGACY_CODE_RATE = 0.004  # codes as issued that fail a checksum (facts.md)
RENAMED_RATE = 0.025
AGENCY_FOUNDED_RATE = {"city": 0.35, "district": 0.2}


def apportion(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Split `total` in proportion to `weights` (largest remainder): exact and deterministic."""
    whole = sum(weights.values())
    if total <= 0 or not whole:
        return {key: 0 for key in weights}
    shares = {key: total * w / whole for key, w in weights.items()}
    counts = {key: int(share) for key, share in shares.items()}
    left = total - sum(counts.values())
    for key in sorted(shares, key=lambda k: (-(shares[k] - counts[k]), k))[:left]:
        counts[key] += 1
    return counts
