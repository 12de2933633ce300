"""The driver's executemany path of the import stores exactly what SQLAlchemy Core stores: the same rows read back
through SQLAlchemy, value for value and type for type (booleans, bytes, integers, NULLs, Chinese text)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from desktop.domain.signed import SignedDeclaration
from desktop.exchange.workbook.reader import read_workbook
from desktop.exchange.workbook.verify import verify_workbook
from desktop.services.inspection.import_rows import bulk_insert, declaration_rows
from desktop.services.inspection.row_values import DECLARATION_NAMES
from desktop.services.workflow.export import export_unit
from desktop.store import schema
from tests.conftest import INSPECTOR, RICH_HEAD


def _workbook_row(workbook_id: str) -> dict[str, object]:
    return {
        "id": workbook_id,
        "file_name": "x.xlsx",
        "file_sha256": "0" * 64,
        "imported_at": "2026-11-21T00:00:00Z",
        "imported_by": "t",
        "kind": "unit",
        "unit_code": "1",
        "unit_name": "单位",
        "campaign_id": "c",
        "campaign_name": "n",
        "campaign_deadline": "2026-12-31",
        "commitment_sha256": "0" * 64,
        "exporter_fingerprint": "f",
        "exporter_name": "局长",
        "exported_at": "2026-11-21T00:00:00Z",
        "declarations": 1,
        "missing": 0,
        "valid": True,
        "problems": "[]",
    }


def test_driver_rows_read_back_like_core_rows(demo_world, tmp_path: Path) -> None:
    exported = export_unit(demo_world.login(RICH_HEAD), tmp_path / "unit.xlsx")
    verdict = verify_workbook(read_workbook(exported.path))
    inspector = demo_world.login(INSPECTOR)
    d = schema.imported_declarations
    with inspector.store.transaction() as connection:
        assert connection.dialect.name == "sqlite"
        connection.execute(schema.imported_workbooks.insert(), [_workbook_row("driver"), _workbook_row("core")])
        bulk_insert(connection, d, DECLARATION_NAMES, declaration_rows("driver", verdict))
        core_rows = [
            dict(zip(DECLARATION_NAMES, row, strict=True)) | {"workbook_id": "core"}
            for row in declaration_rows("core", verdict)
        ]
        connection.execute(d.insert(), core_rows)
        stored = {
            w: [
                dict(r._mapping)
                for r in connection.execute(select(d).where(d.c.workbook_id == w).order_by(d.c.declaration_id))
            ]
            for w in ("driver", "core")
        }
    assert len(stored["driver"]) == len(verdict.declarations) > 0
    for by_driver, by_core in zip(stored["driver"], stored["core"], strict=True):
        for name in DECLARATION_NAMES:
            if name == "workbook_id":
                continue
            assert (type(by_driver[name]), by_driver[name]) == (type(by_core[name]), by_core[name]), name
    first = stored["driver"][0]
    assert first["valid"] is True
    assert isinstance(first["officer_signature"], bytes)
    assert isinstance(first["is_unit_head"], bool)
    assert isinstance(first["version"], int)


def test_interest_tuples_are_the_values_of_to_dict() -> None:
    """interest_values writes each stored interest column as BusinessInterest.to_dict() writes it, for form 1 and
    form 2 declarations (several roles: the first is stored), every amount and date present or absent."""
    import dataclasses
    import datetime as dt
    from decimal import Decimal

    from bench.data import declarations
    from desktop.exchange.workbook.model import DeclarationEntry
    from desktop.services.demo.form2 import Form2Details
    from desktop.services.inspection.row_values import _INTEREST_FIELDS, interest_values

    def of_dict(entry: DeclarationEntry) -> list[tuple[object, ...]]:
        rows = []
        for number, interest in enumerate(entry.signed.declaration.interests, start=1):
            data = interest.to_dict()
            rows.append((number, *[data[name] for name in _INTEREST_FIELDS]))
        return rows

    details = Form2Details(5)
    items = declarations(150, seed=21)
    items += [details.complete(item, 2, dt.date(2026, 11, 21)) for item in declarations(150, seed=22)]
    odd = items[0].interests[0] if items[0].interests else None
    if odd is not None:
        for changes in (
            {"share_percent": Decimal("-0"), "capital_wan": Decimal("1E+3"), "start_date": None, "end_date": None},
            {"share_percent": None, "capital_wan": None, "start_date": dt.date(1, 1, 1)},
        ):
            items.append(dataclasses.replace(items[0], interests=(dataclasses.replace(odd, **changes),)))
    seen = 0
    for item in items:
        entry = DeclarationEntry(SignedDeclaration(item, None), "countersigned", False, "")
        got = interest_values(entry)
        assert got == of_dict(entry)
        assert [[type(v) for v in row] for row in got] == [[type(v) for v in row] for row in of_dict(entry)]
        seen += len(got)
    assert seen > 300
