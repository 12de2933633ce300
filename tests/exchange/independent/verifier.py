"""An independent verifier of declaration workbooks, written from docs/workbook-format.md alone: openpyxl to read the
cells, rfc8785 for canonical JSON, cryptography for Ed25519. Imports nothing from ``desktop``.

It reports the problems of the file as a whole (cover, counts, batch, keys, shown columns it checks) and each
declaration's signature failures; ``consistent`` is true when there are none (A.9: consistent, not trusted)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from tests.exchange.independent import spec

Row = dict[str, object]
#: The most family members a declaration lists on form version 2 (C.3 step 1; decision 222).
MOST_FAMILY_MEMBERS = 50
#: The most interests a declaration lists on form versions 1 and 2 (B.2 step 1; decision 234).
MOST_INTERESTS = 200


@dataclass
class Verdict:
    format_version: int = 0
    form_version: int = 0
    problems: list[str] = field(default_factory=list)
    failures: dict[str, list[str]] = field(default_factory=dict)  # declaration id → what fails
    exporter: str = ""
    heads: set[str] = field(default_factory=set)

    @property
    def consistent(self) -> bool:
        return not self.problems and not any(self.failures.values())

    def trusted_by(self, fingerprints: set[str]) -> bool:
        """A.9: every head's and the exporter's key is among the trusted fingerprints."""
        return self.consistent and {*self.heads, self.exporter} <= fingerprints


def fingerprint(public_key: bytes) -> str:
    digest = hashlib.sha256(public_key).hexdigest()
    return ":".join(digest[i : i + 4] for i in range(0, 64, 4))


def b64(data: bytes | None) -> str:
    return base64.b64encode(data).decode("ascii") if data else ""


def _signature_holds(public_key: bytes, signature: bytes | None, message: bytes) -> bool:
    if not signature or len(public_key) != 32:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except InvalidSignature:
        return False
    return True


def _cell_text(kind: str, raw: object) -> str:
    """A.2: the text a reader's value stands for."""
    if raw is None:
        return ""
    if isinstance(raw, str):
        return spec.clean(spec.cell_text(raw))
    if isinstance(raw, bool):
        if kind == "yes_no":
            return "是" if raw else "否"
        raise spec.BadCell("boolean")
    if isinstance(raw, dt.date):
        return _date_text(kind, raw)
    if isinstance(raw, int | float) and kind == "integer" and float(raw).is_integer():
        return str(int(raw))
    if isinstance(raw, int | float) and kind == "decimal":
        return repr(raw)
    raise spec.BadCell(f"{type(raw).__name__} in a {kind} column")


def _date_text(kind: str, raw: dt.date) -> str:
    if kind == "date":
        return (raw.date() if isinstance(raw, dt.datetime) else raw).isoformat()
    if kind == "time" and isinstance(raw, dt.datetime):
        return raw.strftime("%Y-%m-%dT%H:%M:%SZ")
    raise spec.BadCell("date")


_WORDS_OF = {
    "question": spec.WORDS["question"],
    "relation": spec.WORDS["relation"],
    "role": spec.WORDS["role"],
    "roles": spec.WORDS["role"],
    "political_status": spec.WORDS["political_status"],
}


def _words(sheet: str, key: str) -> dict[str, str]:
    if key == "status":
        return spec.WORDS["interest_status"] if sheet == spec.INTERESTS else spec.WORDS["declaration_status"]
    return _WORDS_OF.get(key, {})


