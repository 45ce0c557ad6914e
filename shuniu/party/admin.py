from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from shuniu.audit.versioning import VersionedAdminMixin

from .models import Coverage, Instructor, InstructorAssignment, PartyMeeting, PartyMember, PartyOrganization


class CoverageInline(admin.TabularInline):
    model = Coverage
    extra = 0
    raw_id_fields = ["organization"]


@admin.register(PartyOrganization)
class PartyOrganizationAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "hub", "founded", "dissolved"]
    list_filter = ["kind"]
    search_fields = ["name"]
    raw_id_fields = ["hub", "parent"]
    inlines = [CoverageInline]


@admin.register(PartyMember)
class PartyMemberAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    # The admin is the office's (admin_site.py), who see personal data anyway.
    list_display = ["name", "status", "organization", "branch", "registered_elsewhere"]
    list_filter = ["status"]
    search_fields = ["name", "id_number", "organization__name"]
    raw_id_fields = ["organization", "branch"]
    list_select_related = ["organization", "branch"]
    show_full_result_count = False


@admin.register(PartyMeeting)
class PartyMeetingAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["party_organization", "kind", "date", "attendees"]
    list_filter = ["kind"]
    raw_id_fields = ["party_organization"]
    show_full_result_count = False


class AssignmentInline(admin.TabularInline):
    model = InstructorAssignment
    extra = 0
    raw_id_fields = ["organization"]


@admin.register(Instructor)
class InstructorAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "hub", "start", "end"]
    raw_id_fields = ["hub"]
    inlines = [AssignmentInline]
