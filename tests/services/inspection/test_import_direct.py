"""A chunk read straight from its cells (import_direct) stores exactly what the careful path stores (decision 180).

Real workbooks of signed declarations (real keys, real .xlsx written by the exporter's writer), on form version 1
(workbook formats 1 and 2) and form version 2 (family members, several roles): generated declarations, declarations
holding awkward text, extreme amounts and dates and every kind of interest, unsigned and uncountersigned ones; then
every cell of a chunk replaced in turn by hostile values (odd Unicode, empty and None cells, numbers, dates, words
that are no answer). For each chunk, read_chunk with the direct path and without it gives the same ChunkRows (the
same payload bytes were checked: the same verification results, contents and tuples), or both the same exception;
and the direct path is the one taken for every regular chunk of the generated workbooks.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from bench.data import declarations
from desktop.crypto.payloads import countersign_payload, officer_payload
from desktop.domain.declarations import Declaration
from desktop.domain.interests import BusinessInterest, InterestRole, InterestStatus
from desktop.domain.questions import Question, Relation
from desktop.domain.signed import Countersignature, OfficerSignature, SignedDeclaration
from desktop.exchange.workbook.chunks import Chunk, ChunkContext, plan_chunks
from desktop.exchange.workbook.columns import DECLARATIONS_SHEET, FAMILY_SHEET, INTERESTS_SHEET
from desktop.exchange.workbook.model import DeclarationEntry, WorkbookContent, batch_payload
from desktop.exchange.workbook.reader import read_workbook_as
from desktop.exchange.workbook.writer import write_workbook
from desktop.services.demo.form2 import Form2Details
from desktop.services.inspection import import_chunks, import_direct
from tests.crypto.test_fast_payloads import TEXTS
from tests.exchange.workbook.form2_workbook import COMMITMENT_SHA256, HEAD_KEY, OFFICER_KEY, form2_content

TODAY = dt.date(2026, 11, 21)
#: The awkward texts of the fast payload tests that a workbook can hold (no control character but tab and line
#: ends), with a few more.
WRITABLE = [
    *(t for t in TEXTS if not any(ord(c) < 0x20 and c not in "\t\n\r" for c in t)),
    "\t tab",
    "two\nlines\r\nand\rends",
    "  surrounded  ",
    "\x85 next line \u2028 \x7f",
]
PER_CHUNK = 4


def _entry(declaration: Declaration, index: int, counter_format: int, how: str = "countersigned") -> DeclarationEntry:
    """``declaration`` signed by OFFICER_KEY and (``how``: countersigned) countersigned by HEAD_KEY; ``how`` may
    also be "signed" (no countersignature) or "draft" (no signature at all)."""
    declaration_id = f"{index:032x}"
    signed_at, countersigned_at = "2027-03-01T02:00:00Z", "2027-03-01T03:00:00Z"
    if how == "draft":
        return DeclarationEntry(SignedDeclaration(declaration, None, None), "draft", False, "")
    payload = officer_payload(
        declaration,
        declaration_id=declaration_id,
        version=1,
        commitment_sha256=COMMITMENT_SHA256,
        signer_fingerprint=OFFICER_KEY.fingerprint,
        signed_at=signed_at,
    )
    signature = OFFICER_KEY.sign(payload)
    officer = OfficerSignature(declaration_id, 1, COMMITMENT_SHA256, OFFICER_KEY.fingerprint, signed_at, signature)
    if how == "signed":
        return DeclarationEntry(SignedDeclaration(declaration, officer, None), "signed", False, "")
    opinion = "经核对，属实。"
    counter = HEAD_KEY.sign(
        countersign_payload(
            payload,
            signature,
            officer_public_key=OFFICER_KEY.public_key,
            opinion=opinion,
            countersigner_fingerprint=HEAD_KEY.fingerprint,
            countersigned_at=countersigned_at,
            payload_format=counter_format,
            declaration_version=1,
        )
    )
    countersignature = Countersignature(
        OFFICER_KEY.public_key, opinion, HEAD_KEY.fingerprint, countersigned_at, counter, counter_format, None
    )
    return DeclarationEntry(SignedDeclaration(declaration, officer, countersignature), "countersigned", False, "陈所长")


def _content(entries: list[DeclarationEntry], format_version: int) -> WorkbookContent:
    content = form2_content(entries)
    unsigned = dataclasses.replace(
        content, cover={**content.cover, "format_version": str(format_version)}, batch_signature=None
    )
    return dataclasses.replace(unsigned, batch_signature=HEAD_KEY.sign(batch_payload(unsigned)))


def _chunks(path: Path, per_chunk: int = PER_CHUNK) -> tuple[ChunkContext, list[Chunk]]:
    plan = read_workbook_as(path, lambda opened: plan_chunks(opened, per_chunk))
    assert plan is not None
    return plan.context, list(plan.chunks)


def _workbook(
    tmp_path: Path, items: list[Declaration], form: int, format_version: int, hows: list[str], draft: int = -1
) -> Path:
    """The declarations signed as ``hows`` says in turn, the one at ``draft`` unsigned (a workbook has one
    declaration without an id at most)."""
    entries = [
        _entry(item, index, 2 if format_version >= 2 else 1, "draft" if index == draft else hows[index % len(hows)])
        for index, item in enumerate(items)
    ]
    path = tmp_path / f"form{form}-format{format_version}.xlsx"
    write_workbook(path, _content(entries, format_version))
    return path


def _outcome(context: ChunkContext, chunk: Chunk, direct: bool, monkeypatch: pytest.MonkeyPatch) -> object:
    """What read_chunk gives (or the type of what it raises) with the direct path on or off."""
    monkeypatch.setattr(import_chunks, "DIRECT", direct)
    try:
        return import_chunks.read_chunk(context, copy.deepcopy(chunk))
    except Exception as exc:  # the careful path's own error: the direct path must leave the chunk to it
        return type(exc)


@pytest.fixture
def taken(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each chunk was read directly."""
    found: list[bool] = []
    original = import_direct.read_directly

    def spy(*args: object) -> bool:
        found.append(original(*args))  # type: ignore[arg-type]
        return found[-1]

    monkeypatch.setattr(import_chunks, "read_directly", spy)
    return found


