"""Oversight records in the data admin: read only. Every change is a workflow step (pages, API, rules),
so the admin cannot skip a state, a role check or the step log."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from shuniu.admin_site import ReadOnlyAdminMixin

from .models import AnnualReport, AnnualReportStep, CreditListEntry, CreditListStep, Grading, GradingStep


class ReadOnly(ReadOnlyAdminMixin):
    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["organization", "year", "state", "hub", "filed_on", "conclusion", "concluded_on"]
    list_filter = ["year", "state", "conclusion"]
    search_fields = ["organization__name"]
    list_select_related = ["organization", "hub"]


@admin.register(CreditListEntry)
class CreditListEntryAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["organization", "list_kind", "cause", "state", "entered_on", "left_on", "by_rule"]
    list_filter = ["list_kind", "cause", "state", "by_rule"]
    search_fields = ["organization__name"]
    list_select_related = ["organization"]


@admin.register(Grading)
class GradingAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ["organization", "state", "applied_on", "score", "grade", "valid_until"]
    list_filter = ["state", "grade"]
    search_fields = ["organization__name"]
    list_select_related = ["organization"]


class StepAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["date", "from_state", "to_state", "role", "actor", "reason"]
    list_filter = ["to_state", "role"]
    list_select_related = ["actor"]


admin.site.register(AnnualReportStep, StepAdmin)
admin.site.register(CreditListStep, StepAdmin)
admin.site.register(GradingStep, StepAdmin)
