"""API pages: numbered for people and small lists, keyset (?after=) for clients that read a whole list.

Page N of a list ordered by name makes the database read and drop the N × 50 rows
before it: at a million organisations page 19,000 took 3.6 s, and a client reading
the registry page by page would ask for 2,000 such pages. With ?after=<id> the rows
come ordered by id from just past the last one read, through the primary key: every
page costs the same, however deep. `next` carries the id to continue from.
"""
import functools

from rest_framework.exceptions import ValidationError as BadRequest
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from shuniu.paginator import CachedCountPaginator, count_key

AFTER = "after"
LAST_ID = 2 ** 63 - 1  # the largest bigint


class Pagination(PageNumberPagination):
    """Pages of 50 by default (up to 500 with ?page_size=); totals cached like the pages' (see paginator.py)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        key = count_key(request, f"api-{queryset.model._meta.label_lower}", ignore=("page", "page_size", AFTER))
        self.django_paginator_class = functools.partial(CachedCountPaginator, count_key=key)
        self.keyset = AFTER in request.query_params
        if not self.keyset:
            return super().paginate_queryset(queryset, request, view)
        return self._rows_after(queryset, request)

    def _rows_after(self, queryset, request):
        try:
            after = int(request.query_params[AFTER] or 0)
        except ValueError:
            raise BadRequest({AFTER: ["the id of the last row read (0 to start)"]}) from None
        after = max(0, min(after, LAST_ID))  # past any id: an empty page, not a database overflow
        self.request, self.size = request, self.get_page_size(request)
        self.total = self.django_paginator_class(queryset, self.size).count
        rows = list(queryset.filter(pk__gt=after).order_by("pk")[:self.size + 1])
        self.has_more = len(rows) > self.size
        self.page_rows = rows[:self.size]
        return self.page_rows

    def get_paginated_response(self, data):
        if not self.keyset:
            return super().get_paginated_response(data)
        url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
        following = replace_query_param(url, AFTER, self.page_rows[-1].pk) if self.has_more else None
        return Response({"count": self.total, "next": following, "previous": None, "results": data})

    def get_schema_operation_parameters(self, view):
        return [*super().get_schema_operation_parameters(view), {
            "name": AFTER, "required": False, "in": "query",
            "description": "Read the whole list in id order: 0 to start, then the id in `next`. Every page costs "
                           "the same however deep (?page=N reads and drops the rows before it).",
            "schema": {"type": "integer", "minimum": 0}}]