def _same(context: ChunkContext, chunk: Chunk, monkeypatch: pytest.MonkeyPatch) -> object:
    careful = _outcome(context, chunk, False, monkeypatch)
    direct = _outcome(context, chunk, True, monkeypatch)
    assert direct == careful
    return direct


def _generated(form: int, count: int, seed: int) -> list[Declaration]:
    items = declarations(count, seed=seed)
    if form >= 2:
        details = Form2Details(3)
        items = [details.complete(item, 2, TODAY) for item in items]
    return items


@pytest.mark.parametrize(("form", "format_version"), [(1, 1), (1, 2), (2, 2)])
def test_generated_workbooks_are_read_directly_into_the_careful_path_s_rows(
    form: int, format_version: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, taken: list[bool]
) -> None:
    items = _generated(form, 24, seed=form * 10 + format_version)
    path = _workbook(tmp_path, items, form, format_version, ["countersigned"] * 5 + ["signed"], draft=9)
    context, chunks = _chunks(path)
    assert (context.form_version, context.format_version) == (form, format_version)
    stored = [_same(context, chunk, monkeypatch) for chunk in chunks]
    assert all(rows.regular for rows in stored)  # type: ignore[attr-defined]
    assert taken
    assert all(taken)  # every chunk read directly
    valid = sum(rows.valid for rows in stored)  # type: ignore[attr-defined]
    assert 0 < valid < len(items)  # the unsigned and uncountersigned ones fail
    if form >= 2:
        assert any('"family_members":[{' in row[12] for rows in stored for row in rows.declarations)  # type: ignore[attr-defined]


