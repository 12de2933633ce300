"""The inspectors' part of the demo: every unit head exports the unit's workbook, the inspectors import them all
(and last year's), confirm the heads' keys, and the declarations staged here make every review rule fire, beside
a known clean declaration that fires none.

It plays out after the current campaign's deadline (the inspectors verify once it has closed), so its acts are
dated then. Which officer plays which part is chosen from the roster by rule, never by random draw, and the
choice is returned (``DemoReview.parts``) for the tests and for a newcomer's tour.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from faker import Faker
from stdnum.cn import uscc

from desktop.domain.campaigns import Campaign
from desktop.domain.declarations import Declaration
from desktop.domain.interests import BusinessInterest, InterestRole, InterestStatus
from desktop.domain.officers import Officer
from desktop.domain.questions import Question, Relation
from desktop.services.administration.accounts import admin_reset_password
from desktop.services.administration.campaigns import list_campaigns
from desktop.services.demo.identities import IdNumbers
from desktop.services.demo.registers import play_registers
from desktop.services.demo.staging import (
    Cast,
    alter_after_countersigning,
    declare,
    forge_countersignature,
    sign_only,
    with_rectification,
)
from desktop.services.inspection.trust import head_keys, trust_key
from desktop.services.inspection.workbook_import import import_workbook
from desktop.services.workflow.export import export_own, export_unit
from desktop.services.workflow.responsibility import Responsibility, responsible_unit
from desktop.store.repositories import declarations as repo
from desktop.store.repositories.officers import list_officers
from desktop.store.store import Store

INSPECTOR = "jijian01"
SECOND_INSPECTOR = "jijian02"
ADMIN = "admin"
PARTS = (
    "clean",
    "regulated",
    "shared",
    "identifier",
    "contradiction",
    "vanished",
    "late",
    "self_countersigned",
    "not_head",
    "altered",
    "missing",
    "replayed",
)


@dataclass
class DemoReview:
    parts: dict[str, str] = field(default_factory=dict)  # part → police number
    workbooks: int = 0
    changed_key_head: str | None = None  # the head whose key changed
    duplicated_unit: str | None = None
    register_parts: dict[str, str] = field(default_factory=dict)  # register part → police number (demo.registers)


def _credit_code(seed: int, region: str, valid: bool = True) -> str:
    body = "92" + region[:6] + f"{seed:09d}"[-9:]
    check = uscc.calc_check_digit(body)
    if not valid:
        alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        check = alphabet[(alphabet.index(check) + 7) % len(alphabet)]
    return body + check


@dataclass
class _Holders:
    """The people behind the staged interests: names from Faker (seeded), ID numbers from IdNumbers, their ages
    counted to the day the campaign began."""

    fake: Faker
    id_numbers: IdNumbers

    def name(self) -> str:
        return self.fake.name()

    def id_number(self, campaign: Campaign) -> str:
        return self.id_numbers.id_number(campaign.start_date, min_age=25, max_age=70)


def _interest(
    holders: _Holders,
    campaign: Campaign,
    question: Question,
    relation: Relation,
    name: str,
    trade: str,
    **changes: object,
) -> BusinessInterest:
    own = relation is Relation.SELF
    fields: dict[str, object] = {
        "holder_name": "" if own else holders.name(),
        "holder_id_number": "" if own else holders.id_number(campaign),
        "role": InterestRole.SHAREHOLDER if question is Question.SHAREHOLDING else InterestRole.INVESTOR,
        "share_percent": Decimal(10) if question is Question.SHAREHOLDING else None,
        "capital_wan": Decimal(20),
        "start_date": dt.date(campaign.start_date.year - 7, 5, 1),  # years before either campaign
        "status": InterestStatus.OPERATING,
    }
    interest = BusinessInterest(
        question=question,
        relation=relation,
        enterprise_name=name,
        trade_code=trade,
        **{**fields, **changes},  # type: ignore[arg-type]  # each key's value is of its field's type, as set above
    )
    return with_rectification(interest, campaign.start_date)


def _content(officer: Officer, *interests: BusinessInterest) -> Declaration:
    answers = {q: any(i.question is q for i in interests) for q in Question}
    return Declaration(campaign_id="", officer=officer, unit_name="", answers=answers, interests=interests)


class _Scenario:
    def __init__(self, store: Store, password: str, seed: int) -> None:
        self.store, self.cast = store, Cast(store, password)
        fake = Faker("zh_CN")
        fake.seed_instance(seed + 7)
        self.holders = _Holders(fake, IdNumbers(seed + 7))
        with store.transaction() as connection:
            self.officers = list_officers(connection)
            responsibility = Responsibility(connection)
            self.units, self.heads = responsibility.units, responsibility.heads
        self.head_of = {o.unit_code: o.police_number for o in self.officers if o.is_unit_head}
        #: Files the inspectors import after the units' workbooks (an officer's superseded version, put back).
        self.late_files: list[Path] = []
        #: Keys the inspectors do not confirm: the batch signers of those files.
        self.unvouched: set[str] = set()

    def head_for(self, officer: Officer) -> str | None:
        unit = responsible_unit(officer, self.units, self.heads)
        return self.head_of.get(unit) if unit else None

    def cast_parts(self) -> dict[str, Officer]:
        """Plain officers (not key persons) with a head, one per part, spread over the units. The clean and the
        late officer share a head: the head's key changes between their countersignatures."""
        plain = [o for o in self.officers if not o.is_key_person and self.head_for(o) is not None]
        by_head: dict[str, list[Officer]] = {}
        for officer in plain:
            by_head.setdefault(self.head_for(officer) or "", []).append(officer)
        pair = next((officers for _head, officers in sorted(by_head.items()) if len(officers) >= 2), None)
        chosen: dict[str, Officer] = {}
        if pair is not None:
            chosen = {"clean": pair[0], "late": pair[1]}
            del pair[:2]
        by_unit: dict[str, list[Officer]] = {}
        for officer in plain:
            if officer not in chosen.values():
                by_unit.setdefault(officer.unit_code, []).append(officer)
        order: list[Officer] = []
        while any(by_unit.values()):  # round robin over units, so that one unit does not hold every case
            for unit in sorted(by_unit):
                if by_unit[unit]:
                    order.append(by_unit[unit].pop(0))
        rest = [part for part in PARTS if part not in chosen]
        chosen.update(zip(rest, order, strict=False))
        return chosen


