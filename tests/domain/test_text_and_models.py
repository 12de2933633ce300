"""Text normalisation, the models' plain-value round trips, the trade catalog, the unit tree and campaigns."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import threading
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from desktop.domain.campaigns import Campaign, commitment_digest
from desktop.domain.declarations import CONTENT_VERSION, Declaration
from desktop.domain.interests import BusinessInterest, InterestRole, InterestStatus
from desktop.domain.officers import Officer
from desktop.domain.questions import Question, Relation
from desktop.domain.text import clean_text, decimal_text, parse_date, parse_decimal, parse_flag
from desktop.domain.trades import TradeCatalog, default_catalog, load_catalog
from desktop.domain.units import Unit, ancestors, descendants
from tests.domain.builders import OFFICER_ID, SPOUSE_ID, declaration, interest, officer

# --- clean_text ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        pytest.param("Jose\u0301", "Jos\u00e9", id="decomposed-e-acute"),
        pytest.param("吕 Lu\u0308", "吕 L\u00fc", id="chinese-with-combining-diaeresis"),
        pytest.param("张三 Zha\u0304ng", "张三 Zh\u0101ng", id="pinyin-tone-mark"),
        pytest.param("  王建国\t\n", "王建国", id="surrounding-white-space"),
        pytest.param("王 建国", "王 建国", id="inner-space-kept"),
        pytest.param("辽源市公安局", "辽源市公安局", id="already-composed"),
        pytest.param(None, "", id="none"),
        pytest.param(12, "12", id="number"),
    ],
)
def test_clean_text_is_nfc_without_surrounding_white_space(typed: object, stored: str) -> None:
    assert clean_text(typed) == stored
    assert unicodedata.is_normalized("NFC", clean_text(typed))


def test_clean_text_makes_different_byte_forms_of_the_same_text_equal() -> None:
    composed, decomposed = "Jos\u00e9 吕", "Jose\u0301 吕"
    assert composed != decomposed
    assert clean_text(composed).encode("utf-8") == clean_text(decomposed).encode("utf-8")


def test_clean_text_is_idempotent() -> None:
    text = " Jose\u0301 吕 Lu\u0308 "
    assert clean_text(clean_text(text)) == clean_text(text)


def test_clean_text_maps_cjk_compatibility_ideographs_to_unified_ones() -> None:
    # A property of NFC worth knowing: U+F92C (a compatibility ideograph) becomes U+90CE 郎.
    assert clean_text("\uf92c") == "\u90ce"


def test_clean_text_keeps_full_width_characters() -> None:
    # NFC, not NFKC: full-width letters and digits stay as typed.
    assert clean_text("ＡＢＣ１２３") == "ＡＢＣ１２３"


# --- parse_decimal and decimal_text ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("12.50", Decimal("12.50")),
        (" 7 ", Decimal(7)),
        ("1,000.5", Decimal("1000.5")),
        ("-3", Decimal(-3)),
        (0.1, Decimal("0.1")),
        (5, Decimal(5)),
        (Decimal("2.5"), Decimal("2.5")),
        ("1E+2", Decimal(100)),
    ],
)
def test_parse_decimal_reads_numbers(value: object, expected: Decimal | None) -> None:
    assert parse_decimal(value, "capital_wan") == expected


def test_parse_decimal_reads_a_float_by_its_shortest_repr_not_its_binary_value() -> None:
    assert str(parse_decimal(0.1, "share_percent")) == "0.1"


@pytest.mark.parametrize("value", ["abc", "12,5%", "NaN", "Infinity", "-inf", "1.2.3", float("nan"), float("inf")])
def test_parse_decimal_refuses_what_is_not_a_finite_number_naming_the_field(value: object) -> None:
    with pytest.raises(ValueError, match=r"^capital_wan: .* is not a number$"):
        parse_decimal(value, "capital_wan")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("12.50"), "12.5"),
        (Decimal("12.5"), "12.5"),
        (Decimal("1E+2"), "100"),
        (Decimal(100), "100"),
        (Decimal("100.000"), "100"),
        (Decimal("0.0"), "0"),
        (Decimal("-0"), "0"),
        (Decimal("-0.00"), "0"),
        (Decimal("0.001"), "0.001"),
        (Decimal("1E-7"), "0.0000001"),
        (Decimal("-2.50"), "-2.5"),
        (Decimal("10000000"), "10000000"),
        (None, None),
    ],
)
def test_decimal_text_gives_one_form_per_amount(value: Decimal | None, text: str | None) -> None:
    assert decimal_text(value) == text


@pytest.mark.parametrize(("a", "b"), [("12.50", "12.5"), ("1E+2", "100"), ("0.0", "0"), ("-0", "0.000")])
def test_equal_amounts_written_differently_have_the_same_text(a: str, b: str) -> None:
    assert decimal_text(Decimal(a)) == decimal_text(Decimal(b))


# --- parse_date ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-01-02", dt.date(2020, 1, 2)),
        (" 2020-01-02 ", dt.date(2020, 1, 2)),
        ("2020/01/02", dt.date(2020, 1, 2)),
        ("2020.01.02", dt.date(2020, 1, 2)),
        ("20200102", dt.date(2020, 1, 2)),
        ("2020-01-02 00:00:00", dt.date(2020, 1, 2)),
        ("2020-01-02T08:30:00", dt.date(2020, 1, 2)),
        (dt.date(2020, 1, 2), dt.date(2020, 1, 2)),
        (dt.datetime(2020, 1, 2, 23, 59), dt.date(2020, 1, 2)),
        (None, None),
        ("", None),
    ],
)
def test_parse_date_reads_iso_dates_with_dashes_slashes_or_dots(value: object, expected: dt.date | None) -> None:
    assert parse_date(value, "start_date") == expected


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("2020/1/2", id="not-zero-padded-slashes"),
        pytest.param("2020-1-2", id="not-zero-padded-dashes"),
        pytest.param("2020.1.2", id="not-zero-padded-dots"),
        pytest.param("2020年1月2日", id="chinese"),
        pytest.param("02/01/2020", id="day-first"),
        pytest.param("2020-02-30", id="february-30"),
        pytest.param("2020-13-01", id="month-13"),
        pytest.param("2020-01-021", id="typo-with-an-extra-digit"),
        pytest.param("2020-01-0212", id="two-extra-digits"),
        pytest.param("yesterday", id="word"),
        pytest.param(" ", id="blank"),
        pytest.param(43831, id="spreadsheet-serial-number"),
    ],
)
def test_parse_date_refuses_other_forms_naming_the_field(value: object) -> None:
    with pytest.raises(ValueError, match=r"^start_date: .* is not a date \(YYYY-MM-DD\)$"):
        parse_date(value, "start_date")


# --- parse_flag ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True), (False, False), (None, False), ("", False),
        ("true", True), ("TRUE", True), ("1", True), ("yes", True), ("是", True), ("Y", True), (1, True),
        ("false", False), ("0", False), ("no", False), ("否", False), ("n", False), (0, False),
    ],
)  # fmt: skip
def test_parse_flag_reads_yes_and_no(value: object, expected: bool) -> None:
    assert parse_flag(value, "within_jurisdiction") is expected


@pytest.mark.parametrize("value", ["maybe", "2", "对"])
def test_parse_flag_refuses_other_values_naming_the_field(value: str) -> None:
    with pytest.raises(ValueError, match=r"^within_jurisdiction: .* is not yes or no$"):
        parse_flag(value, "within_jurisdiction")


# --- Officer, BusinessInterest and Declaration round trips ------------------------------------------------------------


@pytest.mark.parametrize(
    "person",
    [
        officer(),
        officer(is_leadership_member=True, is_unit_head=True, is_division_level=True, position="局长"),
        officer(police_number="000123", position="", rank_level=""),
    ],
)
def test_officer_round_trips_through_plain_values(person: Officer) -> None:
    data = person.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert Officer.from_dict(data) == person


def test_officer_from_dict_reads_yes_no_text_flags() -> None:
    data = {**officer().to_dict(), "is_leadership_member": "否", "is_unit_head": "false", "is_division_level": "是"}
    person = Officer.from_dict(data)
    assert (person.is_leadership_member, person.is_unit_head, person.is_division_level) == (False, False, True)
    assert not Officer.from_dict({**data, "is_division_level": "0"}).is_key_person


def test_officer_from_dict_normalises_text() -> None:
    data = {**officer().to_dict(), "name": " 吕 Lu\u0308 ", "position": None}
    person = Officer.from_dict(data)
    assert (person.name, person.position) == ("吕 L\u00fc", "")


@pytest.mark.parametrize("field", ["police_number", "name", "id_number", "unit_code"])
def test_officer_from_dict_without_a_required_field_names_it(field: str) -> None:
    data = officer().to_dict()
    del data[field]
    with pytest.raises(ValueError, match=rf"^{field}: missing$"):
        Officer.from_dict(data)


def test_officer_is_a_key_person_by_any_of_the_three_flags() -> None:
    assert not officer().is_key_person
    assert officer(is_leadership_member=True).is_key_person
    assert officer(is_unit_head=True).is_key_person
    assert officer(is_division_level=True).is_key_person


@pytest.mark.parametrize("question", list(Question))
def test_interest_round_trips_through_plain_values(question: Question) -> None:
    row = interest(question, within_jurisdiction=True, related_to_duties=True, note="备注")
    data = row.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert BusinessInterest.from_dict(data) == row


def test_interest_to_dict_writes_iso_dates_and_decimal_text() -> None:
    row = interest(Question.SHAREHOLDING, share_percent=Decimal("12.50"), capital_wan=Decimal("1E+2"))
    data = row.to_dict()
    assert data["share_percent"] == "12.5"
    assert data["capital_wan"] == "100"
    assert data["income_wan"] is None
    assert data["start_date"] == "2019-06-01"
    assert data["end_date"] is None
    assert data["question"] == "shareholding"
    assert data["relation"] == "self"


def test_interest_from_dict_fills_defaults_and_normalises() -> None:
    row = BusinessInterest.from_dict(
        {
            "question": "relatives_business",
            "relation": "spouse",
            "holder_name": " 张丽 ",
            "holder_id_number": SPOUSE_ID[:-1] + SPOUSE_ID[-1].lower(),
            "enterprise_name": "Cafe\u0301 龙山",
            "uscc": "92220402ma0y7k3l0d",
            "share_percent": "30",
            "start_date": "2010/09/01",
            "within_jurisdiction": "是",
        }
    )
    assert row.question is Question.RELATIVES_BUSINESS
    assert row.relation is Relation.SPOUSE
    assert row.holder_name == "张丽"
    assert row.enterprise_name == "Caf\u00e9 龙山"
    assert row.uscc == "92220402MA0Y7K3L0D"
    assert row.role is InterestRole.OTHER
    assert row.status is InterestStatus.OPERATING
    assert row.share_percent == Decimal(30)
    assert row.start_date == dt.date(2010, 9, 1)
    assert row.within_jurisdiction is True
    assert row.related_to_duties is False
    assert row.trade_code == ""


def test_declaration_round_trips_through_plain_values() -> None:
    original = declaration(
        acknowledged_warnings=("interests[0].uscc:uscc.check_character", "officer.id_number:id_number.region"),
        remarks="无其他情况。",
    )
    data = original.to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert Declaration.from_dict(data) == original
    assert Declaration.from_dict(data).to_dict() == data


def test_declaration_with_unanswered_questions_round_trips() -> None:
    original = declaration(answers={Question.OWN_BUSINESS: True}, interests=(interest(),))
    data = original.to_dict()
    assert data["answers"] == {q.value: (True if q is Question.OWN_BUSINESS else None) for q in Question}
    assert Declaration.from_dict(data) == original


def test_declaration_to_dict_has_a_fixed_shape() -> None:
    data = declaration(acknowledged_warnings=("b:x", "a:y")).to_dict()
    assert list(data) == [
        "content_version", "campaign_id", "officer", "unit_name", "answers", "interests",
        "acknowledged_warnings", "remarks",
    ]  # fmt: skip
    assert data["content_version"] == CONTENT_VERSION
    assert list(data["answers"]) == [q.value for q in Question]
    assert data["acknowledged_warnings"] == ["a:y", "b:x"]


def _declaration_data() -> dict:
    return declaration().to_dict()


def _with(path: str, value: object) -> dict:
    """The declaration's plain values with one entry (dotted path, numeric parts index lists) replaced or removed."""
    data = _declaration_data()
    *parents, last = path.split(".")
    target: object = data
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]  # type: ignore[index]
    key: object = int(last) if isinstance(target, list) else last
    if value is _DELETE:
        del target[key]  # type: ignore[union-attr]
    else:
        target[key] = value  # type: ignore[index]
    return data


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        pytest.param("answers", ["yes"], r"^answers: expected", id="answers-not-an-object"),
        pytest.param("answers.own_business", "yes", r"^answers\.own_business: expected true or false", id="answer"),
        pytest.param("answers.cousins_business", True, r"^answers: 'cousins_business' is not a question", id="q"),
        pytest.param("interests", {"a": 1}, r"^interests: expected a list", id="interests-not-a-list"),
        pytest.param("interests.0", "row", r"^interests\[0\]: expected an object", id="row-not-an-object"),
        pytest.param("interests.1.question", "gambling", r"^interests\[1\]\.question: 'gambling'", id="question"),
        pytest.param("interests.1.relation", "cousin", r"^interests\[1\]\.relation: 'cousin'", id="relation"),
        pytest.param("interests.1.relation", _DELETE, r"^interests\[1\]\.relation: None", id="relation-missing"),
        pytest.param("interests.2.role", "boss", r"^interests\[2\]\.role: 'boss'", id="role"),
        pytest.param("interests.3.status", "closed", r"^interests\[3\]\.status: 'closed'", id="status"),
        pytest.param("interests.1.share_percent", "五", r"^interests\[1\]\.share_percent: '五' is not a num", id="sh"),
        pytest.param("interests.0.capital_wan", "12,5%", r"^interests\[0\]\.capital_wan: ", id="capital"),
        pytest.param("interests.2.income_wan", "NaN", r"^interests\[2\]\.income_wan: ", id="income"),
        pytest.param("interests.0.start_date", "2020/1/2", r"^interests\[0\]\.start_date: '2020/1/2' is not", id="s"),
        pytest.param("interests.3.end_date", "2024-02-30", r"^interests\[3\]\.end_date: ", id="end-date"),
        pytest.param(
            "interests.0.within_jurisdiction", "maybe", r"^interests\[0\]\.within_jurisdiction: 'maybe'", id="flag"
        ),
        pytest.param("interests.0.related_to_duties", "对", r"^interests\[0\]\.related_to_duties: '对'", id="flag-2"),
        pytest.param("acknowledged_warnings", "W1", r"^acknowledged_warnings: expected a list", id="warnings-text"),
        pytest.param("acknowledged_warnings", 3, r"^acknowledged_warnings: expected a list", id="warnings-number"),
        pytest.param("officer", "王建国", r"^officer: expected an object", id="officer-not-an-object"),
        pytest.param("officer", _DELETE, r"^officer: expected an object", id="officer-missing"),
        pytest.param("officer.name", _DELETE, r"^officer\.name: missing", id="officer-name-missing"),
        pytest.param("officer.id_number", _DELETE, r"^officer\.id_number: missing", id="officer-id-missing"),
        pytest.param("officer.is_unit_head", "maybe", r"^officer\.is_unit_head: 'maybe'", id="officer-flag"),
    ],
)
def test_declaration_from_dict_errors_name_the_field(path: str, value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Declaration.from_dict(_with(path, value))


def test_declaration_from_dict_skips_answers_given_as_null() -> None:
    data = _with("answers.shareholding", None)
    assert Question.SHAREHOLDING not in Declaration.from_dict(data).answers


def test_declaration_keeps_the_officer_snapshot_id_number() -> None:
    assert Declaration.from_dict(_declaration_data()).officer.id_number == OFFICER_ID


# --- the trade catalog ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalog() -> TradeCatalog:
    return default_catalog()


def test_catalog_has_a_version_and_trades(catalog: TradeCatalog) -> None:
    assert catalog.version
    assert len(catalog.trades) >= 20


def test_catalog_codes_are_unique(catalog: TradeCatalog) -> None:
    codes = [t.code for t in catalog.trades]
    assert len(codes) == len(set(codes))


def test_catalog_codes_are_stable_machine_names(catalog: TradeCatalog) -> None:
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", t.code) for t in catalog.trades)


def test_every_trade_has_a_chinese_and_an_english_name(catalog: TradeCatalog) -> None:
    for trade in catalog.trades:
        assert re.search(r"[\u4e00-\u9fff]", trade.name_zh), trade
        assert re.fullmatch(r"[A-Za-z][A-Za-z ,()\-é]*", trade.name_en), trade
        assert trade.name_zh.strip() == trade.name_zh
        assert trade.name_en.strip() == trade.name_en


def test_catalog_names_are_unique_in_each_language(catalog: TradeCatalog) -> None:
    assert len({t.name_zh for t in catalog.trades}) == len(catalog.trades)
    assert len({t.name_en.lower() for t in catalog.trades}) == len(catalog.trades)


@pytest.mark.parametrize(
    "code", ["hotel", "pawnshop", "scrap_metal", "seal_engraving", "internet_cafe", "driving_school"]
)
def test_police_regulated_trades_are_marked_regulated(catalog: TradeCatalog, code: str) -> None:
    assert catalog.is_regulated(code)
    assert catalog.get(code) is not None
    assert catalog.get(code).regulated


@pytest.mark.parametrize("code", ["catering", "retail", "other"])
def test_ordinary_trades_are_not_regulated(catalog: TradeCatalog, code: str) -> None:
    assert catalog.get(code) is not None
    assert not catalog.is_regulated(code)


def test_unknown_trade_is_not_found_and_not_regulated(catalog: TradeCatalog) -> None:
    assert catalog.get("casino") is None
    assert not catalog.is_regulated("casino")
    assert not catalog.is_regulated("")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("旅馆", "hotel"),
        ("典当", "pawnshop"),
        ("网吧", "internet_cafe"),
        ("驾校", "driving_school"),
        ("废旧金属", "scrap_metal"),
        ("印章", "seal_engraving"),
        ("餐饮", "catering"),
        ("hotel", "hotel"),
        ("Pawn", "pawnshop"),
        ("INTERNET CAF", "internet_cafe"),
        ("driving school", "driving_school"),
        ("scrap-metal", "scrap_metal"),
        (" catering ", "catering"),
        ("seal_engraving", "seal_engraving"),
    ],
)
def test_catalog_search_finds_by_chinese_english_or_code(catalog: TradeCatalog, text: str, code: str) -> None:
    assert code in [t.code for t in catalog.search(text)]


