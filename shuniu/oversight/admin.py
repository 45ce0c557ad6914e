"""Oversight records in the data admin: workflow records are read only (every change is a workflow step:
pages, API, rules), so the admin cannot skip a state, a role check or the step log. The indicator system
and the service calls are plain data the office may edit."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from shuniu.admin_site import ReadOnlyAdminMixin
from shuniu.audit.versioning import VersionedAdminMixin

from .models import (
    AnnualReport,
    AnnualReportStep,
    CreditListEntry,
    CreditListStep,
    EvaluationJob,
    EvaluationLine,
    Grading,
    GradingStep,
    HubEvaluation,
    Indicator,
    ProjectReport,
    RecognitionApplication,
    ServiceCall,
    ServiceProject,
    StepLog,
    SupervisoryUnitChange,
    TransferRequest,
)


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


class ReadOnlyAdmin(ReadOnly, SimpleHistoryAdmin):
    pass


@admin.register(RecognitionApplication)
class RecognitionApplicationAdmin(ReadOnlyAdmin):
    list_display = ["organization", "kind", "state", "batch", "recognised_on", "document_number"]
    list_filter = ["state", "kind", "batch"]


@admin.register(ServiceProject)
class ServiceProjectAdmin(ReadOnlyAdmin):
    list_display = ["title", "organization", "responsible_hub", "state", "requested_amount", "approved_amount"]
    list_filter = ["state", "category", "call"]
    list_select_related = ["organization", "responsible_hub"]


@admin.register(TransferRequest)
class TransferRequestAdmin(ReadOnlyAdmin):
    list_display = ["organization", "from_hub", "to_hub", "state", "effective_on"]
    list_filter = ["state"]


@admin.register(SupervisoryUnitChange)
class SupervisoryUnitChangeAdmin(ReadOnlyAdmin):
    list_display = ["organization", "from_unit", "to_unit", "state", "effective_on"]
    list_filter = ["state"]


@admin.register(StepLog)
class StepLogAdmin(ReadOnlyAdmin):
    list_display = ["workflow", "object_id", "step", "from_state", "to_state", "actor", "on"]
    list_filter = ["workflow", "step"]


@admin.register(HubEvaluation)
class HubEvaluationAdmin(ReadOnlyAdmin):
    list_display = ["hub", "year", "score", "max_score", "computed_on"]
    list_filter = ["year"]


@admin.register(EvaluationJob)
class EvaluationJobAdmin(ReadOnly, admin.ModelAdmin):
    """Queued from the ranking page; the admin only shows them."""

    list_display = ["pk", "year", "created_by", "created_at", "state", "hubs_scored", "finished_at"]
    list_filter = ["year", "state"]


@admin.register(Indicator)
class IndicatorAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "source", "weight", "target", "active"]


@admin.register(ServiceCall)
class ServiceCallAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    list_display = ["year", "title", "budget", "opens", "deadline"]


@admin.register(ProjectReport)
class ProjectReportAdmin(ReadOnlyAdmin):
    list_display = ["project", "kind", "due", "submitted_on", "beneficiaries", "funds_spent"]


@admin.register(EvaluationLine)
class EvaluationLineAdmin(ReadOnlyAdmin):
    list_display = ["evaluation", "indicator", "value", "points"]
