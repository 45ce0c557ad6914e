"""History pages and "restore this version": a new version equal to the old one, never a rewrite."""
import pytest
from django.db import transaction

from shuniu.accounts.models import Grant, Role
from shuniu.audit.history import acting_as
from shuniu.hubs.authorisation import FieldsLocked, authorising
from shuniu.hubs.models import Hub
from shuniu.registry.models import Organization
from shuniu.testing import make_org, make_unit


@pytest.fixture
def office(django_user_model, beijing):
    user = django_user_model.objects.create_user("office-clerk")
    Grant.objects.create(user=user, role=Role.OFFICE)
    return user


@pytest.fixture
def edited(office):
    """An organisation created, then edited twice by the office."""
    org = make_org("北京市恢复测试学会", supervisory_unit=make_unit(), members=10, legal_representative="张三")
    with acting_as(office, "更正"):
        for members, person in [(20, "李四"), (30, "王五")]:
            org.members, org.legal_representative = members, person
            org.save()
    return Organization.objects.get(pk=org.pk)


def first_version(org):
    return org.history.order_by("history_date", "history_id").first()


def test_the_history_page_lists_every_version_with_who_and_what(client, office, edited):
    client.force_login(office)
    page = client.get(f"/organizations/{edited.pk}/history/").content.decode()
    assert page.count("<tr>") == 1 + 3  # header + created + two edits
    assert "office-clerk" in page and "李四" in page and "王五" in page
    assert f"/organizations/{edited.pk}/history/{first_version(edited).history_id}/restore/" in page


def test_restoring_makes_a_new_version_equal_to_the_old_one(client, office, edited):
    client.force_login(office)
    old = first_version(edited)
    url = f"/organizations/{edited.pk}/history/{old.history_id}/restore/"
    preview = client.get(url).content.decode()
    assert "王五" in preview and "张三" in preview  # now, and after restoring
    response = client.post(url, {"reason": "误改，恢复原值", "version": edited.version})
    assert response.status_code == 302
    org = Organization.objects.get(pk=edited.pk)
    assert (org.members, org.legal_representative, org.version) == (10, "张三", edited.version + 1)
    newest = org.history.first()
    assert org.history.count() == 4  # nothing rewritten: one row more
    assert newest.history_user == office and "误改，恢复原值" in newest.history_change_reason


def test_a_restore_needs_a_reason(client, office, edited):
    client.force_login(office)
    url = f"/organizations/{edited.pk}/history/{first_version(edited).history_id}/restore/"
    assert client.post(url, {"reason": "", "version": edited.version}).status_code == 200
    assert Organization.objects.get(pk=edited.pk).version == edited.version


def test_a_restore_from_a_stale_page_is_refused_cleanly(client, office, edited):
    client.force_login(office)
    url = f"/organizations/{edited.pk}/history/{first_version(edited).history_id}/restore/"
    with acting_as(office, "meanwhile"):
        edited.staff = 99
        edited.save()
    response = client.post(url, {"reason": "恢复", "version": edited.version - 1})
    assert response.status_code == 409
    assert 'id="conflict"' in response.content.decode()
    org = Organization.objects.get(pk=edited.pk)
    assert (org.members, org.staff) == (30, 99)


def test_a_version_that_no_longer_validates_is_refused_with_the_reason(client, office, edited):
    client.force_login(office)
    old = first_version(edited)
    # An old row from before a rule existed: neither a supervisory unit nor the reason there is none.
    edited.history.filter(history_id=old.history_id).update(supervisory_unit=None, no_supervisor_reason="")
    url = f"/organizations/{edited.pk}/history/{old.history_id}/restore/"
    response = client.post(url, {"reason": "恢复", "version": edited.version})
    assert response.status_code == 400
    assert "supervisory unit" in response.content.decode() or "业务主管单位" in response.content.decode()
    assert Organization.objects.get(pk=edited.pk).version == edited.version


def test_a_hub_is_restored_but_its_authorised_fields_are_left_to_recognition(client, office, charter):
    hub = charter["science"]
    old = hub.history.first()  # as the charter loaded it
    with acting_as(office, "改名"):
        hub.short_name = "科协（改）"
        hub.save()
        with pytest.raises(FieldsLocked), transaction.atomic():
            hub.fields.clear()  # not by hand
        with authorising("test: a recognition narrowed the fields"):
            hub.fields.remove(hub.fields.order_by("slug").first())
    after = set(hub.fields.values_list("slug", flat=True))
    hub = Hub.objects.get(pk=hub.pk)
    client.force_login(office)
    response = client.post(f"/hubs/{hub.slug}/history/{old.history_id}/restore/",
                           {"reason": "误改", "version": hub.version})
    assert response.status_code == 302, response.content.decode()[:2000]
    hub = Hub.objects.get(pk=hub.pk)
    # The name comes back; the fields stay as the recognition left them (a restore is no recognition).
    assert hub.short_name == "市科协" and set(hub.fields.values_list("slug", flat=True)) == after


def test_the_organisation_account_restores_only_what_it_may_edit(client, edited, django_user_model):
    own = django_user_model.objects.create_user("own-account")
    Grant.objects.create(user=own, role=Role.ORGANIZATION, organization=edited)
    client.force_login(own)
    url = f"/organizations/{edited.pk}/history/{first_version(edited).history_id}/restore/"
    assert client.post(url, {"reason": "恢复", "version": edited.version}).status_code == 302
    org = Organization.objects.get(pk=edited.pk)
    assert org.members == 10 and org.legal_representative == "王五"  # members is theirs; the representative is not
