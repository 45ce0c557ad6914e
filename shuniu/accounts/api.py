"""The API's side of the choke point: viewsets read and write only through restrict()."""
from django.http import Http404
from rest_framework import viewsets
from rest_framework.exceptions import PermissionDenied

from shuniu.audit.history import acting_as

from .api_permissions import METHOD_ACTION
from .permissions import CHANGE, VIEW, restrict, save_restricted


class RestrictedViewSetMixin:
    """Rows come through restrict() for the request's action.

    Reading an object out of scope is a 404 (its existence is not disclosed);
    writing one is a 403, whether or not it exists, for the same reason.
    """

    def get_queryset(self):
        return restrict(super().get_queryset(), self.request.user, METHOD_ACTION[self.request.method])

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            if METHOD_ACTION[self.request.method] != VIEW:
                raise PermissionDenied from None
            raise

    def perform_update(self, serializer):
        # A token is read inside the view, after the middleware ran: name the actor here.
        request = self.request
        with acting_as(request.user, reason=f"API {request.method} {request.path}"):
            save_restricted(serializer.instance, request.user, CHANGE, save=serializer.save)


class RestrictedReadOnlyViewSet(RestrictedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass
