from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyConfig(AppConfig):
    name = "shuniu.party"
    verbose_name = _("Party building")

    def ready(self) -> None:
        # The yearly report's 党建工作 section, after the hubs.
        from shuniu.analytics.report import network, sections

        sections.add_section(network.party, after="hubs")
