"""The oversight workflows in the API: records in scope (read) and one POST per step.

POST /api/<workflow>/<id>/step/ {"step": "consent", "reason": "…", "on": "2010-03-20", …the step's fields}
answers 200 with the record, 403 when the step is not the caller's to take (or the record is out of scope), 409 when it
cannot be taken now (the message says why; nothing changed), 400 on a bad value.
"""
from django.core.exceptions import ValidationError
from django.forms import modelform_factory
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from shuniu.accounts.api import RestrictedReadOnlyViewSet
from shuniu.accounts.permissions import VIEW, restrict
from shuniu.audit.history import acting_as

from ..models import (
    HubEvaluation,
    Indicator,
    RecognitionApplication,
    ServiceCall,
    ServiceProject,
    StepLog,
    SupervisoryUnitChange,
    TransferRequest,
)
from ..services import projects, recognition, transfers
from ..views.common import StepExtras


class StepLogSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username")

    class Meta:
        model = StepLog
        fields = ["step", "from_state", "to_state", "actor", "reason", "on"]


class WorkflowSerializer(serializers.ModelSerializer):
    steps = serializers.SerializerMethodField(help_text="every step taken, oldest first")
    next_steps = serializers.SerializerMethodField(help_text="the steps the caller may take now")

    @extend_schema_field(StepLogSerializer(many=True))
    def get_steps(self, obj):
        by_record = self.context.get("steps")  # read for the whole page at once by the list view
        steps = by_record[obj.pk] if by_record is not None else StepLog.of(obj)
        return StepLogSerializer(steps, many=True).data

    def get_next_steps(self, obj) -> list[str]:
        request = self.context.get("request")
        return [s.name for s in self.context["machine"].available(obj, request.user) if s.on_page] if request else []


# Not "StepRequest": api/annual.py has a schema component of that name.
class WorkflowStepRequestSerializer(serializers.Serializer):
    step = serializers.CharField(help_text="a name from next_steps")
    on = serializers.DateField(required=False, help_text="the day the step is taken (default: today)")
    reason = serializers.CharField(required=False, help_text="required for refusals, withdrawals, revocations")
    # The step's own fields (e.g. review_score, approved_amount) are sent alongside, by name.


def workflow_serializer(model, fields):
    return type(f"{model.__name__}Serializer", (WorkflowSerializer,), {
        "Meta": type("Meta", (), {"model": model, "fields": ["id", "state", "due", *fields, "steps", "next_steps"]})})


class WorkflowViewSet(RestrictedReadOnlyViewSet):
    machine = None
    run = None

    def get_queryset(self):
        if self.action == "step":  # a step is allowed by the workflow's actors, on a record the caller sees
            return restrict(self.queryset.all(), self.request.user, VIEW)
        return super().get_queryset()

    def get_permissions(self):
        return [IsAuthenticated()] if self.action == "step" else super().get_permissions()

    def get_serializer(self, *args, **kwargs):
        if kwargs.get("many") and args:  # a page of records: their steps in one query, not one per record
            records = list(args[0])
            kwargs["context"] = {**self.get_serializer_context(), "steps": StepLog.of_many(records)}
            args = (records, *args[1:])
        return super().get_serializer(*args, **kwargs)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "machine": self.machine}

    @extend_schema(request=WorkflowStepRequestSerializer)
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        obj = self.get_object()  # 404 out of scope
        name = request.data.get("step", "")
        step = self.machine.steps.get(name)
        if step is None or not step.on_page:
            return Response({"step": f"unknown step; one of {sorted(self.machine.steps)}"}, status=400)
        try:
            self.machine.check(obj, name, request.user)
        except ValidationError as refusal:
            if obj.state in step.sources:
                raise PermissionDenied(" ".join(refusal.messages)) from None
            return Response({"detail": " ".join(refusal.messages)}, status=status.HTTP_409_CONFLICT)
        form = modelform_factory(type(obj), fields=step.fields)(request.data, instance=obj) if step.fields else None
        extras = StepExtras({"on": request.data.get("on") or str(_today()),
                             "reason": request.data.get("reason", "")})
        if (form is not None and not form.is_valid()) or not extras.is_valid():
            return Response({**(form.errors if form is not None else {}), **extras.errors}, status=400)
        values = {f: form.cleaned_data[f] for f in step.fields} if form is not None else {}
        try:
            with acting_as(request.user, reason=f"API step {name}"):
                type(self).run(obj, name, request.user, reason=extras.cleaned_data["reason"],
                               on=extras.cleaned_data["on"], **values)
        except ValidationError as refusal:
            return Response({"detail": " ".join(refusal.messages)}, status=status.HTTP_409_CONFLICT)
        obj.refresh_from_db()
        return Response(self.get_serializer(obj).data)


