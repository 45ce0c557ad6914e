"""Every model reaches the admin, and the admin changes records through the same rules as the services."""
import datetime

import pytest
from django.apps import apps
from django.contrib import admin

from shuniu.hubs.models import Affiliation
from shuniu.registry.models import RegistrationEvent, Status
from shuniu.testing import make_org, make_unit

OUR_APPS = {"accounts", "divisions", "registry", "hubs", "audit", "oversight"}


def our_models():
    return [m for m in apps.get_models() if m._meta.app_label in OUR_APPS and not m.__name__.startswith("Historical")]


def test_every_model_is_in_the_admin():
    missing = [m.__name__ for m in our_models() if not admin.site.is_registered(m)]
    assert missing == []


@pytest.mark.parametrize("model", our_models(), ids=lambda m: m.__name__)
def test_every_admin_list_renders(admin_client, charter, model):
    make_org()
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    assert admin_client.get(url).status_code == 200


def test_adding_a_supervision_link_in_the_admin_sets_the_supervisory_unit(admin_client, charter):
    org = make_org(supervisory_unit=make_unit())
    response = admin_client.post("/admin/hubs/affiliation/add/", {
        "organization": org.pk, "hub": charter["science"].pk, "kind": "supervision",
        "start": "2010-01-01", "source": "manual", "reason": "本领域",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    org.refresh_from_db()
    assert org.supervisory_unit == charter["science"].supervisory_unit


def test_a_second_open_link_is_refused_in_the_admin_with_a_message(admin_client, charter):
    org = make_org()
    Affiliation.objects.create(organization=org, hub=charter["arts"], kind="liaison",
                               start=datetime.date(2010, 1, 1), source="manual")
    response = admin_client.post("/admin/hubs/affiliation/add/", {
        "organization": org.pk, "hub": charter["science"].pk, "kind": "liaison",
        "start": "2010-02-01", "source": "manual",
    })
    assert response.status_code == 200
    assert "已与 市文联 建立联系" in response.content.decode()
    assert org.affiliations.count() == 1


def test_an_event_added_on_the_organisation_page_moves_its_status(admin_client, charter):
    org = make_org(supervisory_unit=make_unit())
    data = {
        "name": org.name, "org_type": org.org_type, "level": org.level,
        "registering_division": org.registering_division_id,
        "supervisory_unit": org.supervisory_unit_id, "founded": "2005-05-01", "agency_officials_in_post": 0,
        "events-TOTAL_FORMS": 1, "events-INITIAL_FORMS": 0,
        "events-0-kind": "deregistered", "events-0-date": "2010-06-30", "events-0-document": "京民社注字第1号",
        "former_names-TOTAL_FORMS": 0, "former_names-INITIAL_FORMS": 0, "version": org.version,
    }
    response = admin_client.post(f"/admin/registry/organization/{org.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    org.refresh_from_db()
    assert (org.status, org.ended_on) == (Status.DEREGISTERED, datetime.date(2010, 6, 30))
    assert RegistrationEvent.objects.filter(organization=org).count() == 1


def test_staff_status_alone_does_not_open_the_admin(client, charter, django_user_model):
    from shuniu.accounts.models import Grant, Role

    staff = django_user_model.objects.create_user("hub-staff", password="pw", is_staff=True)
    Grant.objects.create(user=staff, role=Role.HUB, hub=charter["science"])
    client.force_login(staff)
    response = client.get("/admin/registry/organization/")
    assert response.status_code == 302 and "/admin/login/" in response.url
