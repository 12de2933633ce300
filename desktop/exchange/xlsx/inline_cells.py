"""The row of inline texts that our own writer and openpyxl write (``<c r="B7" t="inlineStr"><is><t>…</t></is>
</c>``, no style, no other attribute), taken apart by string methods, without a regular expression or a step in
Python a cell.

The streamed reader (plain_sheets) reads such a row cell by cell: one pattern with eight groups over every
character of the row, then each text through the checks and the decoding of ``_plain_text``; a row of Chinese
texts cost about twice a row of shared strings (decision 243). Here the row is cut at the two fixed pieces of
markup around each text, and taken only where cutting it gives exactly the cells it is made of (the row is built
again from its parts and compared) and nothing in it needs a check a cell: each reference a column of one to three
capital letters then the row's own number; no text empty, longer than a cell may be, or holding a ``<``, a
reference (``&``), a carriage return, an Excel escape (``_x``), white space at an end or what looks like a style
attribute. Then each text is its value, exactly as ``_plain_text`` gives it. Anything else gives None, and the row
is read cell by cell as before: the same values and the same refusals."""

from __future__ import annotations

_HEAD = '<c r="'
_MIDDLE = '" t="inlineStr"><is><t>'  # between a cell's reference and its text
_END = "</t></is></c>"
_BETWEEN = _END + _HEAD  # between a cell's text and the next cell's reference
_CUT = "\x00"  # never in a row taken: XML forbids it, and a row holding it is not taken
_TEXT_EDGES = tuple(f"{_CUT}{space}" for space in " \t\n") + tuple(f"{space}{_CUT}" for space in " \t\n")


def inline_first(content: str) -> bool:
    """Whether the row's first cell is an inline text of this form (the rest of the row is not looked at)."""
    return content.find(_MIDDLE, len(_HEAD) + 2, len(_HEAD) + 10 + len(_MIDDLE)) > 0


def inline_texts(content: str, number: str, max_characters: int) -> tuple[tuple[str, ...], list[str]] | None:
    """The column letters of the row's cells and their texts followed by one empty text (for the columns between
    them), where every cell of ``content`` (the row ``number``) is an inline text taken as written; else None."""
    if _CUT in content or not content.startswith(_HEAD) or not content.endswith(_END):
        return None
    parts = content[len(_HEAD) : -len(_END)].replace(_BETWEEN, _CUT).replace(_MIDDLE, _CUT).split(_CUT)
    references, texts = parts[0::2], parts[1::2]
    if len(references) != len(texts):
        return None
    if _HEAD + _BETWEEN.join(map(_MIDDLE.join, zip(references, texts, strict=True))) + _END != content:
        return None  # the pieces of markup in another order: not cells of this form
    ends = _CUT.join(references) + _CUT
    if ends.count(number + _CUT) != len(references):
        return None  # a reference without the row's number at its end
    letters = ends.replace(number + _CUT, _CUT).split(_CUT)
    letters.pop()
    joined = "".join(letters)
    if not (joined.isascii() and joined.isalpha() and joined.isupper()) or len(joined) < len(letters):
        return None  # a reference of another row, or not letters then the row's number
    if max(map(len, letters)) > 3 or max(map(len, texts)) > max_characters or min(map(len, texts)) == 0:
        return None
    every = _CUT + _CUT.join(texts) + _CUT
    if any(mark in every for mark in ("<", "&", "\r", "_x", ' s="', *_TEXT_EDGES)):
        return None  # a text the careful reading checks, decodes or trims
    return tuple(letters), [*texts, ""]
