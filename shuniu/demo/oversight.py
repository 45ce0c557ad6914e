"""The scenario's oversight records, in two parts.

Inspections, credit lists, grades (OversightBuilder, run inside the scenario): the 2009 and 2010
inspections (reports on 2008 and 2009). Every report is run through the annual-report workflow's own
transition table (services.steps.plan: the same checks as a page, without a write per step) and
written in bulk; the credit lists then come from the deadline rules run on the days they fell due,
and gradings from the grading service's eligibility rule. Only the organisations' behaviour is
drawn: who files, when, what the hub and the authority decide.

Recognition, service purchasing, evaluation (build_workflows(), run after the demo accounts exist):
everything goes through the oversight services as the demo accounts, so each record carries its
step log. Real: the batches and months of recognition (seed 一(三)), the five categories and the
2010–2015 totals of the purchasing programme (facts.md). Drawn (fixed seed): which organisations
applied, the amounts, scores and dates.
"""
from __future__ import annotations

import datetime
import random
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import translation

from shuniu.audit.history import bulk_create_audited, current_actor
from shuniu.hubs.models import Affiliation, Hub
from shuniu.oversight import deadlines, eligibility, rules
from shuniu.oversight.models import (
    AnnualReport,
    AnnualReportStep,
    Category,
    Cause,
    Conclusion,
    CreditListEntry,
    CreditListStep,
    Grading,
    GradingState,
    GradingStep,
    Indicator,
    ListKind,
    RecognitionApplication,
    ReportState,
    ServiceCall,
)
from shuniu.oversight.models.annual import ANNUAL_REPORT
from shuniu.oversight.models.grading import GRADING, VALID_YEARS, grade_for
from shuniu.oversight.services import projects, recognition
from shuniu.oversight.services.evaluation import evaluate_year
from shuniu.oversight.services.grading import ineligibility
from shuniu.oversight.services.steps import plan
from shuniu.oversight.transitions import start
from shuniu.oversight.workflow import bulk_record
from shuniu.registry.models import Organization, Status

from .network import random_day

YEARS = (2008, 2009)            # reported on in the 2009 and 2010 inspections
NOT_FILED = 0.035               # never filed that year's report
LATE = 0.03                     # filed within two months after the deadline
RETURNED = 0.06                 # returned by the hub once, then filed again
CONCLUSIONS = [(Conclusion.PASSED, 0.87), (Conclusion.BASIC, 0.10), (Conclusion.FAILED, 0.03)]
STILL_OPEN_2010 = 0.01          # reports on 2009 the authority had not concluded by the end of 2010
GRADING_SHARE = 0.03
RULE_DAYS = [datetime.date(2009, 6, 1), datetime.date(2010, 6, 1), datetime.date(2010, 12, 31)]
RETURN_REASONS = ["财务报告缺少审计意见，请补充后重新报送。", "党建工作情况未填写完整。",
                  "业务活动情况与年度计划不符，请说明。"]
NOT_PASSED_REASONS = {Conclusion.BASIC: ["内部管理制度不健全。", "未按时换届。", "财务管理不够规范。"],
                      Conclusion.FAILED: ["一年内未开展业务活动。", "财务收支严重不规范。", "违反章程开展活动。"]}


