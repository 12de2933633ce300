"""Every view answered from a kept review run (the ``findings`` listing, the Findings tab's data, ``run_review``)
reviews again after ANY change to what the findings depend on: a workbook import, a trust change, a register
import or removal, a roster change, a change of the unit tree, a new threshold, a new version of the rules. A
shortcut that misses one of them would list findings that are no longer true (issue 16, item 3).

Each view is first shown to answer from what was kept (its kept copy is marked, and the mark shows); after the
change, the mark must be gone from every view."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.gui.inspector.findings.data import REASON, load_findings
from desktop.i18n import Translator
from desktop.services.inspection import current
from desktop.services.inspection.listing import findings_listing
from desktop.services.inspection.registers import list_registers, remove_register
from desktop.services.inspection.review import run_review, set_threshold
from desktop.services.inspection.trust import distrust_key, list_head_keys
from desktop.services.inspection.workbook_import import import_workbook
from desktop.services.session.session import Session
from desktop.services.workflow.export import export_unit
from desktop.store import schema
from tests.review.kept_marks import mark_everything_kept
from tests.review.test_register_matching_again import reimport_licences

MARK = "KEPT-BEFORE-THE-CHANGE"
ZH = Translator("zh_CN")


def _mark_everything_kept(session: Session) -> None:
    """Replace every reason kept with a run (the command's listing and the tab's view) by MARK."""
    mark_everything_kept(session, MARK)


def _shown(session: Session) -> dict[str, set[str]]:
    """The reasons each view shows now."""
    return {
        "findings": {row.reason for row in findings_listing(session, ZH).select()},
        "tab": {row[REASON] for row in load_findings(session, ZH).rows},
    }


def _import_again(session: Session, folder: Path) -> None:
    campaign = run_review(session).review.campaign
    path = folder / "again.xlsx"
    export_unit(session, path, unit_code="1311", campaign_id=campaign.id)
    import_workbook(session, path)


def _distrust(session: Session, _folder: Path) -> None:
    trusted = next(k for k in list_head_keys(session) if k.trusted and k.countersigned)
    distrust_key(session, trusted.fingerprint)


def _remove_a_register(session: Session, _folder: Path) -> None:
    remove_register(session, list_registers(session)[0].id)


def _roster_change(session: Session, _folder: Path) -> None:
    """An officer moved to another unit (what a roster import does), written straight into the table: the
    signature must read the roster itself, not a note a roster import leaves."""
    o = schema.officers
    with session.store.transaction() as connection:
        number, unit = connection.execute(
            select(o.c.police_number, o.c.unit_code).where(o.c.on_roster.is_(True)).order_by(o.c.police_number)
        ).first()
        other = connection.execute(select(schema.units.c.code).where(schema.units.c.code != unit)).scalars().first()
        connection.execute(o.update().where(o.c.police_number == number).values(unit_code=other))


def _unit_tree_change(session: Session, _folder: Path) -> None:
    u = schema.units
    with session.store.transaction() as connection:
        code, parent = connection.execute(
            select(u.c.code, u.c.parent_code).where(u.c.parent_code.is_not(None)).order_by(u.c.code.desc())
        ).first()
        root = connection.execute(select(u.c.code).where(u.c.parent_code.is_(None))).scalars().first()
        grandparent = connection.execute(select(u.c.parent_code).where(u.c.code == parent)).scalar()
        connection.execute(u.update().where(u.c.code == code).values(parent_code=grandparent or root))


CHANGES: dict[str, Callable[[Session, Path], None]] = {
    "a workbook import": _import_again,
    "a trust change": _distrust,
    "a register import": lambda session, folder: reimport_licences(session, folder),
    "a register removed": _remove_a_register,
    "a roster change": _roster_change,
    "a change of the unit tree": _unit_tree_change,
    "a new threshold": lambda session, _folder: set_threshold(session, 45),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_any_change_makes_every_view_review_again(encrypted_inspector, tmp_path: Path, change: str) -> None:
    session = encrypted_inspector
    _shown(session)  # the run recorded, the listing and the tab's view kept with it
    _mark_everything_kept(session)
    assert _shown(session) == {"findings": {MARK}, "tab": {MARK}}  # both answered from what was kept
    CHANGES[change](session, tmp_path)
    for view, reasons in _shown(session).items():
        assert MARK not in reasons, f"{view} answered from the run kept before {change}"
        assert reasons, view


def test_a_new_version_of_the_rules_makes_every_view_review_again(
    encrypted_inspector, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = encrypted_inspector
    first = run_review(session)
    _shown(session)
    _mark_everything_kept(session)
    assert _shown(session) == {"findings": {MARK}, "tab": {MARK}}
    # The data signature reads the version where the one check of a run's currency lives (decision 167).
    monkeypatch.setattr(current, "RULES_VERSION", current.RULES_VERSION + "-next")
    for view, reasons in _shown(session).items():
        assert MARK not in reasons, f"{view} answered from the run of the earlier rules"
    again = run_review(session)
    assert again.run_id != first.run_id
    assert again.review.findings == first.review.findings  # same rules in fact: the same findings, a new run
