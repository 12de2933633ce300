"""Settings: the language (from the next start) and the idle time after which the window locks itself."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QWidget

from desktop.gui.settings import Settings

#: Language names are written in their own language, so that anyone can find theirs.
LANGUAGE_NAMES = (("zh_CN", "简体中文"), ("en", "English"))
MAX_IDLE_MINUTES = 240


class SettingsDialog(QDialog):
    """Emits ``saved(settings)`` when accepted; the caller stores them."""

    saved = Signal(object)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self._settings = settings
        self.language = QComboBox(self)
        self.language.setObjectName("languageCombo")
        for code, name in LANGUAGE_NAMES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.idle_minutes = QSpinBox(self)
        self.idle_minutes.setObjectName("idleMinutesSpin")
        self.idle_minutes.setRange(1, MAX_IDLE_MINUTES)
        self.idle_minutes.setSuffix(self.tr(" min"))
        self.idle_minutes.setValue(max(1, min(MAX_IDLE_MINUTES, round(settings.idle_lock_seconds / 60))))
        note = QLabel(self.tr("A new language takes effect when the application is started again."), self)
        note.setProperty("role", "hint")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.setObjectName("settingsButtons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Language:"), self.language)
        form.addRow(note)
        form.addRow(self.tr("Lock after no use for:"), self.idle_minutes)
        form.addRow(buttons)

    def accept(self) -> None:
        minutes = self.idle_minutes.value()
        seconds = self._settings.idle_lock_seconds
        if round(seconds / 60) != minutes:  # keep a finer value from the file unless the minutes were changed
            seconds = minutes * 60
        self.saved.emit(Settings(language=self.language.currentData(), idle_lock_seconds=seconds))
        super().accept()
