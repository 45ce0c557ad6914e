"""Party records over the API: the same scopes as the pages, personal data masked as on the pages."""
from __future__ import annotations

import copy

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import PermissionDenied

from shuniu.accounts.api import RestrictedViewSetMixin
from shuniu.accounts.permissions import restrict
from shuniu.audit.history import acting_as
from shuniu.hubs.models import Hub
from shuniu.registry.models import Organization

from .models import Coverage, Instructor, PartyMeeting, PartyMember, PartyOrganization
from .privacy import personal_data
from .services import create_restricted


class PersonalField(serializers.CharField):
    """A name, phone or ID number: written as given, read through privacy.PersonalData like every page."""

    def get_attribute(self, instance):
        return personal_data(self.context["request"]).show(instance, self.source)


class ScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A related record chosen by id among those the caller may see (others: 'does not exist')."""

    def get_queryset(self):
        return restrict(super().get_queryset(), self.context["request"].user)


class ModelCleanSerializer(serializers.ModelSerializer):
    """Runs the model's own validation (the rules the pages enforce) and reports it field by field."""

    many_fields: tuple[str, ...] = ()

    def validate(self, attrs):
        attrs = super().validate(attrs)
        instance = copy.copy(self.instance) if self.instance is not None else self.Meta.model()
        for name, value in attrs.items():
            if name not in self.many_fields and name != "version":
                setattr(instance, name, value)
        try:
            instance.full_clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict if hasattr(error, "error_dict")
                                              else {"non_field_errors": error.messages}) from None
        return attrs


class RestrictedWriteMixin(RestrictedViewSetMixin):
    """Creates, like updates, name the acting user and keep only what lands inside the caller's scope."""

    def perform_create(self, serializer):
        request = self.request
        with acting_as(request.user, reason=f"API {request.method} {request.path}"):
            try:
                create_restricted(self.queryset.model, request.user, lambda: self.checked(serializer.save()))
            except DjangoPermissionDenied as error:
                raise PermissionDenied(str(error) or None) from None

    def checked(self, obj):
        return obj


class ScopedHubField(serializers.SlugRelatedField):
    def get_queryset(self):
        return restrict(super().get_queryset(), self.context["request"].user)


