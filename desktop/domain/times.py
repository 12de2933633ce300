"""Times and dates as a person reads them: the machine's local time, in Chinese form by default.

The store, the files and the signatures keep ISO 8601 UTC ('2026-12-06T01:21:18Z'); only what is shown to a person
goes through here, so that the window, the printed form and the report say the same time in the same words.
"""

from __future__ import annotations

import datetime as dt

from desktop.i18n import local_date

Moment = str | dt.datetime | None


def _moment(value: Moment) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        moment = value
    elif value:
        try:
            moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)  # stored times are UTC


def _local(moment: dt.datetime, zone: dt.tzinfo | None) -> dt.datetime:
    # astimezone() without a zone is the machine's zone (TZ on Unix, the system setting on Windows).
    return moment.astimezone(zone) if zone is not None else moment.astimezone()


def person_date(day: dt.date, language: str = "zh_CN") -> str:
    """'2026年12月21日' (English: '2026-12-21'); the same form a date takes in a translated message."""
    return local_date(day, language)


def person_time(value: Moment, zone: dt.tzinfo | None = None, language: str = "zh_CN") -> str:
    """A stored time as a person reads it: local (``zone``, else the machine's), to the minute,
    '2026年12月6日 09:21' (English: '2026-12-06 09:21'). Text that is not a time is returned as it is."""
    moment = _moment(value)
    if moment is None:
        return value if isinstance(value, str) else ""
    local = _local(moment, zone)
    return f"{person_date(local.date(), language)} {local:%H:%M}"


def person_clock(value: Moment, zone: dt.tzinfo | None = None) -> str:
    """The local time of day with seconds ('09:13:24'), for something that happened moments ago (a save)."""
    moment = _moment(value)
    if moment is None:
        return value if isinstance(value, str) else ""
    return f"{_local(moment, zone):%H:%M:%S}"
