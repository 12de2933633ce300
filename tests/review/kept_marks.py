"""Marking what is kept with review runs (review_listings), so that a test can tell a view answered from it."""

from __future__ import annotations

import json
import zlib

from sqlalchemy import select

from desktop.gui.inspector.findings.data import REASON
from desktop.services.inspection.kept_columns import MAGIC, KeptColumns, pack
from desktop.store import schema

#: The columns a kept view shows as text: the command's reasons, the tab's reasons (in pages: "row.8.0", "row.8.1" …;
#: the printed lines: below).
SHOWN = ("reason",)
TAB_REASONS = f"row.{REASON}."


def _shown(name: str) -> bool:
    return name in SHOWN or name.startswith(TAB_REASONS)


def marked(packed: bytes, mark: str) -> bytes:
    """``packed`` with every shown text replaced by ``mark`` (kept columns, or one JSON document as kept before)."""
    if packed.startswith(MAGIC):
        kept = KeptColumns(packed)
        columns = {name: [mark] * len(kept.column(name)) if _shown(name) else kept.column(name) for name in kept.names}
        if "line_ends" in columns:  # the command's printed lines: each line the mark
            lines = [f"{mark}\n"] * len(columns["line_ends"])
            columns["line_ends"] = [len(lines[0]) * (index + 1) for index in range(len(lines))]
            return pack(kept.scalars, columns, {"lines": "".join(lines)})
        return pack(kept.scalars, columns)
    content = json.loads(zlib.decompress(packed))
    content["reason"] = [mark] * len(content["reason"])
    return zlib.compress(json.dumps(content, ensure_ascii=False).encode("utf-8"))


def mark_everything_kept(session, mark: str, key: str | None = None) -> None:
    """Mark what is kept under ``key`` (a language, or a view's key; None: everything kept)."""
    table = schema.review_listings
    query = select(table.c.run_id, table.c.language, table.c.content)
    if key is not None:
        query = query.where(table.c.language == key)
    with session.store.transaction() as connection:
        for run_id, language, packed in connection.execute(query).all():
            connection.execute(
                table.update()
                .where(table.c.run_id == run_id, table.c.language == language)
                .values(content=marked(bytes(packed), mark))
            )
