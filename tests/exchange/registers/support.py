"""Small register extracts written as real .xlsx and .csv files for the tests."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from tests.domain.builders import id_number

ENTERPRISE_HEADINGS = [
    "企业名称",
    "统一社会信用代码",
    "企业类型",
    "登记状态",
    "成立日期",
    "住所",
    "经营范围",
    "注册资本（万元）",
    "法定代表人",
    "法定代表人身份证号",
    "人员姓名",
    "证件号码",
    "人员类型",
    "职务",
    "持股比例",
    "认缴出资额（万元）",
]
LICENCE_HEADINGS = [
    "许可证号",
    "特种行业类别",
    "场所名称",
    "统一社会信用代码",
    "场所地址",
    "主管公安机关",
    "负责人",
    "负责人身份证号",
    "许可证状态",
]
#: People of the tests (valid ID numbers).
ZHANG_ID = id_number("220402", "19800101", "011")
LI_ID = id_number("220402", "19850505", "022")
WANG_ID = id_number("110105", "19700707", "033")
MASKED_LI = LI_ID[:6] + "********" + LI_ID[14:]


def enterprise_rows() -> list[list[str]]:
    return [
        ENTERPRISE_HEADINGS,
        # A hotel: legal representative 张伟 (full ID), shareholder 李娜 (masked ID), 60 %.
        [
            "清河市宏达宾馆有限公司",
            "91350100M000100Y43",
            "有限责任公司",
            "存续",
            "2015-03-01",
            "清河市龙山区福源路1号",
            "住宿服务；餐饮服务",
            "100",
            "张伟",
            ZHANG_ID,
            "李娜",
            MASKED_LI,
            "股东",
            "",
            "60%",
            "60",
        ],
        # The same enterprise again: a manager named only with the birth date column absent.
        [
            "清河市宏达宾馆有限公司",
            "91350100M000100Y43",
            "有限责任公司",
            "存续",
            "2015-03-01",
            "清河市龙山区福源路1号",
            "住宿服务；餐饮服务",
            "100",
            "",
            "",
            "王强",
            WANG_ID,
            "",
            "监事",
            "",
            "",
        ],
        # A deregistered shop of 张伟.
        [
            "清河市张记五金店",
            "",
            "个体工商户",
            "注销",
            "2010年5月6日",
            "清河市",
            "五金零售",
            "",
            "张伟",
            ZHANG_ID,
            "",
            "",
            "",
            "",
            "",
            "",
        ],
    ]


def licence_rows() -> list[list[str]]:
    return [
        LICENCE_HEADINGS,
        [
            "公特旅字第0001号",
            "旅馆业",
            "清河市宏达宾馆",
            "91350100M000100Y43",
            "清河市龙山区福源路1号",
            "龙山派出所",
            "张伟",
            ZHANG_ID,
            "有效",
        ],
    ]


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("登记信息")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            else:
                sheet.write(r, c, value)
    workbook.close()
    return path


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path