def _table(sheet, name: str, columns: tuple[tuple[str, str, str], ...], verdict: Verdict) -> list[Row]:  # type: ignore[no-untyped-def]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    kinds = {key: kind for key, _heading, kind in columns}
    key_row = next((i for i, row in enumerate(rows[:5]) if sum(v in kinds for v in row) >= 2), None)
    if key_row is None:
        verdict.problems.append(f"{name}: no row of keys")
        return []
    positions = {v: i for i, v in enumerate(rows[key_row]) if v in kinds}
    if set(kinds) - set(positions):
        verdict.problems.append(f"{name}: missing columns {sorted(set(kinds) - set(positions))}")
        return []
    if key_row > 0:
        _headings(name, rows[key_row - 1], rows[key_row], columns, verdict)
    table = []
    for number, row in enumerate(rows[key_row + 1 :], start=key_row + 2):
        if all(v is None or v == "" for v in row):
            continue
        values: Row = {}
        for key, position in positions.items():
            raw = row[position] if position < len(row) else None
            try:
                values[key] = spec.value_of(kinds[key], _cell_text(kinds[key], raw), _words(name, key))
            except spec.BadCell as exc:
                verdict.problems.append(f"{name} row {number} {key}: {exc}")
        table.append(values)
    return table


def _headings(
    name: str, headings: list[object], keys: list[object], columns: tuple[tuple[str, str, str], ...], verdict: Verdict
) -> None:
    """A.1: the heading above each key is its key's, and no column that is no key's is headed as a key's (hidden or
    not), both compared as cleaned text (A.2)."""
    heading_of = {key: heading for key, heading, _kind in columns}
    for index in range(max(len(headings), len(keys))):
        raw = headings[index] if index < len(headings) else None
        text = spec.clean(spec.cell_text(raw)) if isinstance(raw, str) else ""
        key = keys[index] if index < len(keys) else None
        if key in heading_of:
            if text != heading_of[key]:  # type: ignore[index]
                verdict.problems.append(f"{name}: the heading of {key} is {text!r}")
        elif text and text in heading_of.values():
            verdict.problems.append(f"{name}: {text!r} heads a column that is no key's")


def _cover(sheet, verdict: Verdict) -> dict[str, str]:  # type: ignore[no-untyped-def]
    known = dict(spec.COVER_FIELDS_2)
    cover: dict[str, str] = {}
    for row in sheet.iter_rows(values_only=True):
        if len(row) >= 3 and isinstance(row[1], str) and row[1] in known:
            text = spec.clean(spec.cell_text(row[2])) if isinstance(row[2], str) else ""
            cover[row[1]] = f"{cover[row[1]]}\n{text}" if row[1] in cover and cover[row[1]] != text else text
    return cover


#: A.1: row 1 of the cover holds this title and nothing else.
TITLE = "民警参与经商办企业情况登记汇总表"
#: A.8: the trade catalogue the shown trade_name and regulated cells are derived from.
CATALOGUE = Path(__file__).parents[3] / "resources" / "trades" / "catalog.json"


def _title(sheet, verdict: Verdict) -> None:  # type: ignore[no-untyped-def]
    first = [cell.value for cell in next(sheet.iter_rows(min_row=1, max_row=1), ())]
    texts = [spec.clean(spec.cell_text(v)) if isinstance(v, str) else v for v in first] or [None]
    if texts[0] != TITLE or any(v not in (None, "") for v in texts[1:]):
        verdict.problems.append("the cover's title row is not the format's title alone")


def _trades(interests: list[Row], verdict: Verdict) -> None:
    """A.8: beside a trade code the catalogue knows, its Chinese name and whether it is police-regulated."""
    trades = {t["code"]: (t["zh"], bool(t["regulated"])) for t in json.loads(CATALOGUE.read_text("utf-8"))["trades"]}
    for row in interests:
        known = trades.get(str(row.get("trade_code")))
        if known is not None and (row.get("trade_name"), row.get("regulated")) != known:
            verdict.problems.append(f"{row.get('declaration_id')}: trade name or regulated is not the catalogue's")


def _structure(workbook, verdict: Verdict) -> None:  # type: ignore[no-untyped-def]
    for sheet in workbook.worksheets:
        if sheet.merged_cells.ranges:
            verdict.problems.append(f"{sheet.title}: merged cells")
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    verdict.problems.append(f"{sheet.title} {cell.coordinate}: formula")


