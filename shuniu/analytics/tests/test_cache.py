import pytest
from django.core.cache import cache
from django.test import override_settings

from shuniu.analytics.cache import cached, current_version
from shuniu.registry.models import Field

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "figures-test"}}


@pytest.fixture
def real_cache():
    with override_settings(CACHES=LOCMEM):
        cache.clear()
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
