from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from shuniu.audit.versioning import VersionedAdminMixin

from .models import Grant


@admin.register(Grant)
class GrantAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["user", "role", "division", "hub", "organization", "party_work"]
    list_filter = ["role", "party_work"]
    search_fields = ["user__username", "hub__short_name", "division__name", "organization__name"]
    raw_id_fields = ["user", "division", "hub", "organization"]
