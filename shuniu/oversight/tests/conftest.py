import datetime

import pytest
from django.utils import translation

from shuniu.accounts.models import Grant, Role
from shuniu.divisions.models import Division
from shuniu.hubs.services import link
from shuniu.registry.models import NoSupervisorReason
from shuniu.testing import make_org, make_unit

D = datetime.date


@pytest.fixture
def people(charter, django_user_model):
    """An organisation supervised by the science hub, one registered directly, and an account per role."""
    def user(name, role, **scope):
        account = django_user_model.objects.create_user(name, password="pw")
        Grant.objects.create(user=account, role=role, **scope)
        return account

    supervised = make_org("北京市物理学会", founded=D(2005, 1, 1), supervisory_unit=make_unit())
    link(supervised, charter["science"], kind="supervision", start=D(2008, 1, 1), source="manual")
    direct = make_org("北京市某某基金会", org_type="foundation", founded=D(2006, 1, 1),
                      no_supervisor_reason=NoSupervisorReason.DIRECT)
    return {
        "supervised": supervised, "direct": direct, "hub": charter["science"],
        "org": user("org-a", Role.ORGANIZATION, organization=supervised),
        "org_direct": user("org-d", Role.ORGANIZATION, organization=direct),
        "hub_user": user("hub-science", Role.HUB, hub=charter["science"]),
        "other_hub": user("hub-arts", Role.HUB, hub=charter["arts"]),
        "authority": user("authority", Role.AUTHORITY, division=Division.objects.get(code="110000")),
        "office": user("office", Role.OFFICE),
    }


PARTS = {"work_report": "全年开展学术活动12次。", "income": 120000, "expenditure": 98000, "net_assets": 50000,
         "party_building": "成立党支部，党员5名。"}


@pytest.fixture(autouse=True)
def english():
    """Refusal messages are matched in their source language (the UI default is Chinese; see test_i18n)."""
    with translation.override("en"):
        yield
