"""Telling a password-protected workbook from any other file by its header, before importing it (issue 13, defect 6:
the window asks each protected file's password before the import counts anything)."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from desktop.exchange.xlsx.encryption import encrypt_workbook, needs_password


def plain_workbook(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "情况登记表"
    workbook.save(path)
    return path


def test_only_a_protected_workbook_needs_a_password(tmp_path: Path) -> None:
    plain = plain_workbook(tmp_path / "plain.xlsx")
    protected = tmp_path / "protected.xlsx"
    protected.write_bytes(encrypt_workbook(plain.read_bytes(), "Lantern-Kaiju-9034"))
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(protected.read_bytes()[:700])  # an OLE2 header and nothing readable after it
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")

    assert needs_password(protected)
    assert not needs_password(plain)
    assert not needs_password(damaged)  # importing it says what is wrong with it
    assert not needs_password(empty)
    assert not needs_password(tmp_path / "missing.xlsx")
