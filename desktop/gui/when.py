"""Times and dates in the window: desktop.domain.times in the window's language (the default locale, which
translations.install sets). The machine's zone, unless a test gives one."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QLocale

from desktop.domain.times import Moment, person_clock, person_date, person_time


def _language() -> str:
    return "zh_CN" if QLocale().language() == QLocale.Language.Chinese else "en"


def shown_time(value: Moment, zone: dt.tzinfo | None = None) -> str:
    """'2026年12月6日 09:21' in Chinese, '2026-12-06 09:21' in English."""
    return person_time(value, zone, _language())


def shown_date(day: dt.date) -> str:
    return person_date(day, _language())


def shown_clock(value: Moment, zone: dt.tzinfo | None = None) -> str:
    return person_clock(value, zone)
