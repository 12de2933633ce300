"""The demo's registers (比对核查): an enterprise register, special-trade licences and a mapped list of individual
businesses, made from the demo's own declarations so that every register rule fires, most register rows agree with
what was declared, and a known clean officer fires nothing.

- An officer nobody cast in another part is the legal representative of a hotel the officer did not declare (exact
  ID number): undeclared involvement in a police-regulated trade.
- The spouse the 'regulated' officer declared in a hotel is also the operator of a locksmith's shop, in the licence
  register with a masked ID number (probable): undeclared, regulated. The declared hotel agrees with the register.
- The 'identifier' officer declared 10 % of a trading company; the register shows 60 %: declared but different.
- The 'contradiction' officer's brother, declared as the nominee of a repair shop, is its operator in a list that
  has names and birth dates only (name only): declared but different (role).
- The clean officer's name appears with a masked ID number that does not agree: no match.
- Two hundred other people and enterprises (Faker) match nobody.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

from faker import Faker

from desktop.domain.campaigns import Campaign
from desktop.domain.declarations import DeclarationStatus
from desktop.domain.interests import BusinessInterest
from desktop.domain.officers import Officer
from desktop.domain.questions import Relation
from desktop.services.demo.identities import IdNumbers
from desktop.services.inspection.registers import import_register
from desktop.services.session.session import Session
from desktop.store.repositories import declarations as repo
from desktop.store.store import Store

ENTERPRISE_HEADINGS = [
    "企业名称", "统一社会信用代码", "企业类型", "登记状态", "成立日期", "住所", "经营范围", "注册资本（万元）",
    "法定代表人", "法定代表人身份证号", "人员姓名", "证件号码", "人员类型", "持股比例",
]  # fmt: skip
LICENCE_HEADINGS = [
    "许可证号",
    "特种行业类别",
    "场所名称",
    "场所地址",
    "主管公安机关",
    "负责人",
    "负责人身份证号",
    "许可证状态",
]
OTHER_HEADINGS = ["字号", "姓名", "身份", "出生年月日", "登记机关"]
OTHER_MAPPING = {
    "字号": "enterprise_name",
    "姓名": "person_name",
    "身份": "person_role",
    "出生年月日": "person_birth",
    "登记机关": "police_unit",
}


def _countersigned(record: repo.DeclarationRecord | None) -> bool:
    return record is not None and record.status is DeclarationStatus.COUNTERSIGNED


def _mask(number: str) -> str:
    return number[:6] + "*" * 8 + number[14:]


def _rows_csv(rows: list[list[str]], encoding: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def _xlsx(path: Path, rows: list[list[str]]) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("市场主体")
    for row in rows:
        sheet.append([value or None for value in row])
    workbook.save(path)


def play_registers(
    store: Store,
    inspector: Callable[[], Session],
    parts: dict[str, Officer],
    officers: list[Officer],
    current: Campaign,
    out: Path,
    seed: int,
) -> dict[str, str]:
    """Write the three extracts into ``out``, import them as the inspector; returns part → police number."""
    with store.transaction() as connection:
        records = {o.police_number: repo.latest(connection, current.id, o.police_number) for o in officers}
    cast = {o.police_number for o in parts.values()}
    stranger = next(
        (
            o
            for o in sorted(officers, key=lambda o: o.police_number)
            if o.police_number not in cast and not o.is_key_person and _countersigned(records.get(o.police_number))
        ),
        None,
    )
    fake = Faker("zh_CN")
    fake.seed_instance(seed + 14)
    numbers = IdNumbers(seed + 14)
    enterprise_rows: list[list[str]] = [ENTERPRISE_HEADINGS]
    licence_rows: list[list[str]] = [LICENCE_HEADINGS]
    other_rows: list[list[str]] = [OTHER_HEADINGS]
    played: dict[str, str] = {}

    def declared(part: str, relation: Relation | None = None) -> list[BusinessInterest]:
        """The part's declared interests (of ``relation``)."""
        officer = parts.get(part)
        record = records.get(officer.police_number) if officer else None
        if record is None:
            return []
        return [i for i in record.declaration.interests if relation is None or i.relation is relation]

    if stranger is not None:
        played["register_undeclared"] = stranger.police_number
        enterprise_rows.append(
            ["清河市悦来客栈有限公司", "", "有限责任公司", "存续", "2019-04-02", "清河市东城街道18号", "住宿服务",
             "50", stranger.name, stranger.id_number, "", "", "", ""]
        )  # fmt: skip
    for interest in declared("regulated", Relation.SPOUSE)[:1]:
        played["register_family"] = parts["regulated"].police_number
        enterprise_rows.append(
            [interest.enterprise_name, interest.uscc, "有限责任公司", "存续", "2016-08-08", "清河市福源路1号",
             "住宿服务", "100", "", "", interest.holder_name, interest.holder_id_number, "股东", ""]
        )  # fmt: skip
        licence_rows.append(
            ["公特锁字第0107号", "开锁业", "清河市鑫源开锁服务部", "清河市福源路9号", "清河市公安局龙山派出所",
             interest.holder_name, _mask(interest.holder_id_number), "有效"]
        )  # fmt: skip
    for interest in declared("identifier")[:1]:
        officer = parts["identifier"]
        played["register_differs"] = officer.police_number
        enterprise_rows.append(
            [interest.enterprise_name, interest.uscc, "有限责任公司", "存续", "2017-01-09", "清河市商贸城3号",
             "日用百货批发零售", "200", "", "", officer.name, officer.id_number, "股东", "60%"]
        )  # fmt: skip
    for interest in declared("contradiction", Relation.SIBLING)[:1]:
        played["register_role"] = parts["contradiction"].police_number
        birth = interest.holder_id_number[6:14]
        other_rows.append(
            [
                interest.enterprise_name,
                interest.holder_name,
                "经营者",
                f"{birth[:4]}-{birth[4:6]}-{birth[6:]}",
                "清河市市场监管局",
            ]
        )
    if "clean" in parts:
        clean = parts["clean"]
        played["clean"] = clean.police_number
        own = clean.id_number  # the same region, a birth date hidden, other last four characters
        wrong = own[:6] + "********" + ("0000" if own[14:] != "0000" else "1111")
        enterprise_rows.append(
            ["清河市同名餐饮店", "", "个体工商户", "存续", "2020-06-01", "清河市", "餐饮服务", "", clean.name,
             wrong, "", "", "", ""]
        )  # fmt: skip
    for n in range(200):
        person = numbers.id_number(current.start_date, min_age=20, max_age=70)
        enterprise_rows.append(
            [fake.company(), "", "有限责任公司", "存续" if n % 7 else "注销", fake.date(), fake.address(), "技术服务",
             str(10 * (n % 9 + 1)), fake.name(), person, fake.name(), _mask(person), "股东", f"{n % 50 + 1}%"]
        )  # fmt: skip
    day = current.deadline + dt.timedelta(days=6)
    enterprises, licences, others = (
        out / "市场监管-企业登记.xlsx",
        out / "特种行业许可证.csv",
        out / "个体工商户名单.csv",
    )
    _xlsx(enterprises, enterprise_rows)
    licences.write_bytes(_rows_csv(licence_rows, "gbk"))
    others.write_bytes(_rows_csv(other_rows, "utf-8-sig"))
    session = inspector()
    import_register(session, enterprises, "enterprise", label=f"市场监管局 {day.isoformat()}")
    import_register(session, licences, "licence", label="治安支队特种行业")
    import_register(session, others, "other", label="个体工商户", mapping=OTHER_MAPPING, mapping_name="演示个体户名单")
    return played
