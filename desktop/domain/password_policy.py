"""What makes a password acceptable: 8 to 1,024 characters, and not one of the passwords everybody tries first."""

from __future__ import annotations

from functools import cache

from desktop.domain.problems import Problem, Severity
from desktop.i18n import N_
from desktop.resources import resource_path

MIN_LENGTH = 8
MAX_LENGTH = 1024  # far above the 64 that must be accepted; long passphrases are welcome


@cache
def _common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    extra = resource_path("common-passwords-zh.txt").read_text(encoding="utf-8").splitlines()
    chinese = {line.strip() for line in extra if line.strip() and not line.startswith("#")}
    return frozenset(FREQUENCY_LISTS["passwords"]) | chinese


def check_password(password: str, login: str = "") -> list[Problem]:
    """Problems with a new password, or none."""
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
    return []
