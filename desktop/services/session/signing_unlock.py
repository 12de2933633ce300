"""Signing unlocked once for a working session (the unit head's pace): after one password, countersignatures need no
password until the window locks, the time the head chose runs out, or nobody countersigned for the idle-lock time.

Each countersignature is still its own Ed25519 signature over its own declaration; the unlock only spares typing the
password again. The signing key itself is in memory for the whole login anyway (Session.signing_key); what the unlock
records is the head's consent to sign without being asked each time, and for how long.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass
class SigningUnlock:
    """``until`` None: until the window locks (Session.lock forgets the unlock). ``idle_seconds``: the window's idle
    lock; an unlock never outlives it, neither as the time chosen nor between two countersignatures."""

    idle_seconds: int
    until: dt.datetime | None
    last_used: dt.datetime

    @classmethod
    def starting(cls, now: dt.datetime, idle_seconds: int, minutes: int | None) -> SigningUnlock:
        """An unlock from ``now``: for ``minutes`` (never longer than the idle lock), or None: until the lock."""
        idle_seconds = max(1, int(idle_seconds))
        until = None if minutes is None else now + dt.timedelta(seconds=min(max(1, minutes) * 60, idle_seconds))
        return cls(idle_seconds, until, now)

    def valid(self, now: dt.datetime) -> bool:
        if self.until is not None and now >= self.until:
            return False
        return (now - self.last_used).total_seconds() < self.idle_seconds

    def used(self, now: dt.datetime) -> None:
        self.last_used = now
