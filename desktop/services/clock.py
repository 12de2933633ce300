"""Time, passed in: the system clock in the application, a fixed one in tests and golden files."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol


class Clock(Protocol):
    def now(self) -> dt.datetime: ...


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


@dataclass
class FixedClock:
    """A clock that stands still until moved; for tests and reproducible demos."""

    current: dt.datetime

    def now(self) -> dt.datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current = self.current + dt.timedelta(**delta)


def timestamp(clock: Clock) -> str:
    """ISO 8601 in UTC with seconds and a Z: the one text form of a time in the store and in signatures."""
    return clock.now().astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


#: Campaign deadlines are dates in China Standard Time (UTC+8, no daylight saving).
CAMPAIGN_TIMEZONE = dt.timezone(dt.timedelta(hours=8), "CST")


def campaign_today(clock: Clock) -> dt.date:
    """Today's date where the campaign runs: a signature at 23:30 on the deadline day in Beijing is on time."""
    return clock.now().astimezone(CAMPAIGN_TIMEZONE).date()
