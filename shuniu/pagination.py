import functools

from rest_framework.pagination import PageNumberPagination

from shuniu.paginator import CachedCountPaginator, count_key


class Pagination(PageNumberPagination):
    """Pages of 50 by default (up to 500 with ?page_size=); totals cached like the pages' (see paginator.py)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        key = count_key(request, f"api-{queryset.model._meta.label_lower}", ignore=("page", "page_size"))
        self.django_paginator_class = functools.partial(CachedCountPaginator, count_key=key)
        return super().paginate_queryset(queryset, request, view)
