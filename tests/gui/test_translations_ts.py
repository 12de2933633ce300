"""The window's Simplified Chinese translation (Qt Linguist .ts) is complete, current, and builds into a .qm."""

from __future__ import annotations

import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

from desktop.gui import translations

TS = translations.ts_path("zh_CN")
_FIELDS = re.compile(r"\{[a-z_]+(?::[^}]*)?\}|%n|%\d")


def messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    """(context, source, message element) for every message of the file."""
    found = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            found.append((name, message.findtext("source", ""), message))
    return found


def translated_texts(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    if translation is None:
        return []
    forms = [form.text or "" for form in translation.iter("numerusform")]
    return forms if message.get("numerus") == "yes" else [translation.text or ""]


def test_every_message_has_a_finished_chinese_translation() -> None:
    problems = []
    for context, source, message in messages(TS):
        translation = message.find("translation")
        if translation is None:
            problems.append(f"{context}: {source!r} has no translation")
        elif translation.get("type") in {"unfinished", "vanished", "obsolete"}:
            problems.append(f"{context}: {source!r} is {translation.get('type')}")
        elif not all(text.strip() for text in translated_texts(message)) or not translated_texts(message):
            problems.append(f"{context}: {source!r} has an empty translation")
    assert not problems, (
        "translate these in resources/translations/officer_declare_zh_CN.ts (see docs/gui.md):\n" + "\n".join(problems)
    )


def test_translations_keep_the_placeholders_of_their_source() -> None:
    wrong = []
    for context, source, message in messages(TS):
        expected = sorted(set(_FIELDS.findall(source)))
        for text in translated_texts(message):
            if sorted(set(_FIELDS.findall(text))) != expected:
                wrong.append(f"{context}: {source!r} -> {text!r}")
    assert not wrong, "\n".join(wrong)


def test_the_ts_file_is_what_lupdate_writes(tmp_path: Path) -> None:
    copy = Path(shutil.copy(TS, tmp_path / TS.name))

    result = translations.lupdate(copy)

    assert result.returncode == 0, result.stderr
    before = {(context, source) for context, source, _message in messages(TS)}
    after = {(context, source) for context, source, _message in messages(copy)}
    assert after - before == set(), "new strings: run `python -m desktop.gui.translations`, then translate them"
    assert before - after == set(), "strings no longer used: run `python -m desktop.gui.translations`"
    # The comments for translators too: the file is exactly what lupdate writes (it keeps no source locations).
    assert copy.read_bytes() == TS.read_bytes(), (
        "the .ts differs from lupdate's: run `python -m desktop.gui.translations`"
    )


def test_the_qm_is_built_from_the_ts_and_translates(tmp_path: Path) -> None:
    qm = tmp_path / "officer_declare_zh_CN.qm"

    assert translations.compile_ts(TS, qm)

    translator = QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("MainWindow", "Declarations of business involvement") == "民警参与经商办企业情况登记"


@pytest.mark.parametrize("language", translations.TRANSLATED)
def test_the_window_finds_an_up_to_date_qm_for_each_translated_language(language: str) -> None:
    qm = translations.compiled(language)

    assert qm is not None
    assert qm.exists()
    assert qm.stat().st_mtime >= translations.ts_path(language).stat().st_mtime


def test_an_installed_package_uses_the_qm_it_carries_without_lrelease(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A wheel carries the .qm its build compiled and not the .ts (setup.py); nothing may try to compile it again.
    shipped = tmp_path / "_resources" / "translations" / "officer_declare_zh_CN.qm"
    shipped.parent.mkdir(parents=True)
    assert translations.compile_ts(TS, shipped)
    monkeypatch.setattr(translations, "ts_path", lambda language: shipped.with_name(f"officer_declare_{language}.ts"))
    monkeypatch.setattr(translations, "compile_ts", lambda ts, qm: pytest.fail(f"lrelease called for {ts}"))

    assert translations.compiled("zh_CN") == shipped
    shipped.unlink()
    assert translations.compiled("zh_CN") is None


def test_a_frozen_program_uses_its_shipped_qm_as_it_is_even_when_the_ts_looks_newer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PyInstaller copies the .qm before the .ts, with fresh times: the .ts then looks newer than the .qm it came from.
    folder = tmp_path / "translations"
    folder.mkdir()
    shipped = folder / "officer_declare_zh_CN.qm"
    assert translations.compile_ts(TS, shipped)
    ts = folder / TS.name
    shutil.copyfile(TS, ts)
    later = shipped.stat().st_mtime + 60
    os.utime(ts, (later, later))
    monkeypatch.setattr(translations, "ts_path", lambda language: folder / f"officer_declare_{language}.ts")
    monkeypatch.setattr(translations, "_cache_folder", lambda: tmp_path / "cache")
    compiled: list[Path] = []
    monkeypatch.setattr(translations, "compile_ts", lambda ts, qm: compiled.append(qm) or False)
    monkeypatch.setattr(translations.sys, "frozen", True, raising=False)

    assert translations.compiled("zh_CN") == shipped
    assert compiled == []


def test_a_frozen_program_without_a_shipped_qm_has_no_translation_and_runs_no_lrelease(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "translations"
    folder.mkdir()
    shutil.copyfile(TS, folder / TS.name)
    monkeypatch.setattr(translations, "ts_path", lambda language: folder / f"officer_declare_{language}.ts")
    monkeypatch.setattr(translations, "_cache_folder", lambda: tmp_path / "cache")
    compiled: list[Path] = []
    monkeypatch.setattr(translations, "compile_ts", lambda ts, qm: compiled.append(qm) or False)
    monkeypatch.setattr(translations.sys, "frozen", True, raising=False)

    assert translations.compiled("zh_CN") is None
    assert compiled == []
