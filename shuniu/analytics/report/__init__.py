"""The yearly report: sections (sections.py) built for an area (area.py), written as XLSX or PDF."""
