"""Declarations for the demo store: two campaigns (last year's on form version 1, this year's on the newest) and
declarations in every status, amendments included.

Believable content from Faker zh_CN: most officers have nothing to declare; some declare relatives' businesses,
a few in police-regulated trades or within their own jurisdiction, some shareholdings and part-time work.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from faker import Faker
from stdnum.cn import uscc

from desktop.domain.accounts import Account
from desktop.domain.campaigns import Campaign
from desktop.domain.declarations import Declaration
from desktop.domain.interests import BusinessInterest, InterestRole, InterestStatus
from desktop.domain.officers import Officer
from desktop.domain.questions import Question, Relation
from desktop.services.administration.campaigns import create_campaign
from desktop.services.clock import FixedClock
from desktop.services.demo.acts import DemoActs, WorkflowActs
from desktop.services.demo.bulk import BulkActs
from desktop.services.demo.form2 import Form2Details
from desktop.services.demo.identities import IdNumbers
from desktop.services.demo.staging import with_rectification
from desktop.services.workflow.responsibility import Responsibility, responsible_unit
from desktop.store.repositories.accounts import list_accounts
from desktop.store.repositories.officers import list_officers
from desktop.store.store import Store

_TRADE_NAMES = {
    "hotel": "{place}{word}宾馆",
    "internet_cafe": "{place}{word}网吧",
    "pawnshop": "{place}{word}典当行",
    "scrap_metal": "{place}{word}废旧金属回收站",
    "driving_school": "{place}{word}机动车驾驶员培训学校",
    "vehicle_repair": "{place}{word}汽车修理厂",
    "entertainment": "{place}{word}KTV",
    "security_service": "{place}{word}保安服务有限公司",
    "used_car": "{place}{word}二手车经纪有限公司",
    "towing": "{place}{word}道路清障服务部",
}
_PLAIN_TRADES = ("catering", "retail", "agriculture", "information_technology", "construction", "business_services")
_WORDS = ("宏达", "兴隆", "金鑫", "顺发", "鸿运", "恒泰", "福源", "佳美", "盛世", "安顺", "利民", "华信")
_OPINIONS = ("经核对，填报内容属实。", "已逐项核对，情况属实，同意。", "已核实，无异议。")
_RETURN_REASONS = (
    "配偶经营的宾馆未填写统一社会信用代码，请补充后重新签字。",
    "请补充入股企业的出资额和持股比例。",
    "兄弟经营的网吧在本所辖区内，请如实勾选“是否在本人辖区”。",
)


#: Last year's campaign was made on form version 1, before version 2 existed; this year's takes the newest.
LAST_YEARS_FORM_VERSION = 1


@dataclass
class DemoDeclarations:
    campaigns: list[str] = field(default_factory=list)
    by_status: dict[str, int] = field(default_factory=dict)


def _credit_code(rng: random.Random, region: str) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = (
        "92"
        + region
        + "".join(rng.choice("0123456789") for _ in range(2))
        + "".join(rng.choice(alphabet) for _ in range(7))
    )
    return body + uscc.calc_check_digit(body)


def _resignation_by(today: dt.date) -> str:
    """A rectification promised for the end of next month."""
    by = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return f"已提出辞职申请，{by.year}年{by.month}月底前离职。"


class _ContentMaker:
    def __init__(self, seed: int) -> None:
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(seed + 1)
        self.rng = random.Random(seed + 1)
        self.id_numbers = IdNumbers(seed + 1)

    def interest(self, officer: Officer, question: Question, today: dt.date) -> BusinessInterest:
        rng, fake = self.rng, self.fake
        relation = {
            Question.RELATIVES_BUSINESS: rng.choice(
                [Relation.SPOUSE, Relation.SIBLING, Relation.PARENT, Relation.CHILD]
            ),
            Question.SPECIFIC_RELATED_BUSINESS: Relation.SPECIFIC_RELATED,
            Question.DISGUISED_INVOLVEMENT: Relation.OTHER,
        }.get(question, Relation.SELF)
        regulated = (
            question
            in {Question.RELATIVES_BUSINESS, Question.SPECIFIC_RELATED_BUSINESS, Question.DISGUISED_INVOLVEMENT}
            and rng.random() < 0.5
        )
        trade = rng.choice(list(_TRADE_NAMES)) if regulated else rng.choice(_PLAIN_TRADES)
        name = (
            _TRADE_NAMES[trade].format(place=fake.city_name(), word=rng.choice(_WORDS)) if regulated else fake.company()
        )
        self_held = relation is Relation.SELF
        start = today - dt.timedelta(days=rng.randint(200, 4000))
        interest = BusinessInterest(
            question=question,
            relation=relation,
            holder_name="" if self_held else fake.name(),
            holder_id_number="" if self_held else self.id_numbers.id_number(today, min_age=20, max_age=70),
            enterprise_name=name,
            uscc=_credit_code(rng, officer.id_number[:6]) if rng.random() < 0.85 else "",
            trade_code=trade,
            role={
                Question.SHAREHOLDING: InterestRole.SHAREHOLDER,
                Question.PAID_PART_TIME: InterestRole.PART_TIME,
                Question.DISGUISED_INVOLVEMENT: InterestRole.NOMINEE,
            }.get(question, InterestRole.INVESTOR),
            share_percent=Decimal(rng.choice([5, 10, 20, 33.3, 51])).quantize(Decimal("0.1"))
            if question is Question.SHAREHOLDING
            else None,
            capital_wan=Decimal(rng.choice([3, 5, 10, 20, 50, 100])),
            income_wan=Decimal(rng.choice([1, 2, 3.6])).quantize(Decimal("0.1"))
            if question is Question.PAID_PART_TIME
            else None,
            start_date=start,
            status=InterestStatus.OPERATING if question is not Question.PAID_PART_TIME else InterestStatus.RECTIFYING,
            within_jurisdiction=regulated and rng.random() < 0.4,
            related_to_duties=regulated and rng.random() < 0.15,
            rectification=_resignation_by(today) if question is Question.PAID_PART_TIME else "",
        )
        return with_rectification(interest, today)  # no draw from rng: the rest of the demo stays as it was

    def declaration(self, officer: Officer, today: dt.date) -> Declaration:
        rng = self.rng
        questions: list[Question] = []
        if rng.random() < 0.30:
            questions.append(Question.RELATIVES_BUSINESS)
        if rng.random() < 0.06:
            questions.append(Question.SHAREHOLDING)
        if rng.random() < 0.03:
            questions.append(Question.PAID_PART_TIME)
        if rng.random() < 0.04:
            questions.append(Question.SPECIFIC_RELATED_BUSINESS)
        if rng.random() < 0.015:
            questions.append(Question.DISGUISED_INVOLVEMENT)
        interests = tuple(self.interest(officer, q, today) for q in questions)
        answers = {q: q in questions for q in Question}
        return Declaration(campaign_id="", officer=officer, unit_name="", answers=answers, interests=interests)


def populate(store: Store, password: str, *, seed: int, today: dt.date, bulk: bool = True) -> DemoDeclarations:
    """Two campaigns for the demo store: last year's on form version 1, all countersigned, and this year's on the
    newest form version, in every status: the inspectors see both versions side by side.

    The officers' and heads' acts go through the workflow's services (``bulk`` False) or, by default, in bulk
    (desktop.services.demo.bulk: the same rows, thousands of officers a transaction)."""
    rng = random.Random(seed)
    maker = _ContentMaker(seed)
    details = Form2Details(seed)
    with store.transaction() as connection:
        accounts = {a.login: a for a in list_accounts(connection)}
        officers = list_officers(connection)
        responsibility = Responsibility(connection)
    workflow = WorkflowActs(store, password, accounts)
    head_of = {a.unit_code: a for a in accounts.values() if a.roles and "unit_head" in a.roles and a.unit_code}

    def head_for(officer: Officer) -> Account | None:
        unit = responsible_unit(officer, responsibility.units, responsibility.heads)
        return head_of.get(unit) if unit else None

    result = DemoDeclarations()
    # Last year's campaign, done and dusted: the source of pre-filled drafts.
    last_clock = FixedClock(
        dt.datetime.combine(today.replace(year=today.year - 1, month=12, day=1), dt.time(2, 0), dt.UTC)
    )
    last = create_campaign(
        workflow.session("admin", last_clock),
        name=f"{today.year - 1}年度民警参与经商办企业情况专项登记",
        start_date=last_clock.now().date() - dt.timedelta(days=20),
        deadline=last_clock.now().date() + dt.timedelta(days=30),
        form_version=LAST_YEARS_FORM_VERSION,
    )
    now_clock = FixedClock(dt.datetime.combine(today, dt.time(1, 30), dt.UTC))
    current = create_campaign(
        workflow.session("admin", now_clock),
        name=f"{today.year}年度民警参与经商办企业情况专项登记",
        start_date=today - dt.timedelta(days=10),
        deadline=today + dt.timedelta(days=30),
    )
    result.campaigns = [last.id, current.id]
    acts: DemoActs = workflow
    if bulk:
        unit_names = {code: unit.name for code, unit in responsibility.units.items()}
        acts = BulkActs(store, password, accounts, officers, unit_names, responsibility)
    script = _Script(acts, (last, current), (last_clock, now_clock), rng, maker, details, today)
    try:
        for officer in officers:
            account = accounts.get(officer.police_number)
            if account is None:
                continue
            script.play(account.login, officer, head_for(officer))
            acts.officer_done()
        acts.finish()
    finally:
        acts.close()
        workflow.close()
    result.by_status = script.counts
    return result


@dataclass
class _Script:
    """The demo's script for one officer after another: its random streams, campaigns, clocks and the outcomes."""

    acts: DemoActs
    campaigns: tuple[Campaign, Campaign]  # last year's, this year's
    clocks: tuple[FixedClock, FixedClock]  # the times of their acts
    rng: random.Random
    maker: _ContentMaker
    details: Form2Details
    today: dt.date
    counts: dict[str, int] = field(default_factory=dict)  # outcome → officers

    def play(self, me: str, officer: Officer, head_account: Account | None) -> None:
        """One officer's declarations in both campaigns, and the head's acts on them; ``counts`` gets the outcome."""
        acts, rng, maker, details = self.acts, self.rng, self.maker, self.details
        today, counts = self.today, self.counts
        last, current = self.campaigns
        last_clock, now_clock = self.clocks
        head = head_account.login if head_account else None
        police_number = officer.police_number
        previous = maker.declaration(officer, last_clock.now().date())
        if rng.random() < 0.8 and head is not None:
            acts.save(me, last_clock, previous, last)
            acts.sign(me, last_clock, last)
            acts.countersign(head, last_clock, police_number, rng.choice(_OPINIONS), last)
        fate = rng.random() if head is not None else rng.random() * 0.35
        now_clock.advance(minutes=rng.randint(1, 30))
        if fate < 0.10:
            counts["not_started"] = counts.get("not_started", 0) + 1
            return
        draft = acts.start_draft(me, now_clock, current)
        content = draft if draft.answers else maker.declaration(officer, today)
        # Last year's answers carried into this year's form, or new ones, with what this year's form asks besides.
        content = details.complete(content, current.form_version, today)
        acts.save(me, now_clock, content, current)
        if fate < 0.20:
            counts["draft"] = counts.get("draft", 0) + 1
            return
        acts.sign(me, now_clock, current)
        if fate < 0.35 or head is None:
            counts["signed"] = counts.get("signed", 0) + 1
            return
        if fate < 0.42:
            acts.return_declaration(head, now_clock, police_number, rng.choice(_RETURN_REASONS), current)
            counts["returned"] = counts.get("returned", 0) + 1
            return
        acts.countersign(head, now_clock, police_number, rng.choice(_OPINIONS), current)
        if fate < 0.90:
            counts["countersigned"] = counts.get("countersigned", 0) + 1
            return
        # An amendment: something changed after countersigning; the new version is signed, and mostly countersigned.
        amended = details.complete(
            content.with_changes(
                remarks="补充申报：新增亲属经营情况。",
                interests=(*content.interests, maker.interest(officer, Question.RELATIVES_BUSINESS, today)),
                answers={**content.answers, Question.RELATIVES_BUSINESS: True},
            ),
            current.form_version,
            today,
        )
        acts.save(me, now_clock, amended, current)
        acts.sign(me, now_clock, current)
        counts["superseded"] = counts.get("superseded", 0) + 1
        if fate < 0.96:
            acts.countersign(head, now_clock, police_number, rng.choice(_OPINIONS), current)
            counts["countersigned"] = counts.get("countersigned", 0) + 1
        else:
            counts["signed"] = counts.get("signed", 0) + 1
