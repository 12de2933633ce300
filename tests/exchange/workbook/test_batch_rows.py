"""The compact rows of a streamed export's batch payload, and the triples of an import's staged rows read in the order
of their ids, give batch_payload_of's bytes exactly."""

from __future__ import annotations

import random

import pytest

from desktop.exchange.workbook.batch_rows import BatchRows, batch_payload_in_order
from desktop.exchange.workbook.model import KeyEntry, MissingEntry, batch_payload_of

COVER = {"format_version": "2", "kind": "unit", "unit_name": '清河 "市" \\ 局', "declarations": "3"}
KEYS = [
    KeyEntry("fp2", b"\x01" * 32, "unit_head", "head", "000001", "王 五", "1311"),
    KeyEntry("fp1", b"k", "exporter", "a", "", "", ""),
]
MISSING = [MissingEntry("000009", "李四", "131101", "一所", "not_started")]

HOSTILE_IDS = ["", " ", "!", '"', "a\\b", "a b", "a\tb", "a\u0001", "é", "中", "\U0001f600", "a", "a!", "a#", "ab", "A"]


def _payload_both(triples: list[tuple[str, bytes | None, bytes | None]]) -> tuple[bytes, bytes]:
    rows = BatchRows()
    for triple in triples:
        rows.add(*triple)
    return rows.payload(COVER, KEYS, MISSING), batch_payload_of(COVER, triples, KEYS, MISSING)


def _signature(rng: random.Random) -> bytes | None:
    choice = rng.random()
    if choice < 0.1:
        return None
    return rng.randbytes(64 if choice < 0.8 else rng.randrange(0, 5))


def test_generated_ids_and_signatures_give_the_same_bytes() -> None:
    rng = random.Random(16)
    triples = []
    for _ in range(2000):
        declaration_id = "".join(rng.choice("0123456789abcdef-") for _ in range(rng.randrange(0, 12)))
        triples.append((declaration_id, _signature(rng), _signature(rng)))
    triples += triples[:50]  # repeated ids and signatures
    ours, reference = _payload_both(triples)
    assert ours == reference


@pytest.mark.parametrize("odd", HOSTILE_IDS)
def test_hostile_ids_give_the_same_bytes(odd: str) -> None:
    rng = random.Random(7)
    triples = [(odd, _signature(rng), _signature(rng))]
    triples += [(declaration_id, _signature(rng), _signature(rng)) for declaration_id in HOSTILE_IDS]
    ours, reference = _payload_both(triples)
    assert ours == reference


def test_no_declarations_gives_the_same_bytes() -> None:
    ours, reference = _payload_both([])
    assert ours == reference


def _in_order_both(triples: list[tuple[str, bytes | None, bytes | None]]) -> tuple[bytes, bytes]:
    # Sorted by id alone, stably: triples of one id stay in the order given, which batch_payload_in_order sorts.
    ordered = sorted(triples, key=lambda triple: triple[0])
    return batch_payload_in_order(COVER, ordered, KEYS, MISSING), batch_payload_of(COVER, triples, KEYS, MISSING)


def test_triples_in_the_order_of_their_ids_give_the_same_bytes() -> None:
    rng = random.Random(216)
    triples = []
    for _ in range(2000):
        declaration_id = "".join(rng.choice("0123456789abcdef-") for _ in range(rng.randrange(0, 12)))
        triples.append((declaration_id, _signature(rng), _signature(rng)))
    triples += [(declaration_id, _signature(rng), None) for declaration_id, _o, _c in triples[:50]]  # ids again
    triples += [(declaration_id, _signature(rng), _signature(rng)) for declaration_id in HOSTILE_IDS * 2]
    rng.shuffle(triples)
    ours, reference = _in_order_both(triples)
    assert ours == reference


@pytest.mark.parametrize("odd", HOSTILE_IDS)
def test_hostile_ids_in_order_give_the_same_bytes(odd: str) -> None:
    rng = random.Random(8)
    triples = [(odd, _signature(rng), _signature(rng)), (odd, None, _signature(rng))]
    triples += [(declaration_id, _signature(rng), _signature(rng)) for declaration_id in HOSTILE_IDS]
    ours, reference = _in_order_both(triples)
    assert ours == reference


def test_no_declarations_in_order_gives_the_same_bytes() -> None:
    ours, reference = _in_order_both([])
    assert ours == reference


def test_triples_out_of_order_are_refused() -> None:
    with pytest.raises(ValueError, match="order"):
        batch_payload_in_order(COVER, [("b", None, None), ("a", None, None)], KEYS, MISSING)
    with pytest.raises(ValueError, match="order"):
        batch_payload_in_order(COVER, [("a", None, None), ("b", None, None), ("a", None, None)], KEYS, MISSING)
