"""The deadline rules for a date: credit lists in and out, idempotent and replayable."""
import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from shuniu.oversight import rules
from shuniu.oversight.models import Cause, CreditListEntry, ListKind
from shuniu.oversight.services import annual, credit
from shuniu.oversight.workflow import TransitionRefused
from shuniu.testing import make_org

from .conftest import PARTS

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def from_2009(settings):
    settings.SHUNIU_OVERSIGHT = {"FIRST_REPORT_YEAR": 2009}


def state():
    return sorted(CreditListEntry.objects.values_list("organization__name", "list_kind", "cause", "entered_on",
                                                      "left_on", "reason_out"))


def file_report(people, org_key, user_key, year, on):
    report = annual.start(people[org_key], year, people[user_key], **PARTS)
    annual.file(report, people[user_key], on=on)
    return report


def test_a_report_not_filed_by_the_deadline_lists_the_organisation_the_day_after(people):
    file_report(people, "direct", "org_direct", 2009, D(2010, 5, 1))
    assert not rules.run(D(2010, 5, 31)).entered  # the deadline day itself is still in time
    result = rules.run(D(2010, 6, 1))
    listed = {(e.organization.name, e.cause_key, e.entered_on) for e in result.entered}
    assert ("北京市物理学会", "2009", D(2010, 6, 1)) in listed
    assert not any(name == "北京市某某基金会" and key == "2009" for name, key, _ in listed)


def test_running_twice_changes_nothing_the_second_time(people):
    first = rules.run(D(2010, 6, 1))
    before = state()
    second = rules.run(D(2010, 6, 1))
    assert first.changed and not second.changed
    assert state() == before


def test_filing_late_takes_the_organisation_off_the_list_on_the_filing_day(people):
    rules.run(D(2010, 6, 1))
    file_report(people, "supervised", "org", 2009, D(2010, 7, 15))
    result = rules.run(D(2010, 8, 1))
    entry = CreditListEntry.objects.get(organization=people["supervised"], cause_key="2009")
    assert (entry.state, entry.left_on) == ("left", D(2010, 7, 15))
    assert entry in result.left
    assert [s.to_state for s in entry.steps.all()] == ["listed", "left"]


def test_two_years_on_the_abnormal_list_moves_to_the_serious_list_and_two_clean_years_end_it(people):
    org = make_org("北京市长期未年检协会", founded=D(2009, 3, 1))
    rules.run(D(2010, 6, 1))
    rules.run(D(2012, 6, 1))
    serious = CreditListEntry.objects.get(organization=org, list_kind=ListKind.SERIOUS)
    assert (serious.cause, serious.entered_on) == (Cause.TWO_YEARS_ABNORMAL, D(2012, 6, 1))
    abnormal = CreditListEntry.objects.get(organization=org, cause_key="2009")
    assert (abnormal.state, abnormal.left_on) == ("left", D(2012, 6, 1))
    # Deregistered in July 2012: its last listing (the 2011 report, 2012-06-01) moves on 2014-06-01,
    # and two clean years after that every entry is over.
    org.ended_on, org.status = D(2012, 7, 1), "deregistered"
    org.save()
    rules.run(D(2016, 5, 31))
    serious.refresh_from_db()
    assert serious.state == "listed"
    rules.run(D(2016, 6, 2))
    serious.refresh_from_db()
    assert (serious.state, serious.left_on) == ("left", D(2016, 6, 1))
    assert "no new listing" in serious.reason_out
    assert not CreditListEntry.objects.filter(organization=org, state="listed").exists()


def test_replaying_the_dates_gives_the_same_rows_as_jumping_to_the_last(people):
    for day in [D(2010, 6, 1), D(2011, 3, 1), D(2012, 6, 1), D(2013, 1, 1)]:
        rules.run(day)
    stepwise = state()
    CreditListEntry.objects.all().delete()
    rules.run(D(2013, 1, 1))
    assert state() == stepwise


def test_by_hand_an_entry_leaves_only_once_its_cause_is_cured_and_is_not_listed_again(people):
    rules.run(D(2010, 6, 1))
    entry = CreditListEntry.objects.get(organization=people["supervised"], cause_key="2009")
    with pytest.raises(TransitionRefused, match="has not been filed"):
        credit.leave(entry, people["authority"], on=D(2010, 6, 3), reason="已整改")
    file_report(people, "supervised", "org", 2009, D(2010, 6, 5))
    credit.leave(entry, people["authority"], on=D(2010, 6, 10), reason="已补报，经核实")
    assert not rules.run(D(2010, 7, 1)).changed
    entry.refresh_from_db()
    assert (entry.left_on, entry.reason_out) == (D(2010, 6, 10), "已补报，经核实")


def test_the_serious_list_is_not_left_by_hand_before_two_clean_years(people):
    entry = credit.enter(people["supervised"], people["authority"], list_kind="serious", cause="penalty",
                         on=D(2010, 3, 1), reason="大额罚款")
    with pytest.raises(TransitionRefused, match="2012-03-01"):
        credit.leave(entry, people["authority"], on=D(2011, 3, 1), reason="申请移出")
    credit.leave(entry, people["authority"], on=D(2012, 3, 1), reason="满2年未再列入")
    assert CreditListEntry.objects.get(pk=entry.pk).state == "left"


def fake_party_source(on):
    from shuniu.registry.models import Organization

    return set(Organization.objects.filter(name="北京市物理学会", members__gte=0 if on.year < 2011 else 10**9)
               .values_list("pk", flat=True))


@override_settings(SHUNIU_OVERSIGHT_PARTY_SOURCE="shuniu.oversight.tests.test_rules.fake_party_source")
def test_a_missing_party_organisation_lists_and_setting_one_up_removes(people):
    people["supervised"].members = 30
    people["supervised"].save(update_fields=["members"])  # the copy is older than the hub link: name the field
    rules.run(D(2010, 7, 1))
    entry = CreditListEntry.objects.get(cause=Cause.NO_PARTY_ORGANIZATION)
    assert entry.organization == people["supervised"] and entry.state == "listed"
    rules.run(D(2011, 1, 1))
    entry.refresh_from_db()
    assert (entry.state, entry.left_on) == ("left", D(2011, 1, 1))


@override_settings(SHUNIU_OVERSIGHT_PARTY_SOURCE="shuniu.party.no_such_function")
def test_without_the_party_figures_the_rule_says_it_is_pending(people):
    result = rules.run(D(2010, 7, 1))
    assert any("party" in line for line in result.pending)
    assert not CreditListEntry.objects.filter(cause=Cause.NO_PARTY_ORGANIZATION).exists()


def test_the_command_runs_the_rules_for_a_date(people):
    out = StringIO()
    call_command("oversight", "run", "--date", "2010-06-01", "--user", "authority", stdout=out)
    assert "2010-06-01" in out.getvalue()
    entry = CreditListEntry.objects.get(organization=people["supervised"], cause_key="2009")
    assert entry.history.first().history_user.username == "authority"


def test_the_command_refuses_a_bad_date_and_changes_nothing(people):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="2010-13-01"):
        call_command("oversight", "run", "--date", "2010-13-01")
    assert not CreditListEntry.objects.exists()
