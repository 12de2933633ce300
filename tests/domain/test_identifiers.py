"""ID numbers (GB 11643) and unified social credit codes (GB 32100)."""

from __future__ import annotations

import datetime as dt

import pytest
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidComponent

from desktop.domain.identifiers import check_id_number, check_uscc, normalise_id_number
from desktop.domain.problems import Severity
from tests.domain.builders import TODAY, credit_code, id_number, id_number_ending_in_x, with_wrong_check_digit


def codes(problems: list) -> list[tuple[str, Severity]]:
    return [(p.code, p.severity) for p in problems]


# --- ID numbers: valid ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        pytest.param(id_number("110101", "19900101", "123"), id="beijing-dongcheng-1990"),
        pytest.param(id_number("310104", "19851231", "456"), id="shanghai-xuhui-1985"),
        pytest.param(id_number("440305", "20000229", "789"), id="shenzhen-nanshan-leap-day-2000"),
        pytest.param(id_number("220402", "19840615", "001"), id="longshan-after-1983"),
        pytest.param(id_number("110101", "19000101", "001"), id="earliest-birth-date-1900-01-01"),
        pytest.param(id_number("110101", TODAY.strftime("%Y%m%d"), "001"), id="born-today"),
        pytest.param(id_number_ending_in_x(), id="check-character-x"),
    ],
)
def test_valid_id_number_has_no_problem(number: str) -> None:
    assert check_id_number(number, "id_number", TODAY) == []


def test_id_number_with_region_created_after_birth_year_is_valid() -> None:
    # 220402 (Liaoyuan, Longshan district) dates from 1983; numbers were first issued in the mid-1980s, so an
    # officer born in 1970 holds such a number legitimately.
    number = id_number("220402", "19700101", "123")
    assert check_id_number(number, "id_number", TODAY) == []


def test_stdnum_ric_validate_wrongly_rejects_region_created_after_birth_year() -> None:
    """Documents why check_id_number does not call stdnum.cn.ric.validate as a whole."""
    number = id_number("220402", "19700101", "123")
    assert ric.calc_check_digit(number) == number[-1]  # the check digit is right...
    with pytest.raises(InvalidComponent):  # ...yet stdnum rejects the region for the birth year
        ric.validate(number)
    assert ric.validate(id_number("220402", "19840101", "123"))  # born after 1983: accepted


def test_lowercase_x_is_accepted_and_normalised_to_uppercase() -> None:
    number = id_number_ending_in_x()
    lower = number[:-1] + "x"
    assert check_id_number(lower, "id_number", TODAY) == []
    assert normalise_id_number(lower) == number


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param(lambda n: f"{n[:6]} {n[6:14]} {n[14:]}", id="spaces"),
        pytest.param(lambda n: f"{n[:6]}-{n[6:14]}-{n[14:]}", id="dashes"),
        pytest.param(lambda n: f"  {n}\t", id="surrounding-white-space"),
        pytest.param(lambda n: f"{n[:6]}\u3000{n[6:]}", id="ideographic-space"),
        pytest.param(lambda n: n.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")), id="full-width"),
    ],
)
def test_id_number_typed_with_separators_or_full_width_characters_is_valid_and_normalises(typed) -> None:
    number = id_number_ending_in_x("220402", "19700315")
    assert check_id_number(typed(number), "id_number", TODAY) == []
    assert normalise_id_number(typed(number)) == number


# --- ID numbers: errors --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["", "   ", " - "])
def test_empty_id_number_is_missing(value: str) -> None:
    assert codes(check_id_number(value, "id_number", TODAY)) == [("id_number.missing", Severity.ERROR)]


@pytest.mark.parametrize(
    ("value", "length"),
    [
        pytest.param(id_number()[:17], 17, id="17-characters"),
        pytest.param(id_number() + "1", 19, id="19-characters"),
        pytest.param("11010119900101", 14, id="14-characters"),
        pytest.param("11010190010112X", 15, id="15-characters-with-x"),
    ],
)
def test_id_number_of_wrong_length_is_an_error_stating_the_length(value: str, length: int) -> None:
    problems = check_id_number(value, "id_number", TODAY)
    assert codes(problems) == [("id_number.length", Severity.ERROR)]
    assert problems[0].params == {"length": length}
    assert problems[0].path == "id_number"


