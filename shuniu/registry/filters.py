"""Filters of the organisation list, shared by the page and the API."""
import hashlib
import re

import django_filters
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.lookups import DataContains
from django.db import connections
from django.db.models import Exists, Func, OuterRef, Q, TextField, Value
from django.utils.translation import gettext_lazy as _

from shuniu.accounts.permissions import division_subtree, hub_subtree
from shuniu.analytics.cache import cached
from shuniu.divisions.models import Division, Level
from shuniu.divisions.reference import BEIJING
from shuniu.hubs.models import Affiliation, Hub
from shuniu.paginator import SEARCH_CAP
from shuniu.widgets import FastSelect

from . import uscc
from .models import Field, FormerName, Organization, OrgType, Status

CODE_LIKE = re.compile(r"^[0-9A-Z]{6,18}$")
INITIALS_LIKE = re.compile(r"^[a-z]{2,}$")
FORMER_NAME_IDS = 2000
SHORT_WORD = 2  # fewer characters than a trigram: pg_trgm's index cannot serve it


class Characters(Func):
    """A text's characters as an array: the expression registry_org_name_chars indexes (migration 0012).

    Compared by code point, as the index is: another collation would not match it.
    """
    template = 'string_to_array(%(expressions)s COLLATE "C", NULL)'
    output_field = ArrayField(TextField())


def name_contains(queryset, text: str) -> Q:
    """Names holding `text`; a rare one- or two-character word also names its characters for the index.

    The LIKE stays the condition; the characters only let PostgreSQL find the few
    names that can hold the word instead of reading all of them.
    """
    like = Q(name__contains=text)
    if len(text) > SHORT_WORD or connections[queryset.db].vendor != "postgresql":
        return like
    chars = Q(DataContains(Characters("name"), Value(sorted(set(text)), output_field=ArrayField(TextField()))))
    return chars & like if _is_rare(queryset.db, chars & like, text) else like


def _is_rare(db: str, condition: Q, text: str) -> bool:
    """Whether at most SEARCH_CAP names hold the word (counted once per data version).

    A common word (养老: 44,000 names of a million) is best met walking the names in order
    until a page is full. Given its characters as well, PostgreSQL takes 养 and 老 for
    independent, expects a hundred names, and fetches and sorts all 44,000 instead.
    """
    def count() -> int:
        return Organization.objects.using(db).filter(condition).order_by()[:SEARCH_CAP + 1].count()
    return cached("names-holding", count, db, hashlib.sha1(text.encode()).hexdigest()[:16]) <= SEARCH_CAP


def search(queryset, value: str):
    """One box for name, pinyin initials (bjzjxh) and credit code."""
    text = value.strip()
    if not text:
        return queryset
    code = uscc.normalize(text)
    if CODE_LIKE.match(code) and any(ch.isdigit() for ch in code):
        return queryset.filter(uscc__startswith=code)
    if INITIALS_LIKE.match(text.lower()):
        return queryset.filter(name_initials__contains=text.lower())
    # Former names first, as a list of ids: `name LIKE … OR id IN (1, 2, …)` is two index
    # scans OR-ed (pg_trgm on name), where `OR EXISTS (…)` made PostgreSQL test every row.
    renamed = list(FormerName.objects.filter(name__contains=text)
                   .values_list("organization_id", flat=True)[:FORMER_NAME_IDS + 1])
    if len(renamed) > FORMER_NAME_IDS:  # a word in thousands of former names: let the database join
        former = FormerName.objects.filter(organization=OuterRef("pk"), name__contains=text)
        return queryset.filter(name_contains(queryset, text) | Q(Exists(former)))
    named = name_contains(queryset, text)
    return queryset.filter(named | Q(pk__in=renamed) if renamed else named)


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    org_type = django_filters.ChoiceFilter(label=_("type"), choices=OrgType.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=Status.choices)
    level = django_filters.ChoiceFilter(label=_("level"), choices=Level.choices)
    district = django_filters.ModelChoiceFilter(
        label=_("District"), method="filter_district", to_field_name="code", field_name="registering_division",
        # Beijing's 16: a national data set's 2,900 counties are no list to pick from (and cost 180 KB a page).
        queryset=Division.objects.districts().current().filter(parent__code=BEIJING))
    hub = django_filters.ModelChoiceFilter(label=_("Hub"), method="filter_hub", to_field_name="slug",
                                           queryset=Hub.objects.none())
    field = django_filters.ModelChoiceFilter(label=_("Field"), to_field_name="slug", queryset=Field.objects.all())
    # Hundreds of units: a name to search for, not a list to scroll.
    supervisory_unit = django_filters.CharFilter(label=_("supervisory unit"), field_name="supervisory_unit__name",
                                                 lookup_expr="contains")

    class Meta:
        model = Organization
        fields = ["q", "org_type", "status", "level", "district", "hub", "field", "supervisory_unit"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("org_type", "status", "level", "district", "hub", "field"):
            self.filters[name].extra["widget"] = FastSelect
        user = user or getattr(self.request, "user", None)  # the API passes the request, pages the user
        # Choices come through restrict() like everything else a user meets.
        self.filters["hub"].queryset = (Hub.objects.restrict(user).only("slug", "short_name")
                                        .order_by("level", "short_name"))

    def filter_q(self, queryset, name, value):
        return search(queryset, value)

    def filter_district(self, queryset, name, division):
        ids = division_subtree({division.pk})
        return queryset.filter(Q(registering_division_id__in=ids) | Q(seat_division_id__in=ids))

    def filter_hub(self, queryset, name, hub):
        open_links = Affiliation.objects.filter(organization=OuterRef("pk"), end__isnull=True,
                                                hub_id__in=hub_subtree({hub.pk}))
        return queryset.filter(Exists(open_links))
