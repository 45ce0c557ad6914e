"""The beijing-2010 oversight records: the two recognition batches, the 2010 service projects, the indicators.

Everything goes through the oversight services as the demo accounts, so each record
carries its step log. Real: the batches and months of recognition (seed 一(三)), the
five categories and the 2010–2015 totals of the purchasing programme (facts.md).
Drawn (fixed seed): which organisations applied, the amounts, scores and dates.
"""
from __future__ import annotations

import datetime
import random
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import translation

from shuniu.hubs.models import Affiliation, Hub
from shuniu.oversight.models import Category, Indicator, RecognitionApplication, ServiceCall
from shuniu.oversight.services import projects, recognition
from shuniu.oversight.services.evaluation import evaluate_year
from shuniu.oversight.transitions import start

from .network import random_day

SEED = 2010
END = datetime.date(2010, 12, 31)
# facts.md: 2010–2015, ¥401.1M for 2,732 projects; the demo's 2010 call gets the yearly average.
PROGRAMME_TOTAL, PROGRAMME_YEARS, PROGRAMME_PROJECTS = Decimal("401100000"), 6, 2732
DEMO_PROJECTS = 40  # a sample of the ~500 a year, so the demo stays fast
# The office's indicator system in the demo: names, sources, weights and targets are the office's choices.
INDICATORS = [("本领域社会组织覆盖率", "coverage", 40, "0.8"), ("联系社会组织数", "organizations_linked", 20, "300"),
              ("年度新增联系", "new_links", 20, "60"), ("承接购买服务项目", "projects_delivered", 20, "2"),
              ("党的组织覆盖率", "party_coverage", 20, "1"), ("年检合格率", "inspection_pass_rate", 20, "1")]


def build() -> None:
    # The records keep text written at each step (report kinds, reasons): in the UI's language.
    with translation.override(settings.LANGUAGE_CODE):
        _build()


def _build() -> None:
    users = {u.username: u for u in get_user_model().objects.filter(username__in=_needed())}
    rng = random.Random(SEED)
    with transaction.atomic():
        _recognition_records(users["office"])
        _service_projects(rng, users)
        for name, source, weight, target in INDICATORS:
            Indicator.objects.create(name=name, source=source, weight=Decimal(weight), target=Decimal(target))
        evaluate_year(2010, on=datetime.date(2011, 1, 20), hubs=Hub.objects.filter(level="city"))


def _needed() -> list[str]:
    return ["office", *(f"hub-{slug}" for slug in Hub.objects.filter(level="city").values_list("slug", flat=True))]


def _recognition_records(office) -> None:
    """The city hubs' recognitions as the workflow's records (recognised before the system: one step, back-filled)."""
    for hub in Hub.objects.filter(level="city").prefetch_related("recognitions", "fields"):
        rec = hub.recognitions.first()
        application = RecognitionApplication(
            kind=RecognitionApplication.Kind.NEW_HUB, organization=hub.organization, hub=hub, level=hub.level,
            division=hub.division, short_name=hub.short_name, statement=rec.note, recognised_by=rec.recognised_by,
            batch=rec.batch, recognised_on=rec.recognised_on, document_number=rec.document_number, recognition=rec)
        start(recognition.MACHINE, application, office, state="recognised", on=rec.recognised_on,
              reason=f"补录：第{rec.batch}批认定（种子文献一(三)）")
        application.fields.set(hub.fields.all())


def _service_projects(rng: random.Random, users) -> None:
    yearly = (PROGRAMME_TOTAL / PROGRAMME_YEARS).quantize(Decimal("1"), ROUND_DOWN)
    average = PROGRAMME_TOTAL / PROGRAMME_PROJECTS
    call = ServiceCall.objects.create(year=2010, title="2010年社会建设专项资金购买社会组织服务", budget=yearly,
                                      opens=datetime.date(2010, 3, 1), deadline=datetime.date(2010, 4, 30))
    office = users["office"]
    links = list(Affiliation.objects.filter(
        end__isnull=True, hub__level="city", organization__org_type__in=["association", "service_org"],
        organization__status="active", organization__founded__lt=datetime.date(2009, 1, 1)
    ).select_related("organization", "hub").order_by("organization_id"))
    for link in rng.sample(links, DEMO_PROJECTS):
        org, hub = link.organization, link.hub
        staff = users[f"hub-{hub.slug}"]
        amount = (average * Decimal(rng.uniform(0.4, 1.6))).quantize(Decimal("1000"), ROUND_DOWN)
        starts = random_day(rng, datetime.date(2010, 6, 1), datetime.date(2010, 7, 1))
        project = projects.apply(
            office, call=call, organization=org, responsible_hub=hub,
            on=random_day(rng, call.opens, call.deadline), title=f"{org.name[:30]}{rng.choice(TOPICS)}项目",
            category=rng.choice(list(Category)), summary=f"{hub.short_name}主责，{org.name}承接。",
            requested_amount=amount, planned_beneficiaries=rng.randint(200, 5000), starts=starts,
            ends=random_day(rng, datetime.date(2010, 10, 1), datetime.date(2010, 11, 30)))
        _run(rng, project, office, staff)


TOPICS = ["社区服务", "公益培训", "便民服务", "志愿服务", "困难群体帮扶", "决策咨询"]


def _run(rng: random.Random, project, office, staff) -> None:
    """Take the project as far as a 2010 project got: most approved, some evaluated and closed, a few refused."""
    roll = rng.random()
    if roll < 0.05:
        projects.step(project, "decline", staff, reason="不属于本领域", on=datetime.date(2010, 5, 10))
        return
    projects.step(project, "consent", staff, on=datetime.date(2010, 5, 10))
    projects.step(project, "review", office, review_score=Decimal(rng.randint(60, 95)), on=datetime.date(2010, 5, 20))
    if roll < 0.12:
        projects.step(project, "reject", office, reason="评审未通过", on=datetime.date(2010, 5, 21))
        return
    projects.step(project, "publish", office, on=datetime.date(2010, 5, 21))
    approved = (project.requested_amount * Decimal(rng.uniform(0.7, 1))).quantize(Decimal("1000"), ROUND_DOWN)
    projects.step(project, "approve", office, approved_amount=approved, on=datetime.date(2010, 5, 31))
    reports = list(project.reports.order_by("due"))
    for report in reports:
        if report.due > END or rng.random() < 0.2:
            break  # not yet, or late: the report is still owed at the end of 2010
        # The demo has one organisation account; the office files the reports it received on paper.
        projects.submit_report(report, office, text="按计划实施，详见附件。",
                               beneficiaries=rng.randint(100, project.planned_beneficiaries),
                               funds_spent=(approved / len(reports)).quantize(Decimal("1")), on=report.due)
    else:
        projects.step(project, "evaluate", office, evaluation_score=Decimal(rng.randint(70, 98)),
                      on=datetime.date(2010, 12, 20))
        if rng.random() < 0.5:
            projects.step(project, "close", office, closure_note="结项", on=datetime.date(2010, 12, 28))
