"""What the API refuses at the door, the same way on SQLite and PostgreSQL."""
import pytest
from rest_framework.authtoken.models import Token

from shuniu.accounts.models import Grant, Role
from shuniu.registry.models import Organization

pytestmark = pytest.mark.django_db


@pytest.fixture
def office_token(django_user_model, actor):
    user = django_user_model.objects.create_user("office-api", password="pw-long-enough")
    Grant.objects.create(user=user, role=Role.OFFICE)
    return Token.objects.create(user=user).key


@pytest.mark.parametrize("body", [
    {"name": "甲\x00乙"},
    {"hub": "\x17\x85\x00", "name": "widget"},
    {"organizations": ["ok", "bad\x00"]},
    {"key\x00": 1},
])
def test_a_nul_character_anywhere_in_a_body_is_a_clear_400(client, office_token, charter, body):
    before = Organization.objects.count()
    response = client.post("/api/party-instructors/", body, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Token {office_token}")
    assert response.status_code == 400
    assert "U+0000" in response.json()["detail"]
    assert Organization.objects.count() == before


def test_a_nul_character_in_a_form_body_is_refused_too(client, office_token, charter):
    response = client.post("/api/party-instructors/", {"name": "甲\x00"}, HTTP_AUTHORIZATION=f"Token {office_token}")
    assert response.status_code == 400
