import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from shuniu.hubs.models import Affiliation, Hub
from shuniu.hubs.reference import city_hub_rows, load_city_hubs
from shuniu.hubs.services import end_link, link, open_affiliation, transfer
from shuniu.registry.models import NoSupervisorReason
from shuniu.testing import make_org, make_unit

D = datetime.date


def test_the_charter_loads_22_city_hubs_in_two_batches(charter):
    assert Hub.objects.filter(level="city").count() == len(city_hub_rows()) == 22
    batches = {}
    for hub in Hub.objects.prefetch_related("recognitions"):
        (recognition,) = hub.recognitions.all()
        batches.setdefault(recognition.batch, []).append(recognition.recognised_on)
    assert {b: len(days) for b, days in batches.items()} == {1: 10, 2: 12}
    assert set(batches[1]) == {D(2009, 3, 1)} and set(batches[2]) == {D(2010, 12, 1)}


def test_each_hub_is_authorised_for_its_own_field(charter):
    science = charter["science"]
    assert [f.slug for f in science.fields.all()] == ["science"]
    assert science.organization.name == "北京市科学技术协会"
    assert science.supervisory_unit.hub == science


def test_loading_the_charter_again_creates_nothing(charter):
    load_city_hubs()
    assert Hub.objects.count() == 22


def test_a_supervision_link_makes_the_hub_the_supervisory_unit(charter):
    org = make_org(supervisory_unit=make_unit())
    link(org, charter["science"], kind="supervision", start=D(2010, 1, 1), source="manual", reason="本领域")
    org.refresh_from_db()
    assert org.supervisory_unit == charter["science"].supervisory_unit


def test_a_liaison_link_leaves_the_supervisory_unit_alone(charter):
    unit = make_unit()
    org = make_org(supervisory_unit=unit)
    link(org, charter["youth-league"], kind="liaison", start=D(2010, 1, 1), source="manual")
    org.refresh_from_db()
    assert org.supervisory_unit == unit


def test_a_second_open_link_is_refused(charter):
    org = make_org()
    link(org, charter["science"], kind="liaison", start=D(2010, 1, 1), source="manual")
    with pytest.raises(ValidationError) as err:
        link(org, charter["arts"], kind="liaison", start=D(2010, 2, 1), source="manual")
    assert "市科协" in str(err.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        Affiliation.objects.create(organization=org, hub=charter["arts"], kind="liaison", start=D(2010, 2, 1),
                                   source="manual")
    assert org.affiliations.count() == 1


def test_a_transfer_ends_one_link_and_starts_another(charter):
    org = make_org()
    first = link(org, charter["science"], kind="supervision", start=D(2009, 6, 1), source="manual")
    second = transfer(org, charter["women"], on=D(2010, 12, 15), reason="主要活动属妇女儿童领域")
    first.refresh_from_db()
    assert (first.end, first.end_reason) == (D(2010, 12, 15), "主要活动属妇女儿童领域")
    assert (second.hub, second.start, second.source, second.kind) == (
        charter["women"], D(2010, 12, 15), "transferred", "supervision")
    assert open_affiliation(org) == second
    org.refresh_from_db()
    assert org.supervisory_unit == charter["women"].supervisory_unit


def test_ending_a_supervision_link_leaves_no_supervisory_unit_and_says_why(charter):
    org = make_org()
    affiliation = link(org, charter["science"], kind="supervision", start=D(2009, 6, 1), source="manual")
    with pytest.raises(ValidationError):
        end_link(affiliation, end=D(2010, 1, 1), reason=" ")
    end_link(affiliation, end=D(2010, 1, 1), reason="自行解散前移出")
    org.refresh_from_db()
    assert org.supervisory_unit is None and org.no_supervisor_reason == NoSupervisorReason.NOT_FOUND


def test_an_affiliation_is_never_rewritten(charter):
    org = make_org()
    affiliation = link(org, charter["science"], kind="liaison", start=D(2010, 1, 1), source="manual")
    affiliation.hub = charter["arts"]
    with pytest.raises(ValidationError):
        affiliation.save()
    affiliation.refresh_from_db()
    assert affiliation.hub == charter["science"]


def test_a_link_cannot_end_before_it_starts(charter):
    org = make_org()
    affiliation = link(org, charter["science"], kind="liaison", start=D(2010, 1, 1), source="manual")
    with pytest.raises(ValidationError):
        end_link(affiliation, end=D(2009, 1, 1), reason="x")


def test_a_hub_cannot_be_linked_to_itself(charter):
    hub = charter["sports"]
    with pytest.raises(ValidationError):
        link(hub.organization, hub, kind="liaison", start=D(2011, 1, 1), source="manual")
