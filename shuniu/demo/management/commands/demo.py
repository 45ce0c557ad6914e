"""`shuniu demo [--scenario beijing-2010]`: migrate, load the scenario once, set up the demo accounts."""
import os
import secrets
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from shuniu.analytics import figures
from shuniu.analytics.text import summary_lines
from shuniu.analytics.views import warm_dashboard
from shuniu.audit.history import acting_as, command_user
from shuniu.demo import oversight as oversight_demo
from shuniu.demo.accounts import ensure_demo_accounts
from shuniu.demo.beijing2010 import Beijing2010
from shuniu.demo.national import National
from shuniu.oversight.models import ServiceCall
from shuniu.registry.models import Organization
from shuniu.routing.service import load_router

SCENARIOS = {"beijing-2010": Beijing2010, "national": National}
NATIONAL_DEFAULT = 10_000


class Command(BaseCommand):
    help = "Load a demo scenario into the configured database (migrating first) and set up demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("--scenario", choices=sorted(SCENARIOS), default="beijing-2010")
        parser.add_argument("--organizations", type=int, default=None, metavar="N",
                            help=f"national scenario: load until the database holds N organisations "
                                 f"(default {NATIONAL_DEFAULT:,}; a stopped load resumes)")
        parser.add_argument("--user", default=None, help="acting user recorded in the history (default: system)")

    def handle(self, *args, scenario: str, user: str | None, organizations: int | None = None, **options):
        if organizations is not None and scenario != "national":
            raise CommandError("--organizations applies to --scenario national only")
        call_command("migrate", interactive=False, verbosity=0)
        actor = command_user(user)
        with acting_as(actor, reason=f"载入演示数据（{scenario}）"):
            loaded = self.load(scenario, organizations)
            password = os.environ.get("SHUNIU_DEMO_PASSWORD") or secrets.token_urlsafe(9)
            with transaction.atomic():
                accounts = ensure_demo_accounts(password)
            loaded += self.load_oversight()
        self.stdout.write(loaded)
        load_router()  # trained once and kept under var/ (~5 s): not by the office's first visit to /routing/
        # The office's home is ready before anyone asks (a million rows take seconds), for the data as it is
        # now: computed before the accounts and workflows above, the first visit saw them marked out of date.
        warm_dashboard()
        self.stdout.write("\n".join(summary_lines(figures.summary())))
        self.stdout.write(
            f"\n演示账号 {len(accounts)} 个（office, authority, district-<区划代码>, hub-<slug>, "
            f"hub-<slug>-party（党建工作人员）, organization），"
            f"密码：{password}"
            + ("" if os.environ.get("SHUNIU_DEMO_PASSWORD") else "（随机生成；设置 SHUNIU_DEMO_PASSWORD 可固定）")
        )

    def load(self, scenario: str, organizations: int | None = None) -> str:
        started = time.perf_counter()
        if scenario == "national":
            if not National(organizations or NATIONAL_DEFAULT).build():
                return f"数据库已有足够数据，未重复载入场景 {scenario}。"
        elif Organization.objects.exists():
            return f"数据库已有数据，未重复载入场景 {scenario}。"
        else:
            SCENARIOS[scenario]().build()
        with connection.cursor() as cursor:
            # Fresh statistics after a bulk load: without them PostgreSQL plans the
            # figures' anti-joins as nested loops (seconds instead of milliseconds).
            cursor.execute("ANALYZE")
        return f"已载入场景 {scenario}，用时 {time.perf_counter() - started:.1f} 秒。"

    def load_oversight(self) -> str:
        """The oversight records act as the demo accounts (each step checks who takes it), so they come last."""
        if ServiceCall.objects.exists() or not Organization.objects.exists():
            return ""
        started = time.perf_counter()
        oversight_demo.build_workflows()
        return f"\n已载入认定、购买服务与考核记录，用时 {time.perf_counter() - started:.1f} 秒。"

