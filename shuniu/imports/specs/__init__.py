"""One spec per kind of record an office imports.

organizations is complete; affiliations links organisations to hubs;
facilities and activities will each be one more module here once the services
app has their models.
"""
from . import organizations

SPECS = {"organizations": organizations}
