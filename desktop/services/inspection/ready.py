"""What an import stores of a workbook, however it was read: its identity, cover, keys, missing officers, problems,
and how to insert its declarations' rows."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import Connection

from desktop.exchange.problems import SheetProblem
from desktop.exchange.workbook.model import KeyEntry, MissingEntry


@dataclass
class ReadyImport:
    workbook_id: str
    cover: dict[str, str]
    keys: list[KeyEntry]
    missing: list[MissingEntry]
    #: The workbook's verification problems (stored with it; the workbook is valid without any).
    problems: list[SheetProblem]
    #: The keys that countersigned a declaration of the workbook.
    countersigning: list[str]
    declarations: int
    #: Inserts the declarations' rows under the workbook's id; gives the ids already imported from another workbook
    #: and the number of valid declarations.
    insert: Callable[[Connection, str], tuple[list[str], int]]
    #: Drops any work still under way (the rows are not wanted after all).
    cancel: Callable[[], None]
    #: The digest of the stored results (stored_checks.outcomes_digest) as known without reading them back, once
    #: ``insert`` has run; None: read them back.
    outcomes: Callable[[], str | None] = lambda: None

    @property
    def exporter_fingerprint(self) -> str:
        return str(self.cover.get("exporter_fingerprint", ""))


def identity_of(batch_payload: bytes, ids: list[str], contents: list[bytes] | list[str]) -> str:
    """The workbook's content identity: SHA-256 of its batch payload, then of each declaration's canonical content
    (bytes, or its text in UTF-8) in the order of the declarations' ids (workbook_import.content_identity)."""
    return identity_in_order(batch_payload, (contents[i] for i in sorted(range(len(contents)), key=ids.__getitem__)))


def identity_in_order(batch_payload: bytes, contents: Iterable[bytes | str]) -> str:
    """identity_of with the contents already in the order of their declarations' ids."""
    digest = hashlib.sha256(batch_payload)
    for content in contents:
        digest.update(content.encode("utf-8") if isinstance(content, str) else content)
    return digest.hexdigest()
