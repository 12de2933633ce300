"""Words for the verification of imported declarations: each row's state, each signature's failure, each workbook
problem found at import (the store keeps codes; the words are the window's)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.crypto.verification import SignatureFailure
from desktop.gui.qt_typing import QT_TRANSLATE_NOOP
from desktop.i18n import Translator
from desktop.services.inspection.views import ImportedRow, RowState

CONTEXT = "Verification"

STATE_TEXT = {
    RowState.VALID: QT_TRANSLATE_NOOP("Verification", "Valid"),
    RowState.OFFICER: QT_TRANSLATE_NOOP("Verification", "Officer's signature fails"),
    RowState.COUNTERSIGNATURE: QT_TRANSLATE_NOOP("Verification", "Countersignature fails"),
    RowState.BATCH: QT_TRANSLATE_NOOP("Verification", "Workbook fails"),
}
STATE_COLOUR = {
    RowState.VALID: "#1b6e2a",
    RowState.OFFICER: "#b3261e",
    RowState.COUNTERSIGNATURE: "#b3261e",
    RowState.BATCH: "#c25e00",
}

_EXTRA_FAILURES = {
    "countersignature.untrusted": QT_TRANSLATE_NOOP(
        "Verification", "The unit head's key is not among the keys the inspectors trust."
    ),
}

_WORKBOOK_PROBLEMS = {
    "batch.missing": QT_TRANSLATE_NOOP("Verification", "The workbook has no batch signature."),
    "batch.key_unknown": QT_TRANSLATE_NOOP(
        "Verification", "The exporter's key is not in the workbook, so the batch signature cannot be checked."
    ),
    "batch.invalid": QT_TRANSLATE_NOOP(
        "Verification",
        "The batch signature does not match: a row was added, removed or changed after export, or "
        "the cover was edited.",
    ),
    "batch.untrusted": QT_TRANSLATE_NOOP("Verification", "The exporter's key is not among the trusted keys."),
    "cover.commitment": QT_TRANSLATE_NOOP(
        "Verification", "The commitment text on the cover does not match its SHA-256."
    ),
    "key.mismatch": QT_TRANSLATE_NOOP("Verification", "A public key does not match its fingerprint."),
    "declaration.campaign": QT_TRANSLATE_NOOP(
        "Verification", "A declaration belongs to another campaign than the one on the cover."
    ),
    "cover.batch_signature": QT_TRANSLATE_NOOP("Verification", "The batch signature on the cover is damaged."),
    "shown.mismatch": QT_TRANSLATE_NOOP(
        "Verification",
        "A column shown for people (a name, a count, a state) does not agree with the signed data: "
        "it was edited after export.",
    ),
}


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def state_text(state: RowState) -> str:
    return tr(STATE_TEXT[state])


def failure_text(code: str, translate: Translator) -> str:
    """A signature failure code as stored at import, in words (the core's words where it has them)."""
    if code in _EXTRA_FAILURES:
        return tr(_EXTRA_FAILURES[code])
    try:
        return SignatureFailure(code.partition(".")[0], code).render(translate)
    except KeyError:
        return code


def workbook_problem_text(code: str) -> str:
    return tr(_WORKBOOK_PROBLEMS[code]) if code in _WORKBOOK_PROBLEMS else code


def reasons(row: ImportedRow, translate: Translator) -> list[str]:
    """Why a row is not valid, for its tooltip (the detail view names every workbook problem)."""
    found = [failure_text(code, translate) for code in row.failures]
    if row.state is RowState.BATCH:
        found.append(
            tr(
                QT_TRANSLATE_NOOP(
                    "Verification",
                    "The declaration's own signatures verify, but the "
                    "workbook it came in does not: open it for the details.",
                )
            )
        )
    return found
