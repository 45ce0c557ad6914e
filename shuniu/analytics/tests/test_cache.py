import datetime
import uuid

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from shuniu.accounts.models import Grant, Role
from shuniu.analytics import cache as cache_module
from shuniu.analytics.cache import cached, cached_or_last, current_version, refreshed
from shuniu.analytics.models import DataVersion
from shuniu.registry.models import Field
from shuniu.testing import make_org, make_unit

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "figures-test"}}


@pytest.fixture
def real_cache(tmp_path):
    """The cache as configured for the app: files every process on the machine shares (settings.CACHES)."""
    shared = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": str(tmp_path / "cache")}}
    with override_settings(CACHES=shared):
        yield
        cache.clear()


def test_a_committed_change_bumps_the_version_once(real_cache, actor, django_capture_on_commit_callbacks):
    before = current_version()
    with django_capture_on_commit_callbacks(execute=True):
        Field.objects.create(slug="a", name="A")
        Field.objects.create(slug="b", name="B")
    assert current_version() == before + 1


def test_figures_are_served_from_the_cache_until_the_data_changes(real_cache, actor,
                                                                 django_capture_on_commit_callbacks):
    calls = []

    def compute():
        calls.append(1)
        return Field.objects.count()

    assert cached("fields", compute) == cached("fields", compute) == 0
    assert len(calls) == 1
    with django_capture_on_commit_callbacks(execute=True):
        Field.objects.create(slug="c", name="C")
    assert cached("fields", compute) == 1
    assert len(calls) == 2


def test_work_that_rolls_back_does_not_bump(real_cache, actor, django_capture_on_commit_callbacks):
    before = current_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Field.objects.create(slug="d", name="D")
    assert len(callbacks) == 1  # queued for the commit that never comes
    assert current_version() == before


class Slow:
    """Figures that count fields, and the refreshes asked for (a worker's job, run when the test says)."""

    def __init__(self):
        self.computed = 0
        self.refreshes = 0

    def compute(self) -> dict:
        self.computed += 1
        return {"fields": Field.objects.count()}

    def refresh(self) -> None:
        self.refreshes += 1

    def shown(self) -> tuple[int, bool]:
        figures, current = cached_or_last("slow", self.compute, self.refresh)
        return figures["fields"], current


def test_after_a_change_the_last_figures_are_shown_while_a_worker_computes_the_new(
        real_cache, actor, django_capture_on_commit_callbacks):
    slow = Slow()
    assert slow.shown() == (0, True)  # nothing computed yet: the request computes
    with django_capture_on_commit_callbacks(execute=True):
        Field.objects.create(slug="e", name="E")
    assert slow.shown() == slow.shown() == (0, False)  # the last figures, marked as such
    assert (slow.computed, slow.refreshes) == (1, 1)  # one refresh queued for the new version
    refreshed("slow", slow.compute)  # the worker's run
    refreshed("slow", slow.compute)  # another process's refresh of the same version: nothing to do
    assert slow.computed == 2
    assert slow.shown() == (1, True)


def test_figures_of_another_database_are_never_served(real_cache, actor, django_capture_on_commit_callbacks):
    """A database loaded afresh starts its counter again; the shared cache still holds the old one's figures."""
    slow = Slow()
    assert slow.shown() == (0, True)
    with django_capture_on_commit_callbacks(execute=True):
        Field.objects.create(slug="h", name="H")
    DataVersion.objects.update(database=uuid.uuid4(), number=DataVersion.objects.get().number - 1)
    assert slow.shown() == (1, True)  # computed for this database, not the other's figures nor marked stale


def test_a_cache_the_worker_does_not_share_never_shows_stale_figures(actor, django_capture_on_commit_callbacks):
    """A per-process memory cache with the worker in another process: what it computes never reaches the
    web process, so the request computes the current figures itself (as before this cache existed)."""
    with override_settings(CACHES=LOCMEM):
        cache.clear()
        slow = Slow()
        slow.shown()
        with django_capture_on_commit_callbacks(execute=True):
            Field.objects.create(slug="g", name="G")
        assert slow.shown() == (1, True)
        assert (slow.computed, slow.refreshes) == (2, 0)
        with override_settings(TASKS=IMMEDIATE):  # jobs run in this process: the cache is theirs too
            assert cache_module.workers_share_the_cache()
        cache.clear()


def test_a_refresh_no_worker_ran_is_done_by_the_request(real_cache, actor, django_capture_on_commit_callbacks,
                                                         monkeypatch):
    slow = Slow()
    slow.shown()
    with django_capture_on_commit_callbacks(execute=True):
        Field.objects.create(slug="f", name="F")
    assert slow.shown() == (0, False)
    later = timezone.now() + cache_module.STALE_AT_MOST + datetime.timedelta(seconds=1)
    monkeypatch.setattr(cache_module.timezone, "now", lambda: later)
    assert slow.shown() == (1, True)


def test_the_dashboard_says_when_its_figures_predate_the_latest_changes(real_cache, client, charter,
                                                                     django_user_model):
    user = django_user_model.objects.create_user("office-stale")
    Grant.objects.create(user=user, role=Role.OFFICE)
    client.force_login(user)
    with override_settings(TASKS=IMMEDIATE):  # the refresh runs at once, as a free worker would
        assert "早于最近的数据变动" not in client.get("/dashboard/").content.decode()
        make_org("北京市新增学会", supervisory_unit=make_unit())
        # The test's one transaction queued its version bump with the fixtures' writes (never
        # committed); move the version as that commit would.
        cache_module.bump()
        assert "早于最近的数据变动" in client.get("/dashboard/").content.decode()
        assert "早于最近的数据变动" not in client.get("/dashboard/").content.decode()
