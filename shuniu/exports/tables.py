"""The lists that export, by the name their URL and their jobs use (see writers.Table)."""
from shuniu.registry.exports import TABLE as ORGANIZATIONS
from shuniu.services.exports import ACTIVITIES, FACILITIES

TABLES = {table.kind: table for table in (ORGANIZATIONS, FACILITIES, ACTIVITIES)}
