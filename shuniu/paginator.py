"""Pages whose total is counted once per data version, not on every request.

A COUNT(*) over a large filtered table is the slowest query of a list page;
the total only changes when the data does, so it is cached under the same data
version as the figures (analytics.cache), per list, scope and filter.

A search can match hundreds of thousands of rows out of a million; counting them
all costs more than showing the first page. Lists that take `cap` count a filtered
result only up to it ("10,000+") and page through that many; the unfiltered list
keeps its exact total (one count per data version).
"""
import hashlib
from functools import cached_property

from django.core.paginator import Paginator

from shuniu.accounts.permissions import scope_of
from shuniu.analytics.cache import cached, scope_key

SEARCH_CAP = 10_000


class CachedCountPaginator(Paginator):
    def __init__(self, object_list, per_page, *, count_key: str, cap: int | None = None,
                 few_rows_order: list | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_key = count_key
        self.cap = cap
        self.few_rows_order = few_rows_order

    def page(self, number):
        # A list sorted by name is read along the name index until a page is found. When
        # the filter keeps few rows (a hub's organisations, a rare word, a credit code),
        # they are scattered over that index and the walk reads most of a million entries;
        # sorting the few matches is then much cheaper. `few_rows_order` sorts the same
        # way by an expression no index serves, so PostgreSQL fetches the matches first.
        if self.few_rows_order and self.cap is not None and self.count <= self.cap:
            self.object_list = self.object_list.order_by(*self.few_rows_order)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom > self.count // 2 and not self.capped and self.object_list.ordered:
            return self._page_from_the_end(number, bottom)
        return super().page(number)

    def _page_from_the_end(self, number: int, bottom: int):
        """A page in a long list's back half, read in reverse order from the end and turned round.

        OFFSET makes the database read and drop every row before the page: the last of a
        million names took 3.6 s. From the nearer end it reads at most half the list.
        """
        top = min(bottom + self.per_page, self.count)
        rows = list(self.object_list.reverse()[self.count - top:self.count - bottom])
        rows.reverse()
        return self._get_page(rows, number, self)

    @cached_property
    def count(self) -> int:
        if self.cap is None:
            return cached("count", self.object_list.count, self.count_key)
        # COUNT(*) over (… LIMIT cap + 1), unordered: stops reading once past the cap instead of
        # fetching and sorting every match first.
        return cached("count-capped", lambda: self.object_list.order_by()[: self.cap + 1].count(), self.count_key,
                      self.cap)

    @property
    def capped(self) -> bool:
        return self.cap is not None and self.count > self.cap

    @property
    def shown_count(self) -> str:
        """The total as the pager shows it: "10,000+" past the cap."""
        # Grouped by thousands in every language, like the figures (zh-hans formats would print 5863).
        return f"{self.cap:,}+" if self.capped else f"{self.count:,}"

    @property
    def shown_num_pages(self) -> str:
        return f"{self.num_pages}+" if self.capped else str(self.num_pages)

    @cached_property
    def num_pages(self) -> int:
        if self.capped:
            return -(-self.cap // self.per_page)  # the pages within the cap; refine the search for more
        return super().num_pages


def count_key(request, list_name: str, ignore=("page",)) -> str:
    """What a list's total depends on: the list, the viewer's scope and the filters."""
    params = request.GET.copy()
    for name in ignore:
        params.pop(name, None)
    filters = hashlib.sha1(params.urlencode().encode()).hexdigest()[:16]
    return f"{list_name}:{scope_key(scope_of(request.user))}:{filters}"


def is_filtered(request, ignore=("page",)) -> bool:
    return any(value for name, value in request.GET.items() if name not in ignore)


def page_of(request, queryset, per_page: int, list_name: str, cap: int | None = None,
            few_rows_order: list | None = None):
    """The requested page of `queryset`, its total cached per data version (see count_key).

    With `cap`, a filtered list is counted only up to it (see the module's note), and a
    list of no more than `cap` rows is sorted by `few_rows_order` (see CachedCountPaginator.page).
    """
    if cap is not None and not is_filtered(request):
        paginator = CachedCountPaginator(queryset, per_page, count_key=count_key(request, list_name))
        if paginator.count <= cap:  # a narrow scope (a hub's, a district's) is few rows without a filter
            paginator.cap, paginator.few_rows_order = cap, few_rows_order
    else:
        paginator = CachedCountPaginator(queryset, per_page, count_key=count_key(request, list_name), cap=cap,
                                         few_rows_order=few_rows_order)
    return paginator.get_page(request.GET.get("page"))
