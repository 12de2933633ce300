"""After login: one tab per role of the account (see desktop.gui.pages for the plug-in point). A unit head starts on
the review queue, the work the head logs in for (the head's own declaration is one tab away)."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from desktop.gui.pages import PageContext, pages_for


class Workspace(QTabWidget):
    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workspace")
        self.setDocumentMode(True)
        self.context = context
        for title, page in pages_for(context):
            self.addTab(page, title)
        start = self.findChild(QWidget, "headPage")
        if start is not None:
            self.setCurrentWidget(start)
