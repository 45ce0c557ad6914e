from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from shuniu.admin_site import ReadOnlyAdminMixin

from .models import RoutingReview


@admin.register(RoutingReview)
class RoutingReviewAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Decisions are taken in the review queue; the admin shows them."""

    list_display = ["organization", "outcome", "proposed", "score", "hub", "decided_on"]
    list_filter = ["outcome"]
    search_fields = ["organization__name"]
    list_select_related = ["organization", "hub"]
