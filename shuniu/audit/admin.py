from django.contrib import admin

from .models import SecurityEvent


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """The security log is written by the system and read by the office; nobody edits it."""

    list_display = ["when", "kind", "username", "address", "method", "path"]
    list_filter = ["kind"]
    search_fields = ["username", "path", "address"]
    date_hierarchy = "when"
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
