"""The Findings tab of the inspectors' page: the review run off the GUI thread (TaskRunner), the findings with
filters, one declaration's rules and conclusion form, the leads and their follow-up, the keys waiting for trust, the
charts, the automatic-clearing threshold, and the verification report written to a file."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.gui.errors import error_text
from desktop.gui.inspector.findings.charts import BarChart
from desktop.gui.inspector.findings.data import FindingsData, load_findings
from desktop.gui.inspector.findings.detail import FindingDetail
from desktop.gui.inspector.findings.keys import WaitingKeys
from desktop.gui.inspector.findings.leads import LeadsList
from desktop.gui.inspector.findings.model import SUBJECT_ROLE, FindingsTableModel
from desktop.gui.inspector.findings.threshold import ThresholdBar
from desktop.gui.qt_typing import named
from desktop.gui.widgets.campaign_selector import CampaignSelector
from desktop.gui.widgets.column_fit import ColumnFitter
from desktop.gui.widgets.message_label import MessageLabel
from desktop.gui.widgets.scrolled import scrolled
from desktop.gui.worker import TaskRunner
from desktop.i18n import Translator
from desktop.services.session.session import Session

if TYPE_CHECKING:
    from desktop.services.inspection.report import ReportSummary


class FindingsTab(QWidget):
    def __init__(
        self, session: Session, translate: Translator, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("findingsTab")
        self.session, self.translate, self.runner = session, translate, runner
        self.data: FindingsData | None = None
        self.stale = True
        self._busy = 0
        self._generation = 0

        self.message = MessageLabel("findingsMessage", self)
        self.campaign_id: str | None = None  # None: the newest imported campaign
        self.campaigns = CampaignSelector(self)
        self.campaigns.chosen.connect(self.switch_campaign)
        self.unit_filter = named(QComboBox(), "unitFilter")
        self.rule_filter = named(QComboBox(), "ruleFilter")
        self.score_filter = named(QSpinBox(), "minScoreFilter")
        self.score_filter.setRange(0, 100)
        self.score_filter.setPrefix(self.tr("score ≥ "))
        self.text_filter = named(QLineEdit(), "findingsTextFilter")
        self.text_filter.setPlaceholderText(self.tr("Search: police number, name, reason…"))
        self.text_filter.setClearButtonEnabled(True)
        self.count_label = named(QLabel(), "findingsCount")
        self.refresh_button = named(QPushButton(self.tr("Review again")), "reviewButton")
        self.refresh_button.clicked.connect(self.reload)
        for combo in (self.unit_filter, self.rule_filter):
            combo.setMinimumContentsLength(14)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.currentIndexChanged.connect(self.apply_filter)
        self.score_filter.valueChanged.connect(self.apply_filter)
        self.text_filter.textChanged.connect(self.apply_filter)
        filters = QHBoxLayout()
        filters.addWidget(self.unit_filter)
        filters.addWidget(self.rule_filter)
        filters.addWidget(self.score_filter)
        filters.addWidget(self.text_filter, 1)
        filters.addWidget(self.count_label)
        filters.addWidget(self.refresh_button)
        self.threshold = ThresholdBar(self)
        self.threshold.apply_requested.connect(self.set_threshold)
        self.report_button = named(QPushButton(self.tr("Export report…")), "exportReportButton")
        self.report_button.setToolTip(
            self.tr(
                "Write the verification report (an Excel workbook with the findings, "
                "scores, conclusions and leads) for this campaign."
            )
        )
        self.report_button.setEnabled(False)
        self.report_button.clicked.connect(self.choose_report)
        actions = QHBoxLayout()
        actions.addWidget(self.threshold, 1)
        actions.addWidget(self.report_button)

        self.model = FindingsTableModel(self)
        self.table = named(QTableView(), "findingsTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        ColumnFitter(self.table)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _previous: self.open_finding(current))
        self.detail = FindingDetail(translate, self)
        self.detail.conclude_requested.connect(self.conclude)

        self.leads = LeadsList(translate, self)
        self.leads.update_requested.connect(self.update_lead)
        self.keys = WaitingKeys(self)
        self.keys.trust_requested.connect(self.trust)
        self.unit_chart = BarChart(self.tr("Findings per unit"))
        self.unit_chart.setObjectName("unitChart")
        self.trade_chart = BarChart(self.tr("Interests per trade"), highlight_text=self.tr("orange: regulated trade"))
        self.trade_chart.setObjectName("tradeChart")
        charts = named(QWidget(), "charts")
        charts_layout = QHBoxLayout(charts)
        charts_layout.addWidget(self.unit_chart, 1, Qt.AlignmentFlag.AlignTop)
        charts_layout.addWidget(self.trade_chart, 1, Qt.AlignmentFlag.AlignTop)
        self.charts = charts
        charts_scroll = QScrollArea()
        charts_scroll.setWidgetResizable(True)
        charts_scroll.setWidget(charts)
        self.lower_tabs = named(QTabWidget(), "findingsLowerTabs")
        self.lower_tabs.addTab(scrolled(self.leads), self.tr("Leads"))
        self.lower_tabs.addTab(scrolled(self.keys), self.tr("Keys waiting for trust"))
        self.lower_tabs.addTab(charts_scroll, self.tr("Statistics"))

        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(self.table)
        upper.addWidget(scrolled(self.detail))  # on a small screen the detail scrolls, not the window
        upper.setStretchFactor(0, 3)
        upper.setStretchFactor(1, 2)
        outer = QSplitter(Qt.Orientation.Vertical)
        outer.addWidget(upper)
        outer.addWidget(self.lower_tabs)
        outer.setStretchFactor(0, 3)
        outer.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.campaigns)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(outer, 1)

    @property
    def loading(self) -> bool:
        return self._busy > 0

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale and not self.loading:
            self.reload()

    def mark_stale(self) -> None:
        """The data changed (an import): review again when the tab is shown, or now if it is."""
        self.stale = True
        if self.isVisible():
            self.reload()

    # -- loading -----------------------------------------------------------------------------------------------

    def _run(self, work: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        self._busy += 1
        self.refresh_button.setEnabled(False)
        self.threshold.setEnabled(False)
        self.report_button.setEnabled(False)
        self.runner.start(
            lambda _progress: work(),
            on_done=on_done,
            on_error=lambda error: self.message.error(error_text(error, self.translate)),
            on_finished=self._finished,
            owner=self,
        )

    def _finished(self) -> None:
        self._busy -= 1
        idle = self._busy == 0
        self.refresh_button.setEnabled(idle)
        self.report_button.setEnabled(idle and self.data is not None)
        self.threshold.setEnabled(idle)

    def reload(self) -> None:
        self.stale = False
        self._generation += 1
        generation, session, translate, campaign_id = self._generation, self.session, self.translate, self.campaign_id
        self.message.info(self.tr("Reviewing…"))
        self._run(lambda: load_findings(session, translate, campaign_id), lambda data: self._loaded(data, generation))

    def switch_campaign(self, campaign_id: str) -> None:
        """Review another imported campaign."""
        if campaign_id != self.campaign_id:
            self.campaign_id = campaign_id
            self.reload()

    def _loaded(self, data: FindingsData, generation: int) -> None:
        if generation != self._generation:
            return
        subject = self.selected_subject()
        self.data = data
        self.campaign_id = data.campaign_id or None
        self.campaigns.set_campaigns(data.campaigns, data.campaign_id, None)
        self._fill_combo(
            self.unit_filter, self.tr("Every unit"), [(code, f"{name} {code}".strip()) for code, name in data.units]
        )
        self._fill_combo(self.rule_filter, self.tr("Every rule"), list(data.rules))
        self.model.set_rows(data.rows, data.unit_scope, self._filters(), in_first_order=True)
        self._show_count()
        self.leads.set_leads(data.leads)
        self.keys.set_keys(data.keys)
        self.unit_chart.set_bars(data.unit_bars)
        self.trade_chart.set_bars(data.trade_bars)
        self.threshold.set_threshold(data.threshold)
        self.message.info(
            self.tr(
                "{campaign}: {findings} findings, {flagged} declarations need an inspector (threshold {threshold})."
            ).format(campaign=data.campaign, findings=len(data.rows), flagged=data.flagged, threshold=data.threshold)
        )
        if subject is not None:
            self.select_subject(subject)
            self.detail.show_detail(data.details.get(subject))

    @staticmethod
    def _fill_combo(combo: QComboBox, everything: str, items: list[tuple[str, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for value, text in items:
            combo.addItem(text, value)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        combo.blockSignals(False)

    # -- filters and selection ---------------------------------------------------------------------------------

    def _filters(self) -> tuple[str | None, str | None, int, str]:
        return (
            self.unit_filter.currentData(),
            self.rule_filter.currentData(),
            self.score_filter.value(),
            self.text_filter.text(),
        )

    def apply_filter(self) -> None:
        self.model.set_filter(*self._filters())
        self._show_count()

    def _show_count(self) -> None:
        self.count_label.setText(
            self.tr("{shown} of {total} findings").format(shown=self.model.rowCount(), total=self.model.total)
        )

    def selected_subject(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(SUBJECT_ROLE) if index.isValid() else None

    def select_subject(self, subject: str) -> bool:
        row = self.model.first_row_of(subject)
        if row is None:
            return False
        self.table.selectRow(row)
        return True

    def open_finding(self, index: QModelIndex) -> None:
        if self.data is None or not index.isValid():
            self.detail.show_detail(None)
            return
        self.detail.show_detail(self.data.details.get(index.data(SUBJECT_ROLE)))

    # -- conclusions and trust ---------------------------------------------------------------------------------

    def conclude(self, reference: str, kind: str, note: str) -> None:
        from desktop.services.inspection.conclusions import conclude

        session = self.session

        def done(_conclusion: object) -> None:
            self.detail.concluded()
            self.reload()

        self._run(lambda: conclude(session, reference, kind, note), done)

    def trust(self, fingerprint: str, note: str, new_key: bool) -> None:
        from desktop.services.inspection.trust import trust_key

        session = self.session
        self._run(lambda: trust_key(session, fingerprint, note=note, new_key=new_key), lambda _key: self.reload())

    def update_lead(self, lead_id: int, state: str, note: str) -> None:
        from desktop.services.inspection.conclusions import update_lead

        session = self.session

        def done(_lead: object) -> None:
            self.leads.updated()
            self.reload()

        self._run(lambda: update_lead(session, lead_id, state, note), done)

    # -- threshold and report ----------------------------------------------------------------------------------

    def set_threshold(self, value: int) -> None:
        from desktop.services.inspection.review import set_threshold

        session = self.session
        self._run(lambda: set_threshold(session, value), lambda _value: self.reload())

    def suggested_report_name(self) -> str:
        campaign = self.data.campaign if self.data is not None else ""
        safe = re.sub(r'[\\/:*?"<>|\s]+', "_", campaign).strip("._")
        return self.tr("verification-report-{campaign}.xlsx").format(campaign=safe)

    def choose_report(self) -> None:
        if self.data is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the verification report"),
            str(Path.home() / self.suggested_report_name()),
            self.tr("Excel workbooks (*.xlsx)"),
        )
        if path:
            self.export_report(Path(path))

    def export_report(self, path: Path) -> None:
        """Write the report of the campaign shown (with the stored threshold) to ``path`` off the GUI thread."""
        from desktop.services.inspection.report import write_report

        if self.data is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        session, campaign_id = self.session, self.data.campaign_id or None
        self.message.info(self.tr("Writing the verification report to {file}…").format(file=path.name))
        self._run(lambda: write_report(session, path, campaign_id=campaign_id), self._reported)

    def _reported(self, summary: ReportSummary) -> None:
        self.message.success(
            self.tr(
                "Wrote the verification report to {path}: {declarations} declarations, {flagged} need an inspector, "
                "{cleared} cleared automatically, {conclusions} conclusions, {leads} leads."
            ).format(
                path=str(summary.path),
                declarations=summary.declarations,
                flagged=summary.flagged,
                cleared=summary.cleared,
                conclusions=summary.conclusions,
                leads=summary.leads,
            )
        )
