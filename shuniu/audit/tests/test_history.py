import pytest
from django.contrib.auth import get_user_model

from shuniu.audit.history import NoActingUser, acting_as, bulk_create_audited, system_user
from shuniu.divisions.models import Division
from shuniu.registry.models import Field


@pytest.mark.django_db
def test_a_change_outside_acting_as_is_refused():
    with pytest.raises(NoActingUser):
        Field.objects.create(slug="x", name="X")
    assert not Field.objects.exists()


def test_every_change_records_who_why_and_the_values_before_and_after(actor):
    field = Field.objects.create(slug="science", name="科学")
    other = get_user_model().objects.create_user("second")
    with acting_as(other, reason="typo"):
        field.name = "自然科学"
        field.save()
    newest, oldest = field.history.all()
    assert (oldest.history_user, oldest.history_change_reason, oldest.history_type) == (actor, "test", "+")
    assert (newest.history_user, newest.history_change_reason, newest.history_type) == (other, "typo", "~")
    delta = newest.diff_against(oldest)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("name", "科学", "自然科学")]


def test_bulk_creation_records_the_actor_for_every_row(actor):
    bulk_create_audited(Field, [Field(slug=f"f{i}", name=f"F{i}") for i in range(5)])
    assert Field.history.filter(history_user=actor).count() == 5


def test_acting_as_needs_a_saved_user(db):
    with pytest.raises(NoActingUser):
        with acting_as(get_user_model()(username="unsaved")):
            pass


def test_the_system_account_cannot_log_in(db):
    user = system_user()
    assert not user.is_active and not user.has_usable_password()
    assert system_user() == user


def test_admin_changes_are_attributed_to_the_signed_in_user(client, beijing, django_user_model):
    admin = django_user_model.objects.create_superuser("office-admin", password="pw")
    client.force_login(admin)
    division = Division.objects.get(code="110105")
    response = client.post(f"/admin/divisions/division/{division.pk}/change/", {
        "code": "110105", "name": "朝阳区（改）", "level": "district", "parent": division.parent_id,
        "valid_from": "", "valid_to": "", "successor": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = division.history.first()
    assert latest.name == "朝阳区（改）"
    assert latest.history_user == admin
