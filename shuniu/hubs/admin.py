from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Affiliation, Hub, Recognition


class RecognitionInline(admin.TabularInline):
    model = Recognition
    extra = 0
    raw_id_fields = ["recognised_by"]


@admin.register(Hub)
class HubAdmin(SimpleHistoryAdmin):
    list_display = ["short_name", "slug", "level", "division", "parent"]
    list_filter = ["level", "fields"]
    search_fields = ["short_name", "slug", "organization__name"]
    raw_id_fields = ["organization", "division", "parent", "supervisory_unit"]
    filter_horizontal = ["fields"]
    inlines = [RecognitionInline]


@admin.register(Recognition)
class RecognitionAdmin(SimpleHistoryAdmin):
    list_display = ["hub", "batch", "recognised_on", "document_number", "revoked_on"]
    list_filter = ["batch"]
    raw_id_fields = ["hub", "recognised_by"]


@admin.register(Affiliation)
class AffiliationAdmin(SimpleHistoryAdmin):
    """Links are started and ended, never edited: once saved only the end may be set."""

    list_display = ["organization", "hub", "kind", "start", "end", "source"]
    list_filter = ["kind", "source", "hub__level"]
    search_fields = ["organization__name", "hub__short_name"]
    raw_id_fields = ["organization", "hub"]
    list_select_related = ["organization", "hub"]
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["organization", "hub", "kind", "start", "source", "reason"]
