"""Two people edit the same record: the second is told and shown the difference; nothing is lost."""
import pytest
from rest_framework.authtoken.models import Token

from shuniu.accounts.models import Grant, Role
from shuniu.registry.models import Organization
from shuniu.testing import make_org, make_unit


@pytest.fixture
def org(beijing):
    return make_org("北京市版本测试学会", supervisory_unit=make_unit(), members=10, staff=2)


@pytest.fixture
def clerks(beijing, django_user_model):
    users = []
    for name in ["clerk-a", "clerk-b"]:
        user = django_user_model.objects.create_user(name)
        Grant.objects.create(user=user, role=Role.OFFICE)
        users.append(user)
    return users


def edit(client, user, org, version, **values):
    client.force_login(user)
    data = {"members": 10, "staff": 2, "legal_representative": "", "business_scope": "", "seat_division": "",
            "field": "", "agency_officials_in_post": 0, "government_funding_share": "", "version": version, **values}
    return client.post(f"/organizations/{org.pk}/edit/", data)


def test_the_second_stale_edit_is_refused_and_shown_the_difference(client, org, clerks):
    start = org.version
    assert edit(client, clerks[0], org, start, members=11).status_code == 302
    response = edit(client, clerks[1], org, start, members=99, staff=7)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="conflict"' in page and "clerk-a" in page
    assert "99" in page and "11" in page  # theirs and ours, side by side
    org.refresh_from_db()
    assert (org.members, org.staff, org.version) == (11, 2, start + 1)
    # the user's entries are still in the form, which now carries the version they have seen
    assert 'value="99"' in page and f'name="version" value="{start + 1}"' in page


def test_saving_again_after_seeing_the_difference_keeps_the_second_edit(client, org, clerks):
    start = org.version
    edit(client, clerks[0], org, start, members=11)
    assert edit(client, clerks[1], org, start + 1, members=99).status_code == 302
    org.refresh_from_db()
    assert org.members == 99 and org.version == start + 2
    assert [h.history_user.username for h in org.history.all()[:2]] == ["clerk-b", "clerk-a"]


def api(client, user, org, body=None, **headers):
    token = Token.objects.create(user=user).key
    return client.patch(f"/api/organizations/{org.pk}/", body or {}, content_type="application/json",
                        HTTP_AUTHORIZATION=f"Token {token}", **headers)


def test_the_api_refuses_a_stale_version_with_the_current_record(client, org, clerks):
    start = org.version
    assert api(client, clerks[0], org, {"members": 11, "version": start}).status_code == 200
    response = api(client, clerks[1], org, {"members": 99, "version": start})
    assert response.status_code == 409
    assert response.json()["current"]["members"] == 11
    assert Organization.objects.get(pk=org.pk).members == 11


def test_the_api_takes_the_version_from_if_match(client, org, clerks):
    response = api(client, clerks[0], org, {"members": 12}, HTTP_IF_MATCH=f'"{org.version}"')
    assert response.status_code == 200 and response.json()["version"] == org.version + 1


def test_the_api_asks_for_a_version(client, org, clerks):
    response = api(client, clerks[0], org, {"members": 13})
    assert response.status_code == 428
    assert Organization.objects.get(pk=org.pk).members == 10


def test_the_edit_form_carries_the_version_without_showing_it(client, org, clerks):
    client.force_login(clerks[0])
    page = client.get(f"/organizations/{org.pk}/edit/").content.decode()
    assert f'name="version" value="{org.version}"' in page and "Version" not in page