def play_inspectors(store: Store, password: str, *, seed: int) -> DemoReview:
    """Stage the review cases, export every unit's workbook, import them as the inspectors, confirm the keys."""
    scenario = _Scenario(store, password, seed)
    cast, holders = scenario.cast, scenario.holders
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
            _last_campaign(scenario, parts, last, holders)
            _archive_last_campaign(scenario, last, out)
            result.changed_key_head, new_key = _current_campaign(scenario, parts, current, holders)
            _replay_an_older_version(scenario, parts, current, holders, out)
            result.duplicated_unit, result.workbooks = _exchange_current(
                scenario, current, parts, out, result.changed_key_head
            )
            _confirm_keys(scenario, _after(current, days=7), unconfirmed=new_key)
            result.register_parts = play_registers(
                scenario.store,
                lambda: cast.session(INSPECTOR, _after(current, days=8)),
                parts,
                scenario.officers,
                current,
                out,
                seed,
            )
    finally:
        cast.close()
    return result


def _at(day: dt.date, hour: int = 2) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), dt.UTC)


def _after(campaign: Campaign, days: int) -> dt.datetime:
    return _at(campaign.deadline + dt.timedelta(days=days))


def _last_campaign(scenario: _Scenario, parts: dict[str, Officer], last: Campaign, holders: _Holders) -> None:
    """Last year: the clean officer and the regulated-trade officer had nothing; the 'vanished' officer's spouse
    ran a restaurant."""
    at = _at(last.deadline - dt.timedelta(days=15))
    for part in ("clean", "regulated"):
        if part in parts:
            officer = parts[part]
            declare(scenario.cast, officer.police_number, _content(officer), last.id, at, scenario.head_for(officer))
    if "vanished" in parts:
        officer = parts["vanished"]
        restaurant = _interest(
            holders,
            last,
            Question.RELATIVES_BUSINESS,
            Relation.SPOUSE,
            "清河市福源酒家",
            "catering",
            uscc=_credit_code(881, officer.id_number),
        )
        declare(
            scenario.cast, officer.police_number, _content(officer, restaurant), last.id, at, scenario.head_for(officer)
        )


