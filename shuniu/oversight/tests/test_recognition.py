import datetime

import pytest
from django.db import transaction

from shuniu.hubs.authorisation import FieldsLocked
from shuniu.hubs.models import Hub
from shuniu.oversight.models import RecognitionApplication, StepLog
from shuniu.oversight.services import recognition as rec
from shuniu.oversight.transitions import TransitionRefused
from shuniu.registry.models import Field
from shuniu.testing import division, make_org

from .helpers import hub_staff, office, org_account

D = datetime.date
pytestmark = pytest.mark.django_db


def _new_hub_application(user, org, fields):
    return rec.apply(user, organization=org, kind="new_hub", fields=fields, statement="联系本领域社会组织",
                     level="city", division=division("110000"), recognised_by=division("110000"),
                     short_name="市养老协会", slug="elderly", on=D(2011, 1, 5))


def test_an_approved_application_recognised_in_a_batch_creates_the_hub_with_its_fields(charter):
    org = make_org("北京市养老服务行业协会")
    field = Field.objects.create(slug="elderly", name="养老服务")
    applicant, the_office = org_account(org), office()
    application = _new_hub_application(applicant, org, [field])
    rec.step(application, "review", the_office, on=D(2011, 1, 10))
    rec.step(application, "approve", the_office, review_note="符合条件", on=D(2011, 2, 1))
    [recognition] = rec.recognise_batch([application], the_office, batch=3, on=D(2011, 3, 1),
                                        document_number="京社领发〔2011〕3号")
    hub = Hub.objects.get(slug="elderly")
    assert list(hub.fields.all()) == [field]
    assert (recognition.hub, recognition.batch, recognition.document_number) == (hub, 3, "京社领发〔2011〕3号")
    application.refresh_from_db()
    assert application.state == "recognised" and application.recognition == recognition
    steps = [(s.from_state, s.to_state, s.actor) for s in StepLog.of(application)]
    assert steps == [("", "submitted", applicant), ("submitted", "under_review", the_office),
                     ("under_review", "approved", the_office), ("approved", "recognised", the_office)]


def test_fields_cannot_change_outside_recognition(charter):
    with pytest.raises(FieldsLocked), transaction.atomic():  # Django's m2m add has no savepoint of its own
        charter["science"].fields.add(Field.objects.get(slug="arts"))
    assert list(charter["science"].fields.values_list("slug", flat=True)) == ["science"]


def test_a_step_out_of_order_is_refused_and_changes_nothing(charter):
    org = make_org()
    application = _new_hub_application(org_account(org), org, [Field.objects.get(slug="sports")])
    with pytest.raises(TransitionRefused, match="possible now"):
        rec.step(application, "approve", office())
    application.refresh_from_db()
    assert application.state == "submitted"
    assert StepLog.of(application).count() == 1


def test_only_the_office_reviews(charter):
    org = make_org()
    applicant = org_account(org)
    application = _new_hub_application(applicant, org, [Field.objects.get(slug="sports")])
    with pytest.raises(TransitionRefused, match="Only"):
        rec.step(application, "review", applicant)
    with pytest.raises(TransitionRefused, match="Only"):
        rec.step(application, "review", hub_staff(charter["sports"]))


def test_a_hub_applies_to_change_its_fields_and_gets_them_only_once_recognised(charter):
    science = charter["science"]
    staff, the_office = hub_staff(science), office()
    fields = [Field.objects.get(slug="science"), Field.objects.get(slug="social-science")]
    application = rec.apply(staff, organization=science.organization, hub=science, kind="fields", fields=fields,
                            statement="扩展", level="city", division=division("110000"),
                            recognised_by=division("110000"))
    rec.step(application, "review", the_office)
    rec.step(application, "approve", the_office)
    assert science.fields.count() == 1
    rec.recognise_batch([application], the_office, batch=3, on=D(2011, 3, 1), document_number="京社领发〔2011〕4号")
    assert set(science.fields.values_list("slug", flat=True)) == {"science", "social-science"}


def test_revoking_the_only_recognition_withdraws_every_field(charter):
    arts = charter["arts"]
    recognition = arts.recognitions.get()
    with pytest.raises(TransitionRefused, match="document number"):
        rec.revoke(recognition, office(), on=D(2012, 1, 1), document_number="", reason="不再符合条件")
    assert arts.fields.exists()
    rec.revoke(recognition, office(), on=D(2012, 1, 1), document_number="京社领发〔2012〕1号", reason="不再符合条件")
    recognition.refresh_from_db()
    assert recognition.revoked_on == D(2012, 1, 1)
    assert not arts.fields.exists()
    assert StepLog.of(recognition).get().to_state == "revoked"


def test_a_rejection_needs_a_reason(charter):
    org = make_org()
    application = _new_hub_application(org_account(org), org, [Field.objects.get(slug="sports")])
    with pytest.raises(TransitionRefused, match="reason"):
        rec.step(application, "reject", office())
    rec.step(application, "reject", office(), reason="领域已有枢纽")
    assert RecognitionApplication.objects.get(pk=application.pk).state == "rejected"


def test_the_admin_cannot_edit_authorised_fields_or_recognitions(charter, rf, actor):
    from django.contrib import admin

    from shuniu.hubs.models import Recognition

    request = rf.get("/admin/")
    request.user = actor
    actor.is_superuser = actor.is_staff = True
    hub_admin = admin.site._registry[Hub]
    assert "fields" not in hub_admin.get_form(request, charter["science"]).base_fields
    recognition_admin = admin.site._registry[Recognition]
    assert not recognition_admin.has_add_permission(request)
    assert not recognition_admin.has_change_permission(request, charter["science"].recognitions.first())


@pytest.mark.parametrize("name", ["recognitionapplication", "serviceproject", "transferrequest",
                                  "supervisoryunitchange", "steplog", "hubevaluation", "evaluationline",
                                  "projectreport", "indicator", "servicecall"])
def test_every_oversight_admin_list_renders(admin_client, charter, name):
    assert admin_client.get(f"/admin/oversight/{name}/").status_code == 200
