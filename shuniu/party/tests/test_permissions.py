"""Party pages and API through every role: scope, refusals, and personal data masked for all but the office
and the hub's party-work staff."""
import csv
import io

from shuniu.party.identity import valid_id
from shuniu.party.models import PartyMeeting, PartyMember
from shuniu.party.privacy import mask_id_number, mask_name, mask_phone

from .world import PEOPLE, PartyWorld

ROLES = ["office", "district", "hub", "party", "authority", "organization", "outsider"]
PARTY_VIEWERS = {"office", "district", "hub", "party", "organization"}
# Members each role sees (by the organisation they work in), and whose personal data it sees unmasked.
MEMBERS_VISIBLE = {"office": {"A", "B", "C"}, "district": {"B"}, "hub": {"A", "B"}, "party": {"A", "B"},
                   "organization": {"A"}, "authority": set(), "outsider": set()}
REVEALED = {"office": {"A", "B", "C"}, "party": {"A", "B"}}
ORG_VISIBLE = {"office": "ABC", "district": "B", "hub": "AB", "party": "AB", "organization": "A"}
MEETINGS_VISIBLE = {"office": {"甲支部党课", "丙联合支部大会"}, "hub": {"甲支部党课"}, "party": {"甲支部党课"},
                    "organization": {"甲支部党课"}, "district": set()}

COVERED_URLS = {"party-dashboard", "party-members-export", "organization-party", "party-member-add",
                "party-member-edit", "party-meeting-add", "party-organization-add", "party-organization-edit",
                "party-instructor-add", "party-instructor-edit", "partyorganization-list", "partyorganization-detail",
                "partymember-list",
                "partymember-detail", "partymeeting-list", "partymeeting-detail", "instructor-list",
                "instructor-detail"}


def shown(key: str, revealed: bool) -> tuple[str, str, str]:
    name, phone, id_number = PEOPLE[key]
    return (name, phone, id_number) if revealed else (mask_name(name), mask_phone(phone), mask_id_number(id_number))


