import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from shuniu.registry import uscc
from shuniu.registry.models import NoSupervisorReason, Organization, OrgType, RegistrationEvent, Status
from shuniu.registry.services import record_event, rename
from shuniu.testing import make_org, make_unit

VALID = uscc.build("5", "1", "110000", "50001234")


def with_code(org: Organization, code: str, legacy: bool = False) -> Organization:
    org.uscc, org.uscc_legacy = code, legacy
    org.full_clean()
    return org


def test_a_valid_code_is_accepted_and_normalised(beijing):
    org = with_code(make_org(), " " + VALID.lower() + " ")
    assert org.uscc == VALID


def test_a_malformed_code_is_refused_with_the_reason(beijing):
    with pytest.raises(ValidationError) as err:
        with_code(make_org(), "91350100M0001O0Y43")
    assert "O" in str(err.value.message_dict["uscc"])


def test_a_code_failing_only_its_checksum_is_refused_unless_flagged(beijing):
    bad = VALID[:-1] + ("0" if VALID[-1] != "0" else "1")
    with pytest.raises(ValidationError) as err:
        with_code(make_org(), bad)
    # the message tells the user which box keeps the code as issued
    assert str(Organization._meta.get_field("uscc_legacy").verbose_name) in str(err.value)
    org = with_code(make_org(), bad, legacy=True)
    org.save()
    assert Organization.objects.get(pk=org.pk).uscc_legacy


def test_a_valid_code_cannot_be_flagged_unverified(beijing):
    with pytest.raises(ValidationError) as err:
        with_code(make_org(), VALID, legacy=True)
    assert "uscc_legacy" in err.value.message_dict


def test_the_code_must_fit_the_type(beijing):
    with pytest.raises(ValidationError):
        with_code(make_org(org_type=OrgType.FOUNDATION), VALID)


def test_a_code_from_an_unknown_division_is_refused(beijing):
    with pytest.raises(ValidationError) as err:
        with_code(make_org(), uscc.build("5", "1", "119999", "50001234"))
    assert "119999" in str(err.value)


def test_a_supervisory_unit_and_a_reason_for_none_exclude_each_other(beijing):
    unit = make_unit()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_org(supervisory_unit=unit, no_supervisor_reason=NoSupervisorReason.DIRECT)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_org(no_supervisor_reason="")


def test_deregistration_ends_the_organisation_and_no_event_follows(beijing):
    org = make_org()
    record_event(org, RegistrationEvent.Kind.DEREGISTERED, datetime.date(2010, 3, 1), document="京民社注字1号")
    org.refresh_from_db()
    assert (org.status, org.ended_on) == (Status.DEREGISTERED, datetime.date(2010, 3, 1))
    with pytest.raises(ValidationError):
        record_event(org, RegistrationEvent.Kind.CHANGED, datetime.date(2010, 4, 1))
    assert org.events.count() == 1


def test_an_event_before_founding_is_refused(beijing):
    org = make_org(founded=datetime.date(2005, 5, 1))
    with pytest.raises(ValidationError):
        record_event(org, RegistrationEvent.Kind.CHANGED, datetime.date(2004, 1, 1))
    assert not org.events.exists()


def test_renaming_keeps_the_former_name(beijing):
    org = make_org("北京市物理研究会")
    rename(org, "北京市物理学会", datetime.date(2008, 1, 1))
    org.refresh_from_db()
    assert org.name == "北京市物理学会"
    assert list(org.former_names.values_list("name", flat=True)) == ["北京市物理研究会"]
    assert org.events.get().kind == RegistrationEvent.Kind.CHANGED


def test_a_fields_parts_read_as_a_chinese_list():
    from shuniu.registry.models import Field

    assert Field(description="工会组织, 职工权益与帮扶，劳模").parts == "工会组织、职工权益与帮扶、劳模"
    assert Field(description="养老服务机构、老年人照护").parts == "养老服务机构、老年人照护"
