from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "shuniu.services"
    verbose_name = _("Service network")

    def ready(self) -> None:
        # The yearly report's 服务阵地与覆盖 section, after party building (or the hubs).
        from shuniu.analytics.report import network, sections

        sections.add_section(network.reach, after="party" if network.party in sections.SECTIONS else "hubs")
