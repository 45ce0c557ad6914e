"""Service network pages, exports and API through every role."""
import io

import openpyxl

from shuniu.party.tests.world import PartyWorld
from shuniu.services.models import Activity, ContactRecord, Facility

ROLES = ["office", "district", "hub", "party", "authority", "organization", "outsider"]
HUB_PAGES = {"office": {"science", "science-110105", "arts"}, "district": {"science-110105"},
             "hub": {"science", "science-110105"}, "party": {"science", "science-110105"},
             "authority": {"science", "science-110105", "arts"}, "organization": {"science"}, "outsider": set()}
FACILITIES = {"office": {"science", "science-110105", "arts"}, "district": {"science", "science-110105", "arts"}
              - {"arts"}, "hub": {"science", "science-110105"}, "party": {"science", "science-110105"},
              "authority": {"science", "science-110105", "arts"}, "organization": {"science"}, "outsider": set()}
ACTIVITIES = {"office": {"science", "arts"}, "district": set(), "hub": {"science"}, "party": {"science"},
              "authority": {"science", "arts"}, "organization": {"science"}, "outsider": set()}
CONTACTS = {"office": {"science", "arts"}, "district": set(), "hub": {"science"}, "party": {"science"},
            "organization": {"science"}}
WRITERS = {"office", "hub", "party", "organization"}

COVERED_URLS = {"hub-facilities", "facility-add", "facility-edit", "activities",
                "activity-add", "activity-edit", "contact-add", "facility-list", "facility-detail",
                "activity-list", "activity-detail", "contactrecord-list", "contactrecord-detail",
                "facilities-export", "activities-export"}


