"""Rules on the registers (比对核查): involvement a register shows and the declaration does not mention, and
involvement declared differently from the register. Every finding names the register rows it rests on."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from typing import Any

from desktop.exchange.registers.ids import name_key
from desktop.exchange.vocabulary import RELATION_WORDS, ROLE_WORDS
from desktop.i18n import N_, Translator
from desktop.review.findings import Finding, Note, Rule, listing
from desktop.review.model import ENDED, ImportedDeclaration
from desktop.review.registers.model import EXACT, PROBABLE, DeclaredInterest, RegisterMatch
from desktop.review.view import CampaignView

#: The declared roles that agree with what a register calls a person.
ROLE_FITS: dict[str, frozenset[str]] = {
    "legal_representative": frozenset({"legal_representative"}),
    "shareholder": frozenset({"shareholder", "investor", "actual_controller", "nominee"}),
    "manager": frozenset({"manager", "senior_manager", "legal_representative", "part_time"}),
    "operator": frozenset(
        {"legal_representative", "investor", "shareholder", "manager", "senior_manager", "actual_controller"}
    ),
}
#: A declared share within this many percentage points of the register's is the same share (rounding).
SHARE_TOLERANCE = Decimal(1)
#: What a register calls a person where the form has no such role: a register's "manager" is a director, supervisor
#: or senior manager (not the form's 经营管理者), an "operator" runs an individual business, "other" is any other
#: registered person. The register's legal representative and shareholders are the form's, in the form's words.
REGISTER_ROLE_WORDS = {"manager": "董事、监事或高管", "operator": "经营者或负责人", "other": "登记人员"}


def _word(words: Mapping[Any, str], code: str) -> str:
    """The vocabulary's word for ``code`` (a StrEnum member equals its code); the code itself when it has none."""
    return words.get(code, code)


def register_role_word(role: str) -> str:
    """A register role in words: the form's word for the same role, else the register's own (REGISTER_ROLE_WORDS)."""
    return REGISTER_ROLE_WORDS.get(role) or _word(ROLE_WORDS, role)


_EVIDENCE = {
    EXACT: N_("{source} row {row}: {person} ({relation}) is {role} of {enterprise} ({status}); ID {id}; matched by "
              "ID number."),
    PROBABLE: N_("{source} row {row}: {person} ({relation}) is {role} of {enterprise} ({status}); ID {id}; "
                 "matched by masked ID number and name (probable)."),
}  # fmt: skip
_NAME_ONLY = N_(
    "{source} row {row}: {person} ({relation}) is {role} of {enterprise} ({status}); born {birth}; matched by name "
    "and birth date only (needs checking)."
)
MAX_NOTES = 5


def evidence(match: RegisterMatch) -> Note:
    """The register row behind a finding, as a note of the reason."""
    entry, enterprise = match.entry, match.entry.enterprise
    fields: dict[str, object] = {
        "source": enterprise.source,
        "row": entry.row_no,
        "person": entry.name,
        "relation": _word(RELATION_WORDS, match.person.relation),
        "role": entry.role_text or entry.position or register_role_word(entry.role),
        "enterprise": enterprise.name or enterprise.uscc or enterprise.licence_number,
        "status": enterprise.status or "登记状态未注明",
    }
    if match.strength in _EVIDENCE:
        return _EVIDENCE[match.strength], {**fields, "id": entry.id_number}
    return _NAME_ONLY, {**fields, "birth": entry.birth_date or ""}


def _holds(interest: DeclaredInterest, match: RegisterMatch) -> bool:
    """Whether a declared interest is the matched person's."""
    person = match.person
    if person.relation == "self":
        return interest.relation == "self" or (bool(person.id_number) and interest.holder_id_number == person.id_number)
    if person.member_id and interest.holder_member_id == person.member_id:
        return True
    if person.id_number and interest.holder_id_number:
        return interest.holder_id_number == person.id_number
    return name_key(interest.holder_name) == name_key(person.name)


def _held(view: CampaignView, row: ImportedDeclaration, match: RegisterMatch) -> list[DeclaredInterest]:
    keys = set(match.entry.enterprise.keys)
    return [
        i for i in view.data.registers.interests.get(row.row_id, ()) if keys.intersection(i.keys) and _holds(i, match)
    ]


def _sensitive(view: CampaignView, row: ImportedDeclaration, match: RegisterMatch) -> bool:
    """In a police-regulated trade (a special-trade licence is one), or within the officer's jurisdiction: the
    licence's police unit is the officer's unit, or the address names the unit's jurisdiction."""
    enterprise = match.entry.enterprise
    if enterprise.kind == "licence" or enterprise.trade_code in view.regulated:
        return True
    name, area = view.data.registers.units.get(row.unit_code, (row.unit_name, ""))
    police = name_key(enterprise.police_unit)
    units = {name_key(n) for n in (name, row.unit_name) if n}
    if police and any(police in unit or unit in police for unit in units):
        return True
    return len(area) >= 2 and area in enterprise.address


def _matches(view: CampaignView) -> Iterator[tuple[ImportedDeclaration, list[RegisterMatch]]]:
    found = view.data.registers.matches
    if not found:
        return
    for row in view.data.declarations:
        if row.row_id in found:
            yield row, found[row.row_id]


