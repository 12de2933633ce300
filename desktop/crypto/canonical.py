"""Canonical bytes for signing: RFC 8785 (JSON Canonicalization Scheme).

Canonicalisation does not normalise Unicode: text is NFC-normalised where it enters the application
(desktop.domain.text.clean_text), so the bytes signed are the bytes stored and the bytes a workbook carries.
Amounts travel as decimal text and times as ISO 8601 text, so no float ever reaches a payload.

Speed: the ``rfc8785`` package is the reference, but it is pure Python (≈140 µs per declaration here). For the
values our payloads hold — objects with ASCII keys, strings, booleans, null and integers within ±2^53 — RFC 8785's
output is exactly what ``json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)`` produces (same key
order for ASCII keys, same string escapes), at ≈20 µs. Every value is checked to be of that kind first; anything
else (a float, a non-ASCII key, a lone surrogate, a huge integer) goes through ``rfc8785``. A test compares both
paths on generated and adversarial values.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import TypeAlias, cast

import rfc8785

_MAX_SAFE_INTEGER = 2**53 - 1

#: What JSON can carry (rfc8785's own alias is private).
JsonValue: TypeAlias = "bool | int | float | str | Sequence[JsonValue] | Mapping[str, JsonValue] | None"


def _plain(value: object) -> bool:
    """True when the fast path gives RFC 8785's bytes for ``value``."""
    if value is None or isinstance(value, bool):
        return True
    if isinstance(value, str):
        return value.isascii() or not any("\ud800" <= ch <= "\udfff" for ch in value)
    if isinstance(value, int):
        return -_MAX_SAFE_INTEGER <= value <= _MAX_SAFE_INTEGER
    if isinstance(value, dict):
        return all(isinstance(k, str) and k.isascii() and _plain(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return all(_plain(v) for v in value)
    return False


def canonical_bytes(value: object) -> bytes:
    """The RFC 8785 form of a JSON value (dicts, lists, str, int, bool, None)."""
    if _plain(value):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False).encode(
            "utf-8"
        )
    return _rfc8785(value)


def reference_canonical_bytes(value: object) -> bytes:
    """The ``rfc8785`` package's output, always: for tests and independent checks."""
    return _rfc8785(value)


def _rfc8785(value: object) -> bytes:
    # Payloads are built as dict[str, object]; rfc8785 checks every value's type itself and raises
    # CanonicalizationError for one JSON cannot carry, so the value is handed over as the JSON value it declares.
    return rfc8785.dumps(cast(JsonValue, value))


def canonical_sha256(value: object) -> str:
    return hashlib.sha256(canonical_bytes(value)).hexdigest()
