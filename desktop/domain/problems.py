"""A validation problem: where it is (a field path), what it is (a stable code), and how serious."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from desktop.i18n import Translator


class Severity(StrEnum):
    ERROR = "error"  # blocks saving as valid and signing
    WARNING = "warning"  # shown; the officer may confirm it and sign anyway


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem. ``path`` names the field, e.g. ``interests[2].uscc``; ``code`` is stable for machines."""

    path: str
    code: str
    severity: Severity
    message: str  # English template marked with N_, filled from params
    params: dict[str, object] = field(default_factory=dict, compare=False)

    @property
    def key(self) -> str:
        """What an officer confirms when accepting a warning: the field and the code."""
        return f"{self.path}:{self.code}"

    def render(self, translate: Translator) -> str:
        return translate(self.message, **self.params)


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]


def prefixed(prefix: str, problems: list[Problem]) -> list[Problem]:
    """Re-anchor problems found in a part (an interest, the officer snapshot) under that part's path."""
    return [
        Problem(f"{prefix}.{p.path}" if p.path else prefix, p.code, p.severity, p.message, p.params) for p in problems
    ]
