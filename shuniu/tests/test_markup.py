"""Names containing markup are shown as text everywhere: pages, chart data, exports."""
import datetime
import io
import json

from django.test import TestCase

from shuniu.accounts.models import Grant, Role
from shuniu.audit.history import acting_as
from shuniu.divisions.models import Division
from shuniu.divisions.reference import load_divisions
from shuniu.hubs.authorisation import authorising
from shuniu.hubs.models import Hub, Recognition
from shuniu.hubs.reference import load_city_hubs
from shuniu.hubs.services import link
from shuniu.registry.models import Field, NoSupervisorReason, Organization, SupervisoryUnit
from shuniu.testing import make_org, make_unit

MARK = "<script>alert(1)</script><b>x</b>\"'&"
RAW = ["<script>alert(1)", "<b>x</b>"]  # what must never reach a page unescaped
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;"


class MarkupIsTextTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        from django.contrib.auth import get_user_model

        User = get_user_model()
        cls.office = User.objects.create_user("office-m")
        with acting_as(cls.office, "markup fixture"):
            Grant.objects.create(user=cls.office, role=Role.OFFICE)
            load_divisions()
            hubs = load_city_hubs()
            chaoyang = Division.objects.get(code="110105")
            # A hub whose organisation and short name are markup, a linked organisation named so, and a field.
            hub_org = Organization.objects.create(name=MARK + "枢纽", org_type="people_org", level="district",
                                                  registering_division=chaoyang,
                                                  no_supervisor_reason=NoSupervisorReason.NOT_REQUIRED)
            unit = SupervisoryUnit.objects.create(name=MARK, kind="hub", level="district", division=chaoyang)
            cls.hub = Hub.objects.create(organization=hub_org, slug="mark-110105", short_name=MARK[:40],
                                         level="district", division=chaoyang, parent=hubs["science"],
                                         supervisory_unit=unit)
            field = Field.objects.create(slug="mark", name=MARK[:60])
            with authorising("test fixture: recognised in batch 1"):
                cls.hub.fields.set([field])
            Recognition.objects.create(hub=cls.hub, recognised_by=chaoyang, batch=1,
                                       recognised_on=datetime.date(2010, 1, 1))
            cls.linked = make_org(MARK + "学会", level="district", code="110105", supervisory_unit=make_unit(),
                                  business_scope=MARK)
            cls.linked.field = field
            cls.linked.legal_representative = MARK[:50]
            cls.linked.save()
            link(cls.linked, cls.hub, kind="liaison", start=datetime.date(2010, 1, 1), source="manual", reason=MARK)
            cls.unlinked = make_org(MARK + "协会", supervisory_unit=make_unit("市文化局"))

    def setUp(self):
        self.client.force_login(self.office)

    def assert_text(self, url, escaped=True):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        page = response.content.decode()
        for raw in RAW:
            self.assertNotIn(raw, page, url)
        if escaped:
            self.assertIn(ESCAPED, page, url)  # the name is there, as text
        return page

    def test_pages_show_markup_as_text(self):
        linked, hub = self.linked, self.hub
        for url in ["/organizations/", f"/organizations/?q={MARK[:8]}", f"/organizations/{linked.pk}/",
                    f"/organizations/{linked.pk}/edit/", f"/organizations/{linked.pk}/history/",
                    f"/hubs/{hub.slug}/", f"/hubs/{hub.slug}/history/", "/hubs/science/", "/network/",
                    "/districts/110105/", "/dashboard/", "/public/?q=学会", f"/public/organizations/{linked.pk}/"]:
            with self.subTest(url=url):
                self.assert_text(url, escaped=url != "/dashboard/")  # the dashboard has them in JSON only

    def test_the_history_restore_page_shows_markup_as_text(self):
        with acting_as(self.office, "rename"):
            self.linked.name = "改名学会"
            self.linked.save()
        old = self.linked.history.order_by("history_date", "history_id").first()
        self.assert_text(f"/organizations/{self.linked.pk}/history/{old.history_id}/restore/")

    def test_the_routing_queue_shows_markup_as_text(self):
        self.assert_text("/routing/")

    def test_chart_data_is_json_not_markup(self):
        page = self.assert_text("/dashboard/", escaped=False)
        data = page.split('id="chart-data" type="application/json">')[1].split("</script>")[0]
        self.assertIn(MARK[:60], {f["name"] for f in json.loads(data)["fields"]})

    def test_exports_carry_the_name_exactly_as_text(self):
        csv = b"".join(self.client.get("/organizations/export.csv").streaming_content).decode("utf-8-sig")
        self.assertIn('"' + (MARK + "学会").replace('"', '""') + '"', csv)
        rows = json.loads(b"".join(self.client.get("/organizations/export.json").streaming_content))
        rows = rows if isinstance(rows, list) else rows.get("results", rows)
        self.assertIn(MARK + "学会", {r["name"] for r in rows})
        from openpyxl import load_workbook

        data = b"".join(self.client.get("/organizations/export.xlsx").streaming_content)
        sheet = load_workbook(io.BytesIO(data)).active
        cells = [c for row in sheet.iter_rows() for c in row if c.value == MARK + "学会"]
        self.assertEqual([c.data_type for c in cells], ["s"])  # a string, not a formula or rich text
