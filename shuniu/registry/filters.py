"""Filters of the organisation list, shared by the page and the API."""
import re

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from shuniu.accounts.permissions import division_subtree, hub_subtree
from shuniu.divisions.models import Division, Level
from shuniu.divisions.reference import BEIJING
from shuniu.hubs.models import Affiliation, Hub
from shuniu.widgets import FastSelect

from . import uscc
from .models import Field, FormerName, Organization, OrgType, Status

CODE_LIKE = re.compile(r"^[0-9A-Z]{6,18}$")
INITIALS_LIKE = re.compile(r"^[a-z]{2,}$")
FORMER_NAME_IDS = 2000


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
        return queryset.filter(Q(name__contains=text) | Q(Exists(former)))
    return queryset.filter(Q(name__contains=text) | Q(pk__in=renamed)) if renamed else queryset.filter(
        name__contains=text)


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