class PartyPermissionTest(PartyWorld):
    def test_only_party_viewers_open_the_dashboard(self):
        for role in ROLES:
            self.as_role(role)
            with self.subTest(role=role):
                self.assertEqual(self.client.get("/party/").status_code, 200 if role in PARTY_VIEWERS else 403)
        self.as_role("anonymous")
        self.assertTrue(self.client.get("/party/").url.startswith("/login/"))

    def test_an_organisations_party_tab_follows_its_scope(self):
        for role in ROLES:
            self.as_role(role)
            for key in "ABC":
                with self.subTest(role=role, org=key):
                    expected = 403 if role not in PARTY_VIEWERS else 200 if key in ORG_VISIBLE[role] else 404
                    response = self.client.get(f"/organizations/{self.orgs[key].pk}/party/")
                    self.assertEqual(response.status_code, expected)

    def test_members_personal_data_is_masked_for_every_role_but_office_and_party_work_staff(self):
        for role in PARTY_VIEWERS:
            self.as_role(role)
            for key in MEMBERS_VISIBLE[role]:
                with self.subTest(role=role, member=key):
                    page = self.client.get(f"/organizations/{self.orgs[key].pk}/party/").content.decode()
                    revealed = key in REVEALED.get(role, set())
                    for value in shown(key, revealed):
                        self.assertIn(value, page)
                    if not revealed:
                        for value in PEOPLE[key]:
                            self.assertNotIn(value, page)

    def test_the_api_lists_and_masks_members_like_the_pages(self):
        for role in ROLES:
            with self.subTest(role=role):
                if role not in PARTY_VIEWERS:
                    self.assertEqual(self.api(role, "get", "/api/party-members/").status_code, 403)
                    continue
                rows = self.api(role, "get", "/api/party-members/?page_size=100").json()["results"]
                by_org = {key: row for row in rows for key, org in self.orgs.items()
                          if row["organization"] == org.pk}
                self.assertEqual(set(by_org), MEMBERS_VISIBLE[role])
                for key, row in by_org.items():
                    revealed = key in REVEALED.get(role, set())
                    self.assertEqual((row["name"], row["phone"], row["id_number"]), shown(key, revealed))
                for key, member in self.members.items():
                    expected = 200 if key in MEMBERS_VISIBLE[role] else 404
                    self.assertEqual(self.api(role, "get", f"/api/party-members/{member.pk}/").status_code,
                                     expected)

    def test_the_export_holds_the_scope_and_masks_like_the_pages(self):
        for role in ROLES:
            self.as_role(role)
            with self.subTest(role=role):
                response = self.client.get("/party/members/export.csv")
                if role not in PARTY_VIEWERS:
                    self.assertEqual(response.status_code, 403)
                    continue
                body = b"".join(response.streaming_content).decode("utf-8-sig")
                rows = list(csv.reader(io.StringIO(body)))[1:]
                self.assertEqual(len(rows), len(MEMBERS_VISIBLE[role]))
                for key in MEMBERS_VISIBLE[role]:
                    self.assertIn(list(shown(key, key in REVEALED.get(role, set()))), [r[:3] for r in rows])
                for key in {"A", "B", "C"} - REVEALED.get(role, set()):
                    self.assertNotIn(PEOPLE[key][2], body)

    def test_instructors_are_masked_too(self):
        for role in ["office", "district", "hub", "party"]:
            with self.subTest(role=role):
                rows = self.api(role, "get", "/api/party-instructors/").json()["results"]
                names = {row["name"] for row in rows}
                self.assertEqual(names, {"钱指导"} if role in ("office", "party") else {"钱**"} if rows else set())

    def test_meetings_and_party_organisations_follow_the_scope(self):
        for role in ROLES:
            with self.subTest(role=role):
                if role not in PARTY_VIEWERS:
                    self.assertEqual(self.api(role, "get", "/api/party-meetings/").status_code, 403)
                    self.assertEqual(self.api(role, "get", "/api/party-organizations/").status_code, 403)
                    continue
                topics = self.listed(role, "/api/party-meetings/", "topic")
                self.assertEqual(topics, MEETINGS_VISIBLE[role])
                names = self.listed(role, "/api/party-organizations/", "name")
                self.assertEqual(self.joint_c.name in names, role == "office")
                detail = self.api(role, "get", f"/api/party-organizations/{self.joint_c.pk}/")
                self.assertEqual(detail.status_code, 200 if role == "office" else 404)
                detail = self.api(role, "get", f"/api/party-meetings/{self.meeting_c.pk}/")
                self.assertEqual(detail.status_code, 200 if role == "office" else 404)
                detail = self.api(role, "get", f"/api/party-instructors/{self.instructor.pk}/")
                self.assertEqual(detail.status_code, 200 if role in ("office", "district", "hub", "party")
                                 else 404)

    def test_entry_forms_open_only_inside_the_scope(self):
        member_writers = {"office": "ABC", "party": "AB"}  # hub staff without party work: refused
        meeting_writers = {"office": "ABC", "hub": "AB", "party": "AB", "organization": "A"}
        for role in ROLES:
            self.as_role(role)
            for key in "ABC":
                with self.subTest(role=role, org=key):
                    url = f"/organizations/{self.orgs[key].pk}/party/"
                    expected = 200 if key in member_writers.get(role, "") else 403
                    self.assertEqual(self.client.get(url + "members/new/").status_code, expected)
                    expected = 200 if key in meeting_writers.get(role, "") else 403
                    self.assertEqual(self.client.get(url + "meetings/new/").status_code, expected)

    def test_writes_outside_the_scope_change_nothing(self):
        before = PartyMeeting.objects.count(), PartyMember.objects.count()
        for role in ROLES:
            with self.subTest(role=role):
                response = self.api(role, "post", "/api/party-meetings/", {
                    "party_organization": self.joint_c.pk, "kind": "party_lecture", "date": "2010-12-01"})
                self.assertIn(response.status_code, (201,) if role == "office" else (400, 403))
                response = self.api(role, "post", "/api/party-members/", {
                    "name": "外人", "id_number": valid_id(f"11010119800101{ROLES.index(role):03d}"),
                    "organization": self.orgs["C"].pk})
                self.assertIn(response.status_code, (201,) if role == "office" else (400, 403))
                self.as_role(role)
                self.client.post(f"/organizations/{self.orgs['C'].pk}/party/meetings/new/", {
                    "party_organization": self.joint_c.pk, "kind": "party_lecture", "date": "2010-12-02",
                    "attendees": 3})
        self.assertEqual((PartyMeeting.objects.count(), PartyMember.objects.count()),
                         (before[0] + 2, before[1] + 1))  # the office's API meeting and page meeting, its member

    def test_hub_staff_without_party_work_may_not_record_members(self):
        response = self.api("hub", "post", "/api/party-members/", {
            "name": "张三", "id_number": "110105198001019993", "organization": self.orgs["A"].pk})
        self.assertEqual(response.status_code, 403)
        response = self.api("party", "post", "/api/party-members/", {
            "name": "张三", "id_number": "110105198001019993", "organization": self.orgs["A"].pk,
            "branch": self.branch_a.pk})
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["name"], "张三")
        self.assertEqual(PartyMember.objects.get(id_number="110105198001019993").history.first().history_user,
                         self.users["party"])

    def test_a_hub_sets_up_party_organisations_in_its_own_network_only(self):
        new = {"name": "乙 科普协会党支部", "kind": "branch", "hub": "science", "founded": "2010-10-01",
               "organizations": [self.orgs["B"].pk]}
        self.assertEqual(self.api("hub", "post", "/api/party-organizations/", new).status_code, 201)
        self.assertEqual(set(self.orgs["B"].party_organizations.values_list("name", flat=True)), {new["name"]})
        joint_of_one = {**new, "name": "单家联合党支部", "kind": "joint_branch"}
        response = self.api("hub", "post", "/api/party-organizations/", joint_of_one)
        self.assertEqual(response.status_code, 400)
        self.assertIn("organizations", response.json())
        other_network = {**new, "name": "丙 书法协会党支部", "organizations": [self.orgs["C"].pk]}
        self.assertEqual(self.api("hub", "post", "/api/party-organizations/", other_network).status_code, 400)
        for role in ["district", "authority", "organization", "outsider"]:
            with self.subTest(role=role):
                response = self.api(role, "post", "/api/party-organizations/", {**new, "name": f"{role} 支部"})
                self.assertIn(response.status_code, (400, 403))
        self.assertFalse(self.orgs["C"].party_organizations.exclude(pk=self.joint_c.pk).exists())

    def test_party_work_staff_record_instructors_and_other_staff_do_not(self):
        new = {"name": "孙指导", "phone": "13900001111", "hub": "science", "start": "2010-09-01",
               "organizations": [self.orgs["A"].pk]}
        self.assertEqual(self.api("hub", "post", "/api/party-instructors/", new).status_code, 403)
        response = self.api("party", "post", "/api/party-instructors/", new)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["name"], "孙指导")
        self.assertEqual(self.listed("hub", "/api/party-instructors/", "name") >= {"孙**"}, True)

    def test_member_edit_outsider_404_masked_or_read_only_403(self):
        for role in ROLES:
            self.as_role(role)
            for key, member in self.members.items():
                with self.subTest(role=role, member=key):
                    seen = key in MEMBERS_VISIBLE[role]
                    expected = (200 if key in REVEALED.get(role, set()) else 403) if seen else 404
                    self.assertEqual(self.client.get(f"/party/members/{member.pk}/edit/").status_code, expected)
                    if seen and role in ORG_VISIBLE:
                        tab = self.client.get(f"/organizations/{member.organization_id}/party/").content.decode()
                        self.assertEqual(f"/party/members/{member.pk}/edit/" in tab, expected == 200)

    def test_party_organisation_and_instructor_forms_outsider_404_read_only_403_other_hub_404(self):
        party_editors, instructor_editors = {"office", "hub", "party"}, {"office", "party"}
        for role in ROLES:
            viewer = role in PARTY_VIEWERS  # the others see no party record at all: 404 like the outsider
            seen_parties = self.listed(role, "/api/party-organizations/", "id") if viewer else set()
            seen_instructors = self.listed(role, "/api/party-instructors/", "id") if viewer else set()
            self.as_role(role)
            with self.subTest(role=role):
                self.assertEqual(self.client.get("/party/organizations/new/").status_code,
                                 200 if role in party_editors else 403)
                self.assertEqual(self.client.get("/party/instructors/new/").status_code,
                                 200 if role in instructor_editors else 403)
                for party in (self.branch_a, self.joint_c):
                    expected = (200 if role in party_editors else 403) if party.pk in seen_parties else 404
                    self.assertEqual(self.client.get(f"/party/organizations/{party.pk}/edit/").status_code, expected)
                expected = ((200 if role in instructor_editors else 403) if self.instructor.pk in seen_instructors
                            else 404)
                self.assertEqual(self.client.get(f"/party/instructors/{self.instructor.pk}/edit/").status_code,
                                 expected)
        self.as_role("hub")  # science's staff do not see the arts network's 联合党支部 nor open it for C
        self.assertEqual(self.client.get(f"/party/organizations/{self.joint_c.pk}/edit/").status_code, 404)
        self.assertEqual(self.client.get(f"/party/organizations/new/?organization={self.orgs['C'].pk}")
                         .status_code, 404)
