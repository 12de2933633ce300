"""Reading a declaration workbook's cover, and choosing the layout (format version, form version) it names.

The cover is read first: its ``format_version`` (and, from format 2, ``form_version``) say which sheets and columns
the rest of the workbook has. A cover that names a format or form version this program does not know is a located
problem, and the rest is read as format 1 so that every other problem is still reported.
"""

from __future__ import annotations

from desktop.exchange.problems import SheetProblem
from desktop.exchange.workbook.cells import cell_text
from desktop.exchange.workbook.columns import (
    COVER_FIELDS_2,
    COVER_SHEET,
    COVER_TITLE,
    FORMAT_NAME,
    FORMAT_VERSION,
    READABLE_FORMAT_VERSIONS,
    Kind,
    Layout,
    layout,
)
from desktop.exchange.xlsx.safety import cell_reference
from desktop.form import known_form_versions
from desktop.i18n import N_

#: Every field any format's cover has: the labels of the newest.
_LABELS = dict(COVER_FIELDS_2)


def read_cover(
    rows: list[list[object]], problems: list[SheetProblem], seen: list[SheetProblem]
) -> tuple[dict[str, str], Layout]:
    """The cover's fields (key → cleaned text; only the fields of the layout it names) and that layout.
    Problems that refuse the workbook go to ``problems``; edited labels and title (what people read) to ``seen``."""
    if not _titled(rows[0] if rows else []):
        seen.append(
            SheetProblem(
                COVER_SHEET,
                1,
                cell_reference(1, 1),
                "cover.title",
                N_("The cover's first row must hold only its title, {expected}: what it shows is not verified."),
                {"expected": COVER_TITLE},
            )
        )
    found: dict[str, tuple[int, str, str]] = {}  # key → (row, label, text)
    for index, row in enumerate(rows, start=1):
        if len(row) >= 3 and isinstance(row[1], str) and row[1] in _LABELS:
            value = row[2]
            if value not in (None, "") and not isinstance(value, str):
                problems.append(
                    SheetProblem(
                        COVER_SHEET, index, cell_reference(index, 3), "cover.not_text", N_("Text is expected here.")
                    )
                )
                continue
            label = cell_text(Kind.TEXT, row[0]) if isinstance(row[0], str | None) else ""
            text = cell_text(Kind.TEXT, value)
            if row[1] in found and found[row[1]][2] != text:
                # A second row for the same field, with another value: people may read either; keep both, so the
                # batch signature (over one value) cannot verify.
                text = f"{found[row[1]][2]}\n{text}"
            found[row[1]] = (index, label, text)
    shape = _layout(found, problems)
    labels = dict(shape.cover_fields)
    cover: dict[str, str] = {}
    for key, (index, label, text) in found.items():
        if key not in labels:
            continue  # a field of another format: not part of this one (nor of its batch signature)
        if label != labels[key]:  # people read the label, the verifier the key beside it
            seen.append(
                SheetProblem(
                    COVER_SHEET,
                    index,
                    cell_reference(index, 1),
                    "cover.label",
                    N_("{heading}: expected {expected}."),
                    {"heading": label, "expected": labels[key]},
                )
            )
        cover[key] = text
    absent = [key for key in labels if key not in cover]
    if absent:
        problems.append(
            SheetProblem(
                COVER_SHEET,
                0,
                "",
                "cover.missing",
                N_("The cover lacks the fields {fields}."),
                {"fields": ", ".join(sorted(absent))},
            )
        )
    return cover, shape


def _titled(row: list[object]) -> bool:
    """Whether the cover's first row holds the title alone (cleaned, A.2), as every writer of the format writes it:
    no signature covers it, and people read it first (decision 239)."""
    title, *rest = row or [None]
    return (
        isinstance(title, str)
        and cell_text(Kind.TEXT, title) == COVER_TITLE
        and all(cell is None or (isinstance(cell, str) and not cell_text(Kind.TEXT, cell)) for cell in rest)
    )


def _layout(found: dict[str, tuple[int, str, str]], problems: list[SheetProblem]) -> Layout:
    def text(key: str) -> str:
        return found[key][2] if key in found else ""

    if text("format") != FORMAT_NAME:
        problems.append(
            SheetProblem(COVER_SHEET, 0, "", "cover.format", N_("This is not an officer-declare declaration workbook."))
        )
        return layout(1)
    format_text = text("format_version")
    if format_text not in {str(v) for v in READABLE_FORMAT_VERSIONS}:
        problems.append(
            SheetProblem(
                COVER_SHEET,
                0,
                "",
                "cover.version",
                N_("The workbook has format version {found}; this application reads version {supported}."),
                {"found": format_text, "supported": FORMAT_VERSION},
            )
        )
        return layout(1)
    if format_text == "1":
        return layout(1)
    form_text = text("form_version")
    if form_text not in {str(v) for v in known_form_versions()}:
        problems.append(
            SheetProblem(
                COVER_SHEET,
                0,
                "",
                "cover.form_version",
                N_("The workbook's declarations are on form version {found}, which this application does not know."),
                {"found": form_text},
            )
        )
        return layout(2, 1)
    return layout(2, int(form_text))
