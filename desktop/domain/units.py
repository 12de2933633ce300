"""Units form a tree (省厅 › 市州局 › 县区局 › 所队); each polices a jurisdiction."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Unit:
    code: str
    name: str
    parent_code: str | None = None
    jurisdiction: str = ""  # a description of the area the unit polices


def ancestors(code: str, units: Iterable[Unit]) -> list[str]:
    """The codes above ``code``, nearest first. A cycle in bad data ends the walk instead of looping."""
    by_code = {u.code: u for u in units}
    chain: list[str] = []
    seen = {code}
    current = by_code.get(code)
    while current is not None and current.parent_code and current.parent_code not in seen:
        chain.append(current.parent_code)
        seen.add(current.parent_code)
        current = by_code.get(current.parent_code)
    return chain


def descendants(code: str, units: Iterable[Unit]) -> set[str]:
    """Every unit code below ``code`` (not including it)."""
    children: dict[str | None, list[str]] = {}
    for unit in units:
        children.setdefault(unit.parent_code, []).append(unit.code)
    found: set[str] = set()
    stack = list(children.get(code, []))
    while stack:
        current = stack.pop()
        if current in found or current == code:  # a cycle leads back to ``code``, which is not below itself
            continue
        found.add(current)
        stack.extend(children.get(current, []))
    return found
