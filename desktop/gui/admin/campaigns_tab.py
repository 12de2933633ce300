"""Campaigns (专项整治): create one with its dates and the commitment text officers sign; the list of campaigns."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.campaigns import Campaign
from desktop.gui.errors import error_text
from desktop.gui.officer.prompts import confirm
from desktop.gui.pages import PageContext
from desktop.gui.when import shown_date
from desktop.gui.widgets.date_edit import DateEdit
from desktop.gui.widgets.message_label import MessageLabel
from desktop.services.administration.campaigns import (
    create_campaign,
    default_commitment_text,
    list_campaigns,
    open_campaigns,
)
from desktop.services.clock import campaign_today

DEFAULT_DURATION_DAYS = 30


class CampaignsTab(QWidget):
    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("campaignsTab")
        self._context = context
        today = campaign_today(context.session.clock)
        self._default_text = default_commitment_text()

        self.name = QLineEdit(self)
        self.name.setObjectName("campaignNameEdit")
        self.name.setPlaceholderText(self.tr("e.g. 2026 declaration of business involvement"))
        # Typed as people type dates or picked from a calendar, shown in the window's form (2026年3月15日).
        self.start = DateEdit(today, self, optional=False)
        self.start.setObjectName("campaignStartEdit")
        self.start.set_date(today)
        self.deadline = DateEdit(today, self, optional=False)
        self.deadline.setObjectName("campaignDeadlineEdit")
        self.deadline.set_date(today + dt.timedelta(days=DEFAULT_DURATION_DAYS))
        self.commitment = QPlainTextEdit(self._default_text, self)
        self.commitment.setObjectName("commitmentEdit")
        restore = QPushButton(self.tr("Restore the official text"), self)
        restore.setObjectName("restoreCommitmentButton")
        restore.clicked.connect(lambda: self.commitment.setPlainText(self._default_text))
        self.create_button = QPushButton(self.tr("Create campaign"), self)
        self.create_button.setObjectName("createCampaignButton")
        self.create_button.clicked.connect(self.submit)
        self.message = MessageLabel("campaignMessage", self)

        form_box = QGroupBox(self.tr("New campaign"), self)
        form = QFormLayout(form_box)
        form.addRow(self.tr("Name:"), self.name)
        form.addRow(self.tr("First day:"), self.start)
        form.addRow(self.tr("Deadline (last day to sign, China time):"), self.deadline)
        form.addRow(self.tr("Commitment (承诺书):"), self.commitment)
        actions = QHBoxLayout()
        actions.addWidget(restore)
        actions.addStretch()
        actions.addWidget(self.create_button)
        form.addRow(actions)
        form.addRow(self.message)

        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("campaignTable")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("First day"),
                self.tr("Deadline"),
                self.tr("Commitment version"),
                self.tr("State"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # dates in the reader's form are wider
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        column = QVBoxLayout(self)
        column.addWidget(form_box, 3)
        column.addWidget(self.table, 2)
        self.reload()

    def reload(self) -> None:
        try:
            campaigns = list_campaigns(self._context.session)
        except Exception as error:  # the store may have been locked or damaged meanwhile
            self.message.error(error_text(error, self._context.translate))
            return
        self.table.setRowCount(len(campaigns))
        today = campaign_today(self._context.session.clock)
        for row, campaign in enumerate(campaigns):
            values = [
                campaign.name,
                shown_date(campaign.start_date),
                shown_date(campaign.deadline),
                campaign.commitment_version,
                self._state(campaign, today),
            ]
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))

    def _state(self, campaign: Campaign, today: dt.date) -> str:
        if today < campaign.start_date:
            return self.tr("Not started")
        return self.tr("Open") if campaign.is_open(today) else self.tr("Closed")

    def submit(self) -> None:
        """Create the campaign; while another is open, only once the administrator confirmed that both run at once
        (officers and heads then choose between them on their pages)."""
        if not self._dates_given():
            return
        try:
            already = open_campaigns(self._context.session)
        except Exception as error:  # the store may have been locked or damaged meanwhile
            self.message.error(error_text(error, self._context.translate))
            return
        if not already:
            self._create()
            return
        names = "、".join(c.name for c in already)
        confirm(
            self,
            "confirmNewCampaign",
            self.tr("Create another campaign?"),
            self.tr("The campaign {names} is still open.").format(names=names),
            self._create,
            informative=self.tr(
                "Both campaigns will then be open at once: officers and unit heads choose between them at the top of "
                "their pages, and each page opens on the campaign that needs them. Create the new campaign only for a "
                "separate round, such as a supplementary declaration (补充登记)."
            ),
            yes_text=self.tr("Create beside it"),
        )

    def _dates_given(self) -> bool:
        """Whether both fields hold a date; if not, one sentence says which, and the field gets the focus."""
        if self.start.date() is None:
            self.message.error(
                self.tr("Type the first day as 2026-03-15 or 2026年3月15日, or pick it from the calendar.")
            )
            self.start.edit.setFocus()
            return False
        if self.deadline.date() is None:
            self.message.error(
                self.tr("Type the deadline as 2026-03-15 or 2026年3月15日, or pick it from the calendar.")
            )
            self.deadline.edit.setFocus()
            return False
        return True

    def _create(self) -> None:
        text = self.commitment.toPlainText()
        start, deadline = self.start.date(), self.deadline.date()
        if start is None or deadline is None:  # submit() said so already
            return
        try:
            campaign = create_campaign(
                self._context.session,
                name=self.name.text(),
                start_date=start,
                deadline=deadline,
                # The official text keeps its version number; an edited one is recorded as "custom".
                commitment_text=None if text == self._default_text else text,
            )
        except Exception as error:  # a DeclareError says what to correct; anything else is reported as a bug
            self.message.error(error_text(error, self._context.translate))
            return
        self._created(campaign)

    def _created(self, campaign: Campaign) -> None:
        self.message.success(
            self.tr("Created the campaign {name} (deadline {deadline}).").format(
                name=campaign.name, deadline=shown_date(campaign.deadline)
            )
        )
        self.name.clear()
        self.reload()
