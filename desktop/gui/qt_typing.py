"""PySide6 features written so that mypy sees their real types (PySide6's stubs get these wrong).

- ``named(QLabel(text), "name")`` is ``QLabel(text, objectName="name")``: PySide6 sets any Qt property given as a
  keyword, but its stubs list only each class's own properties, not the inherited ``objectName``.
- ``QT_TRANSLATE_NOOP(context, text)`` returns ``text``: the stub says ``object``. pyside6-lupdate finds the strings
  by this name, wherever it is imported from.
- ``python_date(qdate)`` is ``qdate.toPython()``: the stub says ``object``.
"""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from PySide6.QtCore import QDate, QObject

_Object = TypeVar("_Object", bound=QObject)


def named(qobject: _Object, name: str) -> _Object:
    """``qobject`` with its objectName set (tests and style sheets find widgets by it)."""
    qobject.setObjectName(name)
    return qobject


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for translation in ``context`` without translating it."""
    del context
    return text


def python_date(value: QDate) -> dt.date:
    """The date ``value`` holds, as ``value.toPython()`` gives it."""
    converted = value.toPython()
    if not isinstance(converted, dt.date):
        raise TypeError(f"{value!r} is not a date")
    return converted