def _awkward(form: int) -> list[Declaration]:
    """Declarations holding awkward text in every field, extreme amounts and dates, every kind of interest."""
    base = _generated(form, 1, seed=3)[0]
    interest = BusinessInterest(Question.OWN_BUSINESS, Relation.SELF, "张三", "11010519491231002X", "某公司")
    # Written in lower case, read in upper case (as the careful path reads it): its signatures fail alike.
    items = [dataclasses.replace(base, interests=(dataclasses.replace(interest, uscc="91abc"),))]
    kinds = [
        dataclasses.replace(
            interest,
            question=question,
            relation=relation,
            role=role,
            status=status,
            roles=(role, InterestRole.OTHER, role) if form >= 2 else (),
            share_percent=share,
            capital_wan=capital,
            income_wan=income,
            start_date=start,
            end_date=end,
            within_jurisdiction=flag,
            related_to_duties=not flag,
            uscc="91110000ABCDEFGH1X",
        )
        for question, relation, role, status, share, capital, income, start, end, flag in zip(
            list(Question) * 2,
            list(Relation) * 3,
            list(InterestRole) * 2,
            list(InterestStatus) * 3,
            [Decimal("100"), Decimal("0.0001"), None, Decimal("12.50"), Decimal("-0"), Decimal("99999999.99")] * 2,
            [None, Decimal("1E+3"), Decimal("0.10"), None, Decimal("123456789012.5"), Decimal("7")] * 2,
            [Decimal("3"), None] * 6,
            [dt.date(1, 1, 1), None, dt.date(9999, 12, 31), dt.date(2000, 2, 29)] * 3,
            [None, dt.date(2024, 1, 1), None, dt.date(9999, 12, 31)] * 3,
            [True, False] * 6,
            strict=False,
        )
    ]
    items.append(dataclasses.replace(base, interests=tuple(kinds)))
    for text in WRITABLE:
        officer = dataclasses.replace(base.officer, name=text or "无", position=text, rank_level=text)
        changed = dataclasses.replace(interest, holder_name=text, enterprise_name=text, note=text, rectification=text)
        items.append(
            dataclasses.replace(
                base,
                officer=officer,
                unit_name=text,
                remarks=text,
                acknowledged_warnings=(text, "b:x", "a:y"),
                interests=(changed, *base.interests),
            )
        )
    return items


@pytest.mark.parametrize(("form", "format_version"), [(1, 2), (2, 2)])
def test_awkward_values_give_the_careful_path_s_rows(
    form: int, format_version: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, taken: list[bool]
) -> None:
    path = _workbook(tmp_path, _awkward(form), form, format_version, ["countersigned", "countersigned", "signed"])
    context, chunks = _chunks(path)
    stored = [_same(context, chunk, monkeypatch) for chunk in chunks]
    assert all(taken)
    assert 0 < sum(rows.valid for rows in stored) < len(_awkward(form))  # type: ignore[attr-defined]


#: Hostile raw cells: what python-calamine may give for a cell a person edited.
HOSTILE = [
    None,
    "",
    " ",
    0,
    1,
    -1.5,
    2**60,
    True,
    False,
    dt.date(2020, 2, 29),
    dt.datetime(2020, 1, 1, 8, 0),
    "是",
    "否",
    "TRUE",
    "e\u0301",
    "a\r\nb",
    "x\x00y",
    "\ud800",
    "\u2028",
    " 改 ",
    "F0",
    "F2",
    "1E+3",
    "-0",
    "9999-12-31",
    "2020-02-30",
    "本人",
    "own_business",
    "investor\n出资人\ninvestor",
    "AAAA",
    "=1+1",
]


@pytest.mark.parametrize(("form", "format_version"), [(1, 1), (1, 2), (2, 2)])
def test_every_cell_of_a_chunk_set_to_hostile_values_gives_the_careful_path_s_outcome(
    form: int, format_version: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, taken: list[bool]
) -> None:
    items = _generated(form, 8, seed=5)
    path = _workbook(tmp_path, items, form, format_version, ["countersigned", "signed", "countersigned"])
    context, chunks = _chunks(path, 16)
    chunk = next(c for c in chunks if len(c.raw_ids) == 2 and len(c.interests[0]) >= 2)
    regular = 0
    for sheet in ("declarations", "interests", "members"):
        _numbers, records = getattr(chunk, sheet)
        for row_index, record in enumerate(records):
            for column in range(len(record)):
                for value in HOSTILE:
                    changed = copy.deepcopy(chunk)
                    getattr(changed, sheet)[1][row_index][column] = value
                    outcome = _same(context, changed, monkeypatch)
                    regular += getattr(outcome, "regular", False)
    # Some edits leave the chunk regular (a failed signature, a cell written another way that reads the same), and
    # the direct path reads some of those; it declines others, which the careful path decides.
    assert regular
    assert any(taken)
    assert not all(taken)


