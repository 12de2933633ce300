"""Kept UTF-8 text written to a command's output: as bytes to a UTF-8 stream, as text anywhere else; the same
characters, in the order they were written (decision 168)."""

from __future__ import annotations

import io

from desktop.commands.utf8_output import write_utf8

TEXT = "! 100  regulated_trade  000021 郝佳  13112201  旅馆业（辖区内）\n  15  key_person  …\n"


def test_a_utf8_stream_gets_the_bytes_in_order_with_the_text_around_them() -> None:
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
    out.write("before\n")
    write_utf8(out, TEXT.encode("utf-8"))
    out.write("after\n")
    out.flush()
    assert raw.getvalue() == ("before\n" + TEXT + "after\n").encode("utf-8")


def test_a_string_stream_and_another_encoding_get_the_text() -> None:
    text = io.StringIO()
    write_utf8(text, TEXT.encode("utf-8"))
    assert text.getvalue() == TEXT
    raw = io.BytesIO()
    chinese = io.TextIOWrapper(raw, encoding="gb18030", newline="\n")
    write_utf8(chinese, TEXT.encode("utf-8"))
    chinese.flush()
    assert raw.getvalue() == TEXT.encode("gb18030")


def test_an_unpaired_surrogate_goes_the_text_way_as_before() -> None:
    odd = "名\ud800字\n"
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="\n")
    write_utf8(out, odd.encode("utf-8", "surrogatepass"))
    out.flush()
    assert raw.getvalue() == odd.encode("utf-8", "replace")
