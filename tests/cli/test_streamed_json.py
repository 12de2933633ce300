"""A JSON document written as its long list's items come is the text json.dumps writes for the whole document."""

from __future__ import annotations

import io
import json

import pytest

from desktop.commands.streamed_json import write_streamed

ITEMS = [
    {"rule": "key_person", "name": "王\u200b伟", "reason": 'O\'Brien "quoted"\n\t; --', "row": None, "score": 100},
    {"rule": "late", "nested": {"a": [1, 2.5, True, None]}, "empty": [], "also": {}},
]


@pytest.mark.parametrize("items", [ITEMS, ITEMS[:1], []])
def test_a_streamed_document_is_what_json_dumps_writes(items):
    document = {"campaign": {"id": "c1", "name": "专项"}, "summary": {"listed": len(items)}}
    out = io.StringIO()
    write_streamed(out, document, "findings", iter(items))
    whole = io.StringIO()
    print(json.dumps({**document, "findings": items}, ensure_ascii=False, indent=1), file=whole)
    assert out.getvalue() == whole.getvalue()


def test_the_streamed_list_must_be_the_last_member():
    with pytest.raises(ValueError, match="last member"):
        write_streamed(io.StringIO(), {"findings": 1, "after": 2}, "findings", [])