def test_catalog_search_for_nothing_matching_is_empty(catalog: TradeCatalog) -> None:
    assert catalog.search("赌场") == []
    assert catalog.search("casino") == []


def test_catalog_search_with_empty_text_lists_everything(catalog: TradeCatalog) -> None:
    assert catalog.search("") == list(catalog.trades)


def test_load_catalog_reads_another_file(tmp_path: Path) -> None:
    path = tmp_path / "catalog.json"
    path.write_text(
        json.dumps({"version": 7, "trades": [{"code": "x", "zh": "某业", "en": "X", "regulated": 1}]}),
        encoding="utf-8",
    )
    loaded = load_catalog(path)
    assert loaded.version == "7"
    assert loaded.get("x") is not None
    assert loaded.is_regulated("x")


# --- units ---------------------------------------------------------------------------------------------------------

PROVINCE = Unit("220000", "吉林省公安厅")
CITY = Unit("220400", "辽源市公安局", "220000")
LONGSHAN = Unit("220402", "辽源市公安局龙山区分局", "220400", "龙山区")
XIAN = Unit("220403", "辽源市公安局西安区分局", "220400", "西安区")
STATION = Unit("220402-01", "向阳派出所", "220402")
OTHER_CITY = Unit("220100", "长春市公安局", "220000")
TREE = [STATION, XIAN, LONGSHAN, CITY, OTHER_CITY, PROVINCE]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("220402-01", ["220402", "220400", "220000"]),
        ("220402", ["220400", "220000"]),
        ("220000", []),
        ("999999", []),
    ],
)
def test_ancestors_are_listed_nearest_first(code: str, expected: list[str]) -> None:
    assert ancestors(code, TREE) == expected


