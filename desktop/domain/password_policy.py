"""What makes a password acceptable: 8 to 1,024 characters, not one of the passwords everybody tries first, and hard
enough to guess by zxcvbn's estimate (score 3 or more, about 10^8 guesses), counting what an attacker knows of the
account (its login, police number, name and unit) as guessed first."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from desktop.domain.problems import Problem, Severity
from desktop.i18n import N_
from desktop.resources import resource_path

MIN_LENGTH = 8
MAX_LENGTH = 1024  # far above the 64 that must be accepted; long passphrases are welcome
#: zxcvbn's score from 0 to 4; 3 means "safely unguessable": about 10^8 guesses or more.
MIN_SCORE = 3
#: zxcvbn refuses longer input (its matching is quadratic); the rest of a longer password only adds strength.
_SCORED_LENGTH = 72


@cache
def _common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    extra = resource_path("common-passwords-zh.txt").read_text(encoding="utf-8").splitlines()
    chinese = {line.strip() for line in extra if line.strip() and not line.startswith("#")}
    return frozenset(FREQUENCY_LISTS["passwords"]) | chinese


def _score(password: str, user_inputs: list[str]) -> int:
    from zxcvbn import zxcvbn

    return int(zxcvbn(password[:_SCORED_LENGTH], user_inputs=user_inputs)["score"])


def check_password(password: str, login: str = "", personal: Iterable[str] = ()) -> list[Problem]:
    """Problems with a new password, or none. ``personal``: what else is known of the account (police number, name,
    unit name and code), which a password must not be built from."""
    if len(password) < MIN_LENGTH:
        return [
            Problem(
                "password",
                "password.too_short",
                Severity.ERROR,
                N_("The password must have at least {minimum} characters."),
                {"minimum": MIN_LENGTH},
            )
        ]
    if len(password) > MAX_LENGTH:
        return [
            Problem(
                "password",
                "password.too_long",
                Severity.ERROR,
                N_("The password may have at most {maximum} characters."),
                {"maximum": MAX_LENGTH},
            )
        ]
    lowered = password.lower()
    if lowered in _common_passwords() or len(set(password)) <= 2:
        return [
            Problem(
                "password",
                "password.common",
                Severity.ERROR,
                N_("This password is among the most common ones and is guessed first; choose another."),
            )
        ]
    if login and lowered == login.lower():
        return [
            Problem(
                "password",
                "password.is_login",
                Severity.ERROR,
                N_("The password must not be the login name."),
            )
        ]
    user_inputs = [text for text in (login, *personal) if text]
    if _score(password, user_inputs) < MIN_SCORE:
        return [
            Problem(
                "password",
                "password.guessable",
                Severity.ERROR,
                N_(
                    "This password is too easy to guess: it is built from a common word, name, date, keyboard "
                    "pattern or your own login, number or unit. Choose a longer one, e.g. three or four unrelated "
                    "words with a number."
                ),
            )
        ]
    return []
