"""The rows of each declaration id on a sheet of rows per declaration (interests, family members), counted against
the form's most of them (decisions 222 and 234): the careful reading's count, beside the reading floor's
(read_floor.py)."""

from __future__ import annotations


class RowsPerDeclaration:
    """The rows seen so far of each declaration id; ``most`` None counts nothing."""

    def __init__(self, most: int | None) -> None:
        self._most = most
        self._seen: dict[str, int] = {}

    def one_too_many(self, declaration_id: str) -> bool:
        """Counts one more row of ``declaration_id`` (read or not): whether it is past the form's most."""
        if self._most is None:
            return False
        self._seen[declaration_id] = seen = self._seen.get(declaration_id, 0) + 1
        return seen > self._most
