import django_filters
from rest_framework import serializers

from shuniu.accounts.api import RestrictedReadOnlyViewSet

from .models import Division


class DivisionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)
    successor = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Division
        fields = ["code", "name", "level", "parent", "valid_from", "valid_to", "successor"]


class DivisionFilter(django_filters.FilterSet):
    parent = django_filters.CharFilter(field_name="parent__code")
    current = django_filters.BooleanFilter(field_name="valid_to", lookup_expr="isnull")

    class Meta:
        model = Division
        fields = ["level", "parent", "current"]


class DivisionViewSet(RestrictedReadOnlyViewSet):
    """GB/T 2260 divisions with validity and successors (reference data)."""

    queryset = Division.objects.select_related("parent", "successor").order_by("code")
    serializer_class = DivisionSerializer
    filterset_class = DivisionFilter
    lookup_field = "code"
