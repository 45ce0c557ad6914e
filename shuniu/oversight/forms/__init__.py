"""Oversight forms, one module per workflow."""
