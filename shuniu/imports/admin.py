from django.contrib import admin

from shuniu.admin_site import ReadOnlyAdminMixin

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Imports are made through the import page or `shuniu import`; the admin only shows them."""

    list_display = ["pk", "kind", "filename", "dry_run", "created_by", "created_at", "state", "rows_read",
                    "created", "updated", "invalid", "duplicates"]
    list_filter = ["kind", "state", "dry_run"]
    search_fields = ["filename", "created_by__username"]
    date_hierarchy = "created_at"
    exclude = ["result"]
