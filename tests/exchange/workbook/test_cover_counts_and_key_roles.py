"""Two holes of the format's description closed in the reader (issue 11, item 4): the cover's counts must equal the
rows of their sheets, and a key's role cell must be one of unit_head, officer or exporter. Each workbook here is the
fixture made by older code, changed and batch-signed again by a fresh key, so that only the change can fail."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable
from pathlib import Path

from desktop.crypto.signing import SigningKey
from desktop.exchange.workbook.model import DeclarationEntry, WorkbookContent, batch_payload
from desktop.exchange.workbook.reader import read_workbook
from desktop.exchange.workbook.verify import verify_workbook
from desktop.exchange.workbook.writer import write_workbook

FIXTURE = Path(__file__).parents[2] / "fixtures" / "made_by_9e47914" / "unit_1311.xlsx"
SIGNER = SigningKey.from_raw(b"s" * 32)


def re_signed(
    target: Path,
    change_cover: dict[str, str] | None = None,
    role: str | None = None,
    change_declarations: Callable[[list[DeclarationEntry]], list[DeclarationEntry]] | None = None,
) -> Path:
    """The fixture, its cover, key roles or declarations changed, batch-signed again by SIGNER as its exporter."""
    content = read_workbook(FIXTURE).content
    exporter = content.cover["exporter_fingerprint"]
    keys = [
        dataclasses.replace(k, fingerprint=SIGNER.fingerprint, public_key=SIGNER.public_key)
        if k.fingerprint == exporter
        else k
        for k in content.keys
    ]
    if role is not None:
        keys = [dataclasses.replace(k, role=role) if k.fingerprint != SIGNER.fingerprint else k for k in keys]
    cover = {**content.cover, "exporter_fingerprint": SIGNER.fingerprint, **(change_cover or {})}
    declarations = change_declarations(content.declarations) if change_declarations else content.declarations
    unsigned = WorkbookContent(cover, declarations, keys, content.missing)
    write_workbook(target, dataclasses.replace(unsigned, batch_signature=SIGNER.sign(batch_payload(unsigned))))
    return target


def codes(path: Path) -> list[str]:
    return [p.code for p in verify_workbook(read_workbook(path)).problems]


def test_the_fixture_re_signed_unchanged_has_no_problem(tmp_path: Path) -> None:
    assert codes(re_signed(tmp_path / "same.xlsx")) == []


def test_a_cover_count_that_differs_from_the_rows_fails_the_workbook(tmp_path: Path) -> None:
    path = re_signed(tmp_path / "count.xlsx", {"declarations": "25", "missing": "0"})
    verdict = verify_workbook(read_workbook(path))
    found = [p for p in verdict.problems if p.code == "cover.count"]
    assert sorted(p.params["field"] for p in found) == ["declarations", "missing"]
    assert not verdict.valid


def test_a_key_role_outside_the_three_words_is_a_located_problem(tmp_path: Path) -> None:
    path = re_signed(tmp_path / "role.xlsx", role="inspector")
    assert "key.role" in codes(path)


def test_a_key_role_of_officer_is_allowed_though_never_believed(tmp_path: Path) -> None:
    assert codes(re_signed(tmp_path / "officer.xlsx", role="officer")) == []


def test_the_fixture_itself_still_reads_without_problems(tmp_path: Path) -> None:
    copy = Path(shutil.copy(FIXTURE, tmp_path / "unit.xlsx"))
    assert codes(copy) == []
