"""One spec per kind of record an office imports.

A spec module gives SPEC (columns: Chinese header first, then aliases), MODEL,
Context(user) (the lookup maps, read once) and parse_row(cells, ctx) → (values,
warnings), raising RowInvalid on a bad cell. Then either
  staged (national volumes, e.g. organizations): FIELDS, KEYS (upsert keys in
  priority order), SETS (which stored fields a column sets) and DEFAULTS — the
  database does the matching and writing (see staging.py); or
  STAGED = False (a hub system's thousands of rows: affiliations, facilities,
  activities): MAX_ROWS and write(rows, report, dry_run, user). Facilities and
  activities upsert by a natural key through records.write().
"""
from . import activities, affiliations, facilities, organizations

SPECS = {"organizations": organizations, "affiliations": affiliations, "facilities": facilities,
         "activities": activities}
