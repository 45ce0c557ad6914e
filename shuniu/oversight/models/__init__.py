"""Oversight models, one module per workflow (annual reports, credit lists, grading, recognition,
evaluation, service projects, transfers)."""
from .annual import AnnualReport, AnnualReportStep, Conclusion, ReportState
from .credit import Cause, CreditListEntry, CreditListStep, EntryState, ListKind
from .evaluation import EvaluationJob, EvaluationLine, HubEvaluation, Indicator
from .grading import Grading, GradingState, GradingStep
from .projects import Category, ProjectReport, ServiceCall, ServiceProject
from .recognition import RecognitionApplication
from .steps import StepLog, Workflow
from .transfers import SupervisoryUnitChange, TransferRequest

__all__ = ["AnnualReport", "AnnualReportStep", "Category", "Cause", "Conclusion", "CreditListEntry", "CreditListStep",
           "EntryState", "EvaluationJob", "EvaluationLine", "Grading", "GradingState", "GradingStep", "HubEvaluation",
           "Indicator", "ListKind", "ProjectReport", "RecognitionApplication", "ReportState", "ServiceCall",
           "ServiceProject", "StepLog", "SupervisoryUnitChange", "TransferRequest", "Workflow"]
