from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from shuniu.accounts.api import RestrictedReadOnlyViewSet
from shuniu.accounts.permissions import CHANGE, may, restrict
from shuniu.audit.history import acting_as

from ..models import AnnualReport
from ..services import annual


class StepSerializer(serializers.Serializer):
    date = serializers.DateField()
    actor = serializers.CharField(source="actor.username")
    role = serializers.CharField()
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    reason = serializers.CharField()


class AnnualReportSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    hub = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    steps = StepSerializer(many=True, read_only=True)

    class Meta:
        model = AnnualReport
        fields = ["id", "organization", "organization_name", "year", "state", "hub", "work_report", "income",
                  "expenditure", "net_assets", "party_building", "filed_on", "conclusion", "concluded_on",
                  "version", "steps"]


class StepRequest(serializers.Serializer):
    action = serializers.ChoiceField(choices=annual.ACTIONS)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    conclusion = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False, min_value=1)


class MayChange(IsAuthenticated):
    def has_permission(self, request, view):
        return super().has_permission(request, view) and may(request.user, AnnualReport, CHANGE)


class AnnualReportViewSet(RestrictedReadOnlyViewSet):
    """Annual reports in scope. POST …/step/ takes a step (file, accept, return, conclude) as the caller."""

    queryset = AnnualReport.objects.all()
    serializer_class = AnnualReportSerializer
    filterset_fields = ["year", "state", "conclusion"]

    def get_queryset(self):
        # A step changes the report: it is read through restrict(…, CHANGE), not the POST → add default.
        rows = restrict(self.queryset.all(), self.request.user, CHANGE) if self.action == "step" \
            else super().get_queryset()
        return (rows.select_related("organization", "hub").prefetch_related("steps__actor")
                .order_by("-year", "organization__name", "pk"))

    def get_permissions(self):
        return [MayChange()] if self.action == "step" else super().get_permissions()

    @action(detail=True, methods=["post"], serializer_class=StepRequest)
    def step(self, request, pk=None):
        report = self.get_object()
        data = StepRequest(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        with acting_as(request.user, reason=f"API {request.method} {request.path}"):
            try:
                annual.act(report, request.user, values["action"], on=timezone.localdate(), reason=values["reason"],
                           conclusion=values["conclusion"], expected_version=values.get("version"))
            except ValidationError as error:
                raise ApiValidationError({"detail": error.messages}) from None
        report = self.get_queryset().get(pk=report.pk)
        return Response(AnnualReportSerializer(report).data, status=status.HTTP_200_OK)
