"""The enterprises behind more than one officer (rule shared_enterprise), built in two passes over the declared
interests in declaration order, holding per enterprise only its first officer until a second one appears.

An enterprise is its credit code; an interest without one is matched by its normalised name to the code of the first
interest (in declaration order) that has both, or else stands for the name alone. The in-memory review builds this
from its loaded declarations; the chunked review (review.chunked) from a stream of the digests, so that the rule
sees every officer of an enterprise while only one chunk of declarations is in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from desktop.review.model import Interest

#: One declaration as the index reads it: the officer's police number, and each interest's (credit code, keys).
Declared = tuple[str, Iterable[tuple[str, tuple[str, ...]]]]


@dataclass(frozen=True)
class SharedEnterprises:
    code_of_name: dict[str, str]  # normalised name key → the credit code first declared with it (if shared)
    shared: dict[str, list[str]]  # enterprise → its officers in order of first declaration (two or more)

    def enterprise(self, uscc: str, keys: tuple[str, ...]) -> str | None:
        if not keys:
            return None
        return keys[0] if uscc else self.code_of_name.get(keys[0], keys[0])

    def officers(self, interest: Interest) -> list[str] | None:
        """The officers of the interest's enterprise when there are several, else None."""
        enterprise = self.enterprise(interest.uscc, interest.keys)
        return self.shared.get(enterprise) if enterprise is not None else None


def build(declared: Callable[[], Iterable[Declared]]) -> SharedEnterprises:
    """The index from ``declared()``, which gives the declarations in declaration order (read twice)."""
    code_of_name: dict[str, str] = {}
    for _number, interests in declared():
        for _uscc, keys in interests:
            if len(keys) == 2:
                code_of_name.setdefault(keys[1], keys[0])
    first: dict[str, str] = {}
    several: dict[str, dict[str, None]] = {}  # an ordered set of police numbers
    for number, interests in declared():
        for uscc, keys in interests:
            if not keys:
                continue
            enterprise = keys[0] if uscc else code_of_name.get(keys[0], keys[0])
            people = several.get(enterprise)
            if people is not None:
                people[number] = None
                continue
            known = first.setdefault(enterprise, number)
            if known != number:
                several[enterprise] = {known: None, number: None}
                del first[enterprise]
    del first
    # Only names that lead to an enterprise of several officers are kept: any other name resolves to an enterprise
    # of one officer (its code, or the name itself, which then has no code), which ``officers`` answers None for
    # either way; the names of every enterprise were most of the index (7 MB at 50,000 declarations, decision 172).
    kept = {name: code for name, code in code_of_name.items() if code in several}
    return SharedEnterprises(kept, {e: list(people) for e, people in several.items()})
