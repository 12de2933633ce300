"""The fast canonical path gives exactly the bytes of the rfc8785 package, or falls back to it."""

from __future__ import annotations

import random

import pytest

from bench.data import declarations
from desktop.crypto.canonical import canonical_bytes, reference_canonical_bytes

TRICKY_STRINGS = [
    "",
    "plain",
    "中文名称",
    'quote " and backslash \\',
    "tab\tnewline\ncarriage\rform\fback\b",
    "".join(chr(c) for c in range(0x20)),
    "\x7f del",
    "\u2028 line sep \u2029 para sep",
    "emoji 😀 𠀀",
    "é composed",
    "e\u0301 decomposed",
    "\ufeff bom",
    "/slash",
    "<script>",
    "=SUM(A1)",
    "\u00a0nbsp",
]


@pytest.mark.parametrize("text", TRICKY_STRINGS)
def test_fast_path_matches_rfc8785_for_tricky_strings(text):
    value = {"k": text, "list": [text, 1, True, None], "nested": {"z": text, "a": -(2**53 - 1)}}
    assert canonical_bytes(value) == reference_canonical_bytes(value)


def test_fast_path_matches_rfc8785_for_generated_declarations():
    for declaration in declarations(200, seed=3):
        value = declaration.to_dict()
        assert canonical_bytes(value) == reference_canonical_bytes(value)


def test_values_outside_the_fast_path_use_rfc8785():
    rng = random.Random(5)
    for value in ({"f": 1.5}, {"é": 1}, {"emoji key 😀": "x"}, [rng.random() for _ in range(5)]):
        assert canonical_bytes(value) == reference_canonical_bytes(value)


def test_integers_beyond_the_safe_range_are_refused_as_rfc8785_refuses_them():
    with pytest.raises(ValueError, match="safe integer"):
        canonical_bytes({"big": 2**53})


def test_key_order_does_not_matter():
    assert canonical_bytes({"b": 1, "a": {"d": 2, "c": 3}}) == canonical_bytes({"a": {"c": 3, "d": 2}, "b": 1})
