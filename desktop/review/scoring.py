"""Risk scores: the weights of the rules that fired for a declaration, added up to at most 100. Below the threshold
a declaration is cleared automatically, and the reason (score, threshold, rules) is kept with it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from desktop.i18n import N_, Translator
from desktop.review.findings import Finding
from desktop.review.model import ImportedDeclaration

DEFAULT_THRESHOLD = 20
MAX_SCORE = 100


@dataclass(slots=True)
class Score:
    subject: str
    declaration_row: int | None
    declaration_id: str | None
    police_number: str
    name: str
    unit_code: str
    weights: dict[str, int]  # rule id → weight, each rule counted once
    score: int = 0
    cleared: bool = False

    def reason(self, threshold: int) -> dict[str, object]:
        """What the record of the decision keeps (JSON)."""
        return {"score": self.score, "threshold": threshold, "cleared": self.cleared, "rules": dict(self.weights)}

    def explain(self, threshold: int, translate: Translator) -> str:
        if not self.cleared:
            return translate(
                N_("Score {score}: at or above the threshold {threshold}; needs an inspector."),
                score=self.score,
                threshold=threshold,
            )
        if not self.weights:
            return translate(N_("Cleared automatically: no rule fired."))
        return translate(
            N_("Cleared automatically: score {score} is below the threshold {threshold} ({rules})."),
            score=self.score,
            threshold=threshold,
            rules=", ".join(f"{rule} {weight}" for rule, weight in self.weights.items()),
        )


def score(declarations: Iterable[ImportedDeclaration], findings: Iterable[Finding], threshold: int) -> dict[str, Score]:
    """One score per declaration (those no rule fired for score 0) and per officer found without one."""
    scores: dict[str, Score] = {
        row.subject: Score(row.subject, row.row_id, row.declaration_id, row.police_number, row.name, row.unit_code, {})
        for row in declarations
    }
    for finding in findings:
        entry = scores.get(finding.subject)
        if entry is None:
            entry = scores[finding.subject] = Score(
                finding.subject,
                finding.declaration_row,
                finding.declaration_id,
                finding.police_number,
                finding.name,
                finding.unit_code,
                {},
            )
        entry.weights.setdefault(finding.rule, finding.weight)
    for entry in scores.values():
        entry.score = min(MAX_SCORE, sum(entry.weights.values()))
        entry.cleared = entry.score < threshold
    return scores