def verify(path: Path) -> Verdict:
    verdict = Verdict()
    workbook = openpyxl.load_workbook(path)
    _structure(workbook, verdict)
    cover = _cover(workbook[spec.COVER], verdict)
    _title(workbook[spec.COVER], verdict)
    if cover.get("format") != spec.FORMAT_NAME or cover.get("format_version") not in ("1", "2"):
        verdict.problems.append("not a declaration workbook of format 1 or 2")
        return verdict
    verdict.format_version = int(cover["format_version"])
    verdict.form_version = 1 if verdict.format_version == 1 else int(cover.get("form_version") or 0)
    if verdict.form_version not in (1, 2):
        verdict.problems.append("unknown form version")
        return verdict
    fields = spec.COVER_FIELDS_1 if verdict.format_version == 1 else spec.COVER_FIELDS_2
    cover = {key: cover[key] for key, _label in fields if key in cover}
    if len(cover) != len(fields):
        verdict.problems.append("cover lacks fields")
    tables = {
        name: _table(workbook[name], name, columns, verdict)
        for name, columns in spec.sheets_of(verdict.format_version, verdict.form_version).items()
    }
    keys = {
        str(k["fingerprint"]): k["public_key"]
        for k in tables[spec.KEYS]
        if isinstance(k["public_key"], bytes) and fingerprint(k["public_key"]) == k["fingerprint"]
    }
    if len(keys) != len(tables[spec.KEYS]):
        verdict.problems.append("a key does not match its fingerprint")
    if any(k["role"] not in ("unit_head", "officer", "exporter") for k in tables[spec.KEYS]):
        verdict.problems.append("a key role is not one of the three")
    _cover_checks(cover, tables, verdict)
    _trades(tables[spec.INTERESTS], verdict)
    _batch(cover, tables, keys, verdict)
    _declarations(cover, tables, keys, verdict)
    return verdict


def _cover_checks(cover: dict[str, str], tables: dict[str, list[Row]], verdict: Verdict) -> None:
    text = cover.get("commitment_text", "")
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != cover.get("commitment_sha256"):
        verdict.problems.append("commitment digest")
    for key, sheet in (("declarations", spec.DECLARATIONS), ("interests", spec.INTERESTS), ("missing", spec.MISSING)):
        if cover.get(key) != str(len(tables[sheet])):
            verdict.problems.append(f"cover count {key}")


def _batch(cover: dict[str, str], tables: dict[str, list[Row]], keys: dict[str, object], verdict: Verdict) -> None:
    verdict.exporter = cover.get("exporter_fingerprint", "")
    payload = rfc8785.dumps(
        {
            "type": "officer-declare/workbook",
            "format_version": verdict.format_version,
            "cover": {k: v for k, v in cover.items() if k != "batch_signature"},
            "declarations": sorted(
                [
                    # A.6: "" beside no officer signature; a cell that does not convert, taken as empty
                    str(d.get("declaration_id", "")) if d.get("officer_signature") else "",
                    b64(d.get("officer_signature")),  # type: ignore[arg-type]
                    b64(d.get("countersignature")),  # type: ignore[arg-type]
                ]
                for d in tables[spec.DECLARATIONS]  # every row (A.6), also one refused or repeated
            ),
            "keys": sorted(
                [
                    str(k["fingerprint"]),
                    b64(k["public_key"]),  # type: ignore[arg-type]
                    str(k["role"]),
                    str(k["login"]),
                    str(k["police_number"]),
                    str(k["name"]),
                    str(k["unit_code"]),
                ]
                for k in tables[spec.KEYS]
            ),
            "missing": sorted(
                [str(m["police_number"]), str(m["name"]), str(m["unit_code"]), str(m["unit_name"]), str(m["status"])]
                for m in tables[spec.MISSING]
            ),
        }
    )
    signature = base64.b64decode(cover.get("batch_signature", "")) if cover.get("batch_signature") else None
    key = keys.get(verdict.exporter)
    if not isinstance(key, bytes) or not _signature_holds(key, signature, payload):
        verdict.problems.append("batch signature")


