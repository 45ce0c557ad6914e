"""Facilities, activities and contact records over the API, in the caller's scope."""
from __future__ import annotations

from django.db import transaction
from rest_framework import mixins, serializers, viewsets

from shuniu.divisions.models import Division
from shuniu.hubs.models import Hub
from shuniu.party.api import ModelCleanSerializer, RestrictedWriteMixin, ScopedRelatedField
from shuniu.registry.models import Organization

from .models import Activity, ContactRecord, Facility

VERSION_HELP = "send back the version you read; a stale one is refused (409)"


class ScopedSlugField(serializers.SlugRelatedField):
    def get_queryset(self):
        from shuniu.accounts.permissions import restrict

        return restrict(super().get_queryset(), self.context["request"].user)


class FacilitySerializer(ModelCleanSerializer):
    hub = ScopedSlugField(slug_field="slug", queryset=Hub.objects)
    division = serializers.SlugRelatedField(slug_field="code", queryset=Division.objects)
    version = serializers.IntegerField(required=False, min_value=1, help_text=VERSION_HELP)

    class Meta:
        model = Facility
        fields = ["id", "name", "kind", "hub", "division", "address", "latitude", "longitude", "opened", "closed",
                  "members_covered", "version"]


class FacilityViewSet(RestrictedWriteMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                      viewsets.ReadOnlyModelViewSet):
    """Service facilities (职工服务中心, 工会服务站, 社区青年汇, 乡村青年社, 妇女之家, …) in the caller's scope."""

    queryset = Facility.objects.select_related("hub", "division").order_by("pk")
    serializer_class = FacilitySerializer
    filterset_fields = ["kind", "hub__slug", "division__code"]


class ActivitySerializer(ModelCleanSerializer):
    many_fields = ("organizations",)
    hub = ScopedSlugField(slug_field="slug", queryset=Hub.objects)
    organizer = ScopedRelatedField(queryset=Organization.objects, allow_null=True, required=False)
    facility = ScopedRelatedField(queryset=Facility.objects, allow_null=True, required=False)
    organizations = ScopedRelatedField(queryset=Organization.objects, many=True, required=False,
                                       help_text="ids of the organisations taking part")
    version = serializers.IntegerField(required=False, min_value=1, help_text=VERSION_HELP)

    class Meta:
        model = Activity
        fields = ["id", "title", "hub", "organizer", "facility", "start", "end", "served", "reached",
                  "organizations", "description", "version"]

    @transaction.atomic
    def create(self, validated_data):
        taking_part = validated_data.pop("organizations", [])
        activity = Activity.objects.create(**validated_data)
        self._take_part(activity, taking_part)
        return activity

    @transaction.atomic
    def update(self, instance, validated_data):
        taking_part = validated_data.pop("organizations", None)
        for name, value in validated_data.items():
            setattr(instance, name, value)
        instance.save()
        if taking_part is not None:
            instance.participations.exclude(organization__in=taking_part).delete()
            self._take_part(instance, taking_part)
        return instance

    def _take_part(self, activity, organizations):
        present = set(activity.participations.values_list("organization_id", flat=True))
        for org in organizations:
            if org.pk not in present:
                activity.participations.create(organization=org)


class ActivityViewSet(RestrictedWriteMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                      viewsets.ReadOnlyModelViewSet):
    """Activities: participants served directly and people reached (served included: never fewer)."""

    queryset = Activity.objects.select_related("hub").prefetch_related("organizations").order_by("-start", "pk")
    serializer_class = ActivitySerializer
    filterset_fields = ["hub__slug", "organizer", "facility"]


class ContactRecordSerializer(ModelCleanSerializer):
    hub = ScopedSlugField(slug_field="slug", queryset=Hub.objects)
    organization = ScopedRelatedField(queryset=Organization.objects)

    class Meta:
        model = ContactRecord
        fields = ["id", "hub", "organization", "kind", "date", "note"]


class ContactRecordViewSet(RestrictedWriteMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """A hub's contact, guidance, training and visits with organisations."""

    queryset = ContactRecord.objects.select_related("hub").order_by("-date", "pk")
    serializer_class = ContactRecordSerializer
    filterset_fields = ["hub__slug", "organization", "kind"]
