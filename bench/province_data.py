"""A province's imported declarations, written straight into the inspectors' tables (PostgreSQL or SQLCipher), for
the chunked review's bench and its tests: what 500,000 real signatures would leave there after an import, without
making them (signing 500,000 declarations costs hours).

What is generated (seeded, so the same arguments give the same rows): a unit tree (province › cities › counties ›
stations, about 250 officers a station), every unit's head with a key (most of them trusted), one workbook per unit
and campaign exported by its head; officers with Faker zh_CN names and the demo's declarations (30 % a relative's
business, a few shares, part-time work, specific-related or disguised businesses; enterprise names from Faker, most
made unique as real ones are), this year's campaign and last year's for every officer (5 % gain an interest, 5 % lose
one without recording an exit), and the irregular few the rules look for: a declaration that failed verification,
self-countersigned, countersigned by a head of another unit, late, an officer declared twice or in an older version,
officers listed as missing or on the roster only. The signatures are placeholders: the review reads what the
import's verification recorded (``valid``, ``failures``), never the signature bytes, so this is what it reviews.

``hostile`` adds the values that break careless code: quotes, backslashes, LIKE wildcards, emoji, zero-width and
right-to-left characters, very long names, police numbers that sort differently by byte and by collation, names that
normalise to the same enterprise, and credit codes that fail their check.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
from typing import Any

from faker import Faker
from sqlalchemy import Connection, Engine

from desktop.domain.questions import Question
from desktop.services.demo.declarations import _ContentMaker
from desktop.services.demo.store import build_roster
from desktop.services.inspection.row_values import INTEREST_NAMES
from desktop.store import schema
from desktop.store.migrations import migrate

TODAY = dt.date(2026, 11, 21)
CURRENT, PREVIOUS = "c" * 32, "b" * 32
DEADLINES = {CURRENT: "2026-12-31", PREVIOUS: "2025-12-31"}
PER_STATION = 250
BATCH = 5000
_HOSTILE_TEXT = (
    "O'Brien\"; DROP TABLE x;--",
    "100%_under\\score",
    "王\u200b伟",
    "\u202e伟王",
    "😀企业",
    "Ｆｕｌｌ（宽）",
    "李" * 300,
)
#: A value of ``fate`` for each irregular case (see fill_province and _declaration).
_IRREGULAR = (0.005, 0.012, 0.0155, 0.0165, 0.0175, 0.996, 0.998)
_HOSTILE_NUMBERS = ("a-1", "A1", "a1", "ａ1", "1.0", "10", "9", "Z", "z", "_1", "%1", "é1", "e1")


@dataclasses.dataclass(frozen=True)
class Province:
    units: list[tuple[str, str, str | None]]  # code, name, parent
    stations: list[str]


def province(count: int) -> Province:
    stations = max(4, count // PER_STATION)  # at least a few: some declarations come in a neighbour's workbook
    cities = max(1, min(14, stations // 40))
    counties_per_city = max(1, stations // (cities * 10))
    units: list[tuple[str, str, str | None]] = [("P00", "省公安厅", None)]
    parents = []
    for c in range(cities):
        units.append((f"P00C{c:02d}", f"第{c + 1}市公安局", "P00"))
        for k in range(counties_per_city):
            code = f"P00C{c:02d}K{k:02d}"
            units.append((code, f"第{c + 1}市第{k + 1}县公安局", f"P00C{c:02d}"))
            parents.append(code)
    codes = []
    for s in range(stations):
        code = f"{parents[s % len(parents)]}S{s:04d}"
        units.append((code, f"第{s + 1}派出所", parents[s % len(parents)]))
        codes.append(code)
    return Province(units, codes)


def _workbook_id(campaign: str, unit: str) -> str:
    return f"{campaign[:8]}{unit:0>56}"[-64:]


def _head_key(unit: str) -> str:
    return f"head:{unit}"


def fill_province(engine: Engine, count: int, seed: int = 2026, *, hostile: bool = False) -> dict[str, int]:
    """Write ``count`` officers' declarations of this year's and last year's campaign; returns what was written."""
    rng = random.Random(seed)
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    shape = province(count)
    _units, roster = build_roster(min(count, 5000), seed, today=TODAY)
    maker = _ContentMaker(seed)
    with engine.begin() as connection:
        migrate(connection)
        _fixed_tables(connection, shape, rng)
    batch = _Batch(engine)
    for index in range(count):
        unit = shape.stations[index % len(shape.stations)]
        number = _HOSTILE_NUMBERS[index % len(_HOSTILE_NUMBERS)] + f"-{index}" if hostile else f"{index:07d}"
        name = _HOSTILE_TEXT[index % len(_HOSTILE_TEXT)] if hostile and index % 3 == 0 else fake.name()
        officer = dataclasses.replace(roster[index % len(roster)], police_number=number, name=name, unit_code=unit)
        fate = rng.random()
        if hostile and index % 10 == 0:  # every irregular case, even among a few hundred officers
            fate = _IRREGULAR[index // 10 % len(_IRREGULAR)]
        batch.add("officers", {**officer.to_dict(), "on_roster": True})
        if fate < 0.01:  # listed by the unit as not declared
            batch.add("missing", _missing(officer, rng))
        elif fate >= 0.015:  # (0.01 to 0.015: on the roster, in no workbook)
            content = maker.declaration(officer, TODAY).to_dict()
            _vary_enterprises(content, index, rng, hostile)
            other = shape.stations[(index + 1) % len(shape.stations)]
            _declare(batch, officer, content, _Fate(index, fate, rng.random(), unit, other), rng)
    batch.flush()
    return batch.written


@dataclasses.dataclass(frozen=True)
class _Fate:
    index: int
    fate: float  # what befalls the officer's declaration (see _declare)
    change: float  # what changed since last year
    unit: str
    other_unit: str  # a neighbouring station


class _Batch:
    """Rows to insert, written every BATCH declarations (the generator's memory stays bounded too)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.rows: dict[str, list[dict[str, Any]]] = {
            "officers": [],
            "declarations": [],
            "interests": [],
            "missing": [],
        }
        self.written = {"declarations": 0, "interests": 0, "missing": 0, "roster": 0}
        self.row_id = 0

    def add(self, kind: str, row: dict[str, Any]) -> None:
        self.rows[kind].append(row)
        if kind in ("missing", "officers"):
            self.written["missing" if kind == "missing" else "roster"] += 1
        if len(self.rows["declarations"]) >= BATCH:
            self.flush()

    def flush(self) -> None:
        with self.engine.begin() as connection:
            for name, table in (
                ("officers", schema.officers),
                ("declarations", schema.imported_declarations),
                ("interests", schema.imported_interests),
                ("missing", schema.imported_missing),
            ):
                if self.rows[name]:
                    connection.execute(table.insert(), self.rows[name])
                self.rows[name].clear()


def _vary_enterprises(content: dict[str, Any], index: int, rng: random.Random, hostile: bool) -> None:
    for n, item in enumerate(content["interests"]):
        if hostile and n == 0 and index % 5 == 0:
            item["enterprise_name"] = _HOSTILE_TEXT[index % len(_HOSTILE_TEXT)] + "（有限公司）"
            item["uscc"] = "91350100M000100Y4" + "3X"[index % 2]  # the second fails its check character
        elif rng.random() < 0.99:  # Faker repeats company names; real enterprises differ
            item["enterprise_name"] += f"第{index}之{n}分店"


def _declare(batch: _Batch, officer: Any, content: dict[str, Any], fate: _Fate, rng: random.Random) -> None:
    for campaign in (PREVIOUS, CURRENT):
        now = dict(content)
        if (campaign == PREVIOUS and fate.change < 0.05) or (campaign == CURRENT and 0.05 <= fate.change < 0.1):
            now["interests"] = content["interests"][1:]  # gained one since last year, or lost one without an exit
            now["answers"] = _answers(now["interests"])
        copies = [(fate.unit, 1)]
        if campaign == CURRENT and 0.995 <= fate.fate < 0.997:  # declared again in another unit's workbook
            copies.append((fate.other_unit, 1))
        if campaign == CURRENT and 0.997 <= fate.fate < 0.999:  # the older version put back beside the newer
            copies.append((fate.unit, 2))
        for workbook_unit, version in copies:
            batch.row_id += 1
            row = _declaration(batch.row_id, campaign, workbook_unit, officer, now, version, fate, rng)
            for row_no, item in enumerate(now["interests"], start=1):
                batch.add("interests", _interest(batch.row_id, row_no, item))
            batch.add("declarations", row)
            if campaign == CURRENT:
                batch.written["declarations"] += 1
                batch.written["interests"] += len(now["interests"])


def _answers(interests: list[dict[str, Any]]) -> dict[str, bool]:
    return {q.value: any(i["question"] == q for i in interests) for q in Question}


def _fixed_tables(connection: Connection, shape: Province, rng: random.Random) -> None:
    connection.execute(
        schema.units.insert(),
        [{"code": c, "name": n, "parent_code": p, "jurisdiction": n[:4]} for c, n, p in shape.units],
    )
    heads = [
        {
            "police_number": f"H{u:06d}",
            "name": f"所长{u}",
            "id_number": "11010519491231002X",
            "unit_code": code,
            "position": "所长",
            "rank_level": "",
            "is_leadership_member": False,
            "is_unit_head": True,
            "is_division_level": False,
            "on_roster": True,
        }
        for u, code in enumerate(shape.stations)
    ]
    connection.execute(schema.officers.insert(), heads)
    stations = set(shape.stations)
    for campaign, deadline in DEADLINES.items():
        connection.execute(
            schema.imported_workbooks.insert(),
            [_workbook(campaign, deadline, code, name) for code, name, _p in shape.units if code in stations],
        )
    connection.execute(
        schema.imported_keys.insert(),
        [
            {
                "fingerprint": _head_key(code),
                "public_key": bytes(32),
                "role": "unit_head",
                "login": f"h{u}",
                "police_number": f"H{u:06d}",
                "name": f"所长{u}",
                "unit_code": code,
                "first_workbook_id": _workbook_id(PREVIOUS, code),
            }
            for u, code in enumerate(shape.stations)
        ],
    )
    connection.execute(
        schema.trusted_keys.insert(),
        [
            {
                "fingerprint": _head_key(code),
                "police_number": f"H{u:06d}",
                "login": f"h{u}",
                "name": "",
                "unit_code": code,
                "trusted_by": "jijian01",
                "trusted_at": "2026-12-30T08:00:00Z",
                "note": "",
            }
            for u, code in enumerate(shape.stations)
            if rng.random() < 0.97
        ],
    )


def _workbook(campaign: str, deadline: str, unit: str, unit_name: str) -> dict[str, Any]:
    return {
        "id": _workbook_id(campaign, unit),
        "file_name": f"{unit}.xlsx",
        "file_sha256": "0" * 64,
        "imported_at": f"{deadline[:4]}-12-30T08:00:00Z",
        "imported_by": "jijian01",
        "kind": "unit",
        "unit_code": unit,
        "unit_name": unit_name,
        "campaign_id": campaign,
        "campaign_name": f"{deadline[:4]}年度经商办企业专项登记",
        "campaign_deadline": deadline,
        "commitment_sha256": "a" * 64,
        "exporter_fingerprint": _head_key(unit),
        "exporter_name": "",
        "exported_at": f"{deadline[:4]}-12-29T08:00:00Z",
        "declarations": 0,
        "missing": 0,
        "valid": True,
        "problems": "[]",
    }


def _declaration(
    row_id: int,
    campaign: str,
    unit: str,
    officer: Any,
    content: dict[str, Any],
    version: int,
    fate: _Fate,
    rng: random.Random,
) -> dict[str, Any]:
    year = DEADLINES[campaign][:4]
    failures: list[str] = []
    countersigner = _head_key(officer.unit_code)
    if 0.015 <= fate.fate < 0.016:
        failures = ["officer.signature_invalid"]
    elif 0.016 <= fate.fate < 0.017:
        countersigner, failures = f"officer:{officer.police_number}", ["countersignature.self"]
    elif 0.017 <= fate.fate < 0.018:
        countersigner = _head_key(fate.other_unit)  # a head of another station
    late = campaign == CURRENT and rng.random() < 0.02
    return {
        "id": row_id,
        "workbook_id": _workbook_id(campaign, unit),
        "declaration_id": f"{campaign[:4]}{fate.index:027x}{version}",
        "version": version,
        "campaign_id": campaign,
        "police_number": officer.police_number,
        "name": officer.name,
        "id_number": officer.id_number,
        "unit_code": officer.unit_code,
        "unit_name": "",
        "is_leadership_member": officer.is_leadership_member,
        "is_unit_head": officer.is_unit_head,
        "is_division_level": officer.is_division_level,
        "content": json.dumps({**content, "campaign_id": campaign}, ensure_ascii=False, sort_keys=True),
        "signed_at": f"{year}-12-{'30' if late else '01'}T02:00:00Z",
        "signer_fingerprint": f"officer:{officer.police_number}",
        "officer_signature": bytes(64),
        "commitment_sha256": "a" * 64,
        "countersigned_at": f"{year}-12-02T02:00:00Z",
        "countersigner_fingerprint": countersigner,
        "opinion": "属实",
        "officer_public_key": bytes(32),
        "countersignature": bytes(64),
        "late": late,
        "valid": not failures,
        "failures": json.dumps(failures),
        "sheet_row": 3,
        "form_version": 1,
        "supersedes": None,
    }


_INTEREST_COLUMNS = INTEREST_NAMES[2:]  # as the import stores them, after the parent row and number


def _interest(row_id: int, row_no: int, item: dict[str, Any]) -> dict[str, Any]:
    return {"declaration_row": row_id, "row_no": row_no, **{k: item.get(k) for k in _INTEREST_COLUMNS}}


def _missing(officer: Any, rng: random.Random) -> dict[str, Any]:
    return {
        "workbook_id": _workbook_id(CURRENT, officer.unit_code),
        "police_number": officer.police_number,
        "name": officer.name,
        "unit_code": officer.unit_code,
        "unit_name": "",
        "status": rng.choice(("not_started", "draft", "signed", "returned")),
    }
