from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from shuniu.audit.versioning import VersionedAdminMixin

from .models import Activity, ContactRecord, Facility, Participation


@admin.register(Facility)
class FacilityAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "hub", "division", "opened", "members_covered"]
    list_filter = ["kind"]
    search_fields = ["name", "address"]
    raw_id_fields = ["hub", "division"]
    list_select_related = ["hub", "division"]
    show_full_result_count = False


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    raw_id_fields = ["organization"]


@admin.register(Activity)
class ActivityAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "hub", "start", "served", "reached"]
    search_fields = ["title"]
    raw_id_fields = ["hub", "organizer", "facility"]
    inlines = [ParticipationInline]


@admin.register(ContactRecord)
class ContactRecordAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["hub", "organization", "kind", "date"]
    list_filter = ["kind"]
    raw_id_fields = ["hub", "organization"]
    show_full_result_count = False