def _archive_last_campaign(scenario: _Scenario, last: Campaign, out: Path) -> None:
    """Last year's declarations reached the inspectors as one workbook; they confirmed the heads' keys then."""
    cast, root = scenario.cast, next(code for code, unit in scenario.units.items() if unit.parent_code is None)
    inspector = cast.session(INSPECTOR, _after(last, days=5))
    path = out / "last-campaign.xlsx"
    export_unit(inspector, path, unit_code=root, campaign_id=last.id)
    import_workbook(inspector, path)
    _confirm_keys(scenario, _after(last, days=6))


def _current_campaign(
    scenario: _Scenario, parts: dict[str, Officer], current: Campaign, holders: _Holders
) -> tuple[str | None, str | None]:
    cast = scenario.cast
    at = _at(current.deadline - dt.timedelta(days=5))

    def act(part: str, *interests: BusinessInterest, confirm_new_key: bool = False) -> str | None:
        officer = parts.get(part)
        if officer is None:
            return None
        return declare(
            cast,
            officer.police_number,
            _content(officer, *interests),
            current.id,
            at,
            scenario.head_for(officer),
            confirm_new_key=confirm_new_key,
        )

    hotel_code = _credit_code(551, "131121")
    act("clean")
    if "regulated" in parts:
        region = parts["regulated"].id_number
        act(
            "regulated",
            _interest(
                holders,
                current,
                Question.RELATIVES_BUSINESS,
                Relation.SPOUSE,
                "清河市宏达宾馆",
                "hotel",
                uscc=hotel_code,
                within_jurisdiction=True,
                related_to_duties=True,
            ),
            _interest(
                holders,
                current,
                Question.RELATIVES_BUSINESS,
                Relation.SIBLING,
                "清河市兴隆网吧",
                "internet_cafe",
                uscc=_credit_code(552, region),
            ),
        )
    act(
        "shared",
        _interest(
            holders, current, Question.RELATIVES_BUSINESS, Relation.PARENT, "清河市宏达宾馆", "hotel", uscc=hotel_code
        ),
    )
    if "identifier" in parts:
        region = parts["identifier"].id_number
        act(
            "identifier",
            _interest(
                holders,
                current,
                Question.SHAREHOLDING,
                Relation.SELF,
                "清河市恒泰商贸有限公司",
                "retail",
                uscc=_credit_code(553, region, valid=False),
            ),
        )
    act(
        "contradiction",
        _interest(
            holders,
            current,
            Question.RELATIVES_BUSINESS,
            Relation.SIBLING,
            "清河市顺发汽车修理厂",
            "vehicle_repair",
            role=InterestRole.NOMINEE,
            note="登记在兄弟名下，实际由本人出资",
        ),
    )
    _reset_password(cast, parts.get("vanished"), at - dt.timedelta(days=2))
    act("vanished", confirm_new_key=True)
    act("altered")
    if "altered" in parts:
        with scenario.store.transaction() as connection:
            record = repo.latest(connection, current.id, parts["altered"].police_number)
        assert record is not None
        alter_after_countersigning(scenario.store, record.id, at + dt.timedelta(hours=3))
    for part, signer in (("self_countersigned", "self"), ("not_head", "other head")):
        officer = parts.get(part)
        head = scenario.head_for(officer) if officer else None
        if officer is None or head is None:
            continue
        declaration_id = sign_only(cast, officer.police_number, _content(officer), current.id, at, head)
        who = officer.police_number if signer == "self" else _other_head(scenario, officer)
        if who is not None:
            forge_countersignature(cast, declaration_id, who, at + dt.timedelta(hours=2))
    if "missing" in parts:
        officer = parts["missing"]
        sign_only(cast, officer.police_number, _content(officer), current.id, at, scenario.head_for(officer) or "")
    return _late_with_new_key(scenario, parts, current)


def _reset_password(cast: Cast, officer: Officer | None, at: dt.datetime) -> None:
    """The officer's password was reset since last year: a new key pair, which the head confirms when countersigning
    and the inspectors see as a changed key."""
    if officer is not None:
        cast.renew(admin_reset_password(cast.session(ADMIN, at), officer.police_number, cast.password))