def test_ancestors_stop_at_a_parent_missing_from_the_data() -> None:
    orphan = Unit("x1", "孤立单位", "missing")
    assert ancestors("x1", [orphan]) == ["missing"]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("220000", {"220400", "220402", "220403", "220402-01", "220100"}),
        ("220400", {"220402", "220403", "220402-01"}),
        ("220402", {"220402-01"}),
        ("220402-01", set()),
        ("999999", set()),
    ],
)
def test_descendants_are_every_unit_below_not_including_itself(code: str, expected: set[str]) -> None:
    assert descendants(code, TREE) == expected


CYCLE = [Unit("a", "A", "c"), Unit("b", "B", "a"), Unit("c", "C", "b"), Unit("d", "D", "c")]


def _within_seconds(seconds: float, function, *args: object) -> object:
    """Run ``function`` in a daemon thread so that an endless loop fails the test instead of hanging the suite."""
    results: list[object] = []
    worker = threading.Thread(target=lambda: results.append(function(*args)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"{function.__name__}{args[:1]} did not finish: it loops"
    return results[0]


def test_a_cycle_in_the_unit_tree_does_not_loop() -> None:
    assert _within_seconds(5, ancestors, "a", CYCLE) == ["c", "b"]
    assert _within_seconds(5, ancestors, "d", CYCLE) == ["c", "b", "a"]
    assert _within_seconds(5, descendants, "a", CYCLE) == {"b", "c", "d"}
    assert _within_seconds(5, descendants, "d", CYCLE) == set()


def test_a_unit_that_is_its_own_parent_has_no_ancestors_or_descendants() -> None:
    selfish = [Unit("s", "S", "s")]
    assert ancestors("s", selfish) == []
    assert descendants("s", selfish) == set()


# --- campaigns -----------------------------------------------------------------------------------------------------

COMMITMENT = "本人承诺:以上填报内容真实、完整,如有隐瞒、漏报,愿承担相应责任。\n签字:"


def campaign(**changes: object) -> Campaign:
    fields: dict[str, object] = {
        "id": "2026-longshan-1",
        "name": "2026年民警经商办企业专项整治",
        "start_date": dt.date(2026, 11, 1),
        "deadline": dt.date(2026, 11, 30),
        "commitment_text": COMMITMENT,
        "commitment_version": "2026.1",
    }
    fields.update(changes)
    return Campaign(**fields)  # type: ignore[arg-type]


def test_commitment_sha256_is_sha256_of_the_utf8_text() -> None:
    expected = hashlib.sha256(COMMITMENT.encode("utf-8")).hexdigest()
    assert campaign().commitment_sha256 == expected
    assert commitment_digest(COMMITMENT) == expected
    assert re.fullmatch(r"[0-9a-f]{64}", expected)


def test_commitment_sha256_changes_with_any_change_of_the_text() -> None:
    assert campaign().commitment_sha256 != campaign(commitment_text=COMMITMENT + " ").commitment_sha256
    # Not normalised: the digest is of the exact text shown.
    assert commitment_digest("Jos\u00e9") != commitment_digest("Jose\u0301")


@pytest.mark.parametrize(
    ("today", "left"),
    [
        (dt.date(2026, 11, 1), 29),
        (dt.date(2026, 11, 29), 1),
        (dt.date(2026, 11, 30), 0),
        (dt.date(2026, 12, 1), -1),
        (dt.date(2027, 1, 1), -32),
    ],
)
def test_days_left_counts_to_the_deadline_and_goes_negative_after(today: dt.date, left: int) -> None:
    assert campaign().days_left(today) == left


@pytest.mark.parametrize(
    ("signed_on", "late"),
    [
        (dt.date(2026, 11, 1), False),
        (dt.date(2026, 11, 30), False),
        (dt.date(2026, 12, 1), True),
        (dt.date(2027, 3, 1), True),
    ],
)
def test_signing_on_the_deadline_is_on_time_and_after_it_late(signed_on: dt.date, late: bool) -> None:
    assert campaign().is_late(signed_on) is late
