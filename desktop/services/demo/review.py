"""The inspectors' part of the demo: every unit head exports the unit's workbook, the inspectors import them all
(and last year's), confirm the heads' keys, and the declarations staged here make every review rule fire, beside
a known clean declaration that fires none. Last year's campaign is on form version 1 and this year's on the newest,
so the inspectors review both versions side by side, and the rules that need version 2 data fire on this year's.

It plays out after the current campaign's deadline (the inspectors verify once it has closed), so its acts are
dated then. Which officer plays which part is chosen from the roster by rule, never by random draw, and the
choice is returned (``DemoReview.parts``) for the tests and for a newcomer's tour. The cast is in
desktop.services.demo.review_scenario, the staged declarations in desktop.services.demo.review_cases.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from desktop.domain.campaigns import Campaign
from desktop.domain.officers import Officer
from desktop.services.administration.campaigns import list_campaigns
from desktop.services.demo.registers import play_registers
from desktop.services.demo.review_cases import current_campaign, last_campaign, replay_an_older_version
from desktop.services.demo.review_scenario import (
    ADMIN,
    INSPECTOR,
    PARTS,
    SECOND_INSPECTOR,
    Scenario,
    after,
)
from desktop.services.inspection.trust import head_keys, trust_key
from desktop.services.inspection.workbook_import import import_workbook
from desktop.services.workflow.export import export_unit
from desktop.store.store import Store

__all__ = ["INSPECTOR", "PARTS", "SECOND_INSPECTOR", "DemoReview", "play_inspectors"]


@dataclass
class DemoReview:
    parts: dict[str, str] = field(default_factory=dict)  # part → police number
    workbooks: int = 0
    changed_key_head: str | None = None  # the head whose key changed
    duplicated_unit: str | None = None
    register_parts: dict[str, str] = field(default_factory=dict)  # register part → police number (demo.registers)


def play_inspectors(store: Store, password: str, *, seed: int) -> DemoReview:
    """Stage the review cases, export every unit's workbook, import them as the inspectors, confirm the keys."""
    scenario = Scenario(store, password, seed)
    cast = scenario.cast
    admin_at = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    campaigns = sorted(list_campaigns(cast.session(ADMIN, admin_at)), key=lambda c: c.deadline)
    if len(campaigns) < 2:
        return DemoReview()
    last, current = campaigns[-2], campaigns[-1]
    parts = scenario.cast_parts()
    result = DemoReview(parts={part: officer.police_number for part, officer in parts.items()})
    try:
        with tempfile.TemporaryDirectory(prefix="officer-declare-demo-") as folder:
            out = Path(folder)
            last_campaign(scenario, parts, last)
            _archive_last_campaign(scenario, last, out)
            result.changed_key_head, new_key = current_campaign(scenario, parts, current)
            replay_an_older_version(scenario, parts, current, out)
            result.duplicated_unit, result.workbooks = _exchange_current(
                scenario, current, parts, out, result.changed_key_head
            )
            _confirm_keys(scenario, after(current, days=7), unconfirmed=new_key)
            result.register_parts = play_registers(
                scenario.store,
                lambda: cast.session(INSPECTOR, after(current, days=8)),
                parts,
                scenario.officers,
                current,
                out,
                seed,
            )
    finally:
        cast.close()
    return result


def _archive_last_campaign(scenario: Scenario, last: Campaign, out: Path) -> None:
    """Last year's declarations reached the inspectors as one workbook; they confirmed the heads' keys then."""
    cast, root = scenario.cast, next(code for code, unit in scenario.units.items() if unit.parent_code is None)
    inspector = cast.session(INSPECTOR, after(last, days=5))
    path = out / "last-campaign.xlsx"
    export_unit(inspector, path, unit_code=root, campaign_id=last.id)
    import_workbook(inspector, path)
    _confirm_keys(scenario, after(last, days=6))


def _exchange_current(
    scenario: Scenario, current: Campaign, parts: dict[str, Officer], out: Path, changed_key_head: str | None
) -> tuple[str | None, int]:
    """Every head exports the unit's workbook, except the head whose key was reset (a new key no inspector has
    confirmed would flag the whole workbook): the second inspector exports that unit. One station's workbook is sent
    again by the second inspector; all are imported."""
    cast, paths = scenario.cast, []
    when = after(current, days=5)
    for unit_code, head in sorted(scenario.head_of.items()):
        path = out / f"{current.id[:8]}-{unit_code}.xlsx"
        if head == changed_key_head:
            exporter = cast.session(SECOND_INSPECTOR, when)
            summary = export_unit(exporter, path, unit_code=unit_code, campaign_id=current.id)
        else:
            summary = export_unit(cast.session(head, when), path, campaign_id=current.id)
        if summary.declarations or summary.missing:
            paths.append(path)
    # The smallest unit without children, not the clean officer's: its workbook arrives twice.
    clean_unit = parts["clean"].unit_code if "clean" in parts else None
    size = {code: sum(1 for o in scenario.officers if o.unit_code == code) for code in scenario.units}
    leaves = sorted(
        (size[code], code)
        for code in scenario.units
        if code != clean_unit and size[code] and not any(u.parent_code == code for u in scenario.units.values())
    )
    duplicated = leaves[0][1] if leaves else None
    if duplicated is not None:
        path = out / f"{current.id[:8]}-{duplicated}-again.xlsx"
        export_unit(cast.session(SECOND_INSPECTOR, when), path, unit_code=duplicated, campaign_id=current.id)
        paths.append(path)
    inspector = cast.session(INSPECTOR, after(current, days=6))
    for path in [*paths, *scenario.late_files]:
        import_workbook(inspector, path)
    return duplicated, len(paths) + len(scenario.late_files) + 1


def _confirm_keys(scenario: Scenario, when: dt.datetime, unconfirmed: str | None = None) -> None:
    """The inspectors confirm each head's key by phone, except the head's new key after the password reset: that
    one the rules flag (a different key for the same head) until someone confirms it with the head in person; and
    except the key that signed the officer's own file put back in place of the newer version (nobody vouches for
    it)."""
    inspector = scenario.cast.session(INSPECTOR, when)
    skipped = {unconfirmed, *scenario.unvouched}
    with scenario.store.transaction() as connection:
        waiting = [k for k in head_keys(connection) if not k.trusted and k.fingerprint not in skipped]
    for key in waiting:
        trust_key(inspector, key.fingerprint, note="电话核对指纹一致（演示）", new_key=True)
