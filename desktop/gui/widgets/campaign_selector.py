"""Which campaign a page is about, and the switch to another one (several may be open at once)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from desktop.domain.campaigns import Campaign
from desktop.gui.qt_typing import named
from desktop.gui.when import shown_date
from desktop.review.model import Campaign as ImportedCampaign


class CampaignSelector(QWidget):
    """``chosen(id)`` when the person picks another campaign (not when the page sets one)."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("campaignSelector")
        self.combo = named(QComboBox(), "campaignCombo")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setToolTip(self.tr("Several campaigns may be open at once; choose the one to work on."))
        self.combo.activated.connect(self._activated)
        label = named(QLabel(self.tr("Campaign:")), "campaignSelectorLabel")
        label.setBuddy(self.combo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.combo)
        layout.addStretch(1)

    def set_campaigns(
        self,
        campaigns: Sequence[Campaign | ImportedCampaign],
        current: str | None,
        today: dt.date | None,
        waiting: dict[str, int] | None = None,
        waiting_label: Callable[[int], str] | None = None,
    ) -> None:
        """Fill the list and select ``current`` without emitting ``chosen``; ``waiting_label(count)`` is added to a
        campaign with something waiting for the person."""
        self.combo.blockSignals(True)
        self.combo.clear()
        for campaign in campaigns:
            self.combo.addItem(self.item_text(campaign, today, (waiting or {}).get(campaign.id, 0), waiting_label))
            self.combo.setItemData(self.combo.count() - 1, campaign.id)
        index = self.combo.findData(current)
        self.combo.setCurrentIndex(max(index, 0))
        self.combo.setEnabled(self.combo.count() > 1)
        self.combo.blockSignals(False)

    def item_text(
        self,
        campaign: Campaign | ImportedCampaign,
        today: dt.date | None,
        waiting: int,
        waiting_label: Callable[[int], str] | None,
    ) -> str:
        if campaign.deadline is None:
            text = campaign.name
        elif today is None:  # an imported campaign: its name and deadline as its workbooks' cover gives them
            text = self.tr("{name} (deadline {deadline})").format(
                name=campaign.name, deadline=shown_date(campaign.deadline)
            )
        elif not isinstance(campaign, Campaign):
            text = campaign.name
        elif today < campaign.start_date:
            text = self.tr("{name} (from {start})").format(name=campaign.name, start=shown_date(campaign.start_date))
        elif today <= campaign.deadline:
            text = self.tr("{name} (open until {deadline})").format(
                name=campaign.name, deadline=shown_date(campaign.deadline)
            )
        else:
            text = self.tr("{name} (closed {deadline})").format(
                name=campaign.name, deadline=shown_date(campaign.deadline)
            )
        if waiting and waiting_label is not None:
            text += " · " + waiting_label(waiting)
        return text

    def current_id(self) -> str | None:
        data = self.combo.currentData()
        return str(data) if data else None

    def _activated(self, _index: int) -> None:
        if (campaign_id := self.current_id()) is not None:
            self.chosen.emit(campaign_id)
