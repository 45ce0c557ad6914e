import datetime

from shuniu.divisions.models import Division, Level, Population
from shuniu.divisions.reference import load_divisions, read_rows


def test_it_loads_every_row_of_the_reference_file(beijing):
    assert Division.objects.count() == len(read_rows()) == 370
    assert Division.objects.filter(level=Level.DISTRICT).current().count() == 16
    assert Division.objects.filter(level=Level.STREET).count() == 349


def test_retired_codes_resolve_to_their_successor(beijing):
    assert Division.resolve_code("110103").code == "110101"  # 崇文 → 东城
    assert Division.resolve_code("110104").code == "110102"  # 宣武 → 西城
    assert Division.resolve_code("110228").code == "110118"  # 密云县 → 密云区
    assert Division.resolve_code("110105").code == "110105"
    assert Division.resolve_code("999999") is None


def test_validity_dates_say_which_division_was_in_force(beijing):
    in_2009 = set(Division.objects.districts().valid_on(datetime.date(2009, 1, 1)).values_list("code", flat=True))
    in_2020 = set(Division.objects.districts().valid_on(datetime.date(2020, 1, 1)).values_list("code", flat=True))
    assert {"110103", "110104", "110228"} <= in_2009
    assert not {"110103", "110104", "110228"} & in_2020
    assert "110118" in in_2020


def test_streets_sit_under_their_district(beijing):
    street = Division.objects.get(code="110101001")
    assert street.name == "东华门街道"
    assert [d.code for d in street.ancestors()] == ["110101", "110000"]


def test_loading_twice_changes_nothing(beijing):
    before = Division.history.count()
    load_divisions()
    assert Division.objects.count() == 370
    assert Division.history.count() == before


def test_population_2010_uses_the_seed_for_the_city_and_the_census_for_districts(beijing):
    city = Population.objects.get(division__code="110000", year=2010)
    assert (city.residents, city.registered_residents) == (19_700_000, 12_570_000)
    assert Population.objects.get(division__code="110105", year=2010).residents == 3_545_000
