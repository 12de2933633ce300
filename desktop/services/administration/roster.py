"""Importing the roster (花名册) into the store, and writing an empty roster template. Administrators only."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.domain.problems import Severity
from desktop.domain.roles import Role
from desktop.errors import DeclareError
from desktop.exchange.problems import SheetProblem
from desktop.exchange.roster.reader import read_roster
from desktop.exchange.roster.template import template_bytes
from desktop.exchange.roster.units import existing_units, unit_parent_problems
from desktop.i18n import N_, Translator
from desktop.services.auditing import audited_transaction
from desktop.services.clock import campaign_today
from desktop.services.errors import InvalidInput
from desktop.services.session.session import Session
from desktop.store.atomic import write_atomic
from desktop.store.repositories.officers import save_officers
from desktop.store.repositories.units import list_units, save_units


@dataclass(frozen=True, slots=True)
class RosterImportSummary:
    units_added: int
    units_updated: int
    officers_added: int
    officers_updated: int
    #: problems that did not stop the import (an unknown region code in an ID number, say); show them
    warnings: tuple[SheetProblem, ...] = ()


class InvalidRoster(InvalidInput):
    """The roster has errors, so nothing was imported. ``problems`` lists every error and warning, located."""

    problems: list[SheetProblem]  # type: ignore[assignment]  # narrower than InvalidInput's, as the roster's are

    def __init__(self, problems: list[SheetProblem]) -> None:
        self.problems = problems
        errors = sum(1 for p in problems if p.severity is Severity.ERROR)
        DeclareError.__init__(
            self,
            N_("Nothing was imported: the roster has {count} errors. Correct them and import the whole file again."),
            count=errors,
        )

    def render(self, translate: Translator) -> str:
        lines = [DeclareError.render(self, translate)]
        for problem in sorted(self.problems, key=lambda p: (p.severity is not Severity.ERROR, p.row)):
            line = problem.describe(translate)
            if problem.severity is Severity.WARNING:
                line = translate(N_("warning: {line}"), line=line)
            lines.append(f"  {line}")
        return "\n".join(lines)


def import_roster(session: Session, path: Path | str) -> RosterImportSummary:
    """Read a roster workbook and write its units and officers: all of it, in one transaction, or nothing.

    Raises UnreadableWorkbook or UnsafeWorkbook (exit code 2) for a file that cannot be read safely, InvalidRoster
    (exit code 1) if any row has an error, NotAllowed if the account is not an administrator. Officers already in the
    store (by police number) and units (by code) are updated, not duplicated.
    """
    session.require(Role.ADMIN)
    roster = read_roster(path, campaign_today(session.clock))
    if roster.errors:
        raise InvalidRoster(roster.problems)
    with audited_transaction(session.store, session.account.login, session.clock) as audit:
        connection = audit.connection
        known = existing_units(list_units(connection))
        # A parent code may name a unit already in the store; only now can it be told from a typing error.
        problems = roster.problems + unit_parent_problems(roster, existing=known)
        if any(p.severity is Severity.ERROR for p in problems):
            raise InvalidRoster(problems)  # leaving the block rolls the transaction back; nothing was written
        save_units(connection, roster.units)  # units first: officers refer to them
        officers_added, officers_updated = save_officers(connection, roster.officers)
        audit.record(
            "roster_imported",
            session.store.store_id,
            officers_added=officers_added,
            officers_updated=officers_updated,
            units=len(roster.units),
        )
    units_updated = sum(1 for unit in roster.units if unit.code in known)
    return RosterImportSummary(
        units_added=len(roster.units) - units_updated,
        units_updated=units_updated,
        officers_added=officers_added,
        officers_updated=officers_updated,
        warnings=tuple(roster.warnings),
    )


def write_roster_template(path: Path | str) -> None:
    """Write an empty roster workbook to fill in (see desktop.exchange.roster.template.template_bytes); atomically,
    readable by its owner only, like every file the application writes."""
    write_atomic(Path(path), template_bytes())
