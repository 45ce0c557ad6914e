"""The oversight workflows' entries in the main navigation (the labels live in this app's catalogue)."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

LINKS = [(_("Service projects"), "service-projects"), (_("Transfers"), "transfers"),
         (_("Recognition"), "recognition-applications"), (_("Hub evaluation"), "evaluation")]


def oversight_links() -> list[tuple[str, str]]:
    return [(label, reverse(name)) for label, name in LINKS]
