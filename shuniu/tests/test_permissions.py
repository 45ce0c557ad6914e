"""The permission matrix: every role against every page and API route.

Each role must list, read and write exactly what its scope covers: an object
outside it is absent from lists, a 404 to read and a 403 to write. The last
test walks the URL configuration, so a new page or route that is not in the
matrix fails the suite.
"""
import datetime
import importlib
from pathlib import Path

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.authtoken.models import Token

from shuniu.accounts.models import Grant, Role
from shuniu.audit.history import acting_as
from shuniu.divisions.models import Division
from shuniu.divisions.reference import load_divisions
from shuniu.hubs.authorisation import authorising
from shuniu.hubs.models import Hub, Recognition
from shuniu.hubs.reference import load_city_hubs
from shuniu.hubs.services import link
from shuniu.registry.models import NoSupervisorReason, Organization, SupervisoryUnit
from shuniu.testing import make_org, make_unit

D = datetime.date
ROLES = ["office", "district", "hub", "authority", "organization", "outsider"]
ORGS = "ABCDE"

# What each role sees and may change among the five test organisations (see setUpTestData).
VISIBLE = {"office": set(ORGS), "district": {"B", "D"}, "hub": {"A", "B"}, "authority": set(ORGS),
           "organization": {"A"}, "outsider": set(), "anonymous": set()}
EDITABLE = {"office": set(ORGS), "authority": set(ORGS), "organization": {"A"}}
PUBLIC = {"A", "B", "C"}  # registered organisations are disclosed; filed and grassroots ones are not
HUBS_VISIBLE = {"office": {"science", "arts", "science-110105"}, "district": {"science-110105"},
                "hub": {"science", "science-110105"}, "authority": {"science", "arts", "science-110105"},
                "organization": {"science"}, "outsider": set()}
DISTRICTS_VISIBLE = {"office": {"110105", "110101"}, "authority": {"110105", "110101"}, "district": {"110105"}}


class MatrixWorld(TestCase):
    """Five organisations, two hubs and one account per role; subclass it to put an app's
    pages and API through the same roles (see the module docstring for what each sees)."""

    @classmethod
    def setUpTestData(cls):
        User = get_user_model()
        admin = User.objects.create_user("loader")
        with acting_as(admin, "matrix fixture"):
            cls._build_world()

    @classmethod
    def _build_world(cls):
        load_divisions()
        hubs = load_city_hubs()
        chaoyang = Division.objects.get(code="110105")
        cls.sub_hub = _district_hub(hubs["science"], chaoyang)
        unit = make_unit()
        cls.orgs = {
            "A": make_org("甲 北京市物理学会", supervisory_unit=unit),
            "B": make_org("乙 北京市朝阳区科普协会", level="district", code="110105",
                          supervisory_unit=make_unit("朝阳区科委", "district", "110105")),
            "C": make_org("丙 北京市东城区书法协会", level="district", code="110101",
                          supervisory_unit=make_unit("东城区文化委", "district", "110101")),
            "D": make_org("丁 朝外街道某社区舞蹈队", org_type="community", level="street", code="110105001",
                          no_supervisor_reason=NoSupervisorReason.NOT_REQUIRED),
            "E": make_org("戊 东华门读书会", org_type="grassroots", level="street", code="110101001"),
        }
        link(cls.orgs["A"], hubs["science"], kind="supervision", start=D(2009, 6, 1), source="manual")
        link(cls.orgs["B"], cls.sub_hub, kind="liaison", start=D(2010, 1, 1), source="manual")
        link(cls.orgs["C"], hubs["arts"], kind="liaison", start=D(2010, 1, 1), source="manual")
        cls.users = {
            "office": _user("office", Role.OFFICE),
            "district": _user("district-110105", Role.DISTRICT, division=chaoyang),
            "hub": _user("hub-science", Role.HUB, hub=hubs["science"]),
            "authority": _user("authority", Role.AUTHORITY, division=Division.objects.get(code="110000")),
            "organization": _user("organization", Role.ORGANIZATION, organization=cls.orgs["A"]),
            "outsider": get_user_model().objects.create_user("outsider", password="pw"),
        }
        cls.tokens = {role: Token.objects.create(user=user).key for role, user in cls.users.items()}

    def as_role(self, role):
        self.client.logout()
        if role != "anonymous":
            self.client.force_login(self.users[role])

    def api(self, role, method, url, data=None):
        self.client.logout()
        headers = {"HTTP_AUTHORIZATION": f"Token {self.tokens[role]}"} if role in self.tokens else {}
        return getattr(self.client, method)(url, data, content_type="application/json", **headers)

    def listed(self, role, url, key):
        response = self.api(role, "get", url)
        if role == "outsider":  # signed in but granted nothing: every route is refused outright
            self.assertEqual(response.status_code, 403)
            return set()
        return {row[key] for row in response.json()["results"]}