class ServicesPermissionTest(PartyWorld):
    def test_facility_pages_follow_the_hub_pages(self):
        for role in ROLES:
            self.as_role(role)
            for slug in ["science", "science-110105", "arts"]:
                with self.subTest(role=role, hub=slug):
                    expected = 200 if slug in HUB_PAGES[role] else 404
                    response = self.client.get(f"/hubs/{slug}/facilities/")
                    self.assertEqual(response.status_code, expected)
                    if expected == 200:
                        page = response.content.decode()
                        for key, facility in self.facilities.items():
                            self.assertEqual(facility.name in page, key in FACILITIES[role]
                                             and key in ({slug, "science-110105"} if slug == "science" else {slug}))

    def test_a_district_sees_the_facilities_in_its_district(self):
        names = self.listed("district", "/api/facilities/", "name")
        self.assertEqual(names, {f.name for k, f in self.facilities.items() if k in FACILITIES["district"]})

    def test_api_lists_and_reads_only_the_scope(self):
        for role in ROLES:
            missing = 403 if role == "outsider" else 404
            with self.subTest(role=role):
                names = self.listed(role, "/api/facilities/", "name")
                self.assertEqual(names, {f.name for k, f in self.facilities.items() if k in FACILITIES[role]})
                for key, facility in self.facilities.items():
                    expected = 200 if key in FACILITIES[role] else missing
                    self.assertEqual(self.api(role, "get", f"/api/facilities/{facility.pk}/").status_code, expected)
                titles = self.listed(role, "/api/activities/", "title")
                self.assertEqual(titles, {a.title for k, a in self.activities.items() if k in ACTIVITIES[role]})
                for key, activity in self.activities.items():
                    expected = 200 if key in ACTIVITIES[role] else missing
                    self.assertEqual(self.api(role, "get", f"/api/activities/{activity.pk}/").status_code, expected)
                if role in CONTACTS:
                    notes = self.listed(role, "/api/contact-records/", "note")
                    self.assertEqual(notes, {c.note for k, c in self.contacts.items() if k in CONTACTS[role]})
                for key, contact in self.contacts.items():
                    expected = 200 if key in CONTACTS.get(role, set()) else 403 if role in (
                        "authority", "outsider") else 404
                    self.assertEqual(self.api(role, "get", f"/api/contact-records/{contact.pk}/").status_code,
                                     expected)

    def test_activity_pages(self):
        for role in ROLES:
            self.as_role(role)
            with self.subTest(role=role):
                page = self.client.get("/activities/").content.decode()
                self.assertEqual({k for k, a in self.activities.items() if a.title in page}, ACTIVITIES[role])
                self.assertEqual(self.client.get("/activities/new/").status_code, 200 if role in WRITERS else 403)

    def test_exports_hold_what_the_pages_show(self):
        for role in ROLES:
            self.as_role(role)
            for fmt in ("csv", "xlsx"):
                with self.subTest(role=role, format=fmt):
                    facilities = self.exported(f"/facilities/export.{fmt}")
                    self.assertEqual(facilities, {f.name for k, f in self.facilities.items() if k in FACILITIES[role]})
                    activities = self.exported(f"/activities/export.{fmt}")
                    self.assertEqual(activities, {a.title for k, a in self.activities.items() if k in ACTIVITIES[role]})
            with self.subTest(role=role, hub="science"):
                expected = 200 if "science" in HUB_PAGES[role] else 400  # a hub out of sight is a bad filter
                response = self.client.get("/facilities/export.csv?hub=science")
                self.assertEqual(response.status_code, expected)
                if expected == 400:  # the page says why and that nothing was written
                    self.assertContains(response, "science 不是您可查看的枢纽", status_code=400)
                if expected == 200:
                    self.assertEqual(self.exported("/facilities/export.csv?hub=science"), {
                        f.name for k, f in self.facilities.items()
                        if k in FACILITIES[role] and k in {"science", "science-110105"}})
        self.client.logout()
        self.assertEqual(self.client.get("/activities/export.csv").status_code, 302)  # to the login page

    def exported(self, url: str) -> set[str]:
        """The first column of an exported CSV or XLSX, header left out."""
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        data = b"".join(response.streaming_content)
        if url.split("?")[0].endswith(".csv"):
            return {line.split(",")[0] for line in data.decode("utf-8-sig").splitlines()[1:]}
        sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).active
        return {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}

    def test_writes_outside_the_scope_are_refused_and_change_nothing(self):
        before = Activity.objects.count(), Facility.objects.count(), ContactRecord.objects.count()
        arts = self.facilities["arts"]
        for role in ROLES:
            with self.subTest(role=role):
                response = self.api(role, "post", "/api/activities/", {
                    "title": "越界活动", "hub": "arts", "start": "2010-06-01", "served": 1, "reached": 2})
                self.assertIn(response.status_code, (201,) if role == "office" else (400, 403))
                response = self.api(role, "patch", f"/api/facilities/{arts.pk}/", {"name": "改名", "version": 1})
                self.assertIn(response.status_code, (200,) if role == "office" else (403,))
                response = self.api(role, "post", "/api/contact-records/", {
                    "hub": "arts", "organization": self.orgs["C"].pk, "kind": "visit", "date": "2010-05-05"})
                self.assertIn(response.status_code, (201,) if role == "office" else (400, 403))
        self.assertEqual((Activity.objects.count(), Facility.objects.count(), ContactRecord.objects.count()),
                         (before[0] + 1, before[1], before[2] + 1))

    def test_an_organisation_records_its_own_activity_and_no_one_elses(self):
        self.as_role("organization")
        response = self.client.post("/activities/new/", {
            "title": "甲 学术沙龙", "hub": self.orgs["A"].affiliations.get().hub.pk, "start": "2010-07-01",
            "served": 10, "reached": 40})
        self.assertEqual(response.status_code, 302)
        activity = Activity.objects.get(title="甲 学术沙龙")
        self.assertEqual(activity.organizer, self.orgs["A"])
        self.assertEqual(activity.history.first().history_user, self.users["organization"])
        response = self.api("organization", "post", "/api/activities/", {
            "title": "冒名活动", "hub": "science", "start": "2010-07-01", "organizer": self.orgs["B"].pk,
            "served": 1, "reached": 1})
        self.assertEqual(response.status_code, 400)  # B is not among what it may name
        self.assertFalse(Activity.objects.filter(title="冒名活动").exists())

    def test_hub_staff_record_contacts_with_organisations_they_see_only(self):
        for role in ROLES:
            self.as_role(role)
            with self.subTest(role=role):
                expected = 200 if role in ("office", "hub", "party") else 403
                self.assertEqual(self.client.get("/contacts/new/").status_code, expected)
        self.as_role("hub")
        science = self.orgs["A"].affiliations.get().hub
        response = self.client.post("/contacts/new/", {"hub": science.pk, "organization_name": self.orgs["C"].name,
                                                       "kind": "visit", "date": "2010-08-01"})
        self.assertEqual(response.status_code, 200)  # C is arts', not among what the science hub sees
        self.assertIn(self.orgs["C"].name, response.content.decode())
        response = self.client.post("/contacts/new/", {"hub": science.pk, "organization_name": self.orgs["A"].name,
                                                       "kind": "visit", "date": "2010-08-01", "note": "回访甲"})
        self.assertEqual(response.status_code, 302)
        self.assertIn("回访甲", self.client.get("/hubs/science/facilities/").content.decode())
        self.assertEqual(ContactRecord.objects.get(note="回访甲").history.first().history_user, self.users["hub"])

    def test_facility_forms_outsider_404_read_only_403_other_hub_404(self):
        changers = {"office", "hub", "party"}
        for role in ROLES:
            self.as_role(role)
            for slug in ["science", "arts"]:
                with self.subTest(role=role, hub=slug):
                    seen = slug in HUB_PAGES[role]
                    expected = (200 if role in changers else 403) if seen else 404
                    self.assertEqual(self.client.get(f"/hubs/{slug}/facilities/new/").status_code, expected)
                    facility = self.facilities[slug]
                    seen = slug in FACILITIES[role]
                    expected = (200 if role in changers else 403) if seen else 404
                    self.assertEqual(self.client.get(f"/facilities/{facility.pk}/edit/").status_code, expected)
                    page = self.client.get(f"/hubs/{slug}/facilities/").content.decode()
                    self.assertEqual(f"/facilities/{facility.pk}/edit/" in page, role in changers and seen)

    def test_activity_edit_outsider_404_read_only_403_other_hub_404(self):
        # The organisation edits what it organised (science's 甲 科普周), not what it only sees.
        editors = {"science": {"office", "hub", "party", "organization"}, "arts": {"office"}}
        for role in ROLES:
            self.as_role(role)
            for key, activity in self.activities.items():
                with self.subTest(role=role, activity=key):
                    seen = key in ACTIVITIES[role]
                    expected = (200 if role in editors[key] else 403) if seen else 404
                    self.assertEqual(self.client.get(f"/activities/{activity.pk}/edit/").status_code, expected)
                    listed = f"/activities/{activity.pk}/edit/" in self.client.get("/activities/").content.decode()
                    self.assertEqual(listed, seen and role in editors[key])
