"""Counting what a person does: every key pressed and every click, through the real widgets (issue 13's pace).

A Chinese character is counted as three keystrokes (a pinyin syllable typed and the character chosen with an input
method, which QTest cannot drive: the text is committed as an input method commits it). Choosing in a drop-down list
is two clicks; a wheel or scroll-bar drag is never used, reading goes by Page Down (counted).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QApplication, QComboBox, QWidget
from pytestqt.qtbot import QtBot

CHINESE_CHARACTER_KEYS = 3


@dataclass
class Tally:
    qtbot: QtBot
    keys: int = 0
    clicks: int = 0

    def key(self, widget: QWidget, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        self.keys += 1
        self.qtbot.keyClick(widget, key, modifier)

    def type(self, widget: QWidget, text: str) -> None:
        widget.setFocus()
        if text.isascii():
            self.keys += len(text)
            self.qtbot.keyClicks(widget, text)
            return
        self.keys += sum(1 if ch.isascii() else CHINESE_CHARACTER_KEYS for ch in text)
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(widget, event)

    def click(self, widget: QWidget, pos: QPoint | None = None) -> None:
        self.clicks += 1
        if pos is None:
            self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
        else:
            self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)

    def tick(self, box: QAbstractButton) -> None:
        """A click on a check box's indicator."""
        self.click(box, QPoint(8, box.height() // 2))

    def choose(self, combo: QComboBox, data: object) -> None:
        """Open the list and pick an entry: two clicks."""
        index = combo.findData(data)
        assert index >= 0, data
        self.clicks += 2
        combo.setCurrentIndex(index)

    def read_to_the_end(self, area: QAbstractScrollArea, limit: int = 40) -> int:
        """Page Down until the end is shown; returns the keys pressed."""
        bar, pressed = area.verticalScrollBar(), 0
        while bar.value() < bar.maximum():
            assert pressed < limit, "the text never ends"
            self.key(area, Qt.Key.Key_PageDown)
            pressed += 1
        return pressed

    def summary(self) -> str:
        return f"{self.keys} keystrokes, {self.clicks} clicks"
