import uuid

from django.db import models


class DataVersion(models.Model):
    """A counter bumped by every committed change to tracked records.

    Cached figures are keyed by it, so a figure is recomputed after any change and
    served from the cache otherwise; every web worker reads the same counter.
    `database` tells this database's counts from another's: a cache outlives
    processes and may outlive the database (the demo loaded afresh, a second
    DATABASE_URL on the same machine), whose counter then starts again.
    """

    number = models.BigIntegerField(default=0)
    database = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        verbose_name = "data version"
