"""Questions put to the officer in a window-modal box that does not block the event loop (``open``, not
``exec``): the answer arrives as a call, so autosave and the worker thread keep running meanwhile."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget


def confirm(
    parent: QWidget,
    object_name: str,
    title: str,
    text: str,
    on_yes: Callable[[], object],
    on_no: Callable[[], object] | None = None,
    *,
    yes_text: str | None = None,
    informative: str = "",
) -> QMessageBox:
    """Ask a yes/no question; ``on_yes`` or ``on_no`` runs with the answer. No is the default button."""
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent
    )
    box.setObjectName(object_name)
    if informative:
        box.setInformativeText(informative)
    if yes_text:
        box.button(QMessageBox.StandardButton.Yes).setText(yes_text)
    box.setDefaultButton(QMessageBox.StandardButton.No)

    def answered(_result: int) -> None:
        if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
            on_yes()
        elif on_no is not None:
            on_no()
        box.setObjectName("")  # answered: no longer the box a caller (or a test) looks for
        box.deleteLater()

    box.finished.connect(answered)
    box.open()
    return box
