import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english_reasons():
    """The report's reasons are checked in their source language (the UI shows them in Chinese)."""
    with translation.override("en"):
        yield
