"""The base of every typed error: an English message template with fields, translated where it is shown."""

from __future__ import annotations

from desktop.i18n import Translator


class DeclareError(Exception):
    """An error a person can act on. ``message`` is an English template marked with N_; fields fill it in."""

    #: CLI exit code: 2 unusable input or wrong password; 1 a check found problems.
    exit_code: int = 2

    def __init__(self, message: str, /, **fields: object) -> None:
        self.message = message
        self.fields = fields
        super().__init__(message.format(**fields) if fields else message)

    def render(self, translate: Translator) -> str:
        return translate(self.message, **self.fields)


def unexpected_detail(error: BaseException, limit: int = 200) -> str:
    """What a message may say of an unexpected error: its first line, cut at ``limit`` characters. A database
    error's own text stands in for SQLAlchemy's, which appends the statement and its parameters (names, ID numbers,
    whole declarations) that no message or log may show."""
    original = getattr(error, "orig", None)
    text = str(original) if isinstance(original, BaseException) else str(error)
    text = text.split("[SQL:", 1)[0].strip().splitlines()[0] if text.strip() else ""
    return text if len(text) <= limit else text[: limit - 1] + "…"
