from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from shuniu.admin_site import ReadOnlyAdminMixin
from shuniu.audit.versioning import VersionedAdminMixin

from .models import Field, FormerName, Organization, RegistrationEvent, SupervisoryUnit
from .services import record_event


class RegistrationEventInline(admin.TabularInline):
    """Events are added, never edited: the status follows from them."""

    model = RegistrationEvent
    extra = 0
    fields = ["kind", "date", "document", "note"]
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False


class FormerNameInline(admin.TabularInline):
    model = FormerName
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "org_type", "level", "status", "uscc", "registering_division", "supervisory_unit"]
    list_filter = ["org_type", "level", "status", "uscc_legacy", "field", "no_supervisor_reason"]
    search_fields = ["name", "uscc", "certificate_number", "former_names__name"]
    raw_id_fields = ["registering_division", "seat_division", "supervisory_unit"]
    list_select_related = ["registering_division", "supervisory_unit"]
    readonly_fields = ["status", "ended_on"]
    inlines = [RegistrationEventInline, FormerNameInline]
    show_full_result_count = False  # a COUNT(*) per page is what makes admin lists crawl at scale

    def has_delete_permission(self, request, obj=None):
        return False  # organisations end by deregistration, they are never deleted

    def save_formset(self, request, form, formset, change):
        if formset.model is not RegistrationEvent:
            return super().save_formset(request, form, formset, change)
        # New events go through record_event so the status and end date follow them.
        for event in formset.save(commit=False):
            record_event(form.instance, event.kind, event.date, document=event.document, note=event.note)
    fieldsets = [
        (None, {"fields": ["name", "org_type", "level", "status", "ended_on", "field"]}),
        ("登记", {"fields": ["uscc", "uscc_legacy", "certificate_number", "registering_division",
                             "seat_division", "founded", "legal_representative", "business_scope"]}),
        ("业务主管单位", {"fields": ["supervisory_unit", "no_supervisor_reason"]}),
        ("规模与政社关系", {"fields": ["members", "staff", "founded_by_agency", "agency_officials_in_post",
                                  "government_funding_share"]}),
    ]


@admin.register(SupervisoryUnit)
class SupervisoryUnitAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "level", "division"]
    list_filter = ["kind", "level"]
    search_fields = ["name"]
    raw_id_fields = ["division"]


@admin.register(Field)
class FieldAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["slug", "name"]
    search_fields = ["slug", "name", "description"]


@admin.register(RegistrationEvent)
class RegistrationEventAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """A read-only list: events are recorded on the organisation's page."""

    list_display = ["organization", "kind", "date", "document"]
    list_filter = ["kind"]
    search_fields = ["organization__name", "document"]
    raw_id_fields = ["organization"]
    list_select_related = ["organization"]


@admin.register(FormerName)
class FormerNameAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organization", "used_until"]
    search_fields = ["name", "organization__name"]
    raw_id_fields = ["organization"]
