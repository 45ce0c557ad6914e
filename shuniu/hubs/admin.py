from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from shuniu.audit.versioning import VersionedAdminMixin, save_versioned

from .models import Affiliation, Hub, Recognition
from .services import end_link, link


class RecognitionInline(admin.TabularInline):
    """Recognitions are made and revoked through the oversight workflow; shown here, never edited."""

    model = Recognition
    extra = 0
    can_delete = False
    readonly_fields = ["recognised_by", "batch", "recognised_on", "document_number", "revoked_on",
                       "revocation_document", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Hub)
class HubAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["short_name", "slug", "level", "division", "parent"]
    list_filter = ["level", "fields"]
    search_fields = ["short_name", "slug", "organization__name"]
    raw_id_fields = ["organization", "division", "parent", "supervisory_unit"]
    # Authorised fields change only through recognition (hubs/authorisation.py): shown, not edited.
    readonly_fields = ["fields"]
    inlines = [RecognitionInline]

    def has_delete_permission(self, request, obj=None):
        return False  # a hub ends by revocation of its recognition


@admin.register(Recognition)
class RecognitionAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["hub", "batch", "recognised_on", "document_number", "revoked_on"]
    list_filter = ["batch"]
    raw_id_fields = ["hub", "recognised_by"]

    # Made, and revoked, through the oversight recognition workflow only.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Affiliation)
class AffiliationAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    """Links are started and ended, never edited: once saved only the end may be set."""

    list_display = ["organization", "hub", "kind", "start", "end", "source"]
    list_filter = ["kind", "source", "hub__level"]
    search_fields = ["organization__name", "hub__short_name"]
    raw_id_fields = ["organization", "hub"]
    list_select_related = ["organization", "hub"]
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["end", "end_reason"]
        if obj.end is not None:
            return [f.name for f in Affiliation._meta.fields]
        return ["organization", "hub", "kind", "start", "source", "reason"]

    def save_model(self, request, obj, form, change):
        # Through the services, so a supervision link also sets the supervisory unit.
        if not change:
            form.instance = link(obj.organization, obj.hub, kind=obj.kind, start=obj.start, source=obj.source,
                                 reason=obj.reason)
        elif obj.end is not None:
            stored = Affiliation.objects.get(pk=obj.pk)
            save_versioned(stored, form.cleaned_data["version"],
                           lambda: end_link(stored, end=obj.end, reason=obj.end_reason))

    def has_delete_permission(self, request, obj=None):
        return False  # links are ended, never deleted
