from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "shuniu.oversight"
    verbose_name = _("Oversight")

    def ready(self) -> None:
        # The evaluation sources and the inbox providers register themselves on import.
        from . import sources, tasks  # noqa: F401