class OversightBuilder:
    def __init__(self, seed: int, end: datetime.date):
        self.rng = random.Random(seed)  # its own stream: the organisations drawn before stay the same
        self.end = end

    def build(self) -> None:
        self.actor = current_actor().user
        hubs = dict(Affiliation.objects.filter(end__isnull=True, kind=Affiliation.Kind.SUPERVISION)
                    .values_list("organization_id", "hub_id"))
        reports, steps = [], []
        for year in YEARS:
            for org_id, founded in rules.obliged_to_report(year).order_by("pk").values_list("pk", "founded"):
                drawn = self._report(org_id, year, hubs.get(org_id), founded)
                if drawn:
                    reports.append(drawn[0])
                    steps += drawn[1]
        bulk_create_audited(AnnualReport, reports)
        bulk_record(AnnualReportStep, steps)
        for day in RULE_DAYS:
            rules.run(day)
        self._revoked_on_the_serious_list()
        self._gradings()

    # -- annual reports --------------------------------------------------------------------------
    def _report(self, org_id: int, year: int, hub_id: int | None, founded: datetime.date | None):
        rng = self.rng
        if rng.random() < NOT_FILED:
            return None
        due, opens = deadlines.report_due(year), deadlines.report_opens(year)
        start = max(opens, founded or opens)
        filed_on = (random_day(rng, due + datetime.timedelta(days=1), due + datetime.timedelta(days=60))
                    if rng.random() < LATE else random_day(rng, start, max(start, due)))
        members = rng.randint(20, 600)
        report = AnnualReport(
            organization_id=org_id, year=year, hub_id=hub_id,
            work_report=f"{year}年度共开展业务活动{rng.randint(3, 40)}次，服务{members}人次。",
            income=Decimal(rng.randint(5, 3000) * 1000), expenditure=Decimal(rng.randint(5, 2800) * 1000),
            net_assets=Decimal(rng.randint(3, 2000) * 1000),
            party_building="已建立党支部。" if rng.random() < 0.4 else "党员不足3名，由枢纽联合党委派驻党建指导员。")
        steps = []

        def step(target, role, day, reason="", **changes):
            steps.append(plan(report, ANNUAL_REPORT, target, role, on=day, reason=reason, actor=self.actor,
                              step_model=AnnualReportStep, subject="report", **changes))

        if hub_id is None:
            step(ReportState.PRE_REVIEWED, "organization", filed_on, "无业务主管枢纽，直接报送登记管理机关。",
                 filed_on=filed_on)
            reviewed = filed_on
        else:
            step(ReportState.FILED, "organization", filed_on, filed_on=filed_on)
            if rng.random() < RETURNED:
                returned = filed_on + datetime.timedelta(days=rng.randint(3, 15))
                step(ReportState.RETURNED, "hub", returned, rng.choice(RETURN_REASONS))
                filed_on = returned + datetime.timedelta(days=rng.randint(3, 20))
                step(ReportState.FILED, "organization", filed_on, filed_on=filed_on)
            reviewed = filed_on + datetime.timedelta(days=rng.randint(2, 25))
            step(ReportState.PRE_REVIEWED, "hub", reviewed)
        concluded = reviewed + datetime.timedelta(days=rng.randint(10, 60))
        if concluded > self.end or (year == 2009 and rng.random() < STILL_OPEN_2010):
            return report, steps
        conclusion = rng.choices([c for c, _ in CONCLUSIONS], weights=[w for _, w in CONCLUSIONS])[0]
        reason = rng.choice(NOT_PASSED_REASONS[conclusion]) if conclusion in NOT_PASSED_REASONS else ""
        step(ReportState.CONCLUDED, "authority", concluded, reason, conclusion=conclusion, concluded_on=concluded)
        return report, steps

    # -- by hand: revoked organisations go on the serious list ----------------------------------------
    def _revoked_on_the_serious_list(self) -> None:
        revoked = Organization.objects.filter(status=Status.REVOKED, ended_on__gte=datetime.date(2009, 1, 1))
        entries, steps = [], []
        for org_id, ended in revoked.order_by("pk").values_list("pk", "ended_on"):
            reason = "被登记管理机关撤销登记。"
            entry = CreditListEntry(organization_id=org_id, list_kind=ListKind.SERIOUS, cause=Cause.REVOKED,
                                    entered_on=ended, reason_in=reason, decision_document=f"京民社撤字〔{ended.year}〕")
            entries.append(entry)
            steps.append(CreditListStep(entry=entry, actor=self.actor, role="authority", to_state="listed",
                                        reason=reason, date=ended))
        bulk_create_audited(CreditListEntry, entries)
        bulk_record(CreditListStep, steps)

    # -- gradings ---------------------------------------------------------------------------------
    def _gradings(self) -> None:
        candidates = list(Organization.objects.filter(
            status=Status.ACTIVE, org_type__in=["association", "service_org", "foundation"],
            founded__lt=datetime.date(2008, 1, 1)).order_by("pk").values_list("pk", flat=True))
        chosen = sorted(self.rng.sample(candidates, round(len(candidates) * GRADING_SHARE)))
        gradings, steps = [], []
        for org_id in chosen:
            applied = random_day(self.rng, datetime.date(2010, 3, 1), datetime.date(2010, 9, 30))
            grading = Grading(organization_id=org_id, applied_on=applied)
            steps.append(GradingStep(grading=grading, actor=self.actor, role="organization", to_state="applied",
                                     date=applied))
            why = ineligibility(Organization(pk=org_id), applied)
            decided = applied + datetime.timedelta(days=self.rng.randint(20, 80))
            if why:
                steps.append(plan(grading, GRADING, GradingState.REFUSED, "system", on=applied, reason=why,
                                  actor=self.actor, step_model=GradingStep, subject="grading", refusal_reason=why,
                                  decided_on=applied))
            elif decided <= self.end:
                score = round(self.rng.triangular(700, 990, 860))
                grade = grade_for(score)
                target = GradingState.GRADED if grade else GradingState.NOT_GRADED
                valid = deadlines.years_after(decided, VALID_YEARS) - datetime.timedelta(days=1) if grade else None
                steps.append(plan(grading, GRADING, target, "authority", on=decided, actor=self.actor,
                                  step_model=GradingStep, subject="grading", score=score, grade=grade,
                                  decided_on=decided, valid_until=valid))
            gradings.append(grading)
        bulk_create_audited(Grading, gradings)
        bulk_record(GradingStep, steps)


