from django.db import models


class RestrictedQuerySet(models.QuerySet):
    """Every domain model's manager: `Model.objects.restrict(user, action)` (see permissions.py)."""

    def restrict(self, user, action: str = "view") -> models.QuerySet:
        from .permissions import restrict  # permissions imports the models; import on use

        return restrict(self, user, action)
