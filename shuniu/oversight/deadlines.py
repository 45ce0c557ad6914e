"""The oversight calendar as data: deadlines come from here, never from literals in the workflows.

Override any of them in settings with SHUNIU_OVERSIGHT = {"REPORT_DUE": (6, 30), …}.
"""
from __future__ import annotations

import datetime

from django.conf import settings

DEFAULTS = {
    "FIRST_REPORT_YEAR": 2008,    # earlier reports were kept on paper: the rules look no further back
    "REPORT_DUE": (5, 31),        # (month, day) of the year after the year reported on (facts.md: by 31 May)
    "REPORT_OPENS": (3, 1),       # Beijing files online from March
    "PRE_REVIEW_DAYS": 20,        # a hub pre-reviews within this many days of filing
    "CONCLUSION_DAYS": 30,        # the authority concludes within this many days of the pre-review
    "ABNORMAL_TO_SERIOUS_YEARS": 2,   # two years on the abnormal list → serious list
    "SERIOUS_CLEAN_YEARS": 2,     # the serious list is left after two clean years
    "GRADING_DECISION_DAYS": 90,  # the authority decides a grading application within this many days
}


def setting(name: str):
    return getattr(settings, "SHUNIU_OVERSIGHT", {}).get(name, DEFAULTS[name])


def report_due(year: int) -> datetime.date:
    """The day the report on `year` must be filed by."""
    month, day = setting("REPORT_DUE")
    return datetime.date(year + 1, month, day)


def report_opens(year: int) -> datetime.date:
    month, day = setting("REPORT_OPENS")
    return datetime.date(year + 1, month, day)


def years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def days_after(day: datetime.date | None, name: str) -> datetime.date | None:
    return None if day is None else day + datetime.timedelta(days=setting(name))
