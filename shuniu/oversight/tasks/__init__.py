"""Inbox providers (see inbox.py), registered on import: annual reports and grading (reports.py);
recognition, service projects, transfers and supervisory-unit changes (workflows.py)."""
from . import reports, workflows  # noqa: F401
