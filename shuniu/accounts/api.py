"""The API's side of the choke point: viewsets read and write only through restrict()."""
import functools

from django.http import Http404
from rest_framework import viewsets
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.response import Response

from shuniu.audit.history import acting_as
from shuniu.audit.versioning import VersionConflict, save_versioned

from .api_permissions import action_of
from .permissions import CHANGE, VIEW, restrict, save_restricted


class RestrictedViewSetMixin:
    """Rows come through restrict() for the request's action.

    Reading an object out of scope is a 404 (its existence is not disclosed);
    writing one is a 403, whether or not it exists, for the same reason.
    """

    def get_queryset(self):
        return restrict(super().get_queryset(), self.request.user, action_of(self.request.method))

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            if action_of(self.request.method) != VIEW:
                raise PermissionDenied from None
            raise

    def perform_update(self, serializer):
        # A token is read inside the view, after the middleware ran: name the actor here.
        request = self.request
        save = serializer.save
        if hasattr(serializer.instance, "version"):
            expected = _expected_version(request, serializer.validated_data.pop("version", None))
            save = functools.partial(save_versioned, serializer.instance, expected, serializer.save)
        with acting_as(request.user, reason=f"API {request.method} {request.path}"):
            save_restricted(serializer.instance, request.user, CHANGE, save=save)

    def handle_exception(self, exc):
        if isinstance(exc, VersionConflict):  # 409 with the record as it is now, typed as the API gives it
            current = self.get_serializer(exc.current).data
            return Response({"detail": str(exc), "current": current}, status=409)
        return super().handle_exception(exc)


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = "send the version you read (\"version\" in the body or an If-Match header)"


def _expected_version(request, from_body: int | None) -> int:
    if from_body is not None:
        return from_body
    header = request.headers.get("If-Match", "").strip('"W/ ')
    if header.isdigit():
        return int(header)
    raise PreconditionRequired


class RestrictedReadOnlyViewSet(RestrictedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass
