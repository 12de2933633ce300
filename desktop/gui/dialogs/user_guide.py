"""The user guide (Help → User guide, F1): resources/guide/user-guide.zh_CN.md with its screenshots, in a browser.

The guide is Markdown in Chinese, shipped in resources/ so that an installed program has it; it opens before login.
Screenshots wider than the dialog's text are shown scaled down; links to web pages open in the system's browser.
"""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desktop.resources import resource_path

GUIDE = resource_path("guide", "user-guide.zh_CN.md")
MAX_IMAGE_WIDTH = 760


class GuideBrowser(QTextBrowser):
    """A QTextBrowser that scales the guide's screenshots to fit."""

    def loadResource(self, kind: int, name: QUrl | str) -> object:
        found = super().loadResource(kind, name)
        if kind == QTextDocument.ResourceType.ImageResource.value and found is not None:
            image = QImage.fromData(found) if not isinstance(found, QImage) else found
            if not image.isNull() and image.width() > MAX_IMAGE_WIDTH:
                return image.scaledToWidth(MAX_IMAGE_WIDTH)
            return image
        return found


class UserGuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("userGuideDialog")
        self.setWindowTitle(self.tr("User guide"))
        self.resize(860, 700)
        self.browser = GuideBrowser(self)
        self.browser.setObjectName("userGuideBrowser")
        self.browser.setOpenExternalLinks(True)
        self.browser.setSearchPaths([str(GUIDE.parent)])
        if GUIDE.is_file():
            self.browser.setSource(QUrl.fromLocalFile(str(GUIDE)), QTextDocument.ResourceType.MarkdownResource)
        else:
            self.browser.setPlainText(self.tr("The user guide is missing from this installation: reinstall it."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.browser, 1)
        column.addWidget(buttons)
