"""A review run's findings and scores kept with it, so that a listing with nothing changed since answers from the
stored run: no declaration loaded, no rule run.

Whether anything changed is the run's *data signature* (``review.data_signature``): the campaign, the threshold,
the rule set, the workbooks imported, the trusted keys, the roster and the unit tree. ``quick_signature`` computes it
from those small tables alone, without reading the declarations; it equals the signature of the loaded data.
Conclusions and leads are not part of a run: they are read afresh at every listing.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterable

from sqlalchemy import Connection, select

from desktop.review.engine import Review
from desktop.review.findings import Finding
from desktop.review.loading import load_campaigns, resolve_campaign
from desktop.review.model import Campaign, ReviewData, UnitInfo
from desktop.review.scoring import Score
from desktop.review.tuples import fetch_tuples
from desktop.store import schema

#: The layout of ``review_findings.content``; a run stored in another layout is reviewed again.
FORMAT = 1


class StoredReview(Review):
    """A review answered from a stored run. ``data`` (the declarations, for what a listing does not need) is loaded
    only when something asks for it."""

    def __init__(
        self,
        campaign: Campaign,
        threshold: int,
        findings: list[Finding],
        scores: dict[str, Score],
        declarations: int,
        units: dict[str, UnitInfo],
        load_data: Callable[[], ReviewData],
    ) -> None:
        self._campaign, self.threshold, self.findings, self.scores = campaign, threshold, findings, scores
        self.timings: dict[str, float] = {}  # no rule ran
        self._declarations, self._units, self._load_data = declarations, units, load_data
        self._data: ReviewData | None = None

    @property  # type: ignore[override]
    def data(self) -> ReviewData:
        if self._data is None:
            self._data = self._load_data()
        return self._data

    @property
    def campaign(self) -> Campaign:
        return self._campaign

    @property
    def declaration_count(self) -> int:
        return self._declarations

    @property
    def units(self) -> dict[str, UnitInfo]:
        return self._units


def quick_signature(
    connection: Connection,
    campaign_id: str | None,
    threshold: int,
    sign: Callable[[str, int, Iterable[str], Iterable[str], Iterable[str], Iterable[str]], str],
) -> tuple[Campaign, str]:
    """The campaign reviewed and the data signature a review of it would have, from the small tables only."""
    campaign = resolve_campaign(load_campaigns(connection), campaign_id)
    w, t, o = schema.imported_workbooks, schema.trusted_keys, schema.officers
    workbooks = connection.execute(select(w.c.id)).scalars()
    trusted = connection.execute(select(t.c.fingerprint)).scalars()
    roster = fetch_tuples(
        connection, select(o.c.police_number, o.c.unit_code, o.c.is_unit_head).where(o.c.on_roster.is_(True))
    )
    return campaign, sign(
        campaign.id,
        threshold,
        workbooks,
        trusted,
        (f"{number}:{unit}:{bool(head)}" for number, unit, head in roster),
        (f"{u.code}:{u.parent_code or ''}" for u in load_units(connection).values()),
    )


def load_units(connection: Connection) -> dict[str, UnitInfo]:
    u = schema.units
    return {
        r.code: UnitInfo(r.code, r.name, r.parent_code)
        for r in connection.execute(select(u.c.code, u.c.name, u.c.parent_code))
    }


_IDENTITY = ("subject", "declaration_row", "declaration_id", "police_number", "name", "unit_code")
_FINDING_FIELDS = ("rule", *_IDENTITY, "weight")
_SCORE_FIELDS = (*_IDENTITY, "weights", "score")


def save_findings(connection: Connection, run_id: int, review: Review) -> None:
    """Keep the findings and scores of ``review`` with its run: compressed JSON, a list per field (faster to read
    back than a list per finding)."""
    findings, scores = review.findings, list(review.scores.values())
    content: dict[str, object] = {
        "declarations": review.declaration_count,
        "findings": {name: [getattr(f, name) for f in findings] for name in _FINDING_FIELDS},
        "messages": [f.message for f in findings],
        "params": [_encode(f.params) for f in findings],
        "notes": [[[template, _encode(fields)] for template, fields in f.notes] for f in findings],
        "scores": {name: [getattr(s, name) for s in scores] for name in _SCORE_FIELDS},
    }
    packed = zlib.compress(json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)
    connection.execute(schema.review_findings.insert().values(run_id=run_id, format=FORMAT, content=packed))


def load_findings(
    connection: Connection, run_id: int, campaign: Campaign, threshold: int, load_data: Callable[[], ReviewData]
) -> StoredReview | None:
    """The review stored with run ``run_id``, or None when the run has none (recorded by an older version)."""
    f = schema.review_findings
    row = connection.execute(select(f.c.format, f.c.content).where(f.c.run_id == run_id)).first()
    if row is None or row.format != FORMAT:
        return None
    content = json.loads(zlib.decompress(row.content).decode("utf-8"))
    columns = content["findings"]
    notes = (tuple((template, fields) for template, fields in entry) if entry else () for entry in content["notes"])
    findings = list(
        map(Finding, *(columns[name] for name in _FINDING_FIELDS), content["messages"], content["params"], notes)
    )
    columns = content["scores"]
    scores = {
        s.subject: s
        for s in map(
            Score,
            *(columns[name] for name in _SCORE_FIELDS),
            (score < threshold for score in columns["score"]),
        )
    }
    return StoredReview(
        campaign, threshold, findings, scores, content["declarations"], load_units(connection), load_data
    )


def has_findings(connection: Connection, run_id: int) -> bool:
    f = schema.review_findings
    return connection.execute(select(f.c.run_id).where(f.c.run_id == run_id)).first() is not None


def _encode(fields: dict[str, object]) -> dict[str, object]:
    """A finding's fields as JSON; the rules put in text and numbers only (a tuple would come back as a list, so it
    is refused here rather than rendered differently later)."""
    for name, value in fields.items():
        if not isinstance(value, str | int | float | bool | None):
            raise TypeError(f"a finding's field {name} holds a {type(value).__name__}, which JSON does not keep")
    return fields