def _reversed_columns(context: ChunkContext, chunk: Chunk) -> tuple[ChunkContext, Chunk]:
    """The chunk with every sheet's columns in the opposite order (the keys' positions too): the direct path reads
    the interest and family rows by position (decision 201)."""
    positions: dict[str, dict[str, int]] = {}
    changed = copy.deepcopy(chunk)
    for sheet, name in (
        (DECLARATIONS_SHEET, "declarations"),
        (INTERESTS_SHEET, "interests"),
        (FAMILY_SHEET, "members"),
    ):
        if sheet not in context.positions:
            continue
        numbers, records = getattr(chunk, name)
        width = max([max(context.positions[sheet].values()) + 1, *map(len, records)])
        flipped = [list(reversed([*record, *([None] * (width - len(record)))])) for record in records]
        setattr(changed, name, (numbers, flipped))
        positions[sheet] = {key: width - 1 - p for key, p in reversed(context.positions[sheet].items())}
    return dataclasses.replace(context, positions={**context.positions, **positions}), changed


@pytest.mark.parametrize(("form", "format_version"), [(1, 1), (2, 2)])
def test_columns_in_another_order_give_the_same_rows(
    form: int, format_version: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, taken: list[bool]
) -> None:
    items = _generated(form, 12, seed=7)
    path = _workbook(tmp_path, items, form, format_version, ["countersigned", "signed"], draft=5)
    context, chunks = _chunks(path)
    for chunk in chunks:
        as_written = _same(context, chunk, monkeypatch)
        assert _same(*_reversed_columns(context, chunk), monkeypatch) == as_written
    assert taken
    assert all(taken)


def test_a_declaration_past_the_most_family_members_is_left_to_the_careful_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, taken: list[bool]
) -> None:
    """Decision 222: a declaration listing more family members than the form's most (50 on form 2) is not read
    directly; the careful path reports each row past the 50th (``family.too_many``), so the chunk is irregular."""
    items = _generated(2, 4, seed=22)
    first = items[0].family_members[0]
    many = tuple(first.with_changes(member_id=f"F{n}") for n in range(1, 52))
    path = _workbook(tmp_path, [items[0].with_changes(family_members=many), *items[1:]], 2, 2, ["countersigned"])
    context, chunks = _chunks(path)
    outcomes = [_same(context, chunk, monkeypatch) for chunk in chunks]
    assert taken[0] is False
    assert all(taken[1:])
    assert [rows.regular for rows in outcomes] == [False] + [True] * (len(chunks) - 1)  # type: ignore[attr-defined]
    fifty = tuple(first.with_changes(member_id=f"F{n}") for n in range(1, 51))
    path = _workbook(tmp_path, [items[0].with_changes(family_members=fifty), *items[1:]], 2, 2, ["countersigned"])
    context, chunks = _chunks(path)
    taken.clear()
    assert all(rows.regular for rows in (_same(context, chunk, monkeypatch) for chunk in chunks))  # type: ignore[attr-defined]
    assert taken
    assert all(taken)


@pytest.mark.parametrize(("form", "format_version"), [(1, 1), (2, 2)])
def test_a_declaration_past_the_most_interests_is_left_to_the_careful_path(
    form: int, format_version: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, taken: list[bool]
) -> None:
    """Decision 234: a declaration listing more interests than the form's most (200 on forms 1 and 2) is not read
    directly; the careful path reports each row past the 200th (``interest.too_many``), so the chunk is irregular."""
    items = _generated(form, 4, seed=34)
    first = next(i for i, item in enumerate(items) if item.interests)
    row = items[first].interests[0]
    for count, regular in ((201, False), (200, True)):
        changed = list(items)
        changed[first] = items[first].with_changes(interests=(row,) * count)
        path = _workbook(tmp_path, changed, form, format_version, ["countersigned"])
        context, chunks = _chunks(path)
        taken.clear()
        outcomes = [_same(context, chunk, monkeypatch) for chunk in chunks]
        expected = [regular or index != first // PER_CHUNK for index in range(len(chunks))]
        assert taken == expected
        assert [rows.regular for rows in outcomes] == expected  # type: ignore[attr-defined]
