"""Bad party input is refused with a message naming what was wrong, and nothing is written."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from shuniu.accounts.models import Grant, Role
from shuniu.hubs.services import link
from shuniu.party.identity import check_char, valid_id, validate_phone
from shuniu.party.models import Coverage, PartyMeeting, PartyMember, PartyOrganization
from shuniu.party.privacy import mask_id_number, mask_name, mask_phone
from shuniu.testing import make_org, make_unit

D = datetime.date


@pytest.fixture
def org_with_branches(charter):
    org = make_org("北京市测绘学会", supervisory_unit=make_unit())
    link(org, charter["science"], kind="supervision", start=D(2009, 6, 1), source="manual")
    branches = []
    for name in ["测绘学会党支部", "测绘学会第二党支部"]:
        po = PartyOrganization.objects.create(name=name, kind="branch", hub=charter["science"], founded=D(2009, 7, 1))
        Coverage.objects.create(party_organization=po, organization=org)
        branches.append(po)
    return org, branches


@pytest.fixture
def party_client(client, charter, django_user_model):
    user = django_user_model.objects.create_user("party-staff")
    Grant.objects.create(user=user, role=Role.HUB, hub=charter["science"], party_work=True)
    client.force_login(user)
    return client


def test_a_meeting_dated_in_the_future_is_refused(party_client, org_with_branches):
    org, (branch, _) = org_with_branches
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = party_client.post(f"/organizations/{org.pk}/party/meetings/new/", {
        "party_organization": branch.pk, "kind": "party_lecture", "date": tomorrow.isoformat(), "attendees": 5,
        "topic": "学习"})
    assert response.status_code == 200
    page = response.content.decode()
    assert f"{tomorrow.isoformat()}" in page.split('class="error"', 1)[1]  # the message names the date given
    assert not PartyMeeting.objects.exists()
    assert 'value="学习"' in page  # what the user typed is kept


def test_a_meeting_dated_in_the_future_is_refused_by_the_api(client, org_with_branches, django_user_model, charter):
    org, (branch, _) = org_with_branches
    user = django_user_model.objects.create_user("office-api")
    Grant.objects.create(user=user, role=Role.OFFICE)
    client.force_login(user)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post("/api/party-meetings/", {"party_organization": branch.pk, "kind": "party_lecture",
                                                    "date": tomorrow.isoformat()}, content_type="application/json")
    assert response.status_code == 400
    assert "date" in response.json()
    assert not PartyMeeting.objects.exists()


def test_a_member_already_in_a_branch_cannot_be_recorded_in_another(party_client, org_with_branches):
    org, (first, second) = org_with_branches
    PartyMember.objects.create(name="孙立", id_number="110105198001011238", organization=org, branch=first)
    response = party_client.post(f"/organizations/{org.pk}/party/members/new/", {
        "name": "孙立", "id_number": "110105198001011238", "status": "formal", "branch": second.pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert first.name in page  # says where the member already is
    assert "110105198001011238" not in page.replace('value="110105198001011238"', "")  # masked in the message
    assert PartyMember.objects.count() == 1


def test_a_member_registered_here_and_elsewhere_is_refused(party_client, org_with_branches):
    org, (first, _) = org_with_branches
    response = party_client.post(f"/organizations/{org.pk}/party/members/new/", {
        "name": "周正", "id_number": "110105198001015677", "status": "formal", "branch": first.pk,
        "registered_elsewhere": "某街道党工委"})
    assert response.status_code == 200
    assert "某街道党工委" in response.content.decode()
    assert not PartyMember.objects.exists()


def test_a_good_member_is_recorded_with_its_history(party_client, org_with_branches):
    org, (first, _) = org_with_branches
    response = party_client.post(f"/organizations/{org.pk}/party/members/new/", {
        "name": "周正", "id_number": "110105198001015677", "status": "formal", "branch": first.pk})
    assert response.status_code == 302
    member = PartyMember.objects.get()
    assert (member.organization, member.branch) == (org, first)
    assert member.history.first().history_user.username == "party-staff"


@pytest.mark.parametrize("value, masked", [("张三", "张*"), ("欧阳明月", "欧***"), ("王", "王*"), ("", "")])
def test_names_keep_the_first_character_only(value, masked):
    assert mask_name(value) == masked


def test_phone_and_id_numbers_keep_only_their_ends():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_number("110105198001011238") == "110***********1238"
    assert mask_phone("12345") == "*****"


def test_the_party_tab_reads_work_coverage_as_of_the_day_asked(party_client, org_with_branches):
    org, (branch, _) = org_with_branches
    PartyMeeting.objects.create(party_organization=branch, kind="party_lecture", date=D(2010, 11, 1))
    then = party_client.get(f"/organizations/{org.pk}/party/?as_of=2010-12-31").content.decode()
    now = party_client.get(f"/organizations/{org.pk}/party/").content.decode()
    marker = "近一季度有三会一课或有党建指导员"
    assert then.split(marker)[0].rsplit("<b>", 1)[1].startswith("是")
    assert now.split(marker)[0].rsplit("<b>", 1)[1].startswith("否")
    bad = party_client.get(f"/organizations/{org.pk}/party/?as_of=2010-13-45").content.decode()
    assert "2010-13-45" in bad.split('class="error"', 1)[1]


@pytest.mark.parametrize("number, reason", [
    ("测试输入内容", "format"), ("11010519800101123", "format"), ("110105198013011238", "birth_date"),
    ("110105198001011234", "check_char")])
def test_an_identity_number_that_cannot_be_one_is_refused_and_nothing_is_saved(party_client, org_with_branches,
                                                                               number, reason):
    org, (first, _) = org_with_branches
    response = party_client.post(f"/organizations/{org.pk}/party/members/new/", {
        "name": "周正", "id_number": number, "phone": "13812345678", "status": "formal", "branch": first.pk})
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["id_number"]] == [reason]
    assert not PartyMember.objects.exists()


@pytest.mark.parametrize("phone, accepted", [
    ("13812345678", True), ("138 1234 5678", True), ("+8613812345678", True), ("010-65123456", True),
    ("测试输入内容", False), ("12345", False), ("23812345678", False)])
def test_phone_numbers_are_a_mobile_or_a_landline_with_its_area_code(phone, accepted):
    try:
        validate_phone(phone)
    except ValidationError:
        assert not accepted
    else:
        assert accepted



def test_the_check_character_is_gb_11643s():
    assert check_char("11010519491231002") == "X"  # the standard's worked example
    assert valid_id("11010519800101123") == "110105198001011238"
