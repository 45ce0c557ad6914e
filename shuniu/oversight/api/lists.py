"""Credit list entries and gradings: read through the API; changed through the pages' workflows."""
from rest_framework import serializers

from shuniu.accounts.api import RestrictedReadOnlyViewSet

from ..models import CreditListEntry, Grading


class CreditListEntrySerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = CreditListEntry
        fields = ["id", "organization", "organization_name", "list_kind", "cause", "cause_key", "by_rule", "state",
                  "entered_on", "reason_in", "left_on", "reason_out", "decision_document"]


class CreditListEntryViewSet(RestrictedReadOnlyViewSet):
    queryset = CreditListEntry.objects.select_related("organization").order_by("-entered_on", "pk")
    serializer_class = CreditListEntrySerializer
    filterset_fields = ["list_kind", "state", "cause"]


class GradingSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Grading
        fields = ["id", "organization", "organization_name", "state", "applied_on", "score", "grade", "decided_on",
                  "valid_until", "refusal_reason"]


class GradingViewSet(RestrictedReadOnlyViewSet):
    queryset = Grading.objects.select_related("organization").order_by("-applied_on", "pk")
    serializer_class = GradingSerializer
    filterset_fields = ["state", "grade"]
