"""One spec per kind of record an office imports.

organizations is staged in the database (national scale); affiliations links
organisations to hubs, checked in memory (a hub system's thousands of rows);
facilities and activities will each be one more module here once the services
app has their models.
"""
from . import affiliations, organizations

SPECS = {"organizations": organizations, "affiliations": affiliations}