def test_15_digit_first_generation_number_is_a_legacy_error() -> None:
    assert codes(check_id_number("110101900101123", "id_number", TODAY)) == [("id_number.legacy_15", Severity.ERROR)]


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("11010A199001011237", id="letter-in-region"),
        pytest.param("1101011990O101123X", id="letter-o-for-zero-in-birth-date"),
        pytest.param("X10101199001011237", id="x-at-start"),
        pytest.param("11010119900101123Y", id="other-letter-at-end"),
        pytest.param("110101199001011２3X".replace("２", "²"), id="superscript-digit"),
        pytest.param("١١٠١٠١١٩٩٠٠١٠١١٢٣٧", id="arabic-indic-digits"),
    ],
)
def test_id_number_with_letters_or_foreign_digits_inside_is_a_format_error(value: str) -> None:
    assert codes(check_id_number(value, "id_number", TODAY)) == [("id_number.format", Severity.ERROR)]


@pytest.mark.parametrize(
    "birth",
    [
        pytest.param("19900230", id="february-30"),
        pytest.param("19901301", id="month-13"),
        pytest.param("19900001", id="month-0"),
        pytest.param("19900100", id="day-0"),
        pytest.param("19900431", id="april-31"),
        pytest.param("19000229", id="february-29-in-1900-not-a-leap-year"),
    ],
)
def test_id_number_with_impossible_birth_date_is_an_error(birth: str) -> None:
    number = id_number("110101", birth, "123")
    assert codes(check_id_number(number, "id_number", TODAY)) == [("id_number.birth_date", Severity.ERROR)]


@pytest.mark.parametrize(
    "birth",
    [
        pytest.param(TODAY + dt.timedelta(days=1), id="tomorrow"),
        pytest.param(dt.date(2030, 1, 1), id="years-ahead"),
        pytest.param(dt.date(1899, 12, 31), id="before-1900"),
        pytest.param(dt.date(1850, 6, 1), id="long-before-1900"),
    ],
)
def test_id_number_with_birth_date_outside_1900_to_today_is_an_error(birth: dt.date) -> None:
    number = id_number("110101", birth.strftime("%Y%m%d"), "123")
    problems = check_id_number(number, "id_number", TODAY)
    assert codes(problems) == [("id_number.birth_date", Severity.ERROR)]
    assert problems[0].params == {"date": birth}  # a date, which the translator writes in the reader's form


def test_an_impossible_birth_date_is_written_as_a_person_reads_a_date() -> None:
    from desktop.i18n import Translator

    [problem] = check_id_number(id_number("110101", "18991231", "123"), "id_number", TODAY)
    assert problem.render(Translator("zh_CN")) == "公民身份号码中的出生日期（1899年12月31日）不符合实际。"
    assert problem.render(Translator("en")) == "The birth date in the ID number (1899-12-31) is not possible."


def test_birth_date_in_the_future_is_judged_against_the_today_passed_in() -> None:
    number = id_number("110101", "20261122", "123")
    assert codes(check_id_number(number, "id_number", dt.date(2026, 11, 21))) == [
        ("id_number.birth_date", Severity.ERROR)
    ]
    assert check_id_number(number, "id_number", dt.date(2026, 11, 22)) == []


@pytest.mark.parametrize(
    "number",
    [
        pytest.param(id_number("110101", "19900101", "123"), id="digit"),
        pytest.param(id_number_ending_in_x(), id="x"),
        pytest.param(id_number("220402", "19700101", "123"), id="region-after-birth-year"),
    ],
)
def test_id_number_with_wrong_check_digit_is_an_error(number: str) -> None:
    wrong = with_wrong_check_digit(number)
    assert codes(check_id_number(wrong, "id_number", TODAY)) == [("id_number.check_digit", Severity.ERROR)]


@pytest.mark.parametrize("position", [0, 3, 5, 14, 15, 16])
def test_id_number_with_any_single_mistyped_digit_fails_the_check_digit(position: int) -> None:
    number = id_number("110101", "19900101", "123")
    for digit in "0123456789":
        if digit == number[position]:
            continue
        mistyped = number[:position] + digit + number[position + 1 :]
        assert codes(check_id_number(mistyped, "id_number", TODAY)) == [("id_number.check_digit", Severity.ERROR)]


# --- ID numbers: region warnings -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "region",
    [
        pytest.param("990000", id="unknown-province"),
        pytest.param("999999", id="unknown-everything"),
        pytest.param("119999", id="known-province-unknown-county"),
    ],
)
def test_id_number_with_unknown_region_is_only_a_warning(region: str) -> None:
    problems = check_id_number(id_number(region, "19900101", "123"), "officer.id_number", TODAY)
    assert codes(problems) == [("id_number.region", Severity.WARNING)]
    assert problems[0].params == {"region": region}
    assert problems[0].key == "officer.id_number:id_number.region"


