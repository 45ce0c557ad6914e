"""Writes the security log: sign-ins and sign-outs (auth signals) and every 403 (middleware)."""
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import SecurityEvent


def record(kind: str, request=None, user=None, username: str = "") -> None:
    SecurityEvent.objects.create(
        kind=kind, user=user if getattr(user, "pk", None) else None,
        username=username or (user.get_username() if getattr(user, "pk", None) else ""),
        address=request.META.get("REMOTE_ADDR") if request else None,
        method=(request.method or "") if request else "", path=(request.path or "")[:500] if request else "")


@receiver(user_logged_in)
def signed_in(sender, request, user, **kwargs):
    record(SecurityEvent.Kind.SIGN_IN, request, user)


@receiver(user_logged_out)
def signed_out(sender, request, user, **kwargs):
    record(SecurityEvent.Kind.SIGN_OUT, request, user)


@receiver(user_login_failed)
def sign_in_failed(sender, credentials, request=None, **kwargs):
    record(SecurityEvent.Kind.SIGN_IN_FAILED, request, username=str(credentials.get("username", ""))[:150])


class RefusalLogMiddleware:
    """Every 403, from pages or the API, lands in the security log with the account that was refused."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            user = getattr(request, "user", None)
            drf_user = getattr(response, "renderer_context", {}).get("request")
            if drf_user is not None:  # a token is read inside the API view, after the middleware ran
                user = getattr(drf_user, "user", user)
            record(SecurityEvent.Kind.REFUSED, request, user if getattr(user, "is_authenticated", False) else None)
        return response
