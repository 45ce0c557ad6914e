from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "shuniu.oversight"
    verbose_name = _("Oversight")

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (registers the inbox providers)
