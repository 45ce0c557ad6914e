"""Party organisations and instructors on the page forms: names resolved in the scope, bad input refused."""
from shuniu.audit.history import acting_as
from shuniu.party.models import Instructor, PartyOrganization
from shuniu.testing import make_org

from .world import PartyWorld


class PartyOrganizationFormTest(PartyWorld):
    def new(self, **changes):
        return {"name": "科协第1联合党支部", "kind": "joint_branch", "hub": self.branch_a.hub_id,
                "covered": f"{self.orgs['A'].name}\n{self.orgs['B'].name}", "founded": "2010-10-01", **changes}

    def test_a_hub_sets_up_a_joint_branch_covering_several_organisations(self):
        self.as_role("hub")
        response = self.client.post("/party/organizations/new/", self.new(parent_name="市科协社会组织联合党委"))
        self.assertEqual(response.status_code, 302)
        joint = PartyOrganization.objects.get(name="科协第1联合党支部")
        self.assertEqual(set(joint.organizations.all()), {self.orgs["A"], self.orgs["B"]})
        self.assertEqual(joint.parent.name, "市科协社会组织联合党委")
        self.assertEqual(joint.history.first().history_user, self.users["hub"])

    def test_organisations_are_named_by_credit_code_too(self):
        code = "51110000500000001X"
        type(self.orgs["B"]).objects.filter(pk=self.orgs["B"].pk).update(uscc=code)
        self.as_role("hub")
        response = self.client.post("/party/organizations/new/", self.new(
            covered=f"{self.orgs['A'].name}\n{code.lower()}"))
        self.assertEqual(response.status_code, 302)
        joint = PartyOrganization.objects.get(name="科协第1联合党支部")
        self.assertEqual(set(joint.organizations.all()), {self.orgs["A"], self.orgs["B"]})
        page = self.client.get(f"/party/organizations/{joint.pk}/edit/").content.decode()
        self.assertIn(code, page)  # the edit form names it the same way

    def test_a_name_two_visible_organisations_share_asks_for_the_credit_code(self):
        a = self.orgs["A"]
        with acting_as(self.users["office"], "test"):
            make_org(a.name, code=a.registering_division.code)
        self.as_role("office")
        response = self.client.post("/party/organizations/new/", self.new())
        self.assertEqual(response.status_code, 200)
        self.assertIn("不止一家", response.content.decode())
        self.assertFalse(PartyOrganization.objects.filter(name="科协第1联合党支部").exists())

    def test_an_organisation_outside_the_scope_is_named_and_nothing_is_written(self):
        self.as_role("hub")
        response = self.client.post("/party/organizations/new/", self.new(
            covered=f"{self.orgs['A'].name}\n{self.orgs['C'].name}"))
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.orgs["C"].name, response.content.decode())
        self.assertFalse(PartyOrganization.objects.filter(name="科协第1联合党支部").exists())

    def test_a_joint_branch_of_one_and_a_branch_of_two_are_refused(self):
        self.as_role("hub")
        response = self.client.post("/party/organizations/new/", self.new(covered=self.orgs["A"].name))
        self.assertIn("联合党支部", response.content.decode())
        response = self.client.post("/party/organizations/new/", self.new(kind="branch"))
        self.assertIn(self.orgs["B"].name, response.content.decode())
        self.assertFalse(PartyOrganization.objects.filter(name="科协第1联合党支部").exists())

    def test_edit_changes_the_coverage_and_a_stale_edit_shows_the_differences(self):
        self.as_role("hub")
        branch = self.branch_a
        old = {"name": branch.name, "kind": "branch", "hub": branch.hub_id, "parent_name": branch.parent.name,
               "covered": self.orgs["A"].name, "founded": "2009-09-01", "version": branch.version}
        response = self.client.post(f"/party/organizations/{branch.pk}/edit/", {**old, "name": "甲 物理学会党支部"})
        self.assertEqual(response.status_code, 302)
        response = self.client.post(f"/party/organizations/{branch.pk}/edit/", {**old, "name": "过时名称"})
        page = response.content.decode()
        self.assertIn('id="conflict"', page)
        self.assertIn("过时名称", page)
        self.assertEqual(PartyOrganization.objects.get(pk=branch.pk).name, "甲 物理学会党支部")


class InstructorFormTest(PartyWorld):
    def new(self, **changes):
        return {"name": "孙指导", "phone": "13900001111", "hub": self.instructor.hub_id,
                "guided": self.orgs["B"].name, "start": "2010-09-01", **changes}

    def test_party_work_staff_assign_an_instructor_to_an_organisation_without_a_branch(self):
        self.as_role("party")
        response = self.client.post("/party/instructors/new/", self.new())
        self.assertEqual(response.status_code, 302)
        instructor = Instructor.objects.get(name="孙指导")
        self.assertEqual(list(instructor.organizations.all()), [self.orgs["B"]])

    def test_an_organisation_with_its_own_branch_is_refused_naming_it(self):
        self.as_role("party")
        response = self.client.post("/party/instructors/new/", self.new(guided=self.orgs["A"].name))
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        self.assertIn(self.orgs["A"].name, page)
        self.assertIn(self.branch_a.name, page)
        self.assertFalse(Instructor.objects.filter(name="孙指导").exists())

    def test_edit_keeps_the_version(self):
        self.as_role("party")
        instructor = self.instructor
        old = {"name": instructor.name, "phone": instructor.phone, "hub": instructor.hub_id,
               "guided": self.orgs["B"].name, "start": "2010-03-01", "version": instructor.version}
        self.assertEqual(self.client.post(f"/party/instructors/{instructor.pk}/edit/",
                                          {**old, "phone": "13611113333"}).status_code, 302)
        response = self.client.post(f"/party/instructors/{instructor.pk}/edit/", {**old, "phone": "13611114444"})
        self.assertIn('id="conflict"', response.content.decode())
        self.assertEqual(Instructor.objects.get(pk=instructor.pk).phone, "13611113333")

    def test_the_party_tab_opens_the_instructor_form_for_its_organisation(self):
        self.as_role("party")
        tab = self.client.get(f"/organizations/{self.orgs['B'].pk}/party/").content.decode()
        self.assertIn(f"/party/instructors/new/?organization={self.orgs['B'].pk}", tab)
        form = self.client.get(f"/party/instructors/new/?organization={self.orgs['B'].pk}").content.decode()
        self.assertIn(self.orgs["B"].name, form)
        self.as_role("hub")  # staff without party work do not see the button
        tab = self.client.get(f"/organizations/{self.orgs['B'].pk}/party/").content.decode()
        self.assertNotIn("/party/instructors/new/", tab)
