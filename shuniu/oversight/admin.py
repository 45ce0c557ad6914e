"""Oversight records in the data admin: workflow records are shown, never edited (their steps are the
only way they change); the indicator system and the calls are plain data the office may edit."""
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    EvaluationLine,
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


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "source", "weight", "target", "active"]


@admin.register(ServiceCall)
class ServiceCallAdmin(SimpleHistoryAdmin):
    list_display = ["year", "title", "budget", "opens", "deadline"]


@admin.register(ProjectReport)
class ProjectReportAdmin(ReadOnlyAdmin):
    list_display = ["project", "kind", "due", "submitted_on", "beneficiaries", "funds_spent"]


@admin.register(EvaluationLine)
class EvaluationLineAdmin(ReadOnlyAdmin):
    list_display = ["evaluation", "indicator", "value", "points"]