def test_problems_carry_the_path_given() -> None:
    problems = check_id_number("123", "interests[3].holder_id_number", TODAY)
    assert [p.path for p in problems] == ["interests[3].holder_id_number"]


# --- Unified social credit codes -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        pytest.param(credit_code("91110000600037341"), id="company-beijing"),
        pytest.param(credit_code("92220402MA0Y7K3L0"), id="individual-business-longshan"),
        pytest.param(credit_code("91220400MA17WQ2X8"), id="company-liaoyuan"),
        pytest.param(credit_code("12100000400000624"), id="public-institution"),
        pytest.param(credit_code("93220402MA0000000"), id="farmers-cooperative"),
    ],
)
def test_valid_credit_code_has_no_problem(code: str) -> None:
    assert uscc.is_valid(code)
    assert check_uscc(code, "uscc") == []


@pytest.mark.parametrize("value", ["", "   ", " - "])
def test_empty_credit_code_is_fine_because_not_every_business_has_one(value: str) -> None:
    assert check_uscc(value, "uscc") == []


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param(str.lower, id="lowercase"),
        pytest.param(lambda c: f" {c[:8]} {c[8:]} ", id="spaces"),
        pytest.param(lambda c: f"{c[:8]}-{c[8:]}", id="dash"),
    ],
)
def test_credit_code_typed_in_lowercase_or_with_separators_is_valid(typed) -> None:
    code = credit_code("92220402MA0Y7K3L0")
    assert check_uscc(typed(code), "uscc") == []


@pytest.mark.parametrize(
    ("value", "length"),
    [
        pytest.param(credit_code()[:17], 17, id="17-characters"),
        pytest.param(credit_code() + "1", 19, id="19-characters"),
        pytest.param("9111", 4, id="4-characters"),
        pytest.param("110101900101123", 15, id="old-registration-number"),
    ],
)
def test_credit_code_of_wrong_length_is_an_error(value: str, length: int) -> None:
    problems = check_uscc(value, "uscc")
    assert codes(problems) == [("uscc.length", Severity.ERROR)]
    assert problems[0].params == {"length": length}


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
@pytest.mark.parametrize("position", [9, 12, 17], ids=["organisation-code", "middle", "check-character"])
def test_credit_code_with_letters_i_o_z_s_v_is_a_format_error(letter: str, position: int) -> None:
    code = credit_code("92220402MA0Y7K3L0")
    bad = code[:position] + letter + code[position + 1 :]
    assert codes(check_uscc(bad, "uscc")) == [("uscc.format", Severity.ERROR)]


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("9A2204026000373412", id="letter-in-region-part"),
        pytest.param("91110000600037341#", id="punctuation"),
        pytest.param("91110000中000373411", id="chinese-character"),
    ],
)
def test_credit_code_with_other_foreign_characters_is_a_format_error(value: str) -> None:
    assert codes(check_uscc(value, "uscc")) == [("uscc.format", Severity.ERROR)]


@pytest.mark.parametrize(
    "code",
    [credit_code("91110000600037341"), credit_code("92220402MA0Y7K3L0"), credit_code("91220400MA17WQ2X8")],
)
def test_credit_code_with_wrong_check_character_is_a_warning_not_an_error(code: str) -> None:
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    problems = check_uscc(wrong, "interests[0].uscc")
    assert codes(problems) == [("uscc.check_character", Severity.WARNING)]
    assert problems[0].key == "interests[0].uscc:uscc.check_character"


def test_plain_ascii_numbers_normalise_as_through_stdnum() -> None:
    """normalise_id_number's shortcut for ASCII letters and digits gives what stdnum's clean path gives."""
    import random
    import string

    from stdnum.util import clean

    def through_stdnum(value: str) -> str:
        return clean(value, " -").upper().replace("Ｘ", "X").strip()

    alphabet = string.ascii_letters + string.digits
    assert all(normalise_id_number(c) == through_stdnum(c) for c in map(chr, range(128)))
    rng = random.Random(4)
    for _ in range(2000):
        value = "".join(rng.choice(alphabet + " -`'Ｘｘ１") for _ in range(rng.randint(0, 20)))
        assert normalise_id_number(value) == through_stdnum(value), value