class PermissionMatrixTest(MatrixWorld):
    # -- pages -------------------------------------------------------------------------------------
    def test_organization_pages(self):
        for role in ROLES:
            self.as_role(role)
            for key, org in self.orgs.items():
                with self.subTest(role=role, org=key):
                    expected = 200 if key in VISIBLE[role] else 404
                    self.assertEqual(self.client.get(f"/organizations/{org.pk}/").status_code, expected)
                    expected = 200 if key in EDITABLE.get(role, set()) else 403
                    self.assertEqual(self.client.get(f"/organizations/{org.pk}/edit/").status_code, expected)

    def test_history_and_restore_pages(self):
        """History: whoever sees the record. Restore: outsider 404, read-only roles 403, editors 200."""
        for role in ROLES:
            self.as_role(role)
            for key, org in self.orgs.items():
                with self.subTest(role=role, org=key):
                    visible = key in VISIBLE[role]
                    url = f"/organizations/{org.pk}/history/"
                    self.assertEqual(self.client.get(url).status_code, 200 if visible else 404)
                    restore = f"{url}{org.history.first().history_id}/restore/"
                    expected = 200 if key in EDITABLE.get(role, set()) else 403 if visible else 404
                    self.assertEqual(self.client.get(restore).status_code, expected)
                    response = self.client.post(restore, {"reason": "x", "version": 1})
                    self.assertIn(response.status_code, {200: (400,), 403: (403,), 404: (404,)}[expected])
            for slug in ["science", "arts", "science-110105"]:
                with self.subTest(role=role, hub=slug):
                    hub = Hub.objects.get(slug=slug)
                    visible = slug in HUBS_VISIBLE[role]
                    self.assertEqual(self.client.get(f"/hubs/{slug}/history/").status_code, 200 if visible else 404)
                    restore = f"/hubs/{slug}/history/{hub.history.first().history_id}/restore/"
                    expected = 200 if role == "office" else 403 if visible else 404
                    self.assertEqual(self.client.get(restore).status_code, expected)
        self.as_role("anonymous")
        self.assertEqual(self.client.get(f"/organizations/{self.orgs['A'].pk}/history/").status_code, 302)

    def test_writes_out_of_scope_change_nothing(self):
        for role in ROLES:
            self.as_role(role)
            for key, org in self.orgs.items():
                if key in EDITABLE.get(role, set()):
                    continue
                with self.subTest(role=role, org=key):
                    response = self.client.post(f"/organizations/{org.pk}/edit/", {"members": 12345, "staff": 1})
                    self.assertEqual(response.status_code, 403)
                    org.refresh_from_db()
                    self.assertNotEqual(org.members, 12345)

    def test_the_organisation_account_edits_only_its_self_reported_facts(self):
        self.as_role("organization")
        org = self.orgs["A"]
        response = self.client.post(f"/organizations/{org.pk}/edit/",
                                    {"members": 321, "staff": 4, "legal_representative": "冒名",
                                     "version": Organization.objects.get(pk=org.pk).version})
        self.assertEqual(response.status_code, 302)
        org.refresh_from_db()
        self.assertEqual((org.members, org.staff), (321, 4))
        self.assertNotEqual(org.legal_representative, "冒名")
        self.assertEqual(org.history.first().history_user, self.users["organization"])

    def test_lists_show_only_the_scope(self):
        for role in ROLES:
            self.as_role(role)
            with self.subTest(role=role):
                page = self.client.get("/organizations/").content.decode()
                self.assertEqual({k for k, o in self.orgs.items() if o.name in page}, VISIBLE[role])
                page = self.client.get("/network/").content.decode()
                for slug in {"science", "arts", "science-110105"}:
                    self.assertEqual(f"/hubs/{slug}/" in page, slug in HUBS_VISIBLE[role], slug)

    def test_filter_choices_show_only_the_scope(self):
        self.as_role("hub")
        page = self.client.get("/organizations/").content.decode()
        self.assertIn('<option value="science-110105">', page)
        self.assertNotIn('<option value="arts">市文联', page)
        self.assertEqual(self.client.get("/organizations/?hub=arts").status_code, 200)
        self.assertNotIn(self.orgs["C"].name, self.client.get("/organizations/?hub=arts").content.decode())

    def test_hub_pages(self):
        for role in ROLES:
            self.as_role(role)
            for slug in ["science", "arts", "science-110105"]:
                with self.subTest(role=role, hub=slug):
                    expected = 200 if slug in HUBS_VISIBLE[role] else 404
                    self.assertEqual(self.client.get(f"/hubs/{slug}/").status_code, expected)

    def test_a_hub_page_lists_only_what_the_viewer_may_see(self):
        self.as_role("district")
        page = self.client.get("/hubs/science-110105/").content.decode()
        self.assertIn(self.orgs["B"].name, page)
        self.assertNotIn(self.orgs["A"].name, page)

    def test_a_hub_page_links_its_parent_only_for_who_may_open_it(self):
        for role, linked in [("district", False), ("hub", True), ("office", True)]:
            self.as_role(role)
            page = self.client.get("/hubs/science-110105/").content.decode()
            with self.subTest(role=role):
                self.assertEqual('href="/hubs/science/"' in page, linked)
                self.assertIn(self.sub_hub.parent.short_name, page)

    def test_a_hub_page_says_when_its_list_is_only_what_the_viewer_may_see(self):
        """The coverage cards count the hub's whole network; the list, and the count over it, the viewer's part."""
        for role, whole in [("office", True), ("hub", True), ("organization", False)]:
            self.as_role(role)
            page = self.client.get("/hubs/science/").content.decode()
            with self.subTest(role=role):
                self.assertEqual("其中您可查看的联系社会组织" in page, not whole)

    def test_district_pages(self):
        for role in ROLES:
            self.as_role(role)
            for code in ["110105", "110101"]:
                with self.subTest(role=role, district=code):
                    expected = 200 if code in DISTRICTS_VISIBLE.get(role, set()) else 404
                    self.assertEqual(self.client.get(f"/districts/{code}/").status_code, expected)

    def test_only_the_office_sees_the_city_dashboard(self):
        for role in ROLES:
            self.as_role(role)
            with self.subTest(role=role):
                self.assertEqual(self.client.get("/dashboard/").status_code, 200 if role == "office" else 403)

    def test_only_the_office_routes(self):
        for role in ROLES:
            self.as_role(role)
            with self.subTest(role=role):
                expected = 200 if role == "office" else 403
                self.assertEqual(self.client.get("/routing/").status_code, expected)
                response = self.client.post(f"/routing/{self.orgs['E'].pk}/decide/", {"action": "none"})
                self.assertEqual(response.status_code, 302 if role == "office" else 403)
        self.assertEqual(self.orgs["E"].routing_review.outcome, "none")

    def test_every_role_lands_in_its_workspace(self):
        landing = {"office": "/dashboard/", "district": "/districts/110105/", "hub": "/hubs/science/",
                   "authority": "/organizations/", "organization": f"/organizations/{self.orgs['A'].pk}/",
                   "outsider": "/public/", "anonymous": "/public/"}
        for role, url in landing.items():
            self.as_role(role)
            with self.subTest(role=role):
                self.assertRedirects(self.client.get("/"), url, fetch_redirect_response=False)

    def test_signed_in_pages_send_the_public_to_the_login(self):
        self.as_role("anonymous")
        org = self.orgs["A"].pk
        for url in ["/dashboard/", "/organizations/", f"/organizations/{org}/", f"/organizations/{org}/edit/",
                    "/hubs/science/", "/network/", "/districts/110105/"]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response.url.startswith("/login/"))

    def test_public_disclosure(self):
        for role in [*ROLES, "anonymous"]:
            self.as_role(role)
            page = self.client.get("/public/", {"q": "北京"}).content.decode()
            for key, org in self.orgs.items():
                with self.subTest(role=role, org=key):
                    expected = 200 if key in PUBLIC else 404
                    self.assertEqual(self.client.get(f"/public/organizations/{org.pk}/").status_code, expected)
            self.assertIn(self.orgs["A"].name, page)
        page = self.client.get("/public/", {"q": "读书会"}).content.decode()
        self.assertNotIn(self.orgs["E"].name, page)

    # -- API ---------------------------------------------------------------------------------------
    def test_api_lists_and_reads_only_the_scope(self):
        for role in ROLES:
            missing = 403 if role == "outsider" else 404
            with self.subTest(role=role):
                listed = self.listed(role, "/api/organizations/?page_size=500", "id")
                self.assertEqual({k for k, o in self.orgs.items() if o.pk in listed}, VISIBLE[role])
                for key, org in self.orgs.items():
                    expected = 200 if key in VISIBLE[role] else missing
                    self.assertEqual(self.api(role, "get", f"/api/organizations/{org.pk}/").status_code, expected)
                hubs = self.listed(role, "/api/hubs/?page_size=500", "slug")
                self.assertEqual(hubs & {"science", "arts", "science-110105"}, HUBS_VISIBLE[role])
                for slug in ["science", "arts", "science-110105"]:
                    expected = 200 if slug in HUBS_VISIBLE[role] else missing
                    self.assertEqual(self.api(role, "get", f"/api/hubs/{slug}/").status_code, expected)
                linked = self.listed(role, "/api/affiliations/?page_size=500", "organization")
                self.assertTrue(linked <= {o.pk for k, o in self.orgs.items() if k in VISIBLE[role]})
                self.assertEqual(self.api(role, "get", "/api/divisions/?level=district").status_code,
                                 missing if role == "outsider" else 200)

    def test_api_writes_out_of_scope_are_refused(self):
        for role in ROLES:
            for key, org in self.orgs.items():
                with self.subTest(role=role, org=key):
                    version = Organization.objects.get(pk=org.pk).version
                    response = self.api(role, "patch", f"/api/organizations/{org.pk}/",
                                        {"members": 777, "version": version})
                    expected = 200 if key in EDITABLE.get(role, set()) else 403
                    self.assertEqual(response.status_code, expected, response.content[:200])
        changed = Organization.objects.filter(members=777).values_list("name", flat=True)
        self.assertEqual({k for k, o in self.orgs.items() if o.name in changed}, set(ORGS))

    def test_api_read_only_routes_refuse_writes(self):
        for role in ROLES:
            for url in ["/api/hubs/science/", "/api/divisions/110105/"]:
                with self.subTest(role=role, url=url):
                    self.assertIn(self.api(role, "patch", url, {"short_name": "x"}).status_code, (403, 405))
            with self.subTest(role=role, url="/api/affiliations/"):
                response = self.api(role, "post", "/api/affiliations/", {"organization": self.orgs["E"].pk})
                self.assertIn(response.status_code, (403, 405))
        self.assertFalse(self.orgs["E"].affiliations.exists())
        self.assertEqual(Hub.objects.get(slug="science").short_name, "市科协")

    def test_the_api_needs_a_token_or_a_session(self):
        for url in ["/api/organizations/", "/api/hubs/", "/api/affiliations/", "/api/divisions/"]:
            with self.subTest(url=url):
                self.assertIn(self.api("anonymous", "get", url).status_code, (401, 403))

    def test_a_token_comes_from_the_username_and_password(self):
        self.users["hub"].set_password("hub-pass")
        self.users["hub"].save()
        response = self.client.post("/api/auth/token/", {"username": "hub-science", "password": "hub-pass"})
        self.assertEqual(response.json(), {"token": self.tokens["hub"]})
        self.assertEqual(self.client.post("/api/auth/token/", {"username": "hub-science", "password": "x"})
                         .status_code, 400)

    def test_the_schema_and_docs_are_served(self):
        self.assertEqual(self.client.get("/api/schema/").status_code, 200)
        docs = self.client.get("/api/docs/")
        self.assertEqual(docs.status_code, 200)
        self.assertNotIn("cdn.", docs.content.decode())

    def test_exports_hold_only_the_scope(self):
        for role in ROLES:
            self.as_role(role)
            for fmt in ["csv", "json", "xlsx"]:
                with self.subTest(role=role, fmt=fmt):
                    response = self.client.get(f"/organizations/export.{fmt}")
                    self.assertEqual(response.status_code, 200)
                    body = b"".join(response.streaming_content).decode("utf-8", "replace") if fmt != "xlsx" \
                        else _xlsx_text(b"".join(response.streaming_content))
                    self.assertEqual({k for k, o in self.orgs.items() if o.name in body}, VISIBLE[role])
        self.as_role("anonymous")
        self.assertEqual(self.client.get("/organizations/export.csv").status_code, 302)

    def test_the_health_probe_tells_the_public_nothing_but_its_status(self):
        self.as_role("anonymous")
        self.assertEqual(self.client.get("/health/").json(), {"status": "ok"})

    # -- the matrix covers every route ---------------------------------------------------------------
    def test_every_url_pattern_is_in_the_matrix(self):
        covered = set(COVERED_URLS)
        for module in _app_permission_tests():  # each app lists the routes its own matrix tries
            covered |= set(module.COVERED_URLS)
        names = {name for name in _pattern_names(get_resolver()) if not name.startswith("admin:")}
        self.assertEqual(names - covered, set(), "add the new routes to the permission matrix")


