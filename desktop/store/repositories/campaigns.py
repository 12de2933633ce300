"""Campaigns in the store."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, select

from desktop.domain.campaigns import Campaign
from desktop.store import schema

_T = schema.campaigns


def insert_campaign(connection: Connection, campaign: Campaign, *, now: str, created_by: str) -> None:
    connection.execute(
        _T.insert().values(
            id=campaign.id,
            name=campaign.name,
            start_date=campaign.start_date.isoformat(),
            deadline=campaign.deadline.isoformat(),
            commitment_text=campaign.commitment_text,
            commitment_version=campaign.commitment_version,
            commitment_sha256=campaign.commitment_sha256,
            form_version=campaign.form_version,
            created_at=now,
            created_by=created_by,
        )
    )


def _campaign(row: dict[str, Any]) -> Campaign:
    return Campaign(
        id=row["id"],
        name=row["name"],
        start_date=dt.date.fromisoformat(row["start_date"]),
        deadline=dt.date.fromisoformat(row["deadline"]),
        commitment_text=row["commitment_text"],
        commitment_version=row["commitment_version"],
        form_version=row["form_version"],
    )


def list_campaigns(connection: Connection) -> list[Campaign]:
    """Newest first (by start date, then creation)."""
    query = select(_T).order_by(_T.c.start_date.desc(), _T.c.created_at.desc())
    return [_campaign(dict(r)) for r in connection.execute(query).mappings()]


def get_campaign(connection: Connection, campaign_id: str) -> Campaign | None:
    row = connection.execute(select(_T).where(_T.c.id == campaign_id)).mappings().first()
    return _campaign(dict(row)) if row else None
