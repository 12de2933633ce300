"""One declaration in full, read-only, for the unit head: the content, the officer's signature, the countersignature,
every return with its reason, earlier versions, and whether the signatures verify now.

Loaded off the GUI thread (desktop.services.workflow.history). While the declaration waits for the head, Countersign and
Return are offered right here (desktop.gui.head.decision_bar), so that the decision is taken looking at what is decided
on; countersigning is offered nowhere else. The head's page moves the view to the next declaration waiting, so that a
head reads, decides and goes on without the mouse: Page Down reads on, Ctrl+Enter countersigns, Alt+R returns,
Ctrl+Page Down skips.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from desktop.crypto.verification import VerificationResult
from desktop.domain.declarations import DeclarationStatus
from desktop.gui.errors import error_text
from desktop.gui.head import labels
from desktop.gui.head.decision_bar import DecisionBar
from desktop.gui.head.declaration_html import DeclarationHtml, cell, grid, heading
from desktop.gui.printing.button import PrintButton
from desktop.gui.qt_typing import named
from desktop.gui.when import shown_time
from desktop.gui.worker import TaskRunner
from desktop.i18n import Translator
from desktop.services.session.session import Session
from desktop.services.workflow.history import History, VersionHistory, history
from desktop.services.workflow.key_continuity import KeyContinuity
from desktop.services.workflow.read_mark import ReadDeclaration, read_of
from desktop.services.workflow.records import COUNTERSIGN_KIND, OFFICER_KIND, DeclarationRecord


class DeclarationView(QDialog):
    countersign_requested = Signal()
    return_requested = Signal()
    next_requested = Signal()
    lock_requested = Signal()

    def __init__(
        self,
        session: Session,
        translate: Translator,
        runner: TaskRunner,
        declaration_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("declarationView")
        self.setWindowTitle(self.tr("Declaration"))
        self.resize(900, 760)
        self.session, self.translate, self.runner = session, translate, runner
        self.declaration_id = declaration_id
        #: The queue's standing of a declaration's officer key (by declaration id): marks a new or changed one.
        self.key_standing: Callable[[str], KeyContinuity | None] = lambda _declaration_id: None
        self.history: History | None = None
        self._generation = 0  # only the newest load is shown (the head may move on before a load ends)
        self.status = named(QLabel(self.tr("Loading…")), "declarationStatus")
        self.text = named(QTextBrowser(), "declarationText")
        self.text.setOpenLinks(False)
        self.error = named(QLabel(), "declarationError")
        self.error.setWordWrap(True)
        self.error.setProperty("kind", "error")
        self.error.setStyleSheet("color: #a4161a;")
        self.error.hide()
        self.bar = DecisionBar(self)
        self.countersign_button, self.return_button = self.bar.countersign_button, self.bar.return_button
        self.next_button = self.bar.next_button
        self.bar.countersign_requested.connect(self._countersign_asked)
        self.bar.return_requested.connect(self._return_asked)
        self.bar.next_requested.connect(self.next_requested)
        self.bar.lock_requested.connect(self.lock_requested)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        self.print_button = PrintButton(session, translate, runner, lambda: (self.declaration_id, None))
        self.print_button.setAutoDefault(False)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        for keys, slot in (
            ("Ctrl+Return", self._countersign_asked),
            ("Ctrl+Enter", self._countersign_asked),
            ("Ctrl+PgDown", self.next_requested.emit),
            ("Alt+R", self._return_asked),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.bar)
        layout.addWidget(buttons)
        self.reload()

    @property
    def record(self) -> DeclarationRecord | None:
        """The newest version shown, once loaded."""
        return self.history.versions[-1].record if self.history is not None else None

    @property
    def waiting(self) -> bool:
        """Loaded, and waiting for the head's countersignature."""
        record = self.record
        return record is not None and record.status is DeclarationStatus.SIGNED

    @property
    def read_mark(self) -> ReadDeclaration | None:
        """What the head has in front of them: a countersignature given with it is refused if the declaration
        changed meanwhile."""
        return read_of(self.history) if self.history is not None else None

    def opinion(self) -> str:
        return self.bar.written()

    def set_opinion(self, text: str) -> None:
        self.bar.opinion.setText(text)

    def set_signing(self, text: str, *, unlocked: bool) -> None:
        self.bar.set_signing(text, unlocked=unlocked)

    def show_error(self, text: str) -> None:
        """A refusal above the declaration; it stays while the declaration loads again."""
        self.error.setText(text)
        self.error.show()

    def show_declaration(self, declaration_id: str) -> None:
        """Show another declaration in this window (the next one waiting)."""
        self.declaration_id = declaration_id
        self.error.hide()
        self.reload()

    def _countersign_asked(self) -> None:
        if self.waiting:
            self.countersign_requested.emit()

    def _return_asked(self) -> None:
        if self.waiting:
            self.return_requested.emit()

    @property
    def loaded(self) -> bool:
        return self.history is not None

    def reload(self) -> None:
        self.history = None
        self._generation += 1
        self.bar.set_waiting(False)
        self.status.setText(self.tr("Loading…"))
        session, reference, generation = self.session, self.declaration_id, self._generation
        self.runner.start(
            lambda _progress: history(session, reference),
            on_done=lambda found: self._show(found, generation),
            on_error=lambda error: self._failed(error, generation),
            owner=self,
        )

    def _failed(self, error: BaseException, generation: int) -> None:
        if generation == self._generation:
            self.status.setText(error_text(error, self.translate))

    def _show(self, found: History, generation: int) -> None:
        if generation != self._generation:
            return
        self.history = found
        latest = found.versions[-1]
        record = latest.record
        waiting = record.status is DeclarationStatus.SIGNED
        self.bar.set_waiting(waiting)
        self.setWindowTitle(self.tr("Declaration of {name}").format(name=record.declaration.officer.name))
        self.status.setText(
            self.tr("Version {version}: {state}").format(
                version=record.version, state=labels.status(self.translate, record.status.value)
            )
        )
        self.text.setHtml(self.render_html(found))
        self.text.verticalScrollBar().setValue(0)
        self.text.setFocus()  # Page Down and the arrows read on

    def render_html(self, found: History) -> str:
        latest = found.versions[-1]
        parts = [
            DeclarationHtml(self.translate, self).render(latest.record.declaration),
            self._signatures(latest),
            self._verification(latest.verification),
            self._timeline(found),
        ]
        return "".join(parts)

    def _officer_key_cell(self, fingerprint: str) -> str:
        key = self.key_standing(self.declaration_id)
        if key is None or not key.needs_confirmation or key.fingerprint != fingerprint:
            return cell(fingerprint)
        marker = labels.tr(labels.RISK_BY_KEY["officer_key"].explanation)
        return cell(f"{fingerprint} · {marker}", kind="alert")

    def _signatures(self, version: VersionHistory) -> str:
        current = [row for row in version.signatures if not row.void]
        officer = next((row for row in current if row.kind == OFFICER_KIND), None)
        counter = next((row for row in current if row.kind == COUNTERSIGN_KIND), None)
        rows = []
        if officer is None:
            rows.append((self.tr("Officer's signature"), cell(self.tr("not signed"), kind="alert")))
        else:
            signed = self.tr("signed {time}").format(time=shown_time(officer.signed_at))
            if officer.is_late:
                signed += " · " + labels.tr(labels.RISK_BY_KEY["late"].short)
            rows += [
                (self.tr("Officer's signature"), cell(signed, kind="alert" if officer.is_late else "")),
                (self.tr("Officer's key"), self._officer_key_cell(officer.signer_fingerprint)),
            ]
        if counter is None:
            rows.append((self.tr("Countersignature"), cell(self.tr("not countersigned"), kind="muted")))
        else:
            rows += [
                (
                    self.tr("Countersignature"),
                    cell(self.tr("countersigned {time}").format(time=shown_time(counter.signed_at))),
                ),
                (self.tr("Opinion"), cell(counter.opinion or "")),
                (self.tr("Unit head's key"), cell(counter.signer_fingerprint)),
            ]
        return heading(self.tr("Signatures")) + grid(rows, columns=1)

    def _verification(self, result: VerificationResult) -> str:
        if result.valid:
            text = cell(self.tr("The signatures verify: nothing was changed after signing."), kind="good")
            return heading(self.tr("Verification")) + f"<p>{text}</p>"
        items = "".join(f"<li>{cell(failure.render(self.translate), kind='alert')}</li>" for failure in result.failures)
        return heading(self.tr("Verification")) + f"<ul>{items}</ul>"

    def _timeline(self, found: History) -> str:
        """Every signature, return and version change, oldest first."""
        events: list[tuple[str, str]] = []
        for version in found.versions:
            record = version.record
            events.append((record.created_at, self.tr("Version {version} started").format(version=record.version)))
            for row in version.signatures:
                if row.kind == OFFICER_KIND:
                    text = self.tr("Signed by the officer")
                else:
                    text = self.tr("Countersigned: {opinion}").format(opinion=row.opinion or "")
                if row.void:
                    text += " " + self.tr("(no longer valid)")
                events.append((row.signed_at, text))
            for returned in version.returns:
                events.append((returned.returned_at, self.tr("Returned: {reason}").format(reason=returned.reason)))
        events.sort(key=lambda event: event[0])
        returns = sum(len(version.returns) for version in found.versions)
        title = self.tr("History ({count} returns)").format(count=returns)
        items = "".join(f"<tr><td>{escape(shown_time(when))}</td><td>{cell(what)}</td></tr>" for when, what in events)
        return heading(title) + f"<table class='grid' width='100%'>{items}</table>"
