"""Matching the declared people against the people of the registers, with dictionaries: one pass over the register,
each person looked up by ID number, by name with the visible ends of a masked ID number, or by name and birth date.
A million register people against 200,000 declared people is a million dictionary look-ups, not a join of the two
lists, and common names (张伟) do not multiply the work."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from desktop.exchange.registers.ids import FULL, MASKED, masked_agrees, name_key
from desktop.review.registers.model import EXACT, NAME_ONLY, PROBABLE, DeclaredPerson

#: A register person as matching reads it: (extract id, number, name key, ID number, ID kind, birth date).
RegisterKey = tuple[str, int]


def _birth(number: str) -> str:
    """The birth date (YYYY-MM-DD) a full ID number carries, or ""."""
    digits = number[6:14]
    return f"{digits[:4]}-{digits[4:6]}-{digits[6:]}" if len(number) == 18 and digits.isdigit() else ""


class PeopleIndex:
    """The declared people by full ID number; by name with the first six and last four characters of the ID number
    (what the usual mask, 220402********1234, leaves visible); by name alone (other masks); by name and birth date."""

    def __init__(self, people: Iterable[DeclaredPerson]) -> None:
        self.people = list(people)
        by_id: dict[str, list[int]] = defaultdict(list)
        by_name: dict[str, list[int]] = defaultdict(list)
        by_ends: dict[tuple[str, str, str], list[int]] = defaultdict(list)
        by_birth: dict[tuple[str, str], list[int]] = defaultdict(list)
        for index, person in enumerate(self.people):
            number, key = person.id_number, name_key(person.name) if person.name else ""
            if len(number) == 18:
                by_id[number].append(index)
            if key:
                by_name[key].append(index)
                if len(number) == 18:
                    by_ends[(key, number[:6], number[14:])].append(index)
                    if birth := _birth(number):
                        by_birth[(key, birth)].append(index)
        self.by_id, self.by_name = dict(by_id), dict(by_name)
        self.by_ends, self.by_birth = dict(by_ends), dict(by_birth)


def match(index: PeopleIndex, register: Iterable[tuple[Any, ...]]) -> Iterator[tuple[int, RegisterKey, str]]:
    """(declared person's index, register person's key, strength) for every match."""
    by_id, by_ends, by_birth = index.by_id, index.by_ends, index.by_birth
    for extract_id, number, key, id_number, id_kind, birth in register:
        if id_kind == FULL:
            for found in by_id.get(id_number, ()):
                yield found, (extract_id, number), EXACT
        elif id_kind == MASKED:
            head, tail = id_number[:6], id_number[14:]
            if "*" in head or "*" in tail:  # an unusual mask: every person of the name is a candidate
                candidates = index.by_name.get(key, ())
            else:
                candidates = by_ends.get((key, head, tail), ())
            for found in candidates:
                if masked_agrees(id_number, index.people[found].id_number):
                    yield found, (extract_id, number), PROBABLE
        elif birth:
            for found in by_birth.get((key, birth), ()):
                yield found, (extract_id, number), NAME_ONLY
