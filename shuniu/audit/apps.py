from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "shuniu.audit"
    verbose_name = _("Change history")

    def ready(self) -> None:
        from . import security  # noqa: F401  (connects the sign-in signals)
