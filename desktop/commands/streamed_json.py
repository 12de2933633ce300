"""A JSON document whose last member is a long list, written as its items come: the same text ``json.dumps`` (with
``indent=1`` and ``ensure_ascii=False``) writes for the whole document, never the whole document in memory."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable
from typing import Any, TextIO


def write_streamed(out: TextIO, document: dict[str, Any], key: str, items: Iterable[Any]) -> None:
    """Write ``document`` with ``key`` (its last member) holding ``items``, and a newline, as ``print(json.dumps(
    {**document, key: list(items)}, ensure_ascii=False, indent=1), file=out)`` would."""
    head = json.dumps({**document, key: []}, ensure_ascii=False, indent=1)
    empty = "[]\n}"
    if not head.endswith(empty):
        raise ValueError(f"{key} must be the document's last member")
    out.write(head[: -len(empty)])
    first = True
    for item in items:
        out.write("[\n" if first else ",\n")
        out.write(textwrap.indent(json.dumps(item, ensure_ascii=False, indent=1), "  "))
        first = False
    out.write(empty if first else "\n ]\n}")
    out.write("\n")
