"""Test settings: a fast password hasher; everything else as configured (DATABASE_URL picks the database)."""
import pytest


def pytest_configure(config):
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Persistent connections from live-server threads would keep PostgreSQL from dropping the test database.
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests roll back instead of committing, so the data version never moves: cache nothing,
    # except in analytics/tests/test_cache.py, which commits on purpose.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture
def actor(django_user_model):
    """A user every tracked change in the test is attributed to."""
    from shuniu.audit.history import acting_as

    user = django_user_model.objects.create_user("tester", password="x")
    with acting_as(user, reason="test"):
        yield user


@pytest.fixture
def beijing(db, actor):
    """Beijing's divisions and 2010 population, from the reference data."""
    from shuniu.divisions.reference import load_divisions

    load_divisions()


@pytest.fixture
def charter(beijing):
    """The fields and the 22 city hubs with their recognition."""
    from shuniu.hubs.reference import load_city_hubs

    return load_city_hubs()
