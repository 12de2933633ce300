"""An independent generator of declaration workbooks (format 2, form version 2), written from
docs/workbook-format.md alone (C.4): openpyxl for the cells, rfc8785 for canonical JSON, cryptography for Ed25519.
Imports nothing from ``desktop``."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from tests.exchange.independent import spec
from tests.exchange.independent.verifier import b64, content_of, fingerprint


@dataclass
class Signer:
    seed: bytes
    login: str
    police_number: str
    name: str
    unit_code: str

    @property
    def private(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(self.seed).digest())

    @property
    def public_key(self) -> bytes:
        return self.private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    def sign(self, message: bytes) -> bytes:
        return self.private.sign(message)


@dataclass
class Declared:
    """One declaration's cells (by column key, values as they enter the payload) before signing."""

    row: dict[str, object]
    interests: list[dict[str, object]] = field(default_factory=list)
    members: list[dict[str, object]] = field(default_factory=list)


COMMITMENT = "本人承诺：以上填报内容真实、准确、完整。"
CAMPAIGN = "c" * 32


def example(officer: Signer, declaration_id: str = "e" * 32) -> Declared:
    """A form version 2 declaration: a spouse listed with a hotel, and a child listed with none."""
    row: dict[str, object] = {
        "declaration_id": declaration_id,
        "version": 1,
        "form_version": 2,
        "campaign_id": CAMPAIGN,
        "police_number": officer.police_number,
        "name": officer.name,
        "id_number": "22040219800101001X",
        "unit_code": officer.unit_code,
        "unit_name": "龙山区分局向阳派出所",
        "position": "民警",
        "rank_level": "一级警长",
        "is_leadership_member": False,
        "is_unit_head": False,
        "is_division_level": False,
        "political_status": "cpc_member",
        "mobile": "13904371234",
        **{"answer_" + q: q == "relatives_business" for q in spec.QUESTIONS},
        "acknowledged_warnings": "",
        "remarks": "无",
    }
    members = [
        {
            "member_id": "F1",
            "relation": "spouse",
            "name": "李梅",
            "id_number": "220402198203030326",
            "work_unit": "自营",
            "position": "经营者",
            "public_servant": False,
        },
        {
            "member_id": "F2",
            "relation": "child",
            "name": "王乐",
            "id_number": "220402200805050011",
            "work_unit": "向阳小学",
            "position": "学生",
            "public_servant": False,
        },
    ]
    interests = [
        {
            "row_no": 1,
            "question": "relatives_business",
            "relation": "spouse",
            "holder_member_id": "F1",
            "holder_name": "李梅",
            "holder_id_number": "220402198203030326",
            "enterprise_name": "向阳快捷宾馆",
            "uscc": "92220402MA0Y7K3L0D",
            "registered_address": "辽源市龙山区向阳街8号",
            "business_scope": "住宿服务",
            "registered_capital_wan": "20",
            "registration_authority": "辽源市龙山区市场监督管理局",
            "trade_code": "hotel",
            "trade_name": "旅馆业",  # A.8: the catalogue's name of the code, and whether it is police-regulated
            "regulated": True,
            "roles": ["investor", "legal_representative"],
            "share_percent": "100",
            "capital_wan": "20",
            "income_wan": None,
            "start_date": "2019-06-01",
            "end_date": None,
            "status": "operating",
            "within_jurisdiction": True,
            "related_to_duties": False,
            "rectification": "2027年6月底前注销",
            "note": "",
        }
    ]
    return Declared(row, interests, members)


def _sign(declared: Declared, officer: Signer, head: Signer) -> None:
    """C.4 step 2: the officer's signature, and a countersignature of payload format 2."""
    row = declared.row
    commitment = hashlib.sha256(COMMITMENT.encode("utf-8")).hexdigest()
    row |= {
        "signed_at": "2027-03-05T01:00:00Z",
        "commitment_sha256": commitment,
        "signer_fingerprint": officer.fingerprint,
    }
    content = content_of(row, declared.interests, declared.members, 2)
    officer_payload = rfc8785.dumps(
        {
            "type": "officer-declare/declaration-signature",
            "format_version": 1,
            "declaration_id": row["declaration_id"],
            "version": row["version"],
            "declaration": content,
            "commitment_sha256": commitment,
            "signer_fingerprint": officer.fingerprint,
            "signed_at": row["signed_at"],
        }
    )
    row["officer_signature"] = officer.sign(officer_payload)
    row |= {
        "opinion": "经核对，属实。",
        "countersigned_at": "2027-03-05T03:00:00Z",
        "countersigner_fingerprint": head.fingerprint,
        "officer_public_key": officer.public_key,
        "countersignature_format": "2",
        "supersedes": "",
    }
    counter_payload = {
        "type": "officer-declare/countersignature",
        "format_version": 2,
        "officer_payload_sha256": hashlib.sha256(officer_payload).hexdigest(),
        "officer_signature": b64(row["officer_signature"]),  # type: ignore[arg-type]
        "officer_public_key": b64(officer.public_key),
        "opinion": row["opinion"],
        "countersigner_fingerprint": head.fingerprint,
        "countersigned_at": row["countersigned_at"],
        "declaration_version": row["version"],
        "supersedes": None,
    }
    row["countersignature"] = head.sign(rfc8785.dumps(counter_payload))


