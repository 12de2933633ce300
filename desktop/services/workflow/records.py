"""What the declaration use cases hand out about a stored declaration: a version, its signatures, its returns.

They are the store's row types (desktop.store.repositories.declarations), named here as part of the use cases' answers
so that the window imports services, never the store (the layering contract in pyproject.toml, docs/decisions.md).
"""

from __future__ import annotations

from desktop.store.repositories.declarations import (
    COUNTERSIGN_KIND,
    OFFICER_KIND,
    DeclarationRecord,
    ReturnRow,
    SignatureRow,
)

__all__ = ["COUNTERSIGN_KIND", "OFFICER_KIND", "DeclarationRecord", "ReturnRow", "SignatureRow"]
