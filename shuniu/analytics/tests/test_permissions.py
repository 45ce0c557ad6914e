"""The yearly report download against every role of the permission matrix."""
import io

from openpyxl import load_workbook

from shuniu.tests.test_permissions import MatrixWorld

COVERED_URLS = {"yearly-report"}
URL = "/reports/yearly/?year=2010&format=xlsx"
# The report each role gets: the whole city, its own district, or none.
EXPECTED = {"office": 200, "district": 200, "hub": 403, "authority": 403, "organization": 403, "outsider": 403}


class YearlyReportPermissionTest(MatrixWorld):
    def headline(self, response) -> dict:
        workbook = load_workbook(io.BytesIO(response.content))
        sheet = next(s for s in workbook if "基本情况" in s.title)
        return {row[0].value: row[1].value for row in sheet.iter_rows(min_row=5) if row[0].value}

    def test_only_the_office_and_district_offices_get_a_yearly_report(self):
        for role, status in EXPECTED.items():
            with self.subTest(role=role):
                self.as_role(role)
                self.assertEqual(self.client.get(URL).status_code, status)
        self.as_role("anonymous")
        self.assertEqual(self.client.get(URL).status_code, 302)

    def test_the_district_office_counts_only_its_district(self):
        self.as_role("district")
        headline = self.headline(self.client.get(URL))
        # B (a district association) and D (a community group) are 朝阳's; C and E are 东城's
        self.assertEqual((headline["登记社会组织"], headline["备案及未登记社会组织"]), (1, 1))

    def test_the_district_office_is_refused_another_district(self):
        self.as_role("district")
        self.assertEqual(self.client.get(URL + "&district=110101").status_code, 403)
        self.assertEqual(self.client.get(URL + "&district=110105").status_code, 200)

    def test_the_office_counts_the_whole_city(self):
        self.as_role("office")
        headline = self.headline(self.client.get(URL + "&district="))
        self.assertEqual(headline["备案及未登记社会组织"], 2)  # D and E
