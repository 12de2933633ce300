"""Every message of the core has a complete Simplified Chinese translation with the same fields."""

from __future__ import annotations

import json

from desktop.i18n import Translator
from desktop.i18n_catalog import catalog_path, catalog_text, fields, marked_strings


def test_every_marked_message_has_a_chinese_translation():
    catalog = json.loads(catalog_path().read_text(encoding="utf-8"))
    missing = {text: places for text, places in marked_strings().items() if not catalog.get(text)}
    assert not missing, "untranslated (run python -m desktop.i18n_catalog, then translate):\n" + "\n".join(
        f"{places[0]}: {text}" for text, places in missing.items()
    )


def test_the_catalog_is_as_the_tool_writes_it():
    # Sorted, one entry a line: `python -m desktop.i18n_catalog` changes nothing but what the code changed.
    text = catalog_path().read_text(encoding="utf-8")
    assert text == catalog_text(json.loads(text), marked_strings()), "run python -m desktop.i18n_catalog"


def test_translations_keep_the_fields_of_their_source():
    catalog = json.loads(catalog_path().read_text(encoding="utf-8"))
    wrong = {source: target for source, target in catalog.items() if target and fields(source) != fields(target)}
    assert not wrong


def test_translations_are_chinese():
    catalog = json.loads(catalog_path().read_text(encoding="utf-8"))
    not_chinese = [t for t in catalog.values() if t and not any("\u4e00" <= ch <= "\u9fff" for ch in t)]
    assert not not_chinese


def test_the_extractor_finds_a_known_message():
    assert "Wrong login name or password. Nothing was changed; try again." in marked_strings()


def test_default_language_is_chinese_and_english_is_the_source():
    message = "Wrong login name or password. Nothing was changed; try again."
    assert Translator()(message) != message
    assert Translator("en")(message) == message