def _today():
    from django.utils import timezone

    return timezone.localdate()


class RecognitionApplicationViewSet(WorkflowViewSet):
    """认定 applications in the caller's scope."""

    queryset = RecognitionApplication.objects.select_related("organization", "hub").order_by("-pk")
    serializer_class = workflow_serializer(RecognitionApplication, [
        "kind", "organization", "hub", "fields", "level", "division", "parent", "short_name", "slug", "statement",
        "review_note", "batch", "recognised_on", "document_number", "recognition"])
    machine = recognition.MACHINE
    run = staticmethod(recognition.step)
    filterset_fields = ["state", "kind"]


class ServiceProjectViewSet(WorkflowViewSet):
    """政府购买服务 projects in the caller's scope (the organisation's own, the responsible hub's)."""

    queryset = ServiceProject.objects.select_related("call").order_by("-pk")
    serializer_class = workflow_serializer(ServiceProject, [
        "call", "organization", "responsible_hub", "title", "category", "summary", "requested_amount",
        "approved_amount", "planned_beneficiaries", "starts", "ends", "review_score", "evaluation_score"])
    machine = projects.MACHINE
    run = staticmethod(projects.step)
    filterset_fields = ["state", "category", "call", "organization", "responsible_hub"]


class TransferRequestViewSet(WorkflowViewSet):
    """移交 requests seen by the organisation's hubs on both sides."""

    queryset = TransferRequest.objects.order_by("-pk")
    serializer_class = workflow_serializer(TransferRequest, [
        "organization", "from_hub", "to_hub", "kind", "requested_by", "effective_on", "reason", "affiliation"])
    machine = transfers.TRANSFER
    run = staticmethod(transfers.step)
    filterset_fields = ["state", "organization"]


class SupervisoryUnitChangeViewSet(WorkflowViewSet):
    queryset = SupervisoryUnitChange.objects.order_by("-pk")
    serializer_class = workflow_serializer(SupervisoryUnitChange, [
        "organization", "from_unit", "to_unit", "effective_on", "reason", "document_number"])
    machine = transfers.UNIT_CHANGE
    run = staticmethod(transfers.unit_change_step)
    filterset_fields = ["state", "organization"]


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "name", "source", "weight", "target", "active"]


class IndicatorViewSet(RestrictedReadOnlyViewSet):
    queryset = Indicator.objects.order_by("pk")
    serializer_class = IndicatorSerializer


class HubEvaluationSerializer(serializers.ModelSerializer):
    hub = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    lines = serializers.SerializerMethodField()

    class Meta:
        model = HubEvaluation
        fields = ["id", "hub", "year", "score", "max_score", "computed_on", "pending", "lines"]

    def get_lines(self, obj) -> list[dict]:
        return [{"indicator": line.indicator, "source": line.source, "weight": str(line.weight),
                 "target": str(line.target), "value": None if line.value is None else str(line.value),
                 "points": str(line.points)} for line in obj.lines.all()]


class HubEvaluationViewSet(RestrictedReadOnlyViewSet):
    """Yearly hub scores: the office sees all, a hub its own network's."""

    queryset = HubEvaluation.objects.select_related("hub").prefetch_related("lines").order_by("year", "-score")
    serializer_class = HubEvaluationSerializer
    filterset_fields = ["year"]


class ServiceCallSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceCall
        fields = ["id", "year", "title", "budget", "opens", "deadline"]


class ServiceCallViewSet(RestrictedReadOnlyViewSet):
    queryset = ServiceCall.objects.order_by("-year", "pk")
    serializer_class = ServiceCallSerializer
