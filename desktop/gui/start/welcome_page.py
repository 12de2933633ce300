"""Shown when the folder holds no store yet: create a new store, or open an existing one elsewhere."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.gui.widgets.message_label import MessageLabel


class WelcomePage(QWidget):
    create_store = Signal()
    open_other = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePage")
        title = QLabel(self.tr("Declarations of business involvement"), self)
        title.setObjectName("appTitle")
        self.folder_label = QLabel(self)
        self.folder_label.setObjectName("storeFolderLabel")
        self.folder_label.setWordWrap(True)
        explanation = QLabel(
            self.tr(
                "Everything is kept in one encrypted store: a folder with the database and its key file. Create a new "
                "store if you are the administrator setting the application up for your unit; otherwise open the store "
                "your administrator prepared."
            ),
            self,
        )
        explanation.setWordWrap(True)
        self.message = MessageLabel("welcomeMessage", self)
        create = QPushButton(self.tr("Create a new store…"), self)
        create.setObjectName("createStoreButton")
        create.setDefault(True)
        other = QPushButton(self.tr("Open an existing store…"), self)
        other.setObjectName("openStoreButton")
        create.clicked.connect(lambda: self.create_store.emit())
        other.clicked.connect(lambda: self.open_other.emit())

        buttons = QHBoxLayout()
        buttons.addWidget(other)
        buttons.addStretch()
        buttons.addWidget(create)
        box = QWidget(self)
        box.setMaximumWidth(560)
        column = QVBoxLayout(box)
        column.addStretch()
        column.addWidget(title)
        column.addWidget(self.folder_label)
        column.addSpacing(12)
        column.addWidget(explanation)
        column.addWidget(self.message)
        column.addLayout(buttons)
        column.addStretch(2)
        outer = QHBoxLayout(self)
        outer.addStretch()
        outer.addWidget(box, 2)
        outer.addStretch()

    def show_folder(self, folder: str, message: str = "") -> None:
        self.folder_label.setText(self.tr("There is no store in {folder} yet.").format(folder=folder))
        if message:
            self.message.error(message)
        else:
            self.message.clear_message()
