"""The officer's page: the status at the top, the guided form below, saving (by hand, Ctrl+S, and automatically)
and amendments. Signing is in signing.py."""

from __future__ import annotations

import logging
from typing import Protocol

from PySide6.QtCore import QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from desktop.domain.declarations import Declaration, DeclarationStatus
from desktop.domain.trades import default_catalog
from desktop.domain.validation import prohibited_involvement
from desktop.errors import DeclareError, unexpected_detail
from desktop.gui.errors import error_text
from desktop.gui.officer import labels
from desktop.gui.officer.form_state import DeclarationForm
from desktop.gui.officer.form_view import FormView
from desktop.gui.officer.look import ERROR_COLOUR, MUTED_COLOUR
from desktop.gui.officer.prompts import confirm
from desktop.gui.officer.signing import SigningFlow
from desktop.gui.officer.state import DeclarationState, open_declaration, read_state
from desktop.gui.officer.status_banner import StatusBanner
from desktop.gui.printing.button import PrintButton
from desktop.gui.qt_typing import named
from desktop.gui.when import shown_clock
from desktop.gui.widgets.campaign_selector import CampaignSelector
from desktop.gui.worker import TaskRunner
from desktop.i18n import Translator, normalise_language
from desktop.services.clock import campaign_today
from desktop.services.session.session import Session
from desktop.services.workflow.campaign_choice import officer_choice
from desktop.services.workflow.declaring import save_draft

AUTOSAVE_MS = 2000
_log = logging.getLogger(__name__)


class PageContextLike(Protocol):
    """desktop.gui.pages.PageContext, as far as this page needs it."""

    session: Session
    translate: Translator
    runner: TaskRunner


