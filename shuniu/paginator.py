"""Pages whose total is counted once per data version, not on every request.

A COUNT(*) over a large filtered table is the slowest query of a list page;
the total only changes when the data does, so it is cached under the same data
version as the figures (analytics.cache), per list, scope and filter.
"""
import hashlib
from functools import cached_property

from django.core.paginator import Paginator

from shuniu.accounts.permissions import scope_of
from shuniu.analytics.cache import cached, scope_key


class CachedCountPaginator(Paginator):
    def __init__(self, object_list, per_page, *, count_key: str, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        return cached("count", self.object_list.count, self.count_key)


def count_key(request, list_name: str, ignore=("page",)) -> str:
    """What a list's total depends on: the list, the viewer's scope and the filters."""
    params = request.GET.copy()
    for name in ignore:
        params.pop(name, None)
    filters = hashlib.sha1(params.urlencode().encode()).hexdigest()[:16]
    return f"{list_name}:{scope_key(scope_of(request.user))}:{filters}"


def page_of(request, queryset, per_page: int, list_name: str):
    """The requested page of `queryset`, its total cached per data version (see count_key)."""
    paginator = CachedCountPaginator(queryset, per_page, count_key=count_key(request, list_name))
    return paginator.get_page(request.GET.get("page"))
