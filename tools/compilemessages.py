"""Compile the catalogues without GNU gettext: `.venv/bin/python tools/compilemessages.py`.

Translations live in shuniu/locale/<lang>/LC_MESSAGES/django.po and are edited there.
After `shuniu makemessages -l zh_Hans` (which needs gettext) brings in new strings,
translate them in the .po and run this; it refuses while anything is untranslated or fuzzy.
"""
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "shuniu" / "locale"


def main() -> None:
    problems = []
    for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/django.po")):
        po = polib.pofile(str(po_path))
        problems += [f"{po_path}: untranslated: {e.msgid!r}" for e in po.untranslated_entries()]
        problems += [f"{po_path}: fuzzy: {e.msgid!r}" for e in po.fuzzy_entries()]
        po.save_as_mofile(str(po_path.with_suffix(".mo")))
    if problems:
        raise SystemExit("\n".join(problems))


if __name__ == "__main__":
    main()
