from django.contrib import admin

from shuniu.admin_site import ReadOnlyAdminMixin

from .models import SecurityEvent


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The security log is written by the system and read by the office; nobody edits it."""

    list_display = ["when", "kind", "username", "address", "method", "path"]
    list_filter = ["kind"]
    search_fields = ["username", "path", "address"]
    date_hierarchy = "when"
    show_full_result_count = False
