"""DRF's default permission class (its own module: DRF imports it while its views are still loading)."""
from rest_framework import permissions

from .permissions import ADD, CHANGE, DELETE, VIEW, may

METHOD_ACTION = {"GET": VIEW, "HEAD": VIEW, "OPTIONS": VIEW, "POST": ADD, "PUT": CHANGE, "PATCH": CHANGE,
                 "DELETE": DELETE}
UNSUPPORTED = "unsupported"  # TRACE, QUERY, …: no role may, so they are refused (found by schemathesis: was a 500)


def action_of(method: str) -> str:
    return METHOD_ACTION.get(method, UNSUPPORTED)


class RestrictedPermission(permissions.BasePermission):
    """Signed in, and one of the user's roles may do this action on this model at all (else 403)."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        model = getattr(getattr(view, "queryset", None), "model", None)
        return model is None or may(request.user, model, action_of(request.method))
