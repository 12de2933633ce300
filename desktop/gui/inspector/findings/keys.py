"""The heads' keys waiting for an inspector's confirmation, with a Trust button; a changed key comes first, with the
loud warning, and can be trusted only after ticking that it was confirmed with the head in person."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.gui.qt_typing import named
from desktop.gui.widgets.column_fit import ColumnFitter
from desktop.services.inspection.trust import HeadKey

FINGERPRINT_ROLE = Qt.ItemDataRole.UserRole + 1
WARNING = "#b3261e"


class WaitingKeys(QWidget):
    """``trust_requested(fingerprint, note, new_key)`` when Trust is pressed."""

    trust_requested = Signal(str, str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waitingKeys")
        self.keys: list[HeadKey] = []
        self.intro = QLabel(
            self.tr(
                "Compare each fingerprint with the head (read aloud over the phone, or on paper "
                "under the unit's seal) before trusting it."
            ),
        )
        self.intro.setObjectName("keysIntro")
        self.intro.setWordWrap(True)
        self.warning = named(QLabel(), "changedKeyWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(f"color: {WARNING}; font-weight: bold;")
        self.warning.hide()
        self.tree = named(QTreeWidget(), "waitingKeysList")
        self.tree.setHeaderLabels(
            [self.tr("Head"), self.tr("Unit"), self.tr("Fingerprint"), self.tr("Countersigned"), self.tr("State")]
        )
        self.tree.setRootIsDecorated(False)
        ColumnFitter(self.tree)
        self.note = named(QLineEdit(), "trustNote")
        self.note.setPlaceholderText(self.tr("How it was confirmed (phone, paper…)"))
        self.in_person = QCheckBox(self.tr("The new key was confirmed with the head in person"))
        self.in_person.setObjectName("newKeyConfirmed")
        self.trust_button = named(QPushButton(self.tr("Trust")), "trustButton")
        self.trust_button.clicked.connect(self._trust)
        self.tree.currentItemChanged.connect(lambda *_args: self._selection())
        bar = QHBoxLayout()
        bar.addWidget(self.note, 1)
        bar.addWidget(self.in_person)
        bar.addWidget(self.trust_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.warning)
        layout.addWidget(self.tree, 1)
        layout.addLayout(bar)
        self._selection()

    def set_keys(self, keys: tuple[HeadKey, ...] | list[HeadKey]) -> None:
        trusted = {k.fingerprint for k in keys if k.trusted}
        waiting = [k for k in keys if not k.trusted]
        changed = [k for k in waiting if trusted.intersection(k.other_keys)]
        waiting.sort(key=lambda k: (k not in changed, k.unit_code, k.holder))
        self.keys = waiting
        self.tree.clear()
        for key in waiting:
            is_changed = key in changed
            item = QTreeWidgetItem(
                [
                    f"{key.name} ({key.holder})",
                    key.unit_code,
                    key.fingerprint,
                    str(key.countersigned),
                    self.tr("WARNING: changed key") if is_changed else self.tr("Not trusted"),
                ]
            )
            item.setData(0, FINGERPRINT_ROLE, key.fingerprint)
            item.setData(1, FINGERPRINT_ROLE, is_changed)
            if is_changed:
                for column in range(5):
                    item.setForeground(column, QColor(WARNING))
            self.tree.addTopLevelItem(item)
        if changed:
            self.warning.setText(
                self.tr(
                    "WARNING: %n head(s) countersigned with a key different from the one already trusted. A password "
                    "reset gives a new key, but so does someone signing in the head's name: confirm the new "
                    "fingerprint with the head in person before trusting it.",
                    "",
                    len(changed),
                )
            )
        self.warning.setVisible(bool(changed))
        self._selection()

    def fingerprints(self) -> list[str]:
        return [k.fingerprint for k in self.keys]

    def _selection(self) -> None:
        item = self.tree.currentItem()
        changed = bool(item and item.data(1, FINGERPRINT_ROLE))
        self.trust_button.setEnabled(item is not None)
        self.in_person.setVisible(changed)

    def _trust(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        changed = bool(item.data(1, FINGERPRINT_ROLE))
        self.trust_requested.emit(
            item.data(0, FINGERPRINT_ROLE), self.note.text(), changed and self.in_person.isChecked()
        )