def _interest(row: Row, form_version: int) -> dict[str, object]:
    data: dict[str, object] = {
        "question": row["question"],
        "relation": row["relation"],
        "holder_name": row["holder_name"],
        "holder_id_number": str(row["holder_id_number"]).upper(),
        "enterprise_name": row["enterprise_name"],
        "uscc": str(row["uscc"]).upper(),
        "trade_code": row["trade_code"],
        "share_percent": row["share_percent"],
        "capital_wan": row["capital_wan"],
        "income_wan": row["income_wan"],
        "start_date": row["start_date"],
        "end_date": row["end_date"],
        "status": row["status"],
        "within_jurisdiction": bool(row["within_jurisdiction"]),
        "related_to_duties": bool(row["related_to_duties"]),
        "rectification": row["rectification"],
        "note": row["note"],
    }
    if form_version == 1:
        data["role"] = row["role"]
        return data
    data |= {
        "holder_member_id": row["holder_member_id"],
        "roles": row["roles"] or ["other"],
        "registered_address": row["registered_address"],
        "business_scope": row["business_scope"],
        "registered_capital_wan": row["registered_capital_wan"],
        "registration_authority": row["registration_authority"],
    }
    return data


def _lines(text: str) -> list[str]:
    for separator in ("\x85", "\u2028", "\u2029"):
        text = text.replace(separator, "\n")
    return sorted(line for line in text.split("\n") if line.strip())


def content_of(row: Row, interests: list[Row], members: list[Row], form_version: int) -> dict[str, object]:
    """B.2 step 2 and C.3 step 2."""
    officer: dict[str, object] = {
        key: row[key] for key in ("police_number", "name", "id_number", "unit_code", "position", "rank_level")
    }
    officer |= {key: bool(row[key]) for key in ("is_leadership_member", "is_unit_head", "is_division_level")}
    content: dict[str, object] = {
        "content_version": 1,
        "campaign_id": row["campaign_id"],
        "officer": officer,
        "unit_name": row["unit_name"],
        "answers": {q: row["answer_" + q] for q in spec.QUESTIONS},
        "interests": [_interest(i, form_version) for i in interests],
        "acknowledged_warnings": _lines(str(row["acknowledged_warnings"])),
        "remarks": row["remarks"],
    }
    if form_version >= 2:
        officer |= {"political_status": row["political_status"] or None, "mobile": row["mobile"]}
        content["form_version"] = form_version
        content["family_members"] = [
            {
                "member_id": m["member_id"],
                "relation": m["relation"],
                "name": m["name"],
                "id_number": str(m["id_number"]).upper(),
                "work_unit": m["work_unit"],
                "position": m["position"],
                "public_servant": bool(m["public_servant"]),
            }
            for m in members
        ]
    return content


def _per_declaration(rows: list[Row], most: int, what: str, verdict: Verdict) -> dict[object, list[Row]]:
    """B.2 and C.3 step 1: the rows of each declaration id; each row past the most, a problem, left out."""
    listed: dict[object, list[Row]] = {}
    for row in rows:
        own = listed.setdefault(row["declaration_id"], [])
        if len(own) >= most:
            verdict.problems.append(f"{row['declaration_id']}: too many {what}")
            continue
        own.append(row)
    return listed


