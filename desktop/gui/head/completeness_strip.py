"""Full registration (全员登记) at a glance: declared of roster as a bar, and the deadline with the days left."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from desktop.gui.head import labels
from desktop.gui.qt_typing import named
from desktop.gui.when import shown_date
from desktop.i18n import Translator
from desktop.services.workflow.completeness import CompletenessReport

OVERDUE_STYLE = "color: #a4161a; font-weight: bold;"
SOON_STYLE = "color: #8a5a00; font-weight: bold;"
SOON_DAYS = 7


class CompletenessStrip(QWidget):
    def __init__(self, translate: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.translate = translate
        self.campaign = named(QLabel(), "campaignLabel")
        self.campaign.setStyleSheet("font-weight: bold;")
        self.bar = named(QProgressBar(), "completenessBar")
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.deadline = named(QLabel(), "deadlineLabel")
        top = QHBoxLayout()
        top.addWidget(self.campaign)
        top.addStretch(1)
        top.addWidget(self.deadline)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.bar)

    def set_report(self, report: CompletenessReport) -> None:
        roster = sum(unit.roster for unit in report.units)
        declared = sum(unit.declared for unit in report.units)
        self.campaign.setText(report.campaign.name)
        self.bar.setRange(0, max(roster, 1))
        self.bar.setValue(declared)
        # %v and %m are the bar's own placeholders; {..} fields are filled here.
        self.bar.setFormat(self.tr("{declared} of {roster} declared").format(declared=declared, roster=roster))
        self.bar.setToolTip(self._breakdown(report))
        self.deadline.setText(self.deadline_text(report))
        days = report.days_left
        self.deadline.setStyleSheet(OVERDUE_STYLE if days < 0 else SOON_STYLE if days <= SOON_DAYS else "")

    def deadline_text(self, report: CompletenessReport) -> str:
        deadline, days = shown_date(report.campaign.deadline), report.days_left
        if days < 0:
            return self.tr("Deadline {date}: overdue by %n day(s)", "", -days).format(date=deadline)
        if days == 0:
            return self.tr("Deadline {date}: today").format(date=deadline)
        return self.tr("Deadline {date}: %n day(s) left", "", days).format(date=deadline)

    def _breakdown(self, report: CompletenessReport) -> str:
        lines = [self.tr("Declared means signed or countersigned.")]
        for unit in report.units:
            waiting = [
                f"{labels.status(self.translate, state)} {count}"
                for state, count in unit.counts.items()
                if count and state in ("not_started", "draft", "returned")
            ]
            line = self.tr("{unit}: {declared} of {roster}").format(
                unit=unit.unit_name, declared=unit.declared, roster=unit.roster
            )
            lines.append(line + (f" ({', '.join(waiting)})" if waiting else ""))
        return "\n".join(lines)