# -- recognition, service purchasing, evaluation ----------------------------------------------------
SEED = 2010
END = datetime.date(2010, 12, 31)
# facts.md: 2010–2015, ¥401.1M for 2,732 projects; the demo's 2010 call gets the yearly average.
PROGRAMME_TOTAL, PROGRAMME_YEARS, PROGRAMME_PROJECTS = Decimal("401100000"), 6, 2732
DEMO_PROJECTS = 40  # a sample of the ~500 a year, so the demo stays fast
# The office's indicator system in the demo: names, sources, weights and targets are the office's choices.
# Weights on a hundred-point scale (百分制), as such evaluations are scored; coverage weighs most.
INDICATORS = [("本领域社会组织覆盖率", "coverage", 30, "0.8"), ("联系社会组织数", "organizations_linked", 15, "300"),
              ("年度新增联系", "new_links", 15, "60"), ("承接购买服务项目", "projects_delivered", 15, "2"),
              ("党的组织覆盖率", "party_coverage", 15, "1"), ("年检合格率", "inspection_pass_rate", 10, "1")]


def build_workflows() -> None:
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
    rng.shuffle(links)
    applied = 0
    for link in links:
        org, hub = link.organization, link.hub
        on = random_day(rng, call.opens, call.deadline)
        # Only eligible organisations apply (last inspection passed, not listed): the service would refuse the
        # rest, and the hub re-checks when it consents, after that spring's inspections are concluded.
        if any(eligibility.problems(org, year=call.year, on=day, hub=hub) for day in (on, CONSENT_DAY)):
            continue
        staff = users[f"hub-{hub.slug}"]
        amount = (average * Decimal(rng.uniform(0.4, 1.6))).quantize(Decimal("1000"), ROUND_DOWN)
        starts = random_day(rng, datetime.date(2010, 6, 1), datetime.date(2010, 7, 1))
        project = projects.apply(
            office, call=call, organization=org, responsible_hub=hub,
            on=on, title=f"{org.name[:30]}{rng.choice(TOPICS)}项目",
            category=rng.choice(list(Category)), summary=f"{hub.short_name}主责，{org.name}承接。",
            requested_amount=amount, planned_beneficiaries=rng.randint(200, 5000), starts=starts,
            ends=random_day(rng, datetime.date(2010, 10, 1), datetime.date(2010, 11, 30)))
        _run(rng, project, office, staff)
        applied += 1
        if applied == DEMO_PROJECTS:
            break


CONSENT_DAY = datetime.date(2010, 5, 10)
TOPICS = ["社区服务", "公益培训", "便民服务", "志愿服务", "困难群体帮扶", "决策咨询"]


def _run(rng: random.Random, project, office, staff) -> None:
    """Take the project as far as a 2010 project got: most approved, some evaluated and closed, a few refused."""
    roll = rng.random()
    if roll < 0.05:
        projects.step(project, "decline", staff, reason="不属于本领域", on=CONSENT_DAY)
        return
    projects.step(project, "consent", staff, on=CONSENT_DAY)
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