class PartyOrganizationSerializer(ModelCleanSerializer):
    many_fields = ("organizations",)
    hub = ScopedHubField(slug_field="slug", queryset=Hub.objects, allow_null=True, required=False)
    parent = ScopedRelatedField(queryset=PartyOrganization.objects, allow_null=True, required=False)
    organizations = ScopedRelatedField(queryset=Organization.objects, many=True, required=False,
                                       help_text="ids of the organisations covered")

    class Meta:
        model = PartyOrganization
        fields = ["id", "name", "kind", "hub", "parent", "organizations", "founded", "dissolved"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        kind, covered = attrs.get("kind"), attrs.get("organizations", [])
        if kind in PartyOrganization.SINGLE and len(covered) != 1:
            raise serializers.ValidationError({"organizations": "a 党委, 党总支 or 党支部 covers exactly one "
                                                                "organisation; several share a 联合党支部"})
        if kind == PartyOrganization.Kind.JOINT_BRANCH and len(covered) < 2:
            raise serializers.ValidationError({"organizations": "a 联合党支部 covers two or more organisations"})
        if kind == PartyOrganization.Kind.JOINT_COMMITTEE and covered:
            raise serializers.ValidationError({"organizations": "a joint committee covers no organisation itself; "
                                                                "its branches do"})
        return attrs

    @transaction.atomic
    def create(self, validated_data):
        covered = validated_data.pop("organizations", [])
        party = PartyOrganization.objects.create(**validated_data)
        for org in covered:
            Coverage.objects.create(party_organization=party, organization=org)
        return party


class PartyOrganizationViewSet(RestrictedWriteMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Party organisations covering organisations in the caller's scope, and its hubs' own. A new one is
    kept only if it lands in the caller's scope (a hub sets up party organisations in its own network)."""

    queryset = PartyOrganization.objects.select_related("hub").prefetch_related("organizations").order_by("pk")
    serializer_class = PartyOrganizationSerializer
    filterset_fields = ["kind", "organizations"]


class PartyMemberSerializer(ModelCleanSerializer):
    name = PersonalField(max_length=50)
    phone = PersonalField(max_length=20, required=False, allow_blank=True)
    id_number = PersonalField(max_length=18)
    organization = ScopedRelatedField(queryset=Organization.objects, allow_null=True, required=False)
    branch = ScopedRelatedField(queryset=PartyOrganization.objects, allow_null=True, required=False)
    is_pocket = serializers.BooleanField(read_only=True, help_text="registered with no party organisation")
    version = serializers.IntegerField(required=False, min_value=1,
                                       help_text="send back the version you read; a stale one is refused (409)")

    class Meta:
        model = PartyMember
        fields = ["id", "name", "phone", "id_number", "status", "organization", "branch", "registered_elsewhere",
                  "joined_party", "is_pocket", "version"]

    def validate_id_number(self, value):
        return value.strip().upper()  # then checked by the model's validators (full_clean, above)


class PartyMemberViewSet(RestrictedWriteMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                         viewsets.ReadOnlyModelViewSet):
    """Party members in the caller's scope; names, phones and ID numbers masked unless the caller's work needs
    them (the office, the hub's party-work staff)."""

    queryset = PartyMember.objects.select_related("branch").order_by("pk")
    serializer_class = PartyMemberSerializer
    filterset_fields = ["status", "organization", "branch"]

    def checked(self, member):
        # Who may not read a member's personal data may not write it either.
        if not personal_data(self.request).reveals(member):
            raise DjangoPermissionDenied("only the office and the hub's party-work staff record members")
        return member

    def perform_update(self, serializer):
        if not personal_data(self.request).reveals(serializer.instance):
            raise PermissionDenied("only the office and the hub's party-work staff change members")
        super().perform_update(serializer)


class PartyMeetingSerializer(ModelCleanSerializer):
    party_organization = ScopedRelatedField(queryset=PartyOrganization.objects)

    class Meta:
        model = PartyMeeting
        fields = ["id", "party_organization", "kind", "date", "attendees", "topic"]


class PartyMeetingViewSet(RestrictedWriteMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """三会一课 records; a meeting dated in the future is refused."""

    queryset = PartyMeeting.objects.order_by("-date", "pk")
    serializer_class = PartyMeetingSerializer
    filterset_fields = ["party_organization", "kind", "date"]


class InstructorSerializer(ModelCleanSerializer):
    many_fields = ("organizations",)
    name = PersonalField(max_length=50)
    phone = PersonalField(max_length=20, required=False, allow_blank=True)
    hub = ScopedHubField(slug_field="slug", queryset=Hub.objects)
    organizations = ScopedRelatedField(queryset=Organization.objects, many=True, required=False,
                                       help_text="ids of the organisations the instructor guides")

    class Meta:
        model = Instructor
        fields = ["id", "name", "phone", "hub", "organizations", "start", "end"]

    @transaction.atomic
    def create(self, validated_data):
        guided = validated_data.pop("organizations", [])
        instructor = Instructor.objects.create(**validated_data)
        for org in guided:
            instructor.assignments.create(organization=org)
        return instructor


class InstructorViewSet(RestrictedWriteMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Party-building instructors (党建工作指导员) of the caller's hubs and of the organisations it sees;
    names and phones masked like members'. Recorded by those who see them unmasked."""

    queryset = Instructor.objects.select_related("hub").prefetch_related("organizations").order_by("pk")
    serializer_class = InstructorSerializer

    def checked(self, instructor):
        if not personal_data(self.request).reveals(instructor):
            raise DjangoPermissionDenied("only the office and the hub's party-work staff record instructors")
        return instructor
