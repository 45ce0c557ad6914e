"""Compile the catalogues without GNU gettext: `.venv/bin/python tools/compilemessages.py`.

Translations live in shuniu/locale/<lang>/LC_MESSAGES/django.po (the project's) and in
shuniu/<app>/locale/… for apps that keep their own catalogue, and are edited there.
After makemessages (which needs gettext; run from shuniu/ or from the app's folder) brings in new strings,
translate them in the .po and run this; it refuses while anything is untranslated or fuzzy.
"""
from pathlib import Path

import polib

PACKAGE = Path(__file__).resolve().parent.parent / "shuniu"


def main() -> None:
    problems = []
    for po_path in sorted(PACKAGE.glob("**/locale/*/LC_MESSAGES/django.po")):
        po = polib.pofile(str(po_path))
        problems += [f"{po_path}: untranslated: {e.msgid!r}" for e in po.untranslated_entries()]
        problems += [f"{po_path}: fuzzy: {e.msgid!r}" for e in po.fuzzy_entries()]
        po.save_as_mofile(str(po_path.with_suffix(".mo")))
    if problems:
        raise SystemExit("\n".join(problems))


if __name__ == "__main__":
    main()
