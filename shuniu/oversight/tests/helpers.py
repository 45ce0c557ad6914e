"""Accounts for the oversight tests: one per role, granted like the demo's."""
from django.contrib.auth import get_user_model

from shuniu.accounts.models import Grant, Role
from shuniu.testing import division


def account(username: str, role: str, **scope):
    """The account with this name, created with its grant the first time it is asked for."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        user = get_user_model().objects.create_user(username, password="pw")
        Grant.objects.create(user=user, role=role, **scope)
    return user


def office():
    return account("office-x", Role.OFFICE)


def authority():
    return account("authority-x", Role.AUTHORITY, division=division("110000"))


def hub_staff(hub):
    return account(f"hub-{hub.slug}-x", Role.HUB, hub=hub)


def org_account(org):
    return account(f"org-{org.pk}-x", Role.ORGANIZATION, organization=org)
