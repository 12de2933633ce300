"""The checks of officers and detail rows every form version makes: every problem at once, each with a field path and
a code. A whole declaration is validated by its form version (desktop/form/validation.py), which adds its own."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from desktop.domain.declarations import Declaration
from desktop.domain.identifiers import check_id_number, check_uscc, normalise_id_number
from desktop.domain.interests import ENDED_STATUSES, BusinessInterest, InterestStatus
from desktop.domain.officers import Officer
from desktop.domain.ooxml_escapes import escape_sequences
from desktop.domain.problems import Problem, Severity
from desktop.domain.questions import RELATIVES, Question, Relation
from desktop.domain.text import format_characters
from desktop.domain.trades import TradeCatalog
from desktop.i18n import N_

_POLICE_NUMBER = re.compile(r"^[0-9A-Za-z]{3,12}$")
_EARLIEST_START = dt.date(1949, 10, 1)
_MAX_CAPITAL_WAN = Decimal(10_000_000)  # 1,000 亿元: more is a typing error
_MAX_INCOME_WAN = Decimal(100_000)
#: The code of the warning for a business in a police-regulated trade within the officer's jurisdiction or duties.
PROHIBITED_IN_JURISDICTION = "involvement.regulated_in_jurisdiction"
_RUNNING = frozenset({InterestStatus.OPERATING, InterestStatus.RECTIFYING})


def error(path: str, code: str, message: str, /, **params: object) -> Problem:
    return Problem(path, code, Severity.ERROR, message, params)


def warning(path: str, code: str, message: str, /, **params: object) -> Problem:
    return Problem(path, code, Severity.WARNING, message, params)


OFFICER_TEXTS = ("police_number", "name", "id_number", "unit_code", "position", "rank_level")
INTEREST_TEXTS = ("holder_name", "holder_id_number", "enterprise_name", "uscc", "trade_code", "rectification", "note")


def invisible_characters(record: object, fields: tuple[str, ...]) -> list[Problem]:
    """An error for every text field holding an invisible format character (see domain.text.format_characters)."""
    return typed_text_problems({name: getattr(record, name, "") for name in fields})


def typed_text_problems(texts: dict[str, object]) -> list[Problem]:
    """An error for every text (by its field path) holding an invisible format character or one of Excel's
    ``_xHHHH_`` escapes (decision 148): the check of text that enters anywhere before it is signed or stored (a
    declaration's fields, a head's opinion, a return's reason, a campaign's name and commitment)."""
    problems = []
    for name, value in texts.items():
        found = format_characters(value) if isinstance(value, str) else []
        if found:
            problems.append(
                error(
                    name,
                    "text.invisible_character",
                    N_(
                        "This text holds an invisible formatting character ({character}), usually pasted from "
                        "another program; type the text again without it."
                    ),
                    character=f"U+{ord(found[0]):04X}",
                )
            )
        sequences = escape_sequences(value) if isinstance(value, str) else []
        if sequences:  # decision 148: spreadsheet programs read "_x0041_" in a cell as "A"
            problems.append(
                error(
                    name,
                    "text.escape_sequence",
                    N_(
                        "This text holds {sequence}, which Excel and other spreadsheet programs read as a different "
                        "character; write it another way (for example without the underscores)."
                    ),
                    sequence=sequences[0],
                )
            )
    return problems


def validate_officer(officer: Officer, today: dt.date, texts: tuple[str, ...] = OFFICER_TEXTS) -> list[Problem]:
    problems: list[Problem] = invisible_characters(officer, texts)
    if not officer.police_number:
        problems.append(error("police_number", "police_number.missing", N_("The police number is missing.")))
    elif not _POLICE_NUMBER.match(officer.police_number):
        problems.append(
            error(
                "police_number",
                "police_number.format",
                N_("A police number is 3 to 12 digits or letters."),
            )
        )
    if not officer.name:
        problems.append(error("name", "name.missing", N_("The name is missing.")))
    elif len(officer.name) > 50:
        problems.append(error("name", "name.too_long", N_("The name is longer than 50 characters.")))
    problems.extend(check_id_number(officer.id_number, "id_number", today))
    if not officer.unit_code:
        problems.append(error("unit_code", "unit_code.missing", N_("The unit code is missing.")))
    return problems


def validate_interest(
    interest: BusinessInterest,
    officer: Officer,
    catalog: TradeCatalog,
    today: dt.date,
    *,
    allowed: frozenset[Relation],
    texts: tuple[str, ...] = INTEREST_TEXTS,
    running_needs_rectification: bool = True,
) -> list[Problem]:
    """The checks every form version makes of a detail row; ``allowed``: the relations its question allows (the
    form's), ``texts``: its typed text fields (the form's). The form (desktop/form/validation.py) adds its own.
    ``running_needs_rectification``: ask the rectification of a still-running interest in a regulated trade or in
    the jurisdiction here (False for a form whose own checks ask it, as version 2's do)."""
    problems: list[Problem] = invisible_characters(interest, texts)
    if interest.relation not in allowed:
        problems.append(
            error(
                "relation",
                "relation.not_allowed",
                N_("This relation does not fit the question the row is entered under."),
            )
        )
    problems.extend(_check_holder(interest, officer, today))
    if not interest.enterprise_name:
        problems.append(error("enterprise_name", "enterprise_name.missing", N_("The enterprise name is missing.")))
    problems.extend(check_uscc(interest.uscc, "uscc"))
    if not interest.trade_code:
        problems.append(error("trade_code", "trade.missing", N_("Choose the trade from the catalog.")))
    elif catalog.get(interest.trade_code) is None:
        problems.append(
            error(
                "trade_code", "trade.unknown", N_("The trade {code} is not in the catalog."), code=interest.trade_code
            )
        )
    problems.extend(_check_amounts(interest))
    problems.extend(_check_dates(interest, today))
    problems.extend(_check_rectification(interest, catalog, running_needs_rectification))
    return problems


def is_prohibited(interest: BusinessInterest, catalog: TradeCatalog) -> bool:
    """Still running, in a police-regulated trade, and within the officer's jurisdiction or related to the duties:
    what the commitment and the rules forbid (公安机关业务范围内的经营项目, in the officer's 辖区 or 职责范围)."""
    return (
        interest.status in _RUNNING
        and catalog.is_regulated(interest.trade_code)
        and (interest.within_jurisdiction or interest.related_to_duties)
    )


def prohibited_involvement(declaration: Declaration, catalog: TradeCatalog) -> list[BusinessInterest]:
    """The declared interests that are prohibited (see is_prohibited), in the form's order."""
    return [interest for interest in declaration.interests if is_prohibited(interest, catalog)]


def _check_rectification(
    interest: BusinessInterest, catalog: TradeCatalog, running_needs_rectification: bool = True
) -> list[Problem]:
    """A still-running interest in a police-regulated trade or within the jurisdiction needs its rectification
    (整改情况) described; one that is both (or related to the duties) is also a warning the officer confirms."""
    problems: list[Problem] = []
    if is_prohibited(interest, catalog):
        problems.append(
            warning(
                "within_jurisdiction",
                PROHIBITED_IN_JURISDICTION,
                N_(
                    "A business in a police-regulated trade within your own jurisdiction or related to your duties is "
                    "prohibited. Declare it truthfully, describe how it will be ended (exit, deregistration or "
                    "withdrawal) under Rectification, and confirm this warning."
                ),
            )
        )
    if interest.rectification:
        return problems
    if interest.status is InterestStatus.RECTIFYING:
        problems.append(
            error(
                "rectification",
                "rectification.missing",
                N_("Describe the rectification: what will be done, and by when."),
            )
        )
    elif (
        running_needs_rectification
        and interest.status in _RUNNING
        and (catalog.is_regulated(interest.trade_code) or interest.within_jurisdiction)
    ):
        problems.append(
            error(
                "rectification",
                "rectification.missing",
                N_(
                    "The business is in a police-regulated trade or within your jurisdiction and still running: "
                    "describe the rectification (整改情况): what will be done, and by when."
                ),
            )
        )
    return problems


def _check_holder(interest: BusinessInterest, officer: Officer, today: dt.date) -> list[Problem]:
    problems: list[Problem] = []
    # Compared in normal form: '...x' and '... X' are the same number.
    holder_number = normalise_id_number(interest.holder_id_number)
    same_as_officer = bool(holder_number) and holder_number == normalise_id_number(officer.id_number)
    if interest.relation is Relation.SELF:
        if interest.holder_id_number and not same_as_officer:
            problems.append(
                error(
                    "holder_id_number",
                    "holder.not_self",
                    N_("The holder is 'self', but the ID number is not the officer's."),
                )
            )
        return problems
    if not interest.holder_name:
        problems.append(error("holder_name", "holder_name.missing", N_("The holder's name is missing.")))
    if interest.holder_id_number:
        problems.extend(check_id_number(interest.holder_id_number, "holder_id_number", today))
        if same_as_officer:
            problems.append(
                error(
                    "holder_id_number",
                    "holder.is_self",
                    N_("This is the officer's own ID number; choose 'self' as the relation."),
                )
            )
    elif interest.relation in RELATIVES:
        problems.append(error("holder_id_number", "holder_id_number.missing", N_("Enter the relative's ID number.")))
    else:
        problems.append(
            warning(
                "holder_id_number",
                "holder_id_number.missing",
                N_("The holder's ID number is missing; enter it if you know it."),
            )
        )
    return problems


def _check_amounts(interest: BusinessInterest) -> list[Problem]:
    problems: list[Problem] = []
    share = interest.share_percent
    if share is not None and not Decimal(0) < share <= Decimal(100):
        problems.append(error("share_percent", "share.range", N_("A share is more than 0 and at most 100 per cent.")))
    if share is None and interest.question is Question.SHAREHOLDING:
        problems.append(error("share_percent", "share.missing", N_("Enter the share held, in per cent.")))
    for name, value, limit in (
        ("capital_wan", interest.capital_wan, _MAX_CAPITAL_WAN),
        ("income_wan", interest.income_wan, _MAX_INCOME_WAN),
    ):
        if value is not None and not Decimal(0) <= value <= limit:
            problems.append(
                error(
                    name,
                    "amount.range",
                    N_("The amount must be between 0 and {limit} (in 10,000 yuan)."),
                    limit=str(limit),
                )
            )
    return problems


def _check_dates(interest: BusinessInterest, today: dt.date) -> list[Problem]:
    problems: list[Problem] = []
    start, end = interest.start_date, interest.end_date
    if start is not None and not _EARLIEST_START <= start <= today:
        problems.append(error("start_date", "date.range", N_("The start date must lie between 1949-10-01 and today.")))
    if start is not None and end is not None and end < start:
        problems.append(error("end_date", "date.order", N_("The end date is before the start date.")))
    if interest.status in ENDED_STATUSES:
        if end is None:
            problems.append(
                error("end_date", "end_date.missing", N_("The interest has ended: enter the date it ended."))
            )
        elif end > today:
            problems.append(
                error("end_date", "date.future", N_("An interest that has ended cannot end in the future."))
            )
    elif interest.status is InterestStatus.OPERATING and end is not None and end <= today:
        problems.append(
            error(
                "status",
                "status.contradicts_end_date",
                N_("The interest has an end date in the past but is marked as still operating."),
            )
        )
    return problems


def blocking(problems: list[Problem], acknowledged: tuple[str, ...] | frozenset[str]) -> list[Problem]:
    """What stops signing: every error, and each warning the officer has not confirmed."""
    confirmed = set(acknowledged)
    return [p for p in problems if p.severity is Severity.ERROR or p.key not in confirmed]
