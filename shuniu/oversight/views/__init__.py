"""Oversight pages, one module per workflow."""
