"""The national scenario at a small size: realistic invariants, not figures."""
import os
from collections import Counter
from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from shuniu.audit.history import acting_as, system_user
from shuniu.demo.national import National
from shuniu.divisions.models import Division, Level
from shuniu.hubs.models import Affiliation
from shuniu.registry import uscc
from shuniu.registry.models import REGISTERED_TYPES, Organization, OrgType, RegistrationEvent

N = 2000


class NationalScenarioTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.out = StringIO()
        with mock.patch.dict(os.environ, {"SHUNIU_DEMO_PASSWORD": "demo-pass"}):
            call_command("demo", "--scenario", "national", "--organizations", str(N), stdout=cls.out)

    def test_the_database_holds_exactly_n_organisations(self):
        self.assertEqual(Organization.objects.count(), N)

    def test_organisations_spread_over_most_provinces(self):
        provinces = set()
        for code in Organization.objects.values_list("registering_division__code", flat=True):
            provinces.add(code[:2])
        self.assertGreaterEqual(len(provinces), 28)  # 31 province-level divisions, weighted by counties

    def test_the_types_mix_like_a_national_registry(self):
        counts = Counter(Organization.objects.values_list("org_type", flat=True))
        for org_type in (OrgType.ASSOCIATION, OrgType.SERVICE_ORG, OrgType.FOUNDATION, OrgType.COMMUNITY):
            self.assertGreater(counts[org_type], 0, org_type)
        self.assertGreater(counts[OrgType.SERVICE_ORG], counts[OrgType.ASSOCIATION])
        self.assertLess(counts[OrgType.FOUNDATION], counts[OrgType.ASSOCIATION] / 10)

    def test_every_credit_code_is_valid_or_flagged_as_issued(self):
        known = set(Division.objects.values_list("code", flat=True))
        # The 22 city hubs come from the charter data, which records no codes for them.
        rows = Organization.objects.filter(org_type__in=REGISTERED_TYPES, hub__isnull=True).values_list(
            "uscc", "uscc_legacy", "org_type", "registering_division__code")
        flagged = 0
        for code, legacy, org_type, division in rows:
            result = uscc.check(code, org_type=org_type, known_divisions=known)
            self.assertEqual(result.division_code, division, code)
            if legacy:
                flagged += 1
                self.assertTrue(result.checksum_only, code)
            else:
                self.assertTrue(result.valid, (code, result.problems))
        self.assertLess(flagged, len(rows) / 50)

    def test_filed_groups_carry_no_credit_code_and_a_reason_for_no_supervisor(self):
        filed = Organization.objects.filter(org_type__in=[OrgType.COMMUNITY, OrgType.GRASSROOTS])
        self.assertFalse(filed.filter(uscc__isnull=False).exists())
        self.assertFalse(filed.filter(no_supervisor_reason="").exists())

    def test_registering_divisions_match_the_level(self):
        pairs = set(Organization.objects.values_list("level", "registering_division__level"))
        allowed = {(Level.PROVINCE, Level.PROVINCE), (Level.PREFECTURE, Level.PREFECTURE),
                   (Level.DISTRICT, Level.DISTRICT), (Level.CITY, Level.CITY), (Level.STREET, Level.STREET)}
        self.assertLessEqual(pairs, allowed)

    def test_names_are_unique_and_initials_follow_the_name(self):
        names = list(Organization.objects.values_list("name", "name_initials"))
        self.assertEqual(len({n for n, _ in names}), len(names))
        nanjing = [(n, i) for n, i in names if n.startswith("南京市")]
        for _name, letters in nanjing:
            self.assertTrue(letters.startswith("njs"), letters)

    def test_every_row_has_its_history_row_by_the_acting_user(self):
        history = Organization.history.all()
        self.assertEqual(history.count(), N)
        self.assertFalse(history.exclude(history_user=system_user()).exists())
        self.assertEqual(RegistrationEvent.history.count(), RegistrationEvent.objects.count())
        self.assertEqual(Affiliation.history.count(), Affiliation.objects.count())

    def test_every_organisation_has_its_founding_event(self):
        founded = RegistrationEvent.objects.filter(kind__in=RegistrationEvent.STARTING)
        self.assertEqual(founded.values("organization").distinct().count(),
                         Organization.objects.filter(hub__isnull=True).count())  # hubs: charter data, no events

    def test_beijing_city_organisations_of_a_hubs_field_are_linked(self):
        links = Affiliation.objects.select_related("organization", "hub")
        for link in links:
            self.assertEqual(link.organization.registering_division.code, "110000")
            self.assertEqual(link.organization.field_id, link.hub.fields.get().pk)

    def test_loading_again_adds_up_to_the_new_total_with_fresh_codes(self):
        with acting_as(system_user(), "test"):
            added = National(N + 300).build()
        self.assertEqual(added, 300)
        codes = list(Organization.objects.filter(uscc__isnull=False).values_list("uscc", flat=True))
        self.assertEqual(len(codes), len(set(codes)))

    def test_organizations_is_refused_for_other_scenarios(self):
        with self.assertRaises(CommandError):
            call_command("demo", "--scenario", "beijing-2010", "--organizations", "5", stdout=StringIO())
