from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "shuniu.analytics"
    verbose_name = _("Figures")

    def ready(self) -> None:
        from . import cache  # noqa: F401  (connects the data-version bump to records_changed)
