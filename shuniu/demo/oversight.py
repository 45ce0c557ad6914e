"""The scenario's oversight: the 2009 and 2010 inspections (reports on 2008 and 2009), credit lists, grades.

Every report is run through the annual-report workflow's own transition table
(services.steps.plan: the same checks as a page, without a write per step) and
written in bulk; the credit lists then come from the deadline rules run on the
days they fell due, and gradings from the grading service's eligibility rule.
Only the organisations' behaviour is drawn: who files, when, what the hub and
the authority decide.
"""
from __future__ import annotations

import datetime
import random
from decimal import Decimal

from shuniu.audit.history import bulk_create_audited, current_actor
from shuniu.hubs.models import Affiliation
from shuniu.oversight import deadlines, rules
from shuniu.oversight.models import (
    AnnualReport,
    AnnualReportStep,
    Cause,
    Conclusion,
    CreditListEntry,
    CreditListStep,
    Grading,
    GradingState,
    GradingStep,
    ListKind,
    ReportState,
)
from shuniu.oversight.models.annual import ANNUAL_REPORT
from shuniu.oversight.models.grading import GRADING, VALID_YEARS, grade_for
from shuniu.oversight.services.grading import ineligibility
from shuniu.oversight.services.steps import plan
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
