"""Whether a campaign's last review run still holds: the one check that the review, the listings, the report and the
Findings tab make before they answer from a stored run (decision 167).

A run holds while its *data signature* equals the one a review would have now: the campaign, the threshold, the rule
set, the workbooks and register extracts imported, the trusted keys, the roster and the unit tree. ``check_run``
computes it from those small tables alone (``quick_signature``), without reading a declaration; it equals
``review.data_signature`` of the loaded data. Conclusions and leads are not part of a run: every view reads them
afresh.

This module imports no rule and no workbook library: a listing with nothing changed needs neither.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, aggregate_order_by, case, func, select

from desktop.domain.roles import Role
from desktop.errors import DeclareError
from desktop.i18n import N_
from desktop.review.loading import load_campaigns, resolve_campaign
from desktop.review.model import Campaign, UnitInfo
from desktop.review.registers.loading import extract_ids, stream_tuples
from desktop.review.rules_version import RULES_VERSION
from desktop.review.scoring import DEFAULT_THRESHOLD, MAX_SCORE
from desktop.services.session.session import Session
from desktop.store import schema

THRESHOLD_KEY = "review_threshold"


class BadThreshold(DeclareError):
    def __init__(self, value: object) -> None:
        super().__init__(
            N_("The threshold must be a whole number from 0 to {max}, not {value}."), max=MAX_SCORE, value=value
        )


def stored_threshold(connection: Connection) -> int:
    value = connection.execute(select(schema.meta.c.value).where(schema.meta.c.key == THRESHOLD_KEY)).scalar()
    return int(value) if value is not None else DEFAULT_THRESHOLD


def check_threshold(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SCORE:
        raise BadThreshold(value)
    return value


@dataclass(frozen=True)
class RunCheck:
    """A campaign's last run against what a review of it would record now."""

    campaign: Campaign
    threshold: int
    signature: str  # the data signature a review now would record
    last: tuple[int, str] | None  # the campaign's last run: its id and data signature

    @property
    def current(self) -> int | None:
        """The last run's id when nothing it depends on changed since; else None (a review must run)."""
        return self.last[0] if self.last is not None and self.last[1] == self.signature else None


def check_run(connection: Connection, campaign_id: str | None, threshold: int | None) -> RunCheck:
    """The check of the campaign's last run (default: the newest imported campaign) with ``threshold`` (default:
    the stored one)."""
    chosen = check_threshold(threshold) if threshold is not None else stored_threshold(connection)
    campaign, expected = quick_signature(connection, campaign_id, chosen)
    return RunCheck(campaign, chosen, expected, last_run(connection, campaign.id))


@dataclass(frozen=True)
class CurrentRun:
    """The last recorded run of a campaign, when nothing it depends on has changed since."""

    campaign: Campaign
    threshold: int
    run_id: int


def current_run(session: Session, campaign_id: str | None = None, threshold: int | None = None) -> CurrentRun | None:
    """The campaign's last run if it still holds (``check_run``), else None: something changed, and a review must
    run."""
    session.require(Role.INSPECTOR)
    with session.store.transaction() as connection:
        check = check_run(connection, campaign_id, threshold)
    run_id = check.current
    return None if run_id is None else CurrentRun(check.campaign, check.threshold, run_id)


def last_run(connection: Connection, campaign_id: str) -> tuple[int, str] | None:
    r = schema.review_runs
    row = connection.execute(
        select(r.c.id, r.c.data_signature).where(r.c.campaign_id == campaign_id).order_by(r.c.id.desc()).limit(1)
    ).first()
    return (int(row[0]), str(row[1])) if row else None


def quick_signature(connection: Connection, campaign_id: str | None, threshold: int) -> tuple[Campaign, str]:
    """The campaign reviewed and the data signature a review of it would have, from the small tables only; the
    roster (a province's: hundreds of thousands of officers) streamed in order from the database, never all at once."""
    campaign = resolve_campaign(load_campaigns(connection), campaign_id)
    w, t, o = schema.imported_workbooks, schema.trusted_keys, schema.officers
    workbooks = [*connection.execute(select(w.c.id)).scalars(), *(f"register:{x}" for x in extract_ids(connection))]
    trusted = connection.execute(select(t.c.fingerprint)).scalars().all()
    # "number:unit:True", as data_signature writes each roster officer, sorted by code point as Python sorts it.
    entry = o.c.police_number + ":" + o.c.unit_code + ":" + case((o.c.is_unit_head.is_(True), "True"), else_="False")
    on_roster = o.c.on_roster.is_(True)
    roster: Iterable[str]
    if connection.dialect.name == "sqlite":
        # A city's roster at most: joined by SQLite in its sort order (BINARY, i.e. by code point), one string for
        # Python to hash instead of 50,000 rows to fetch (decision 168).
        joined = select(aggregate_order_by(func.group_concat(entry, func.char(0)), entry)).where(on_roster)
        roster = JoinedRoster(connection.execute(joined).scalar() or "")
    else:  # a province's: streamed, never all at once
        ordered = entry.collate("C") if connection.dialect.name == "postgresql" else entry
        query = select(entry).where(on_roster).order_by(ordered)
        roster = (row[0] for row in stream_tuples(connection, query, 5000))
    return campaign, signature(
        campaign.id,
        threshold,
        workbooks,
        trusted,
        roster,
        [f"{u.code}:{u.parent_code or ''}" for u in load_units(connection).values()],
        roster_sorted=True,
    )


def load_units(connection: Connection) -> dict[str, UnitInfo]:
    u = schema.units
    return {
        r.code: UnitInfo(r.code, r.name, r.parent_code)
        for r in connection.execute(select(u.c.code, u.c.name, u.c.parent_code))
    }


class JoinedRoster(str):
    """The roster's entries sorted and joined by NUL, as the database joined them: hashed as they are."""


def signature(
    campaign_id: str,
    threshold: int,
    workbooks: Iterable[str],
    trusted: Iterable[str],
    roster: Iterable[str],
    units: Iterable[str],
    *,
    roster_sorted: bool = False,
) -> str:
    """The SHA-256 of the parts, each followed by a NUL, the lists sorted (``roster_sorted``: the roster comes
    sorted already, by code point, as the database streams it: never all in memory; or joined already)."""
    digest = hashlib.sha256()
    head = [campaign_id, str(threshold), RULES_VERSION, *sorted(workbooks), "|", *sorted(trusted), "|"]
    digest.update(("\x00".join(head) + "\x00").encode("utf-8"))
    if isinstance(roster, JoinedRoster):  # the same bytes as its entries one by one, each followed by a NUL
        if roster:
            digest.update((roster + "\x00").encode("utf-8"))
        roster = ()
    piece: list[str] = []
    for part in roster if roster_sorted else sorted(roster):
        piece.append(part)
        if len(piece) == 5000:
            digest.update(("\x00".join(piece) + "\x00").encode("utf-8"))
            piece = []
    if piece:
        digest.update(("\x00".join(piece) + "\x00").encode("utf-8"))
    digest.update(("\x00".join(["|units", *sorted(units)]) + "\x00").encode("utf-8"))
    return digest.hexdigest()