# Routes tried above; an app with its own shuniu/<app>/tests/test_permissions.py lists its routes there.
COVERED_URLS = {"home", "health", "login", "logout", "set_language", "dashboard", "organizations", "organization",
                "organization-edit", "organizations-export", "public-search", "public-organization", "hub",
                "organization-history", "organization-restore", "hub-history", "hub-restore",
                "network", "district", "routing-queue", "routing-decide",
                "api-token", "api-schema", "api-docs", "api-redoc", "api-root",
                "organization-list", "organization-detail", "hub-list", "hub-detail", "affiliation-list",
                "affiliation-detail", "division-list", "division-detail"}


def _app_permission_tests():
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.glob("*/tests/test_permissions.py")):
        yield importlib.import_module(f"shuniu.{path.parent.parent.name}.tests.test_permissions")


def _xlsx_text(data: bytes) -> str:
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    return "\n".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)


def _user(username, role, **scope):
    user = get_user_model().objects.create_user(username, password="pw")
    Grant.objects.create(user=user, role=role, **scope)
    return user


def _district_hub(parent: Hub, district: Division) -> Hub:
    org = Organization.objects.create(name="北京市朝阳区科学技术协会", org_type="people_org", level="district",
                                      registering_division=district,
                                      no_supervisor_reason=NoSupervisorReason.NOT_REQUIRED)
    unit = SupervisoryUnit.objects.create(name="朝阳区科协", kind="hub", level="district", division=district)
    hub = Hub.objects.create(organization=org, slug="science-110105", short_name="朝阳区科协", level="district",
                             division=district, parent=parent, supervisory_unit=unit)
    with authorising("matrix fixture: recognised with its parent's fields"):
        hub.fields.set(parent.fields.all())
    Recognition.objects.create(hub=hub, recognised_by=district, batch=1, recognised_on=D(2009, 6, 1))
    return hub


def _pattern_names(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{pattern.namespace}:" if pattern.namespace else ""
            yield from _pattern_names(pattern, prefix + namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name
        elif isinstance(pattern, URLPattern):
            yield prefix + f"<unnamed {pattern.pattern}>"
