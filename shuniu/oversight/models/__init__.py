"""Oversight models, one module per workflow (annual reports, credit lists, grading, …)."""
from .annual import AnnualReport, AnnualReportStep, Conclusion, ReportState  # noqa: F401
from .credit import Cause, CreditListEntry, CreditListStep, EntryState, ListKind  # noqa: F401
from .grading import Grading, GradingState, GradingStep  # noqa: F401
