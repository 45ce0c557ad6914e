import pytest

from shuniu.routing import neighbours


@pytest.fixture(autouse=True)
def fresh_linked_index():
    """Each test starts without a cached index: a rolled-back test may leave one whose key a later test repeats."""
    neighbours._cached.clear()
    yield
    neighbours._cached.clear()
