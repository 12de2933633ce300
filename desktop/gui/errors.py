"""Turning an exception from the core into one clear sentence in the window's language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.errors import DeclareError, unexpected_detail
from desktop.i18n import Translator


def error_text(error: BaseException, translate: Translator) -> str:
    """A DeclareError speaks for itself (translated by the core's catalog); anything else is a bug to report."""
    if isinstance(error, DeclareError):
        return error.render(translate)
    return QCoreApplication.translate("Errors", "Unexpected error ({kind}): {detail}. Please report it.").format(
        kind=type(error).__name__, detail=unexpected_detail(error)
    )
