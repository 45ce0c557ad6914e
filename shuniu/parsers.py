"""Request bodies the API accepts: JSON and forms, refused whole if any text holds a NUL character.

PostgreSQL text cannot store U+0000 and raises on a lookup that contains it (a related object named
by slug, a filter); SQLite would store it. Refusing it at the door gives one clear 400 on both
databases instead of a 500 from whichever field reaches the database first.
"""
from rest_framework.exceptions import ParseError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser


def _nul_path(data, path="") -> str | None:
    if isinstance(data, str):
        return path or "/" if "\x00" in data else None
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, list | tuple):
        items = enumerate(data)
    elif hasattr(data, "lists"):  # QueryDict: every value of every key
        items = ((key, values) for key, values in data.lists())
    else:
        return None
    for key, value in items:
        if isinstance(key, str) and "\x00" in key:
            return f"{path}/{key!r}"
        found = _nul_path(value, f"{path}/{key}")
        if found:
            return found
    return None


class _RefuseNul:
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        found = _nul_path(getattr(data, "data", data))
        if found:
            raise ParseError(f"{found}: text may not contain the NUL character (U+0000)")
        return data


class JSON(_RefuseNul, JSONParser):
    pass


class Form(_RefuseNul, FormParser):
    pass


class MultiPart(_RefuseNul, MultiPartParser):
    pass
