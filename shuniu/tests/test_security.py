"""Sign-in throttling, security headers, the health probe and the production start-up check."""
import importlib
import os
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured


def test_repeated_wrong_passwords_lock_the_account(client, django_user_model, settings):
    django_user_model.objects.create_user("clerk", password="right-password-1")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "clerk", "password": "wrong"})
    response = client.post("/login/", {"username": "clerk", "password": "right-password-1"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_good_password_before_the_limit_signs_in(client, django_user_model, settings):
    django_user_model.objects.create_user("clerk", password="right-password-1")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/login/", {"username": "clerk", "password": "wrong"})
    response = client.post("/login/", {"username": "clerk", "password": "right-password-1"})
    assert response.status_code == 302


def test_the_api_token_endpoint_is_throttled_too(client, django_user_model, settings):
    django_user_model.objects.create_user("clerk", password="right-password-1")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/api/auth/token/", {"username": "clerk", "password": "wrong"})
    response = client.post("/api/auth/token/", {"username": "clerk", "password": "right-password-1"})
    assert response.status_code != 200 and "token" not in response.content.decode()


def test_pages_carry_a_content_security_policy_without_inline_scripts(client, db):
    response = client.get("/login/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "<script>" not in response.content.decode()


def test_the_health_probe_answers(client, db):
    response = client.get("/health/")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.mark.parametrize("env, problem", [
    ({"SHUNIU_ENV": "production", "DEBUG": "1", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "shuniu.example"}, "DEBUG"),
    ({"SHUNIU_ENV": "production", "ALLOWED_HOSTS": "shuniu.example"}, "SECRET_KEY"),
    ({"SHUNIU_ENV": "production", "SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS"),
])
def test_production_refuses_development_defaults(env, problem):
    from shuniu import settings as module

    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
    with mock.patch.dict(os.environ, {**clean, **env}, clear=True):
        with pytest.raises(ImproperlyConfigured, match=problem):
            importlib.reload(module)
    importlib.reload(module)  # back to the test settings module as it was


def test_production_starts_with_its_settings_given():
    from shuniu import settings as module

    env = {"SHUNIU_ENV": "production", "SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "shuniu.example", "DEBUG": "0"}
    with mock.patch.dict(os.environ, env):
        reloaded = importlib.reload(module)
        assert reloaded.SESSION_COOKIE_SECURE and not reloaded.DEBUG
    importlib.reload(module)


def test_sign_ins_failures_and_refusals_are_logged(client, django_user_model, charter):
    from shuniu.accounts.models import Grant, Role
    from shuniu.audit.models import SecurityEvent

    user = django_user_model.objects.create_user("clerk", password="right-password-1")
    Grant.objects.create(user=user, role=Role.HUB, hub=charter["science"])
    client.post("/login/", {"username": "clerk", "password": "wrong"})
    client.post("/login/", {"username": "clerk", "password": "right-password-1"})
    client.get("/dashboard/")  # the city figures are the office's: 403
    kinds = list(SecurityEvent.objects.order_by("pk").values_list("kind", "username", "path"))
    assert kinds == [("sign_in_failed", "clerk", "/login/"), ("sign_in", "clerk", "/login/"),
                     ("refused", "clerk", "/dashboard/")]


def test_api_refusals_name_the_token_holder(client, django_user_model, db):
    from rest_framework.authtoken.models import Token

    from shuniu.audit.models import SecurityEvent

    outsider = django_user_model.objects.create_user("outsider")
    token = Token.objects.create(user=outsider)
    assert client.get("/api/organizations/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 403
    event = SecurityEvent.objects.get(kind="refused")
    assert (event.user, event.path) == (outsider, "/api/organizations/")


@pytest.mark.parametrize("password, problem", [
    ("Xk3#pq9Lm", "too short"),             # 9 characters: the policy asks for 10
    ("password123", "too common"),
    ("4839201756", "entirely numeric"),
    ("wang.xiaoming", "too similar"),       # the username with a dot
])
def test_the_password_policy_refuses_weak_passwords(password, problem, db, django_user_model):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.utils import translation

    user = django_user_model(username="wang.xiaoming", first_name="Xiaoming")
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert problem in " ".join(refused.value.messages)


def test_a_long_uncommon_password_passes_the_policy(db, django_user_model):
    from django.contrib.auth.password_validation import validate_password

    validate_password("枢纽-hub-2010-秋", django_user_model(username="clerk"))  # raises if refused
