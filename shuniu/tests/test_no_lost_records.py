"""Nothing lost: stale saves refused in the admin too, and no user can delete organisations, hubs or links."""
import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from rest_framework.authtoken.models import Token

from shuniu.accounts.models import Grant, Role
from shuniu.admin_site import ReadOnlyAdminMixin
from shuniu.audit.versioning import Versioned, VersionedAdminMixin
from shuniu.hubs.models import Affiliation, Hub
from shuniu.registry.models import Organization
from shuniu.testing import make_org, make_unit

D = datetime.date
OUR_APPS = {"accounts", "divisions", "registry", "hubs", "routing", "party", "services", "oversight", "imports"}
# Records edited only through their own workflow page, never by a form over the record itself.
NOT_EDITED_AS_RECORDS = {"divisions.division", "divisions.population", "registry.formername",
                         "routing.routingreview"}


def editable_in_the_admin():
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label not in OUR_APPS or model.__name__.startswith("Historical"):
            continue
        model_admin = admin.site._registry.get(model)
        if model_admin is None or isinstance(model_admin, ReadOnlyAdminMixin) or label in NOT_EDITED_AS_RECORDS:
            continue
        yield model, model_admin


@pytest.mark.parametrize("model, model_admin", list(editable_in_the_admin()), ids=lambda v: getattr(v, "__name__", ""))
def test_every_record_edited_in_the_admin_is_versioned(model, model_admin):
    assert issubclass(model, Versioned), f"{model.__name__}: inherit audit.versioning.Versioned"
    assert isinstance(model_admin, VersionedAdminMixin), f"{type(model_admin).__name__}: add VersionedAdminMixin"


def hub_form(hub: Hub, **changes) -> dict:
    data = {"organization": hub.organization_id, "slug": hub.slug, "short_name": hub.short_name,
            "level": hub.level, "division": hub.division_id, "parent": hub.parent_id or "",
            "supervisory_unit": hub.supervisory_unit_id, "fields": [f.pk for f in hub.fields.all()],
            "recognitions-TOTAL_FORMS": 0, "recognitions-INITIAL_FORMS": 0, "version": hub.version}
    return {**data, **changes}


def test_a_stale_save_in_the_admin_is_refused_and_shows_the_difference(admin_client, charter):
    hub = charter["science"]
    opened = hub_form(hub)
    url = f"/admin/hubs/hub/{hub.pk}/change/"
    assert admin_client.post(url, {**opened, "short_name": "科协一"}).status_code == 302
    response = admin_client.post(url, {**opened, "short_name": "科协二"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "科协一" in page and "科协二" in page  # theirs and yours
    hub.refresh_from_db()
    assert hub.short_name == "科协一" and hub.version == opened["version"] + 1
    # the form now carries the version seen: saving again is a deliberate overwrite
    assert f'name="version" value="{hub.version}"' in page


def test_a_stale_end_of_a_link_in_the_admin_is_refused(admin_client, charter):
    org = make_org(supervisory_unit=make_unit())
    link = Affiliation.objects.create(organization=org, hub=charter["arts"], kind="liaison", start=D(2010, 1, 1),
                                      source="manual")
    url = f"/admin/hubs/affiliation/{link.pk}/change/"
    stale = link.version
    link.reason = link.reason  # someone else touches the link meanwhile
    link.save()
    response = admin_client.post(url, {"end": "2011-01-01", "end_reason": "撤并", "version": stale})
    assert response.status_code == 200
    link.refresh_from_db()
    assert link.end is None
    response = admin_client.post(url, {"end": "2011-01-01", "end_reason": "撤并", "version": link.version})
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.end == D(2011, 1, 1)


def test_services_raise_the_version_so_an_open_form_goes_stale(charter):
    org = make_org(supervisory_unit=make_unit())
    before = Organization.objects.get(pk=org.pk).version
    from shuniu.hubs.services import link

    link(org, charter["science"], kind="supervision", start=D(2010, 1, 1), source="manual")
    assert Organization.objects.get(pk=org.pk).version == before + 1


def test_a_whole_record_save_from_a_stale_copy_is_refused(charter):
    from shuniu.audit.versioning import VersionConflict
    from shuniu.hubs.services import link

    org = make_org(supervisory_unit=make_unit(), legal_representative="张三")
    stale = Organization.objects.get(pk=org.pk)
    link(org, charter["science"], kind="supervision", start=D(2010, 1, 1), source="manual")  # sets the unit
    stale.legal_representative = "李四"
    with pytest.raises(VersionConflict):
        stale.save()  # would have written the old supervisory unit back
    stored = Organization.objects.get(pk=org.pk)
    assert stored.supervisory_unit == charter["science"].supervisory_unit and stored.legal_representative == "张三"
    stale.save(update_fields=["legal_representative"])  # naming the field changes only that field
    assert Organization.objects.get(pk=org.pk).version == stored.version + 1


# -- nothing deleted by users -------------------------------------------------------------------------
@pytest.fixture
def linked(charter):
    org = make_org(supervisory_unit=make_unit())
    link = Affiliation.objects.create(organization=org, hub=charter["arts"], kind="liaison", start=D(2010, 1, 1),
                                      source="manual")
    return {"organization": org, "hub": charter["arts"], "affiliation": link}


def counts():
    return (Organization.objects.count(), Hub.objects.count(), Affiliation.objects.count())


@pytest.mark.parametrize("name", ["organization", "hub", "affiliation"])
def test_the_admin_offers_no_delete(admin_client, linked, name, rf, admin_user):
    obj = linked[name]
    before = counts()
    model_admin = admin.site._registry[type(obj)]
    request = rf.get("/admin/")
    request.user = admin_user
    assert not model_admin.has_delete_permission(request, obj)
    assert "delete_selected" not in model_admin.get_actions(request)
    base = f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/"
    assert admin_client.get(f"{base}{obj.pk}/delete/").status_code == 403
    assert admin_client.post(f"{base}{obj.pk}/delete/", {"post": "yes"}).status_code == 403
    response = admin_client.post(base, {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"})
    assert response.status_code in (200, 302)
    assert counts() == before


def test_the_api_refuses_every_delete(client, linked, django_user_model):
    office = django_user_model.objects.create_user("office-clerk")
    Grant.objects.create(user=office, role=Role.OFFICE)
    token = Token.objects.create(user=office).key
    before = counts()
    for url in [f"/api/organizations/{linked['organization'].pk}/", f"/api/hubs/{linked['hub'].slug}/",
                f"/api/affiliations/{linked['affiliation'].pk}/"]:
        response = client.delete(url, HTTP_AUTHORIZATION=f"Token {token}")
        assert response.status_code in (403, 405), url
    assert counts() == before


def test_no_page_route_deletes():
    from django.urls import get_resolver

    from shuniu.tests.test_permissions import _pattern_names

    names = [n for n in _pattern_names(get_resolver()) if not n.startswith("admin:")]
    assert [n for n in names if "delete" in n] == []
