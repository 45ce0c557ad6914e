from django.contrib import admin

from shuniu.admin_site import ReadOnlyAdminMixin

from .models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Export jobs are made from the list pages and the API; the admin only shows them."""

    list_display = ["pk", "format", "created_by", "created_at", "state", "rows_total", "rows_written", "finished_at"]
    list_filter = ["format", "state"]
    search_fields = ["created_by__username", "query"]
    date_hierarchy = "created_at"
    exclude = ["scope"]