def _replay_an_older_version(
    scenario: _Scenario, parts: dict[str, Officer], current: Campaign, holders: _Holders, out: Path
) -> None:
    """The officer's first version, countersigned, saved as the officer's own file; then an amendment declaring the
    spouse's shop, countersigned. The inspectors later import the old file too: the older version is flagged."""
    officer = parts.get("replayed")
    head = scenario.head_for(officer) if officer else None
    if officer is None or head is None:
        return
    cast, at = scenario.cast, _at(current.deadline - dt.timedelta(days=4))
    declare(cast, officer.police_number, _content(officer), current.id, at, head)
    path = out / f"{current.id[:8]}-{officer.police_number}-v1.xlsx"
    me = cast.session(officer.police_number, at + dt.timedelta(hours=2))
    export_own(me, path, campaign_id=current.id)
    scenario.unvouched.add(me.account.fingerprint)
    shop = _interest(holders, current, Question.RELATIVES_BUSINESS, Relation.SPOUSE, "清河市惠民便利店", "retail")
    declare(cast, officer.police_number, _content(officer, shop), current.id, at + dt.timedelta(days=1), head)
    scenario.late_files.append(path)


def _other_head(scenario: _Scenario, officer: Officer) -> str | None:
    """A head of a unit that is neither the officer's nor above it: the wrong person to countersign."""
    above: set[str] = set()
    code: str | None = officer.unit_code
    while code is not None and code not in above:
        above.add(code)
        unit = scenario.units.get(code)
        code = unit.parent_code if unit else None
    strangers = sorted(number for unit, number in scenario.head_of.items() if unit not in above)
    return strangers[0] if strangers else None


def _late_with_new_key(
    scenario: _Scenario, parts: dict[str, Officer], current: Campaign
) -> tuple[str | None, str | None]:
    """The late officer signs after the deadline; the head has meanwhile had the password reset (a new key pair)
    and countersigns with the new key, which the inspectors have not confirmed."""
    officer = parts.get("late")
    head = scenario.head_for(officer) if officer else None
    if officer is None or head is None:
        return None, None
    cast = scenario.cast
    admin = cast.session(ADMIN, _after(current, days=1))
    renewed = admin_reset_password(admin, head, cast.password)
    cast.renew(renewed)
    declare(cast, officer.police_number, _content(officer), current.id, _after(current, days=2), head)
    return head, renewed.fingerprint


def _exchange_current(
    scenario: _Scenario, current: Campaign, parts: dict[str, Officer], out: Path, changed_key_head: str | None
) -> tuple[str | None, int]:
    """Every head exports the unit's workbook, except the head whose key was reset (a new key no inspector has
    confirmed would flag the whole workbook): the second inspector exports that unit. One station's workbook is sent
    again by the second inspector; all are imported."""
    cast, paths = scenario.cast, []
    at = _after(current, days=5)
    for unit_code, head in sorted(scenario.head_of.items()):
        path = out / f"{current.id[:8]}-{unit_code}.xlsx"
        if head == changed_key_head:
            exporter = cast.session(SECOND_INSPECTOR, at)
            summary = export_unit(exporter, path, unit_code=unit_code, campaign_id=current.id)
        else:
            summary = export_unit(cast.session(head, at), path, campaign_id=current.id)
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
        export_unit(cast.session(SECOND_INSPECTOR, at), path, unit_code=duplicated, campaign_id=current.id)
        paths.append(path)
    inspector = cast.session(INSPECTOR, _after(current, days=6))
    for path in [*paths, *scenario.late_files]:
        import_workbook(inspector, path)
    return duplicated, len(paths) + len(scenario.late_files) + 1


def _confirm_keys(scenario: _Scenario, at: dt.datetime, unconfirmed: str | None = None) -> None:
    """The inspectors confirm each head's key by phone, except the head's new key after the password reset: that
    one the rules flag (a different key for the same head) until someone confirms it with the head in person; and
    except the key that signed the officer's own file put back in place of the newer version (nobody vouches for
    it)."""
    inspector = scenario.cast.session(INSPECTOR, at)
    skipped = {unconfirmed, *scenario.unvouched}
    with scenario.store.transaction() as connection:
        waiting = [k for k in head_keys(connection) if not k.trusted and k.fingerprint not in skipped]
    for key in waiting:
        trust_key(inspector, key.fingerprint, note="电话核对指纹一致（演示）", new_key=True)
