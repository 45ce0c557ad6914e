"""Chinese by default, English on request, and a catalogue with nothing left out."""
from pathlib import Path

import polib
import pytest
from django.utils import translation

PACKAGE = Path(__file__).resolve().parent.parent
# The project catalogue plus one per app that keeps its own (shuniu/<app>/locale/).
CATALOGUES = sorted(PACKAGE.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_message_is_translated_and_the_compiled_catalogue_is_current(po_path):
    po = polib.pofile(str(po_path))
    assert po.untranslated_entries() == [] and po.fuzzy_entries() == []
    # Keyed with the context too: one msgid may have several translations ("Refuse" in oversight).
    mo = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(po_path.with_suffix(".mo")))}
    assert {(e.msgctxt, e.msgid): e.msgstr for e in po.translated_entries()} == mo


def test_model_names_speak_chinese_by_default():
    from shuniu.registry.models import Organization

    with translation.override("zh-hans"):
        assert str(Organization._meta.verbose_name) == "社会组织"
    with translation.override("en"):
        assert str(Organization._meta.verbose_name) == "social organisation"


def test_pages_are_chinese_even_for_an_english_browser(client, db):
    assert "登录" in client.get("/login/", headers={"accept-language": "en-US,en"}).content.decode()


def test_the_language_switcher_gives_english_until_switched_back(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    english = client.get("/login/").content.decode()
    assert "Log in" in english and "登录" not in english
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/login/"})
    assert "登录" in client.get("/login/").content.decode()


def test_the_admin_is_in_chinese(admin_client, db):
    page = admin_client.get("/admin/").content.decode()
    assert "社会组织" in page and "枢纽型社会组织" in page and "行政区划" in page


def test_a_message_in_several_catalogues_reads_the_same_in_each():
    # Django takes the first catalogue that has a message (the project's, then the apps' in
    # INSTALLED_APPS order): a different translation in a later one would be silently ignored.
    seen: dict[tuple, dict[str, str]] = {}
    for po_path in CATALOGUES:
        for entry in polib.pofile(str(po_path)).translated_entries():
            seen.setdefault((entry.msgctxt, entry.msgid), {})[str(po_path.relative_to(PACKAGE))] = entry.msgstr
    differing = {key: where for key, where in seen.items() if len(set(where.values())) > 1}
    assert differing == {}
