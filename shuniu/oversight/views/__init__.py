"""Oversight pages, one module per workflow, and the task inbox."""
