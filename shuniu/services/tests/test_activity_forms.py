"""Editing an activity: names resolved within the scope, a stale save refused with the differences."""
from shuniu.party.tests.world import PartyWorld
from shuniu.services.models import Activity


class ActivityEditTest(PartyWorld):
    def form(self, activity, **changes):
        return {"title": activity.title, "hub": activity.hub_id, "start": f"{activity.start:%Y-%m-%d}",
                "served": activity.served, "reached": activity.reached, "organizer_name": self.orgs["A"].name,
                "facility_name": activity.facility.name if activity.facility else "", "participants": "",
                "version": activity.version, **changes}

    def test_hub_staff_edit_an_activity_and_its_participants(self):
        self.as_role("hub")
        activity = self.activities["science"]
        response = self.client.post(f"/activities/{activity.pk}/edit/", self.form(
            activity, served=60, participants=f"{self.orgs['A'].name}\n{self.orgs['B'].name}"))
        self.assertEqual(response.status_code, 302)
        activity.refresh_from_db()
        self.assertEqual(activity.served, 60)
        self.assertEqual(set(activity.organizations.all()), {self.orgs["A"], self.orgs["B"]})
        self.assertEqual(activity.history.first().history_user, self.users["hub"])

    def test_an_organisation_outside_the_scope_is_named_and_nothing_changes(self):
        self.as_role("hub")
        activity = self.activities["science"]
        response = self.client.post(f"/activities/{activity.pk}/edit/", self.form(
            activity, served=61, participants=self.orgs["C"].name))
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.orgs["C"].name, response.content.decode())
        activity.refresh_from_db()
        self.assertEqual((activity.served, activity.organizations.count()), (50, 0))

    def test_served_above_reached_is_refused(self):
        self.as_role("hub")
        activity = self.activities["science"]
        response = self.client.post(f"/activities/{activity.pk}/edit/", self.form(activity, served=900))
        self.assertIn("900", response.content.decode())
        self.assertEqual(Activity.objects.get(pk=activity.pk).served, 50)

    def test_a_stale_edit_shows_the_differences(self):
        self.as_role("hub")
        activity = self.activities["science"]
        old = self.form(activity)
        self.assertEqual(self.client.post(f"/activities/{activity.pk}/edit/", {**old, "reached": 400})
                         .status_code, 302)
        response = self.client.post(f"/activities/{activity.pk}/edit/", {**old, "reached": 350})
        page = response.content.decode()
        self.assertIn('id="conflict"', page)
        self.assertIn("350", page)
        self.assertIn("400", page)
        self.assertEqual(Activity.objects.get(pk=activity.pk).reached, 400)
