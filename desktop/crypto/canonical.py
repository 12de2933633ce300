"""Canonical bytes for signing: RFC 8785 (JSON Canonicalization Scheme), via the ``rfc8785`` package.

Canonicalisation does not normalise Unicode: text is NFC-normalised where it enters the application
(desktop.domain.text.clean_text), so the bytes signed are the bytes stored and the bytes a workbook carries.
Amounts travel as decimal text and times as ISO 8601 text, so no float ever reaches a payload.
"""

from __future__ import annotations

import hashlib

import rfc8785


def canonical_bytes(value: object) -> bytes:
    """The RFC 8785 form of a JSON value (dicts, lists, str, int, bool, None)."""
    return rfc8785.dumps(value)


def canonical_sha256(value: object) -> str:
    return hashlib.sha256(canonical_bytes(value)).hexdigest()
