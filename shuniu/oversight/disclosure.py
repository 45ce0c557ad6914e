"""What the public sees of oversight: concluded inspections, credit-list entries and grades.

Read through restrict() as the public, so the disclosure rules live in the permission
choke point like every other scope (concluded reports only, graded gradings only).
"""
from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from shuniu.accounts.permissions import restrict

from .models import AnnualReport, CreditListEntry, Grading

PUBLIC = AnonymousUser()


def for_organization(org) -> dict:
    return {
        "inspections": restrict(AnnualReport.objects.filter(organization=org), PUBLIC).only(
            "year", "conclusion", "concluded_on").order_by("-year"),
        "credit_entries": restrict(CreditListEntry.objects.filter(organization=org), PUBLIC).order_by(
            "-entered_on", "pk"),
        "gradings": restrict(Grading.objects.filter(organization=org), PUBLIC).order_by("-decided_on", "pk"),
    }


def listed_now():
    """Entries on either list today, for the public list page."""
    return restrict(CreditListEntry.objects.filter(state="listed"), PUBLIC).select_related("organization")
