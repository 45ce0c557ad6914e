from django.apps import AppConfig
from django.db.models.signals import m2m_changed
from django.utils.translation import gettext_lazy as _


class HubsConfig(AppConfig):
    name = "shuniu.hubs"
    verbose_name = _("Hubs")

    def ready(self) -> None:
        from .authorisation import guard_fields
        from .models import Hub

        m2m_changed.connect(guard_fields, sender=Hub.fields.through, dispatch_uid="hub-fields-guard")
