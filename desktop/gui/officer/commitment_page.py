"""The commitment (承诺书) of the campaign, read to the end and confirmed, then the signature: the password, and
optionally a handwritten signature drawn on the pad."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.gui.officer import labels
from desktop.gui.officer.look import ERROR_COLOUR, MUTED_COLOUR, SUCCESS_COLOUR, WARNING_COLOUR, title
from desktop.gui.officer.signature_pad import SignaturePad
from desktop.gui.qt_typing import named


class CommitmentPage(QWidget):
    """``sign_requested`` when the officer asks to sign; ``review_requested`` to see what blocks signing."""

    sign_requested = Signal()
    review_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("commitmentPage")
        self._editable = True
        self._blocking = 0
        self._prohibited = 0
        self._busy = False
        heading = title(self.tr("Commitment and signature"))
        self.text = named(QTextBrowser(), "commitmentText")
        self.text.setOpenLinks(False)
        font = QFont(self.text.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.text.setFont(font)
        self.text.setMinimumHeight(160)
        self.scroll_hint = QLabel(self.tr("Read the commitment to the end; then confirm that you have read it."))
        self.scroll_hint.setObjectName("scrollHint")
        self.scroll_hint.setStyleSheet(f"color: {MUTED_COLOUR};")
        self.read = QCheckBox(
            self.tr("I have read the commitment, and I declare that my form is true and complete."),
        )
        self.read.setObjectName("readCommitment")
        self.read.setEnabled(False)
        self.read.toggled.connect(lambda _on: self._update())
        bar = self.text.verticalScrollBar()
        bar.valueChanged.connect(self._scrolled)
        bar.rangeChanged.connect(lambda _lo, _hi: self._scrolled())

        self.pad_box = pad_box = QGroupBox(self.tr("Handwritten signature (optional)"))
        self.pad = SignaturePad()
        self.clear_pad = named(QPushButton(self.tr("Clear")), "clearSignature")
        self.clear_pad.clicked.connect(self.pad.clear)
        pad_note = QLabel(self.tr("The drawing is kept with your declaration; your password is what signs it."))
        pad_note.setWordWrap(True)
        pad_note.setStyleSheet(f"color: {MUTED_COLOUR};")
        pad_layout = QVBoxLayout(pad_box)
        pad_layout.addWidget(self.pad)
        note_row = QHBoxLayout()
        note_row.addWidget(pad_note, 1)
        note_row.addWidget(self.clear_pad, 0, Qt.AlignmentFlag.AlignTop)
        pad_layout.addLayout(note_row)
        pad_layout.addStretch(1)

        self.blockers = named(QLabel(), "signBlockers")
        self.blockers.setWordWrap(True)
        self.blockers.linkActivated.connect(lambda _link: self.review_requested.emit())
        self.sign_button = named(QPushButton(self.tr("Sign with my password…")), "signButton")
        self.sign_button.clicked.connect(self.sign_requested)
        self.progress = named(QProgressBar(), "signProgress")
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        self.message = named(QLabel(), "signMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        sign_row = QHBoxLayout()
        sign_row.addWidget(self.sign_button)
        sign_row.addWidget(self.progress)
        sign_row.addStretch(1)

        # The text and the pad side by side: one above the other needs more height than a laptop screen leaves.
        reading = QHBoxLayout()
        reading.addWidget(self.text, 3)
        reading.addWidget(pad_box, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(reading, 1)
        layout.addWidget(self.scroll_hint)
        layout.addWidget(self.read)
        layout.addWidget(self.blockers)
        layout.addLayout(sign_row)
        layout.addWidget(self.message)
        self._update()

    # -- state --------------------------------------------------------------------------------------------------

    def set_commitment(self, text: str) -> None:
        if self.text.toPlainText() != text:
            self.text.setPlainText(text)
            self.read.setChecked(False)
            self.read.setEnabled(False)
            self.scroll_hint.setText(self.tr("Read the commitment to the end; then confirm that you have read it."))
            self._scrolled()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._scrolled)  # after the layout, when the scroll range is known

    def set_state(self, *, editable: bool, blocking: int, prohibited: int = 0) -> None:
        """Whether the declaration can be signed now, how many problems stop it, and how many of its businesses are
        prohibited involvement (a police-regulated trade within the jurisdiction or duties): a form declaring some is
        complete, but it is not a form without findings, and the page says so."""
        self._editable, self._blocking, self._prohibited = editable, blocking, prohibited
        if not editable:
            self.read.setChecked(False)  # a declaration returned later is read again before it is signed again
        self._update()

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        if busy:
            self.show_message(self.tr("Signing…"), MUTED_COLOUR)
        self._update()

    def show_message(self, text: str, colour: str = ERROR_COLOUR) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {colour};")
        self.message.setVisible(bool(text))

    @property
    def ready(self) -> bool:
        return self._editable and not self._busy and self._blocking == 0 and self.read.isChecked()

    def _scrolled(self, *_args: object) -> None:
        # Only once the text is on screen: before its first layout the scroll range is 0 and 'at the end' is true.
        bar = self.text.verticalScrollBar()
        if self.text.isVisible() and bar.value() >= bar.maximum() and self.text.toPlainText():
            self.read.setEnabled(self._editable)
            self.scroll_hint.setText(self.tr("You have reached the end of the commitment."))

    def _update(self) -> None:
        self.sign_button.setEnabled(self.ready)
        self.sign_button.setVisible(self._editable)
        self.pad.set_read_only(not self._editable or self._busy)
        self.clear_pad.setEnabled(self._editable and not self._busy)
        self.pad_box.setVisible(self._editable)
        if self._editable and self.read.isEnabled() is False and self.text.toPlainText():
            self._scrolled()
        self.read.setVisible(self._editable)
        self.scroll_hint.setVisible(self._editable)
        if not self._editable:
            self.blockers.hide()
        elif self._blocking:
            self.blockers.setText(
                labels.fill(
                    self.tr(
                        'Signing needs a complete form: %1 problems are left. <a href="review">Show them on the review '
                        "page</a>."
                    ),
                    self._blocking,
                )
            )
            self.blockers.setStyleSheet(f"color: {ERROR_COLOUR};")
            self.blockers.show()
        elif self._prohibited:
            self.blockers.setText(
                labels.fill(
                    self.tr(
                        "The form is filled in. It declares %1 businesses in a police-regulated trade within your "
                        "jurisdiction or related to your duties: such involvement is prohibited, and by signing you "
                        "commit to the rectification you described for each."
                    ),
                    self._prohibited,
                )
            )
            self.blockers.setStyleSheet(f"color: {WARNING_COLOUR};")
            self.blockers.show()
        else:
            self.blockers.setText(self.tr("The form is complete."))
            self.blockers.setStyleSheet(f"color: {SUCCESS_COLOUR};")
            self.blockers.show()
