from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DivisionsConfig(AppConfig):
    name = "shuniu.divisions"
    verbose_name = _("Administrative divisions")
