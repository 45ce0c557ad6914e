"""Oversight models, one module per workflow (recognition, evaluation, projects, transfers)."""
from .evaluation import EvaluationLine, HubEvaluation, Indicator
from .projects import Category, ProjectReport, ServiceCall, ServiceProject
from .recognition import RecognitionApplication
from .steps import StepLog, Workflow
from .transfers import SupervisoryUnitChange, TransferRequest

__all__ = ["Category", "EvaluationLine", "HubEvaluation", "Indicator", "ProjectReport", "RecognitionApplication",
           "ServiceCall", "ServiceProject", "StepLog", "SupervisoryUnitChange", "TransferRequest", "Workflow"]
