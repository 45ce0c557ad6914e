import datetime
from decimal import Decimal

import pytest

from shuniu.hubs.services import link
from shuniu.oversight import sources
from shuniu.oversight.models import HubEvaluation, Indicator
from shuniu.oversight.services.evaluation import evaluate_year, points, ranking
from shuniu.registry.models import Field
from shuniu.testing import make_org

D = datetime.date
pytestmark = pytest.mark.django_db


def test_points_are_in_proportion_to_the_target_and_capped_at_the_weight():
    assert points(Decimal("0.4"), Decimal("0.8"), Decimal(30)) == Decimal("15.00")
    assert points(Decimal("2"), Decimal("0.8"), Decimal(30)) == Decimal("30.00")
    assert points(None, Decimal("0.8"), Decimal(30)) == Decimal("0.00")


def test_yearly_scores_come_from_the_records_and_pending_sources_are_left_out(charter, monkeypatch):
    monkeypatch.setitem(sources.SOURCES, "volunteer_hours", sources.Source("volunteer_hours", "志愿服务时长", None))
    science = Field.objects.get(slug="science")
    orgs = [make_org(field=science, founded=D(2005, 1, 1)) for _ in range(4)]
    for org in orgs[:3]:
        link(org, charter["science"], kind="liaison", start=D(2010, 2, 1), source="manual")
    Indicator.objects.create(name="覆盖率", source="coverage", weight=Decimal(60), target=Decimal("1"))
    Indicator.objects.create(name="新联系", source="new_links", weight=Decimal(40), target=Decimal(6))
    Indicator.objects.create(name="党组织覆盖", source="party_coverage", weight=Decimal(20), target=Decimal(1))
    Indicator.objects.create(name="志愿服务", source="volunteer_hours", weight=Decimal(10), target=Decimal(100))
    evaluate_year(2010, on=D(2011, 1, 15), hubs=[charter["science"], charter["arts"]])
    result = HubEvaluation.objects.get(hub=charter["science"], year=2010)
    # coverage 3/4 of 60 = 45; 3 new links of 6 = 20; no party organisation among the three: 0 of 20;
    # the source no app computes yet is left out of the score and the maximum, and named.
    assert (result.score, result.max_score, result.pending) == (Decimal("65.00"), Decimal("120.00"), "志愿服务")
    lines = {line.indicator: line.value for line in result.lines.all()}
    assert lines == {"覆盖率": Decimal("0.7500"), "新联系": Decimal("3.0000"), "党组织覆盖": Decimal("0.0000")}
    ranked = ranking(HubEvaluation.objects.filter(year=2010).select_related("hub"))
    assert [(e.hub.slug, e.rank) for e in ranked] == [("science", 1), ("arts", 2)]


def test_recomputing_a_year_replaces_it_and_keeps_the_indicator_as_it_was(charter):
    indicator = Indicator.objects.create(name="联系数", source="organizations_linked", weight=Decimal(10),
                                         target=Decimal(5))
    evaluate_year(2010, on=D(2011, 1, 15), hubs=[charter["arts"]])
    indicator.weight = Decimal(50)
    indicator.save()
    evaluate_year(2010, on=D(2011, 2, 1), hubs=[charter["arts"]])
    evaluation = HubEvaluation.objects.get(hub=charter["arts"], year=2010)
    assert evaluation.lines.get().weight == Decimal(50)
    assert HubEvaluation.objects.filter(year=2010).count() == 1


def test_an_unknown_source_is_refused(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="Unknown data source"):
        Indicator(name="x", source="made_up", weight=Decimal(1), target=Decimal(1)).full_clean()
