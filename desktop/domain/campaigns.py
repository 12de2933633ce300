"""A campaign (专项整治): one round of declarations, with a deadline and the commitment text officers sign."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Campaign:
    id: str
    name: str
    start_date: dt.date
    deadline: dt.date  # the last day on which a signature is on time
    commitment_text: str
    commitment_version: str
    #: The version of the registration form officers fill in (desktop/form/); every record made in it carries it.
    form_version: int = 1

    @property
    def commitment_sha256(self) -> str:
        return commitment_digest(self.commitment_text)

    def days_left(self, today: dt.date) -> int:
        """Days until the deadline; 0 on the day itself, negative once it has passed."""
        return (self.deadline - today).days

    def is_open(self, today: dt.date) -> bool:
        """Started and not past its deadline: officers are declaring in it now."""
        return self.start_date <= today <= self.deadline

    def is_late(self, signed_on: dt.date) -> bool:
        return signed_on > self.deadline


def commitment_digest(text: str) -> str:
    """SHA-256 of the exact commitment text shown, as UTF-8, in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
