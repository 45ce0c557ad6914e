from rest_framework import mixins, serializers, viewsets

from shuniu.accounts.api import RestrictedViewSetMixin
from shuniu.divisions.models import Division
from shuniu.hubs.queries import attach_current_hubs

from .editing import editable_fields
from .filters import OrganizationFilter
from .models import Field, Organization


class OrganizationSerializer(serializers.ModelSerializer):
    registering_division = serializers.SlugRelatedField(slug_field="code", read_only=True)
    seat_division = serializers.SlugRelatedField(slug_field="code", queryset=Division.objects.all(),
                                                 allow_null=True, required=False)
    field = serializers.SlugRelatedField(slug_field="slug", queryset=Field.objects.all(), allow_null=True,
                                         required=False)
    supervisory_unit = serializers.StringRelatedField()
    current_hub = serializers.CharField(source="current_hub_slug", read_only=True, allow_null=True, default=None,
                                        help_text="slug of the hub the organisation is linked to now")
    version = serializers.IntegerField(required=False, min_value=1,
                                       help_text="send back the version you read; a stale one is refused (409)")

    class Meta:
        model = Organization
        fields = ["id", "name", "org_type", "status", "level", "uscc", "uscc_legacy", "certificate_number",
                  "registering_division", "seat_division", "field", "founded", "ended_on", "legal_representative",
                  "business_scope", "members", "staff", "supervisory_unit", "no_supervisor_reason", "current_hub",
                  "founded_by_agency", "agency_officials_in_post", "government_funding_share", "version"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        allowed = editable_fields(request.user) if request else set()
        for name, field in fields.items():
            if name not in allowed and name != "version":
                field.read_only = True
        return fields


class OrganizationViewSet(RestrictedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Social organisations in the caller's scope; each carries the slug of its current hub."""

    queryset = Organization.objects.all()
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter

    def get_queryset(self):
        rows = super().get_queryset().select_related("registering_division", "seat_division", "field",
                                                     "supervisory_unit")
        return rows.order_by("name", "pk")

    # The current hub is read for the rows returned only (see hubs.queries.attach_current_hubs).
    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return None if page is None else attach_current_hubs(page)

    def get_object(self):
        return attach_current_hubs([super().get_object()])[0]
