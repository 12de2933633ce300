"""The administrator's page: one tab per task."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from desktop.gui.admin.accounts_tab import AccountsTab
from desktop.gui.admin.backup_tab import BackupTab
from desktop.gui.admin.campaigns_tab import CampaignsTab
from desktop.gui.admin.roster_tab import RosterTab
from desktop.gui.admin.units_tab import UnitsTab
from desktop.gui.pages import PageContext


class AdminPage(QTabWidget):
    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adminPage")
        self.units = UnitsTab(context, self)
        self.roster = RosterTab(context, self)
        self.accounts = AccountsTab(context, self)
        self.campaigns = CampaignsTab(context, self)
        self.backup = BackupTab(context, self)
        self.addTab(self.units, self.tr("Units"))
        self.addTab(self.roster, self.tr("Roster"))
        self.addTab(self.accounts, self.tr("Accounts"))
        self.addTab(self.campaigns, self.tr("Campaigns"))
        self.addTab(self.backup, self.tr("Backup"))
        # A roster brings units and officers: the lists that show them are read again.
        self.roster.imported.connect(self.units.reload)
        self.roster.imported.connect(self.accounts.reload)