def _undeclared_matches(
    view: CampaignView, row: ImportedDeclaration, matches: list[RegisterMatch]
) -> list[RegisterMatch]:
    return [m for m in matches if m.entry.enterprise.active and not _held(view, row, m)]


def _finding(
    view: CampaignView, rule: Rule, row: ImportedDeclaration, message: str, notes: list[Note], names: list[str]
) -> Finding:
    if len(notes) > MAX_NOTES:
        notes = [*notes[:MAX_NOTES], (N_("… and {count} more register rows."), {"count": len(notes) - MAX_NOTES})]
    return view.finding(rule, row, message, tuple(notes), enterprises=listing(names), count=len(names))


def _undeclared(view: CampaignView, rule: Rule) -> Iterator[Finding]:
    for row, matches in _matches(view):
        found = _undeclared_matches(view, row, matches)
        if found:
            yield _finding(
                view,
                rule,
                row,
                N_("The registers show involvement the declaration does not mention: {enterprises}."),
                [evidence(m) for m in found],
                [m.entry.enterprise.name for m in found],
            )


def _undeclared_sensitive(view: CampaignView, rule: Rule) -> Iterator[Finding]:
    for row, matches in _matches(view):
        found = [m for m in _undeclared_matches(view, row, matches) if _sensitive(view, row, m)]
        if found:
            yield _finding(
                view,
                rule,
                row,
                N_(
                    "Undeclared involvement in a police-regulated trade or within the officer's jurisdiction: "
                    "{enterprises}."
                ),
                [evidence(m) for m in found],
                [m.entry.enterprise.name for m in found],
            )


def _status_note(held: list[DeclaredInterest], match: RegisterMatch) -> Note | None:
    enterprise = match.entry.enterprise
    ended = all(i.status in ENDED for i in held)
    if ended and enterprise.active:
        return (
            N_("{enterprise}: declared as exited or deregistered, but the register shows it {status}."),
            {"enterprise": enterprise.name, "status": enterprise.status or "存续"},
        )
    if not ended and not enterprise.active:
        return (
            N_("{enterprise}: declared as operating, but the register shows it {status}."),
            {"enterprise": enterprise.name, "status": enterprise.status},
        )
    return None


def _share_note(held: list[DeclaredInterest], match: RegisterMatch) -> Note | None:
    registered = match.entry.share_percent
    declared = [i.share_percent for i in held if i.share_percent is not None]
    if registered is None or not declared or any(abs(d - registered) <= SHARE_TOLERANCE for d in declared):
        return None
    return (
        N_("{enterprise}: {person} declared a share of {declared} %, the register shows {registered} %."),
        {
            "enterprise": match.entry.enterprise.name,
            "person": match.entry.name,
            "declared": "、".join(f"{d.normalize():f}" for d in declared),
            "registered": f"{registered.normalize():f}",
        },
    )


def _role_note(held: list[DeclaredInterest], match: RegisterMatch) -> Note | None:
    fits = ROLE_FITS.get(match.entry.role)
    declared = frozenset().union(*(i.roles for i in held))
    if fits is None or not declared or declared & fits:
        return None
    return (
        N_("{enterprise}: {person} declared as {declared}, the register shows {registered}."),
        {
            "enterprise": match.entry.enterprise.name,
            "person": match.entry.name,
            "declared": "、".join(_word(ROLE_WORDS, r) for r in sorted(declared)),
            "registered": match.entry.role_text or register_role_word(match.entry.role),
        },
    )


_DIFFERENCES: tuple[Callable[[list[DeclaredInterest], RegisterMatch], Note | None], ...] = (
    _status_note,
    _share_note,
    _role_note,
)


def _differs(view: CampaignView, rule: Rule) -> Iterator[Finding]:
    for row, matches in _matches(view):
        notes: list[Note] = []
        names: list[str] = []
        for match in matches:
            held = _held(view, row, match)
            if not held:
                continue
            found = [note for check in _DIFFERENCES if (note := check(held, match)) is not None]
            if found:
                notes += [*found, evidence(match)]
                names.append(match.entry.enterprise.name)
        if notes:
            yield _finding(view, rule, row, N_("Declared, but the register differs: {enterprises}."), notes, names)


def reason_and_evidence(finding: Finding, translate: Translator) -> tuple[str, tuple[str, ...]]:
    """A register finding's reason without its register rows, and the rows (each a line) to show beside it; any
    other finding's whole reason and no rows."""
    if finding.rule not in RULE_IDS:
        return finding.render(translate), ()
    return translate(finding.message, **finding.params), tuple(translate(t, **f) for t, f in finding.notes)


RULES = (
    Rule(
        "register_undeclared",
        40,
        N_("A register shows the officer or a family member in an active enterprise the declaration does not mention"),
        "登记信息显示本人或家庭成员在未申报的存续企业任职或持股",
        _undeclared,
    ),
    Rule(
        "register_undeclared_regulated",
        30,
        N_("The undeclared enterprise is in a police-regulated trade or within the officer's jurisdiction"),
        "未申报的企业属于公安机关业务范围内的经营项目或位于本人辖区",
        _undeclared_sensitive,
    ),
    Rule(
        "register_differs",
        20,
        N_("Declared, but share, role or status differs from the register"),
        "已申报，但持股比例、任职或状态与登记信息不符",
        _differs,
    ),
)

RULE_IDS = frozenset(rule.id for rule in RULES)
