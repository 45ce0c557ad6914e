"""The facility form: a hub records and edits its network's facilities; bad input changes nothing."""
from shuniu.party.tests.world import PartyWorld
from shuniu.services.models import Facility


class FacilityFormTest(PartyWorld):
    def post(self, url, **changes):
        data = {"name": "科协青年汇", "kind": "youth_hub", "hub": self.facilities["science"].hub_id,
                "division_code": "110105001", "address": "朝阳区某路1号", "latitude": "39.95",
                "longitude": "116.45", "opened": "2010-03-01", **changes}
        return self.client.post(url, data)

    def test_a_hub_records_a_facility_in_its_network(self):
        self.as_role("hub")
        response = self.post("/hubs/science/facilities/new/")
        self.assertEqual(response.status_code, 302)
        facility = Facility.objects.get(name="科协青年汇")
        self.assertEqual(facility.division.code, "110105001")
        self.assertEqual(facility.history.first().history_user, self.users["hub"])

    def test_coordinates_outside_beijing_are_refused_naming_the_value(self):
        self.as_role("hub")
        before = Facility.objects.count()
        response = self.post("/hubs/science/facilities/new/", latitude="31.23", longitude="121.47")
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        self.assertIn("31.23", page)
        self.assertIn("121.47", page)
        self.assertIn("科协青年汇", page)  # what the user typed is kept
        self.assertEqual(set(response.context["form"].errors), {"latitude", "longitude"})
        self.assertEqual(Facility.objects.count(), before)

    def test_a_facility_in_another_hubs_network_is_refused(self):
        self.as_role("hub")
        arts = self.facilities["arts"].hub_id
        response = self.post("/hubs/science/facilities/new/", hub=arts)
        self.assertEqual(response.status_code, 200)
        self.assertIn(str(arts), response.content.decode())
        self.assertFalse(Facility.objects.filter(name="科协青年汇").exists())
        facility = self.facilities["science"]
        response = self.post(f"/facilities/{facility.pk}/edit/", hub=arts, version=facility.version)
        self.assertEqual(response.status_code, 200)
        facility.refresh_from_db()
        self.assertNotEqual(facility.hub_id, arts)

    def test_an_unknown_division_code_is_named(self):
        self.as_role("hub")
        response = self.post("/hubs/science/facilities/new/", division_code="999999999")
        self.assertIn("999999999", response.content.decode())
        self.assertFalse(Facility.objects.filter(name="科协青年汇").exists())

    def test_edit_saves_and_a_stale_edit_shows_the_differences(self):
        self.as_role("hub")
        facility = self.facilities["science"]
        opened_at = facility.version
        response = self.post(f"/facilities/{facility.pk}/edit/", name="科协科普服务站（新址）", version=opened_at)
        self.assertEqual(response.status_code, 302)
        facility.refresh_from_db()
        self.assertEqual((facility.name, facility.version), ("科协科普服务站（新址）", opened_at + 1))
        response = self.post(f"/facilities/{facility.pk}/edit/", name="过时的名字", version=opened_at)
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        self.assertIn('id="conflict"', page)
        self.assertIn("过时的名字", page)
        self.assertIn("科协科普服务站（新址）", page)
        facility.refresh_from_db()
        self.assertEqual(facility.name, "科协科普服务站（新址）")