def _text(kind: str, key: str, value: object, sheet: str) -> str:
    """A.2/A.4: the text written for a value."""
    if value is None:
        return ""
    if kind == "yes_no":
        return "是" if value else "否"
    if kind == "base64":
        return b64(value)  # type: ignore[arg-type]
    if kind == "words":
        return "\n".join(spec.WORDS["role"][code] for code in value)  # type: ignore[attr-defined]
    if kind == "word":
        words = {
            "question": spec.WORDS["question"],
            "relation": spec.WORDS["relation"],
            "political_status": spec.WORDS["political_status"],
            "status": spec.WORDS["interest_status"] if sheet == spec.INTERESTS else spec.WORDS["declaration_status"],
        }[key]
        return words.get(str(value), str(value))
    return str(value)


def _write_table(workbook: openpyxl.Workbook, name: str, rows: list[dict[str, object]]) -> None:
    columns = spec.sheets_of(2, 2)[name]
    sheet = workbook.create_sheet(name)
    sheet.append([heading for _key, heading, _kind in columns])
    sheet.append([key for key, _heading, _kind in columns])
    for number, row in enumerate(rows, start=3):
        for index, (key, _heading, kind) in enumerate(columns, start=1):
            text = _text(kind, key, row.get(key), name)
            if text:
                cell = sheet.cell(number, index)
                cell.value = spec.written(text)  # Excel's escapes (A.2)
                cell.data_type = "s"  # text, never a formula (A.2)


def generate(target: Path, officer: Signer, head: Signer, declared: list[Declared] | None = None) -> Path:
    """A unit workbook of format 2 on form version 2, the batch signed by the head."""
    declared = declared if declared is not None else [example(officer)]
    for one in declared:
        _sign(one, officer, head)
    rows, family, interests = [], [], []
    for one in declared:
        row = dict(one.row)
        declaration_id = row["declaration_id"]
        id_number = str(row["id_number"])
        row |= {
            "interest_count": len(one.interests),
            "family_member_count": len(one.members),
            "status": "countersigned",
            "late": False,
            "countersigner_name": head.name,
            "sex": "男" if int(id_number[16]) % 2 else "女",
            "date_of_birth": f"{id_number[6:10]}-{id_number[10:12]}-{id_number[12:14]}",
        }
        rows.append(row)
        family += [{**m, "declaration_id": declaration_id, "police_number": row["police_number"]} for m in one.members]
        interests += [
            {**i, "declaration_id": declaration_id, "police_number": row["police_number"], "name": row["name"]}
            for i in one.interests
        ]
    cover = {
        "format": spec.FORMAT_NAME,
        "format_version": "2",
        "form_version": "2",
        "kind": "unit",
        "unit_code": head.unit_code,
        "unit_name": "龙山区分局向阳派出所",
        "campaign_id": CAMPAIGN,
        "campaign_name": "2027年度专项登记",
        "campaign_start": "2027-03-01",
        "campaign_deadline": "2027-03-31",
        "commitment_version": "independent-1",
        "commitment_sha256": hashlib.sha256(COMMITMENT.encode("utf-8")).hexdigest(),
        "commitment_text": COMMITMENT,
        "declarations": str(len(rows)),
        "interests": str(len(interests)),
        "missing": "0",
        "exported_at": "2027-03-06T02:00:00Z",
        "exporter_login": head.login,
        "exporter_name": head.name,
        "exporter_fingerprint": head.fingerprint,
        "audit_head": "1:" + "0" * 64,
    }
    keys = [
        {
            "fingerprint": head.fingerprint,
            "public_key": head.public_key,
            "role": "exporter",
            "login": head.login,
            "police_number": head.police_number,
            "name": head.name,
            "unit_code": head.unit_code,
        }
    ]
    batch = rfc8785.dumps(
        {
            "type": "officer-declare/workbook",
            "format_version": 2,
            "cover": cover,
            "declarations": sorted(
                [str(r["declaration_id"]), b64(r["officer_signature"]), b64(r["countersignature"])]  # type: ignore[arg-type]
                for r in rows
            ),
            "keys": sorted(
                [
                    k["fingerprint"],
                    b64(k["public_key"]),
                    k["role"],
                    k["login"],
                    k["police_number"],
                    k["name"],
                    k["unit_code"],
                ]  # type: ignore[arg-type]
                for k in keys
            ),
            "missing": [],
        }
    )
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    front = workbook.create_sheet(spec.COVER)
    front.append(["民警参与经商办企业情况登记汇总表"])
    values = {**cover, "batch_signature": base64.b64encode(head.sign(batch)).decode("ascii")}
    for key, label in spec.COVER_FIELDS_2:
        front.append([label, key, spec.written(values[key])])
    _write_table(workbook, spec.DECLARATIONS, rows)
    _write_table(workbook, spec.FAMILY, family)
    _write_table(workbook, spec.INTERESTS, interests)
    _write_table(workbook, spec.KEYS, keys)
    _write_table(workbook, spec.MISSING, [])
    workbook.save(target)
    return target