def _declarations(
    cover: dict[str, str], tables: dict[str, list[Row]], keys: dict[str, object], verdict: Verdict
) -> None:
    single = cover.get("kind") == "single"
    interests = _per_declaration(tables[spec.INTERESTS], MOST_INTERESTS, "interests", verdict)
    members = _per_declaration(tables.get(spec.FAMILY, []), MOST_FAMILY_MEMBERS, "family members", verdict)
    seen: set[str] = set()
    for row in tables[spec.DECLARATIONS]:
        named = str(row.get("declaration_id", ""))
        if named in seen:  # A.11: a later row of an id, whether or not its officer_signature is empty
            verdict.problems.append(f"{named}: declaration.duplicate")
            continue
        seen.add(named)
        # A.6: a row without officer signature is a failing declaration under the id "", its id cell claims nothing
        declaration_id = named if row.get("officer_signature") else ""
        failures = verdict.failures.setdefault(declaration_id, [])
        own = sorted(interests.get(declaration_id, []), key=lambda r: int(r["row_no"]))  # type: ignore[call-overload]
        if [r["row_no"] for r in own] != list(range(1, len(own) + 1)):
            verdict.problems.append(f"{declaration_id}: interests numbering")
        family = sorted(members.get(declaration_id, []), key=lambda m: int(str(m["member_id"])[1:] or 0))
        if [m["member_id"] for m in family] != [f"F{n}" for n in range(1, len(family) + 1)]:
            verdict.problems.append(f"{declaration_id}: family numbering")
        if row["campaign_id"] != cover.get("campaign_id"):
            verdict.problems.append(f"{declaration_id}: campaign")
        if verdict.form_version >= 2 and row["form_version"] != verdict.form_version:
            verdict.problems.append(f"{declaration_id}: form version")
        _check_signatures(row, own, family, keys, verdict, failures, cover, single)


def _check_signatures(  # noqa: C901 - the document's steps, one after another
    row: Row,
    interests: list[Row],
    members: list[Row],
    keys: dict[str, object],
    verdict: Verdict,
    failures: list[str],
    cover: dict[str, str],
    single: bool,
) -> None:
    content = content_of(row, interests, members, verdict.form_version)
    officer_payload = rfc8785.dumps(
        {
            "type": "officer-declare/declaration-signature",
            "format_version": 1,
            "declaration_id": row["declaration_id"],
            "version": row["version"],
            "declaration": content,
            "commitment_sha256": row["commitment_sha256"],
            "signer_fingerprint": row["signer_fingerprint"],
            "signed_at": row["signed_at"],
        }
    )
    counter = row.get("countersignature")  # A.6: a cell that does not convert, taken as empty
    # A.5: the countersignature's officer_public_key stands in only when the row has a countersignature.
    officer_key = keys.get(str(row["signer_fingerprint"])) or (
        row["officer_public_key"] if counter is not None else None
    )
    if row.get("supersedes") and (counter is None or row.get("countersignature_format") != "2"):
        verdict.problems.append(f"{row['declaration_id']}: supersedes without a format 2 countersignature")
    if not row.get("officer_signature"):
        failures.append("officer.missing")
    elif not isinstance(officer_key, bytes) or fingerprint(officer_key) != row["signer_fingerprint"]:
        failures.append("officer.key")
    elif counter is not None and row["officer_public_key"] != officer_key:
        failures.append("officer.key_mismatch")
    elif row["commitment_sha256"] != cover.get("commitment_sha256"):
        failures.append("officer.commitment")
    elif not _signature_holds(officer_key, row["officer_signature"], officer_payload):  # type: ignore[arg-type]
        failures.append("officer.signature")
    if counter is None:
        if not single:
            failures.append("countersignature.missing")
        return
    head = str(row["countersigner_fingerprint"])
    verdict.heads.add(head)
    payload: dict[str, object] = {
        "type": "officer-declare/countersignature",
        "format_version": 1,
        "officer_payload_sha256": hashlib.sha256(officer_payload).hexdigest(),
        "officer_signature": b64(row.get("officer_signature")),  # type: ignore[arg-type]
        "officer_public_key": b64(row["officer_public_key"]),  # type: ignore[arg-type]
        "opinion": row["opinion"],
        "countersigner_fingerprint": head,
        "countersigned_at": row["countersigned_at"],
    }
    if row.get("countersignature_format", "1") in ("", "1", None):
        pass
    elif row["countersignature_format"] == "2":
        payload |= {"format_version": 2, "declaration_version": row["version"], "supersedes": row["supersedes"] or None}
    else:
        failures.append("countersignature.format")
        return
    head_key = keys.get(head)
    if head == row["signer_fingerprint"]:
        failures.append("countersignature.self")
    elif not isinstance(head_key, bytes) or not _signature_holds(head_key, counter, rfc8785.dumps(payload)):  # type: ignore[arg-type]
        failures.append("countersignature.signature")
