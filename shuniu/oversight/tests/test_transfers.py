import datetime

import pytest
from django.utils import translation

from shuniu.hubs.models import Affiliation
from shuniu.hubs.services import link
from shuniu.oversight.models import StepLog
from shuniu.oversight.services import transfers
from shuniu.oversight.transitions import TransitionRefused
from shuniu.registry.models import RegistrationEvent
from shuniu.testing import make_org, make_unit

from .helpers import authority, hub_staff, office, org_account

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def org(charter):
    org = make_org("北京市青年书法家协会")
    link(org, charter["youth-league"], kind="liaison", start=D(2009, 6, 1), source="manual")
    return org


def test_a_liaison_transfer_asked_by_the_releasing_hub_is_executed_after_the_receiver_consents(charter, org):
    releasing, receiving = hub_staff(charter["youth-league"]), hub_staff(charter["arts"])
    transfer = transfers.request(releasing, organization=org, to_hub=charter["arts"], effective_on=D(2010, 9, 1),
                                 reason="主要活动为书法")
    assert transfer.state == "awaiting_receipt"
    with pytest.raises(TransitionRefused, match="receiving hub"):
        transfers.step(transfer, "receive", releasing)
    transfers.step(transfer, "receive", receiving)
    transfers.step(transfer, "execute", receiving)
    links = list(org.affiliations.order_by("start", "pk"))
    assert [(a.hub.slug, a.end, a.source) for a in links] == [
        ("youth-league", D(2010, 9, 1), "manual"), ("arts", None, Affiliation.Source.TRANSFERRED)]
    transfer.refresh_from_db()
    assert transfer.affiliation == links[1]
    assert [s.step for s in StepLog.of(transfer)] == ["start", "receive", "execute"]


def test_a_supervision_transfer_needs_the_authoritys_confirmation(charter):
    org = make_org()
    link(org, charter["science"], kind="supervision", start=D(2009, 6, 1), source="manual")
    the_office = office()
    transfer = transfers.request(the_office, organization=org, to_hub=charter["social-science"],
                                 effective_on=D(2010, 9, 1), reason="学科归属")
    assert transfer.state == "requested"
    transfers.step(transfer, "release_first", hub_staff(charter["science"]))
    transfers.step(transfer, "receive", hub_staff(charter["social-science"]))
    with pytest.raises(TransitionRefused, match="registration authority confirms"):
        transfers.step(transfer, "execute", the_office)
    assert org.affiliations.get(end__isnull=True).hub == charter["science"]
    transfers.step(transfer, "confirm", authority())
    transfers.step(transfer, "execute", the_office)
    org.refresh_from_db()
    assert org.supervisory_unit == charter["social-science"].supervisory_unit


def test_an_outsider_hub_cannot_ask_for_a_transfer(charter, org):
    with pytest.raises(TransitionRefused, match="Only the releasing hub"):
        transfers.request(hub_staff(charter["sports"]), organization=org, to_hub=charter["arts"],
                          effective_on=D(2010, 9, 1), reason="x")


def test_a_refused_transfer_keeps_the_link(charter, org):
    transfer = transfers.request(hub_staff(charter["arts"]), organization=org, to_hub=charter["arts"],
                                 effective_on=D(2010, 9, 1), reason="书法")
    assert transfer.state == "awaiting_release"
    transfers.step(transfer, "refuse", hub_staff(charter["youth-league"]), reason="以青年为主")
    assert org.affiliations.get(end__isnull=True).hub == charter["youth-league"]


def test_a_change_of_supervisory_unit_is_confirmed_by_the_authority_and_recorded(beijing):
    old, new = make_unit("市科委"), make_unit("市民政局")
    org = make_org(supervisory_unit=old)
    change = transfers.request_unit_change(org_account(org), organization=org, to_unit=new,
                                           effective_on=D(2010, 10, 1), reason="主管部门调整")
    with pytest.raises(TransitionRefused, match="registration authority"):
        transfers.unit_change_step(change, "confirm", office())
    transfers.unit_change_step(change, "confirm", authority(), document_number="京民社〔2010〕9号")
    org.refresh_from_db()
    assert org.supervisory_unit == new
    event = org.events.get()
    assert (event.kind, event.document) == (RegistrationEvent.Kind.CHANGED, "京民社〔2010〕9号")
    assert org.history.first().supervisory_unit_id == new.pk


def test_a_change_to_a_hub_is_pointed_to_a_transfer(charter):
    org = make_org(supervisory_unit=make_unit("市科委"))
    with pytest.raises(TransitionRefused, match="transfer"):
        transfers.request_unit_change(office(), organization=org, to_unit=charter["arts"].supervisory_unit,
                                      effective_on=D(2010, 10, 1), reason="x")


def test_each_refusal_says_what_is_refused():
    # "Refuse" is one English word for three acts; each has its own context and Chinese.
    with translation.override("zh-hans"):
        assert str(transfers.TRANSFER.steps["refuse"].label) == "不同意转出"  # the releasing hub
        assert str(transfers.TRANSFER.steps["refuse_receipt"].label) == "不同意接收"  # the receiving hub
        assert str(transfers.UNIT_CHANGE.steps["refuse"].label) == "不予变更登记"  # the registration authority
        # and so do the states they lead to (a refused grading application stays 不予受理)
        assert transfers.TRANSFER.label("refused") == "未获同意"
        assert transfers.UNIT_CHANGE.label("refused") == "不予变更登记"
    with translation.override("en"):
        assert str(transfers.TRANSFER.steps["refuse"].label) == "Refuse"
