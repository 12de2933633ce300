"""The primary key of the row an INSERT just added."""

from __future__ import annotations

from typing import Any

from sqlalchemy import CursorResult


def inserted_id(result: CursorResult[Any]) -> int:
    """The integer primary key of the one row ``result``'s INSERT added (every dialect here reports it)."""
    key = result.inserted_primary_key
    if key is None:
        raise RuntimeError("the database did not report the primary key of the inserted row")
    return int(key[0])
