"""The password policy: at least 8 characters, long passphrases welcome, the commonest passwords refused."""

from __future__ import annotations

import pytest

from desktop.domain.password_policy import MAX_LENGTH, MIN_LENGTH, check_password
from desktop.domain.problems import Severity


def codes(password: str, login: str = "") -> list[str]:
    problems = check_password(password, login)
    assert all(p.severity is Severity.ERROR and p.path == "password" for p in problems)
    return [p.code for p in problems]


def test_limits_are_8_and_far_above_64() -> None:
    assert MIN_LENGTH == 8
    assert MAX_LENGTH >= 64


@pytest.mark.parametrize("password", ["", "k", "Tq9#vL2", "月落乌啼霜满天"])
def test_password_shorter_than_8_characters_is_refused(password: str) -> None:
    problems = check_password(password)
    assert [p.code for p in problems] == ["password.too_short"]
    assert problems[0].params == {"minimum": 8}


@pytest.mark.parametrize(
    "password",
    [
        pytest.param("Tq9#vL2mX", id="9-characters"),
        pytest.param("月落乌啼霜满天地江", id="9-chinese-characters"),
        pytest.param("x7!Kd$q2" * 8, id="64-characters"),
        pytest.param("Rk4&uW9z" * 25, id="200-characters"),
        pytest.param("q" + "w7E!r9Tz" * 127 + "abcdefg", id="1024-characters"),
    ],
)
def test_password_of_up_to_1024_uncommon_characters_is_accepted(password: str) -> None:
    assert len(password) in {9, 64, 200, 1024}
    assert check_password(password) == []


def test_password_longer_than_the_maximum_is_refused() -> None:
    problems = check_password("Rk4&uW9z" * 200)
    assert [p.code for p in problems] == ["password.too_long"]
    assert problems[0].params == {"maximum": MAX_LENGTH}


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",
        "辽源龙山 派出所 2026 夜班咖啡",
        "my cat eats pickled radish at noon",
    ],
)
def test_long_unusual_passphrase_is_accepted(password: str) -> None:
    assert check_password(password, login="wangjianguo") == []


@pytest.mark.parametrize(
    "password",
    [
        "123456789",
        "password1",
        "Password1",
        "PASSWORD1",
        "qwerty123",
        "12345678",
        "woaini1314",
        "WoAiNi1314",
        "qq5201314",
        "1qaz2wsx",
        "aaaaaaaa",
        "abababab",
    ],
)
def test_common_password_is_refused_whatever_its_case(password: str) -> None:
    assert codes(password) == ["password.common"]


def test_common_password_shorter_than_8_is_refused_for_its_length() -> None:
    assert codes("5201314") == ["password.too_short"]


@pytest.mark.parametrize(
    ("password", "login"),
    [
        ("wangjianguo", "wangjianguo"),
        ("WangJianGuo", "wangjianguo"),
        ("police012345", "Police012345"),
    ],
)
def test_password_equal_to_the_login_is_refused(password: str, login: str) -> None:
    assert codes(password, login) == ["password.is_login"]


def test_password_containing_the_login_but_longer_is_accepted() -> None:
    assert check_password("wangjianguo-辽源-night-shift", login="wangjianguo") == []


def test_password_is_checked_without_a_login_too() -> None:
    assert check_password("wangjianguo") == []


@pytest.mark.parametrize(
    "password",
    ["Password1!", "police2026", "Aa12345678", "qwerty2026", "Tq9#vL2m", "月落乌啼霜满天地"],
)
def test_a_password_that_zxcvbn_scores_below_3_is_refused_as_guessable(password: str) -> None:
    assert codes(password) == ["password.guessable"]


def test_a_password_built_from_the_login_is_refused() -> None:
    assert codes("wangjianguowangjianguo", login="wangjianguo") == ["password.guessable"]
    assert codes("wangjianguo2026", login="wangjianguo") == ["password.guessable"]
    assert check_password("wangjianguo2026", login="000002") == []


def test_a_password_built_from_the_officers_name_and_number_is_refused() -> None:
    assert check_password("zhangsan2026!", login="000002") == []
    personal = ("200002", "zhangsan", "辽源市公安局龙山区分局")
    assert [p.code for p in check_password("zhangsan2026!", "000002", personal)] == ["password.guessable"]


def test_the_guessable_message_is_translated() -> None:
    from desktop.i18n import Translator

    [problem] = check_password("qwerty2026")
    assert "太容易被猜出" in problem.render(Translator("zh_CN"))
