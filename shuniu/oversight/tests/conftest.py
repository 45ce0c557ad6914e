import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """The service tests read the refusal messages in their source language (the UI default is Chinese)."""
    with translation.override("en"):
        yield
