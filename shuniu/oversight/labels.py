"""Labels the shared navigation shows for oversight pages (kept here so this app's catalogue translates them)."""
from django.utils.translation import gettext_lazy as _

NAV = [(_("Task inbox"), "inbox"), (_("Annual reports"), "annual-reports"), (_("Credit lists"), "credit-entries"),
       (_("Service projects"), "service-projects"), (_("Transfers"), "transfers"),
       (_("Recognition"), "recognition-applications"), (_("Hub evaluation"), "evaluation")]
PUBLIC_NAV = [(_("Credit list disclosure"), "public-credit-lists")]
