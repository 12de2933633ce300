"""Schema version 7: a placeholder for the form-version migration made on another branch (m0007_form_version).
At the merge that file replaces this one; the numbering must stay 1..n without gaps until then."""

from __future__ import annotations

from sqlalchemy import Connection


def upgrade(connection: Connection) -> None:
    """Nothing: see the module's docstring."""
