from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "shuniu.oversight"
    verbose_name = _("Oversight")

    def ready(self) -> None:
        # The yearly report's 监督管理 section, at the end.
        from shuniu.analytics.report import oversight, sections

        sections.add_section(oversight.oversight)
        # The evaluation sources and both sets of inbox providers (reports and lists; the
        # recognition/project/transfer workflows) register themselves on import.
        from . import sources, tasks  # noqa: F401
