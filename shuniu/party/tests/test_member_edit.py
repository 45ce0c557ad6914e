"""Editing a member on the page: one branch only, a stale save shows the differences, nothing else written."""
from shuniu.party.models import PartyMember

from .world import PEOPLE, PartyWorld


class MemberEditTest(PartyWorld):
    def form(self, member, **changes):
        return {"name": member.name, "phone": member.phone, "id_number": member.id_number, "status": member.status,
                "branch": member.branch_id or "", "registered_elsewhere": member.registered_elsewhere,
                "joined_party": "", "version": member.version, **changes}

    def test_party_work_staff_edit_a_member_they_see_unmasked(self):
        self.as_role("party")
        member = self.members["B"]
        response = self.client.post(f"/party/members/{member.pk}/edit/", self.form(member, phone="13900000000"))
        self.assertEqual(response.status_code, 302)
        member.refresh_from_db()
        self.assertEqual((member.phone, member.version), ("13900000000", 2))
        self.assertEqual(member.history.first().history_user, self.users["party"])

    def test_a_member_in_two_branches_is_refused_naming_both(self):
        self.as_role("party")
        member = self.members["A"]
        response = self.client.post(f"/party/members/{member.pk}/edit/",
                                    self.form(member, registered_elsewhere="某区委组织部"))
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        self.assertIn("某区委组织部", page)
        self.assertIn(self.branch_a.name, page)
        member.refresh_from_db()
        self.assertEqual(member.registered_elsewhere, "")

    def test_an_id_number_already_recorded_is_refused(self):
        self.as_role("office")
        member = self.members["A"]
        response = self.client.post(f"/party/members/{member.pk}/edit/", self.form(member, id_number=PEOPLE["C"][2]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(PartyMember.objects.get(pk=member.pk).id_number, PEOPLE["A"][2])

    def test_a_stale_edit_shows_the_differences(self):
        self.as_role("office")
        member = self.members["A"]
        old = self.form(member)
        self.assertEqual(self.client.post(f"/party/members/{member.pk}/edit/", {**old, "phone": "13800000001"})
                         .status_code, 302)
        response = self.client.post(f"/party/members/{member.pk}/edit/", {**old, "phone": "13800000002"})
        page = response.content.decode()
        self.assertIn('id="conflict"', page)
        self.assertIn("13800000001", page)
        self.assertIn("13800000002", page)
        self.assertEqual(PartyMember.objects.get(pk=member.pk).phone, "13800000001")
