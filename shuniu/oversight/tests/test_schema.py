"""Both halves of oversight publish step request bodies: their schema components must not share a name."""
from django.core.management import call_command


def test_the_api_schema_builds_without_warnings(tmp_path):
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(tmp_path / "schema.yml"))
