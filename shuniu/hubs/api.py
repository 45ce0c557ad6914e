import django_filters
from rest_framework import serializers

from shuniu.accounts.api import RestrictedReadOnlyViewSet

from .models import Affiliation, Hub, Recognition


class RecognitionSerializer(serializers.ModelSerializer):
    recognised_by = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Recognition
        fields = ["batch", "recognised_on", "recognised_by", "document_number", "revoked_on", "revocation_document"]


class HubSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="organization.name", read_only=True)
    organization = serializers.PrimaryKeyRelatedField(read_only=True)
    division = serializers.SlugRelatedField(slug_field="code", read_only=True)
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    fields = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    recognitions = RecognitionSerializer(many=True, read_only=True)

    class Meta:
        model = Hub
        fields = ["slug", "short_name", "name", "organization", "level", "division", "parent", "fields",
                  "recognitions"]


class HubFilter(django_filters.FilterSet):
    parent = django_filters.CharFilter(field_name="parent__slug")
    division = django_filters.CharFilter(field_name="division__code")
    field = django_filters.CharFilter(field_name="fields__slug")

    class Meta:
        model = Hub
        fields = ["level", "parent", "division", "field"]


class HubViewSet(RestrictedReadOnlyViewSet):
    """Hubs in the caller's scope (a hub's staff see their hub and its sub-hubs)."""

    queryset = Hub.objects.select_related("organization", "division", "parent").prefetch_related(
        "fields", "recognitions__recognised_by").order_by("level", "slug")
    serializer_class = HubSerializer
    filterset_class = HubFilter
    lookup_field = "slug"


class AffiliationSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    hub = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Affiliation
        fields = ["id", "organization", "organization_name", "hub", "kind", "start", "end", "source", "reason",
                  "end_reason"]


class AffiliationFilter(django_filters.FilterSet):
    hub = django_filters.CharFilter(field_name="hub__slug")
    open = django_filters.BooleanFilter(field_name="end", lookup_expr="isnull", label="open (not ended)")

    class Meta:
        model = Affiliation
        fields = ["organization", "hub", "kind", "source", "open"]


class AffiliationViewSet(RestrictedReadOnlyViewSet):
    """Links between organisations and hubs, ended and started, never rewritten."""

    queryset = Affiliation.objects.select_related("organization", "hub").order_by("pk")
    serializer_class = AffiliationSerializer
    filterset_class = AffiliationFilter