class OfficerPage(QWidget):
    """``saved(id)`` after each save (the id changes when an amendment is made); ``signed(id)`` after signing."""

    saved = Signal(str)
    signed = Signal(str)

    def __init__(
        self,
        context: PageContextLike | Session,
        parent: QWidget | None = None,
        *,
        campaign_id: str | None = None,
        autosave_ms: int = AUTOSAVE_MS,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("officerPage")
        if isinstance(context, Session):
            self.session = context
            self.translate = Translator(normalise_language(QLocale().name()))
            self.runner = TaskRunner(self)
        else:
            self.session, self.translate, self.runner = context.session, context.translate, context.runner
        self._campaign_id = campaign_id
        self.state: DeclarationState | None = None
        self.form: DeclarationForm | None = None
        self.form_view: FormView | None = None
        self.signing: SigningFlow | None = None
        self._dirty = False
        self._loading = False
        self._amending = False
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(autosave_ms)
        self._autosave.timeout.connect(self.flush)

        self.content = named(QStackedWidget(), "officerContent")
        self.notice = named(QLabel(), "officerNotice")
        self.notice.setWordWrap(True)
        self.notice.setMargin(24)
        self.content.addWidget(self.notice)
        self.banner = StatusBanner(self.translate)
        self.banner.amend_requested.connect(self._ask_amend)
        self.save_button = named(QPushButton(self.tr("Save draft")), "saveButton")
        self.save_button.setToolTip(self.tr("Save now (Ctrl+S). Changes are also saved automatically."))
        self.save_button.clicked.connect(self.save)
        self.save_state = named(QLabel(), "saveState")
        self.save_state.setStyleSheet(f"color: {MUTED_COLOUR};")
        self.main = named(QWidget(), "officerMain")
        self.main_layout = QVBoxLayout(self.main)
        self.main_layout.setContentsMargins(0, 0, 0, 0)
        self.campaigns = CampaignSelector(self)
        self.campaigns.chosen.connect(self.switch_campaign)
        self.main_layout.addWidget(self.campaigns)
        self.main_layout.addWidget(self.banner)
        self.page_message = named(QLabel(), "pageMessage")
        self.page_message.setWordWrap(True)
        self.page_message.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.page_message.hide()
        self.main_layout.addWidget(self.page_message)
        self.content.addWidget(self.main)
        layout = QVBoxLayout(self)
        layout.addWidget(self.content)
        shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # the window may have other pages
        shortcut.activated.connect(self.save)
        self.reload(start=True)

    # -- loading ------------------------------------------------------------------------------------------------

    @property
    def editable(self) -> bool:
        return self.state is not None and (self.state.editable or self._amending)

    def reload(self, *, start: bool = False) -> None:
        """Read the declaration again from the store (after signing, after a refused save)."""
        try:
            if start or self.state is None:
                choice = officer_choice(self.session)
                if self._campaign_id is None and choice.default is not None:
                    self._campaign_id = choice.default.id
                state = open_declaration(self.session, self._campaign_id)
                self.campaigns.set_campaigns(
                    choice.campaigns,
                    state.campaign.id,
                    campaign_today(self.session.clock),
                    choice.waiting,
                    lambda _count: self.tr("your declaration needs you"),
                )
            else:
                state = read_state(self.session, self.state.campaign.id)
        except DeclareError as error:
            self._show_notice(error_text(error, self.translate))
            return
        self.state = state
        self._amending = self._amending and state.status is DeclarationStatus.COUNTERSIGNED
        self._loading = True
        try:
            if self.form is None:
                self._build_form(state)
            else:
                self.form.load(state.record.declaration, previous=_previous(state))
        finally:
            self._loading = False
        self._dirty = False
        self._autosave.stop()
        self._apply_state()
        self.content.setCurrentWidget(self.main)

    def switch_campaign(self, campaign_id: str) -> None:
        """Show the officer's declaration in another campaign; what was typed in this one is saved first."""
        if self.state is not None and campaign_id == self.state.campaign.id:
            return
        self.flush()
        self._campaign_id = campaign_id
        self._amending = False
        self.show_message("")
        self.save_state.setText("")
        self.reload(start=True)

    def _build_form(self, state: DeclarationState) -> None:
        self.form = DeclarationForm(
            state.record.declaration,
            default_catalog(),
            campaign_today(self.session.clock),
            self,
            previous=_previous(state),
        )
        self.form.changed.connect(self._changed)
        self.form_view = FormView(self.form, self.translate)
        self.form_view.show_carried_over_source(state.carried_over.campaign_name if state.carried_over else "")
        self.form_view.leaving.connect(lambda _step: self.flush())
        self.form_view.bar.insertWidget(0, self.save_button)
        self.form_view.bar.insertWidget(1, self.save_state)
        self.print_button = PrintButton(self.session, self.translate, self.runner, self._print_target)
        self.form_view.bar.insertWidget(2, self.print_button)
        self.main_layout.addWidget(self.form_view, 1)
        self.signing = SigningFlow(self)
        self.form.changed.connect(self._update_signing)

    def _print_target(self) -> tuple[str | None, str | None]:
        """The own declaration, saved first so that the printout shows what is on the screen."""
        self.flush()
        return None, self.state.campaign.id if self.state is not None else self._campaign_id

    def _apply_state(self) -> None:
        assert self.state is not None
        assert self.form_view is not None
        source = self.state.carried_over
        self.form_view.show_carried_over_source(source.campaign_name if source else "")
        self.banner.show_state(self.state, campaign_today(self.session.clock), amending=self._amending)
        self.form_view.set_editable(self.editable)
        self.form_view.commitment.set_commitment(self.state.campaign.commitment_text)
        self.save_button.setVisible(self.editable)
        self.save_state.setVisible(self.editable)
        self._update_signing()

    def _update_signing(self) -> None:
        if self.form is not None and self.form_view is not None:
            editable = self.editable and not (self._amending and self.state is not None and not self.state.editable)
            prohibited = prohibited_involvement(self.form.declaration(), self.form.catalog)
            self.form_view.commitment.set_state(
                editable=editable, blocking=len(self.form.blocking()), prohibited=len(prohibited)
            )

    def show_message(self, text: str) -> None:
        """A message about the page as a whole, under the status; empty hides it."""
        self.page_message.setText(text)
        self.page_message.setVisible(bool(text))

    def _show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setStyleSheet(f"color: {ERROR_COLOUR}; font-size: 15px;")
        self.content.setCurrentWidget(self.notice)

    # -- saving -------------------------------------------------------------------------------------------------

    def _changed(self) -> None:
        if self._loading or not self.editable:
            return
        self._dirty = True
        self.save_state.setText(self.tr("Unsaved changes"))
        self._autosave.start()

    @property
    def dirty(self) -> bool:
        return self._dirty

    def flush(self) -> bool:
        """Save if anything changed since the last save; True when nothing is left unsaved."""
        return self.save() if self._dirty else True

    def save(self) -> bool:
        """Save the draft now; an amendment of a countersigned declaration once the officer agreed to it."""
        self._autosave.stop()
        if self.form is None or self.state is None or not self.editable:
            return True
        try:
            result = save_draft(self.session, self.form.declaration(), self.state.campaign.id)
        except DeclareError as error:
            # Most likely the declaration changed elsewhere (signed in another window, returned meanwhile): show
            # what the store holds now, and say why the changes could not be kept.
            self._dirty = False
            self.reload()
            self.show_message(
                labels.fill(self.tr("Your last changes could not be saved: %1"), error_text(error, self.translate))
            )
            return False
        self._dirty = False
        self.show_message("")
        self.save_state.setText(labels.fill(self.tr("Saved at %1"), shown_clock(self.session.clock.now())))
        if result.amended or result.record.status is not self.state.status or result.record.id != self.state.record.id:
            self._amending = False
            self.state = read_state(self.session, self.state.campaign.id)
            self._apply_state()
        self.saved.emit(result.record.id)
        return True

    def hideEvent(self, event: QHideEvent) -> None:
        # Leaving the tab, or the window locking (the shell hides the pages before it forgets the keys): what was
        # typed is saved first. Nothing may escape an event handler; a store already locked is logged, not raised.
        try:
            self.flush()
        except Exception as exc:  # no traceback: a database error's text would carry the declaration's values
            _log.error(
                "the officer's changes could not be saved when the page was hidden (%s: %s)",
                type(exc).__name__,
                unexpected_detail(exc),
            )
        super().hideEvent(event)

    # -- amending -----------------------------------------------------------------------------------------------

    def _ask_amend(self) -> None:
        confirm(
            self,
            "confirmAmend",
            self.tr("Amend the countersigned declaration?"),
            self.tr("The unit head has already countersigned this declaration."),
            self._start_amending,
            informative=self.tr(
                "If you change it, your changes become a new version: you must sign it again, and the unit head must "
                "countersign it again. Both signatures of the current version stop applying as soon as your first "
                "change is saved; that version stays in the history, marked as superseded."
            ),
            yes_text=self.tr("Amend"),
        )

    def _start_amending(self) -> None:
        self._amending = True
        self._apply_state()


def _previous(state: DeclarationState) -> Declaration | None:
    return state.carried_over.declaration if state.carried_over else None
