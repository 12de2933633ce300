"""Matching the declared people against the people of the registers, with dictionaries: one pass over the register,
each person looked up by ID number or by name. A million register people against 200,000 declared people is a
million dictionary look-ups, not a join of the two lists."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from desktop.exchange.registers.ids import FULL, MASKED, masked_agrees, name_key
from desktop.review.registers.model import EXACT, NAME_ONLY, PROBABLE, DeclaredPerson

#: A register person as matching reads it: (extract id, number, name key, ID number, ID kind, birth date).
RegisterKey = tuple[str, int]


class PeopleIndex:
    """The declared people by full ID number and by name (in normal form)."""

    def __init__(self, people: Iterable[DeclaredPerson]) -> None:
        self.people = list(people)
        self.by_id: dict[str, list[int]] = defaultdict(list)
        self.by_name: dict[str, list[int]] = defaultdict(list)
        for index, person in enumerate(self.people):
            if len(person.id_number) == 18:
                self.by_id[person.id_number].append(index)
            if person.name:
                self.by_name[name_key(person.name)].append(index)
        self.by_id, self.by_name = dict(self.by_id), dict(self.by_name)

    def birth(self, index: int) -> str:
        """The birth date (YYYY-MM-DD) the declared person's ID number carries, or ""."""
        number = self.people[index].id_number
        digits = number[6:14]
        return f"{digits[:4]}-{digits[4:6]}-{digits[6:]}" if len(number) == 18 and digits.isdigit() else ""


def match(index: PeopleIndex, register: Iterable[tuple[Any, ...]]) -> Iterator[tuple[int, RegisterKey, str]]:
    """(declared person's index, register person's key, strength) for every match."""
    by_id, by_name = index.by_id, index.by_name
    for extract_id, number, key, id_number, id_kind, birth in register:
        if id_kind == FULL:
            for found in by_id.get(id_number, ()):
                yield found, (extract_id, number), EXACT
        elif (candidates := by_name.get(key)) is not None:
            for found, strength in _by_name(index, candidates, id_number, id_kind, birth):
                yield found, (extract_id, number), strength


def _by_name(
    index: PeopleIndex, candidates: list[int], id_number: str, id_kind: str, birth: str | None
) -> Iterator[tuple[int, str]]:
    """The declared people of the same name whom a masked ID number, or else the birth date, agrees with."""
    if id_kind == MASKED:
        for found in candidates:
            if masked_agrees(id_number, index.people[found].id_number):
                yield found, PROBABLE
    elif birth:
        for found in candidates:
            if index.birth(found) == birth:
                yield found, NAME_ONLY
