from django.db import models


class DataVersion(models.Model):
    """A counter bumped by every committed change to tracked records.

    Cached figures are keyed by it, so a figure is recomputed after any change and
    served from the cache otherwise; every web worker reads the same counter.
    """

    number = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "data version"
