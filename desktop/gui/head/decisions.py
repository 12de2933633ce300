"""The unit head's decisions on the declaration open in the view: countersigning it (at once while signing is
unlocked for the working session, else through the password dialog) or returning it with a reason, then moving on
to the next declaration waiting. The base of HeadPage (desktop.gui.head.page), which holds the queue and the view.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from desktop.gui.errors import error_text
from desktop.gui.head.decision_bar import unlock_minutes
from desktop.gui.head.declaration_view import DeclarationView
from desktop.gui.head.review_dialogs import CountersignDialog, ReturnDialog
from desktop.gui.widgets.message_label import MessageLabel
from desktop.gui.worker import Progress, TaskRunner
from desktop.i18n import Translator
from desktop.services.errors import ChangedSinceOpened
from desktop.services.session.session import Session
from desktop.services.session.signing_unlock import signing_unlocked
from desktop.services.workflow.countersigning import QueueItem, return_declaration
from desktop.services.workflow.head_signing import countersign_read, lock_signing
from desktop.services.workflow.key_continuity import KeyContinuity
from desktop.services.workflow.read_mark import ReadDeclaration


class HeadDecisions(QWidget):
    """Countersign and return, for HeadPage: what it needs of the page is declared here and set by the page."""

    session: Session
    runner: TaskRunner
    translate: Translator
    message: MessageLabel
    idle_lock_seconds: Callable[[], int]
    view: DeclarationView | None
    decision: CountersignDialog | ReturnDialog | None
    default_opinion: str
    _deciding: bool  # a decision runs: no second one is started meanwhile
    _decided: dict[str, int]  # declaration id → the load generation when decided (not yet reloaded)
    _generation: int

    # -- what the page provides -----------------------------------------------------------------------------

    def selected(self) -> QueueItem | None:
        raise NotImplementedError

    def show_next(self) -> bool:
        raise NotImplementedError

    def reload(self) -> None:
        raise NotImplementedError

    def _officer_key_of(self, declaration_id: str) -> KeyContinuity | None:
        raise NotImplementedError

    # -- signing unlocked for the working session -------------------------------------------------------------

    def unlock_choices(self) -> list[int]:
        return unlock_minutes(self.idle_lock_seconds())

    def lock_signing(self) -> None:
        lock_signing(self.session)
        self._show_signing()

    def _show_signing(self) -> None:
        if self.view is not None:
            self.view.bar.show_signing(self.session.signing_unlock if signing_unlocked(self.session) else None)

    # -- decisions -------------------------------------------------------------------------------------------

    def _target(self) -> QueueItem | None:
        item = self.selected()
        return item if item is not None and item.record is not None and item.status == "signed" else None

    def _view_target(self) -> tuple[str, str, ReadDeclaration] | None:
        """(declaration id, officer's name, what was read) of the declaration open and waiting in the view."""
        view = self.view
        if view is None or not view.isVisible() or not view.waiting or view.record is None:
            return None
        mark = view.read_mark
        if mark is None:
            return None
        return view.record.id, view.record.declaration.officer.name, mark

    def _dialog_parent(self) -> QWidget:
        return self.view if self.view is not None and self.view.isVisible() else self

    def start_countersign(self) -> None:
        """Countersign the declaration open in the view (never one not opened): at once while signing is unlocked,
        else through the password dialog."""
        target = self._view_target()
        if target is None or self.decision is not None or self._deciding:
            return
        declaration_id, name, mark = target
        opinion = self.view.opinion() if self.view is not None else ""
        opinion = opinion or self.default_opinion
        new_key = self._officer_key_of(declaration_id)
        if signing_unlocked(self.session) and new_key is None:
            self._countersign(declaration_id, name, opinion, None, mark, keep=CountersignDialog.ASK_EVERY_TIME)
            return
        # A new or changed officer key is confirmed in the dialog, deliberately, even while signing is unlocked.
        dialog = CountersignDialog(
            name, self._dialog_parent(), opinion=opinion, unlock_minutes=self.unlock_choices(), new_key=new_key
        )
        dialog.submitted.connect(
            lambda written, password: self._countersign(
                declaration_id, name, written, password, mark, keep=dialog.keep_unlocked(), key=dialog.key_confirmed
            )
        )
        self._open_decision(dialog)

    def start_return(self) -> None:
        target = self._view_target()
        if target is not None:
            declaration_id, name, _mark = target
        else:
            item = self._target()
            if item is None or item.record is None:
                return
            declaration_id, name = item.record.id, item.officer.name
        dialog = ReturnDialog(name, self._dialog_parent())
        dialog.submitted.connect(lambda reason: self._return(declaration_id, name, reason))
        self._open_decision(dialog)

    def _open_decision(self, dialog: CountersignDialog | ReturnDialog) -> None:
        if self.decision is not None:
            self.decision.close()
        self.decision = dialog
        dialog.finished.connect(lambda _result: self._decision_closed(dialog))
        dialog.open()

    def _decision_closed(self, dialog: QWidget) -> None:
        if self.decision is dialog:
            self.decision = None
        dialog.deleteLater()

    def _countersign(
        self,
        reference: str,
        name: str,
        opinion: str,
        password: str | None,
        mark: ReadDeclaration,
        *,
        keep: int,
        key: bool = False,
    ) -> None:
        session, idle_seconds = self.session, self.idle_lock_seconds()
        done = self.tr("Countersigned the declaration of {name}.").format(name=name)
        minutes = None if keep == CountersignDialog.ASK_EVERY_TIME else keep

        def work(_progress: Progress) -> object:
            return countersign_read(
                session, reference, opinion, password, mark, unlock=minutes, idle=idle_seconds, confirm_new_key=key
            )

        self.default_opinion = opinion  # kept for the next declaration, or changed again there
        self._decide(work, done, reference)

    def _return(self, reference: str, name: str, reason: str) -> None:
        session = self.session
        done = self.tr("Returned the declaration of {name} to the officer.").format(name=name)
        self._decide(lambda _progress: return_declaration(session, reference, reason), done, reference)

    def _decide(self, work: Callable[[Progress], object], done_text: str, reference: str) -> None:
        dialog = self.decision
        self._deciding = True

        def succeeded(_record: object) -> None:
            self._deciding = False
            self._decided[reference] = self._generation
            if dialog is not None:
                dialog.set_busy(False)
                dialog.accept()
            view = self.view
            if view is not None and view.isVisible() and view.declaration_id == reference:
                view.set_opinion(self.default_opinion)
                view.activateWindow()  # back from the password dialog: the keys go to the view again
                if not self.show_next():
                    view.accept()  # nothing more waits: back to the queue
                    done = done_text + " " + self.tr("No more declarations wait for your countersignature.")
                    self.message.success(done)
                else:
                    self.message.success(done_text)
            else:
                self.message.success(done_text)
                if view is not None:
                    view.reload()
            self._show_signing()
            self.reload()

        def failed(error: BaseException) -> None:
            self._deciding = False
            self._show_signing()
            text = error_text(error, self.translate)
            view = self.view
            if isinstance(error, ChangedSinceOpened) and view is not None and view.isVisible():
                view.reload()  # the declaration as it is now, to be read again
            if dialog is not None and dialog.isVisible():
                dialog.show_error(text)
                return
            self.message.error(text)
            if view is not None and view.isVisible():  # countersigned without a dialog: say it where the head looks
                view.reload()  # what changed is shown; the refusal stays above it
                view.show_error(text)

        self.runner.start(work, on_done=succeeded, on_error=failed, owner=self)
