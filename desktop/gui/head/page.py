"""The unit head's page: the review queue with risk highlights, full registration and the deadline, the full view of
one declaration, countersigning or returning it, receiving an officer's own declaration file from another computer,
and the unit's export. Every store access runs off the GUI thread.

The head's pace (issue 13): the queue opens with the first declaration waiting selected and the keyboard in it;
Enter opens it; in the view, Ctrl+Enter countersigns with the opinion shown (the head's default, kept or changed)
and the view moves on to the next declaration waiting. The password is asked once and signing may stay unlocked for
the working session (desktop.services.session.signing_unlock); a declaration is countersigned only from its view,
with the mark of what was read (read_mark.ReadDeclaration). Countersigning and returning are in the page's base,
desktop.gui.head.decisions.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QLocale, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.gui.errors import error_text
from desktop.gui.head.completeness_strip import CompletenessStrip
from desktop.gui.head.decisions import HeadDecisions
from desktop.gui.head.declaration_view import DeclarationView
from desktop.gui.head.export_dialog import ExportDialog
from desktop.gui.head.queue_model import RISKS, STATUS, QueueModel
from desktop.gui.head.receive_file import FileReceiver
from desktop.gui.head.review_dialogs import CountersignDialog, ReturnDialog
from desktop.gui.head.risk_badges import RiskBadgeDelegate
from desktop.gui.qt_typing import named
from desktop.gui.settings import DEFAULT_IDLE_LOCK_SECONDS
from desktop.gui.widgets.campaign_selector import CampaignSelector
from desktop.gui.widgets.message_label import MessageLabel
from desktop.gui.worker import TaskRunner
from desktop.i18n import Translator, normalise_language
from desktop.services.clock import campaign_today
from desktop.services.session.session import Session
from desktop.services.workflow.campaign_choice import CampaignChoice, head_choice
from desktop.services.workflow.completeness import CompletenessReport, completeness
from desktop.services.workflow.countersigning import QueueItem, queue
from desktop.services.workflow.key_continuity import KeyContinuity

Loaded = tuple[CampaignChoice, list[QueueItem], CompletenessReport]


def _load(session: Session, campaign_id: str | None) -> Loaded:
    """The campaigns to choose from, and the queue and completeness of ``campaign_id`` (None: the campaign with
    declarations waiting for this head, see campaign_choice)."""
    choice = head_choice(session)
    if campaign_id is None or choice.find(campaign_id) is None:
        campaign_id = choice.default.id if choice.default is not None else None
    return choice, queue(session, campaign_id), completeness(session, campaign_id)


class HeadPage(HeadDecisions):
    """``HeadPage(context)`` as the shell creates it (desktop.gui.pages.PageContext), or ``HeadPage(session)``."""

    def __init__(self, context: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("headPage")
        self.idle_lock_seconds: Callable[[], int] = lambda: DEFAULT_IDLE_LOCK_SECONDS
        if isinstance(context, Session):
            self.session, self.runner = context, TaskRunner(self)
            self.translate = Translator(normalise_language(QLocale().name()))
        else:
            self.idle_lock_seconds = context.idle_lock_seconds  # type: ignore[attr-defined]  # a PageContext here
            self.session = context.session  # type: ignore[attr-defined]  # a PageContext here
            self.translate = context.translate  # type: ignore[attr-defined]  # a PageContext here
            self.runner = context.runner  # type: ignore[attr-defined]  # a PageContext here
        self.view: DeclarationView | None = None
        self.decision: CountersignDialog | ReturnDialog | None = None
        self.export_dialog: ExportDialog | None = None
        self._loads = 0  # loads under way (a reload may start before the previous one ends)
        self._generation = 0  # only the newest load is shown
        self._select_next: str | None = None  # an officer to select once the queue is loaded (a received file)
        self.campaign_id: str | None = None  # the campaign shown; None until the first load chose one
        self.default_opinion = self.tr("Checked item by item; the declaration is true and complete.")
        self._decided: dict[str, int] = {}  # declaration id → the load generation when decided (not yet reloaded)
        self._first_load = True
        self._deciding = False  # a decision runs: no second one is started meanwhile

        self.campaigns = CampaignSelector(self)
        self.campaigns.chosen.connect(self.switch_campaign)

        self.strip = CompletenessStrip(self.translate, self)
        self.model = QueueModel(self.translate, self)
        self.table = named(QTableView(), "queueTable")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(RISKS, RiskBadgeDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(STATUS, Qt.SortOrder.AscendingOrder)  # waiting for the head first
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setSectionResizeMode(RISKS, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.activated.connect(self._double_clicked)

        self.open_button = named(QPushButton(self.tr("Open")), "openButton")
        self.countersign_button = named(QPushButton(self.tr("Countersign…")), "countersignButton")
        self.return_button = named(QPushButton(self.tr("Return…")), "returnButton")
        self.export_button = named(QPushButton(self.tr("Export the unit…")), "exportButton")
        self.refresh_button = named(QPushButton(self.tr("Refresh")), "refreshButton")
        self.receive_button = named(QPushButton(self.tr("Receive a declaration file…")), "receiveButton")
        self.open_button.clicked.connect(self.open_selected)
        self.countersign_button.clicked.connect(self.open_selected)  # countersigned after reading, in the view
        self.return_button.clicked.connect(self.start_return)
        self.export_button.clicked.connect(self.start_export)
        self.refresh_button.clicked.connect(self.reload)
        self.receive_button.clicked.connect(self.start_receive)
        self.open_button.setToolTip(self.tr("The whole declaration, read-only (or Enter, or double-click a row)."))
        self.countersign_button.setToolTip(
            self.tr("Opens the declaration: it is countersigned after reading it, with Ctrl+Enter in its window.")
        )
        self.export_button.setToolTip(
            self.tr("Every countersigned declaration as one signed workbook for the discipline inspectors.")
        )
        self.receive_button.setToolTip(
            self.tr(
                "An officer's own signed declaration, exported on another computer, "
                "taken into this store to be countersigned here."
            )
        )
        buttons = QHBoxLayout()
        for button in (self.open_button, self.countersign_button, self.return_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.receive_button)
        buttons.addWidget(self.export_button)

        self.message = MessageLabel("headMessage", self)
        self.receiver = FileReceiver(self.session, self.translate, self.runner, self.message, self)
        self.receiver.busy_changed.connect(lambda busy: self.receive_button.setEnabled(not busy))
        self.receiver.received.connect(self._received)
        title = QLabel(
            self.tr(
                "Declarations waiting for your countersignature come first. Enter (or a double click) opens "
                "one; Ctrl+Enter there countersigns it and shows the next."
            ),
        )
        title.setObjectName("headIntro")
        title.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.campaigns)
        layout.addWidget(self.strip)
        layout.addWidget(title)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        self._update_buttons()
        self.reload()

    # -- loading ---------------------------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self._loads > 0

    def reload(self) -> None:
        self._loads += 1
        self._generation += 1
        generation, session, campaign_id = self._generation, self.session, self.campaign_id
        self.refresh_button.setEnabled(False)
        self.runner.start(
            lambda _progress: _load(session, campaign_id),
            on_done=lambda loaded: self._loaded(loaded, generation),
            on_error=self._failed,
            on_finished=self._load_finished,
            owner=self,
        )

    def switch_campaign(self, campaign_id: str) -> None:
        """Show the queue of another campaign."""
        if campaign_id != self.campaign_id:
            self.campaign_id = campaign_id
            self.message.clear_message()
            self.model.set_items([], {})
            self.reload()

    def _loaded(self, loaded: Loaded, generation: int) -> None:
        if generation != self._generation:
            return
        choice, items, report = loaded
        self.campaign_id = report.campaign.id
        self.campaigns.set_campaigns(
            choice.campaigns,
            self.campaign_id,
            campaign_today(self.session.clock),
            choice.waiting,
            lambda count: self.tr("%n waiting for you", "", count),
        )
        selected = self.selected()
        wanted = self._select_next or (selected.officer.police_number if selected is not None else None)
        self._select_next = None
        self.model.set_items(items, {unit.unit_code: unit.unit_name for unit in report.units})
        self.strip.set_report(report)
        for column in range(RISKS):  # the risk column stretches
            self.table.resizeColumnToContents(column)
        self._decided = {key: when for key, when in self._decided.items() if when >= generation}
        if wanted is None or not self.select(wanted):
            first = self._next_waiting(None)
            if first is not None:
                self.select(first.officer.police_number)
        if self._first_load:
            self._first_load = False
            if self.view is None:
                self.table.setFocus()
        self._update_buttons()

    def _load_finished(self) -> None:
        self._loads -= 1
        self.refresh_button.setEnabled(not self.loading)

    def _failed(self, error: BaseException) -> None:
        self.message.error(error_text(error, self.translate))

    # -- selection -------------------------------------------------------------------------------------------

    def selected(self) -> QueueItem | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.item(rows[0].row()) if rows else None

    def select(self, police_number: str) -> bool:
        row = self.model.row_of(police_number)
        if row >= 0:
            self.table.selectRow(row)
        return row >= 0

    def _update_buttons(self) -> None:
        item = self.selected()
        waiting = item is not None and item.status == "signed"
        self.open_button.setEnabled(item is not None and item.record is not None)
        self.countersign_button.setEnabled(waiting)
        self.return_button.setEnabled(waiting)

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.table.selectRow(index.row())
            self.open_selected()

    # -- the full view ---------------------------------------------------------------------------------------

    def open_selected(self) -> None:
        item = self.selected()
        if item is None:
            return
        if item.record is None:
            self.message.info(self.tr("{name} has not started a declaration yet.").format(name=item.officer.name))
            return
        if self.view is not None:
            self.view.close()
        view = DeclarationView(self.session, self.translate, self.runner, item.record.id, self)
        self.view = view
        view.countersign_requested.connect(self.start_countersign)
        view.return_requested.connect(self.start_return)
        view.next_requested.connect(self.show_next)
        view.lock_requested.connect(self.lock_signing)
        view.finished.connect(lambda _result: self._view_closed(view))
        view.set_opinion(self.default_opinion)
        view.key_standing = self._officer_key_of  # marks a new or changed officer key
        self._show_signing()
        view.open()

    def _officer_key_of(self, declaration_id: str) -> KeyContinuity | None:
        """The standing of the officer key of a declaration in the queue, when it is new or changed."""
        item = self.model.item_of(declaration_id)
        return item.officer_key if item is not None and item.key_unconfirmed else None

    def _view_closed(self, view: DeclarationView) -> None:
        view.deleteLater()
        if self.view is view:
            self.view = None
            self.table.setFocus()

    def _next_waiting(self, after: str | None) -> QueueItem | None:
        return self.model.next_waiting(after, skip=self._decided.keys())

    def show_next(self) -> bool:
        """Move the open view to the next declaration waiting; False (and said so) when there is none."""
        view = self.view
        if view is None:
            return False
        following = self._next_waiting(view.declaration_id)
        if following is None or following.record is None:
            view.status.setText(self.tr("No other declaration waits for your countersignature."))
            return False
        self.select(following.officer.police_number)
        view.show_declaration(following.record.id)
        self._show_signing()  # a timed unlock may have run out meanwhile
        return True

    # -- export ----------------------------------------------------------------------------------------------

    def start_export(self) -> None:
        if self.export_dialog is None:
            self.export_dialog = ExportDialog(
                self.session, self.translate, self.runner, today=campaign_today(self.session.clock), parent=self
            )
        self.export_dialog.campaign_id = self.campaign_id
        self.export_dialog.open()

    # -- receiving an officer's own declaration file -----------------------------------------------------------

    def start_receive(self) -> None:
        self.receiver.choose()

    def _received(self, police_number: str) -> None:
        self._select_next = police_number
        self.reload()
