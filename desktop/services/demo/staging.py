"""Acting out the demo's review scenario: officers declaring at chosen times, and the few things the application
refuses to do on purpose (a countersignature by the officer themself or by the wrong head, a declaration altered
after countersigning), staged directly in the demo store so that the inspectors see those rules fire. Every
staged act is recorded in the audit log as such ('demo_staged')."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

from desktop.crypto.signing import SigningKey
from desktop.domain.accounts import Account
from desktop.domain.declarations import Declaration, DeclarationStatus
from desktop.domain.interests import BusinessInterest, InterestStatus
from desktop.domain.problems import Severity
from desktop.domain.trades import default_catalog
from desktop.services.auditing import audited_transaction
from desktop.services.clock import FixedClock, timestamp
from desktop.services.session.session import Session
from desktop.services.workflow import countersigning, declaring
from desktop.services.workflow.declaring import SavedDraft
from desktop.store import schema
from desktop.store.repositories import declarations as repo
from desktop.store.repositories.accounts import list_accounts
from desktop.store.store import Store, open_slot

OPINION = "经核对，填报内容属实。"


class Cast:
    """Sessions for the demo's accounts (every one has the same password), each acting at a time it is given."""

    def __init__(self, store: Store, password: str) -> None:
        self.store, self.password = store, password
        self._sessions: dict[str, Session] = {}
        with store.transaction() as connection:
            self.accounts = {a.login: a for a in list_accounts(connection)}

    def session(self, login: str, at: dt.datetime) -> Session:
        session = self._sessions.get(login)
        if session is None:
            account = self.accounts[login]
            _key, signing = open_slot(self.store.store_id, login, self.store.key_file.accounts[login], self.password)
            session = self._sessions[login] = Session(self.store, account, signing, FixedClock(at))
        session.clock = FixedClock(at)
        return session

    def renew(self, account: Account) -> None:
        """After a password reset: the account has a new key; forget the old session."""
        self.accounts[account.login] = account
        self._sessions.pop(account.login, None)

    def close(self) -> None:
        for session in self._sessions.values():
            session.signing_key = None


def declare(
    cast: Cast,
    officer_login: str,
    content: Declaration,
    campaign_id: str,
    at: dt.datetime,
    head_login: str | None,
    *,
    confirm_new_key: bool = False,
) -> str:
    """The officer saves ``content`` (confirming its warnings) and signs it at ``at``; the head countersigns an hour
    later (``confirm_new_key``: over an officer key the head compared in person). A signed declaration is first
    returned; a countersigned one is amended. Returns the version's id."""
    me = cast.session(officer_login, at)
    current = declaring.start_draft(me, campaign_id)
    if current.status is DeclarationStatus.SIGNED and head_login is not None:
        countersigning.return_declaration(
            cast.session(head_login, at), officer_login, "请按实际情况重新填报。", campaign_id
        )
    save_confirming_warnings(me, content, campaign_id)
    signed = declaring.sign(me, cast.password, campaign_id)
    if head_login is not None:
        countersigning.countersign(
            cast.session(head_login, at + dt.timedelta(hours=1)),
            officer_login,
            OPINION,
            cast.password,
            campaign_id,
            confirm_new_key=confirm_new_key,
        )
    return signed.id


def save_confirming_warnings(me: Session, content: Declaration, campaign_id: str) -> SavedDraft:
    """Save ``content`` as the officer of ``me`` and confirm every warning it raises, as an officer who has checked
    them does: a demo declaration must never be refused for a warning that nobody confirmed."""
    return confirming_warnings(lambda draft: declaring.save_draft(me, draft, campaign_id), content)


def confirming_warnings(save: Callable[[Declaration], SavedDraft], content: Declaration) -> SavedDraft:
    """``save`` ``content``, and save it again with its warnings confirmed when it raises any it does not confirm
    (the workflow's save or the demo's bulk path's)."""
    saved = save(content)
    warnings = tuple(sorted(p.key for p in saved.problems if p.severity is Severity.WARNING))
    if warnings and set(warnings) != set(saved.record.declaration.acknowledged_warnings):
        confirmed = saved.record.declaration.with_changes(acknowledged_warnings=warnings)
        saved = save(confirmed)
    return saved


def sign_only(
    cast: Cast, officer_login: str, content: Declaration, campaign_id: str, at: dt.datetime, head_login: str
) -> str:
    """As ``declare``, without the countersignature."""
    me = cast.session(officer_login, at)
    current = declaring.start_draft(me, campaign_id)
    if current.status is DeclarationStatus.SIGNED:
        countersigning.return_declaration(cast.session(head_login, at), officer_login, "请重新签字。", campaign_id)
    save_confirming_warnings(me, content, campaign_id)
    return declaring.sign(me, cast.password, campaign_id).id


def forge_countersignature(cast: Cast, declaration_id: str, signer_login: str, at: dt.datetime) -> None:
    """Countersign a signed declaration with ``signer_login``'s key, skipping the checks of who may countersign
    whom (the application refuses this; the demo needs it to show the rules that catch it)."""
    session = cast.session(signer_login, at)
    signing_key: SigningKey | None = session.signing_key
    assert signing_key is not None
    now = timestamp(session.clock)
    with audited_transaction(cast.store, signer_login, session.clock) as audit:
        connection = audit.connection
        record = repo.get(connection, declaration_id)
        assert record is not None
        assert record.status is DeclarationStatus.SIGNED
        countersigning.write_countersignature(
            connection, record, session.account.id, signing_key, OPINION, now, is_late=False
        )
        repo.set_status(connection, record.id, DeclarationStatus.COUNTERSIGNED, now)
        audit.record("demo_staged", record.id, act="countersigned_without_checks", fingerprint=signing_key.fingerprint)


def alter_after_countersigning(store: Store, declaration_id: str, at: dt.datetime) -> None:
    """Change a countersigned declaration's remarks behind the signatures' back, as a tampered store would."""
    d = schema.declarations
    with audited_transaction(store, "system", FixedClock(at)) as audit:
        content = json.loads(audit.connection.execute(d.select().where(d.c.id == declaration_id)).one().content)
        content["remarks"] = (content.get("remarks") or "") + "（签字后被改动）"
        audit.connection.execute(
            d.update()
            .where(d.c.id == declaration_id)
            .values(content=json.dumps(content, ensure_ascii=False, sort_keys=True))
        )
        audit.record("demo_staged", declaration_id, act="content_altered_after_countersigning")


def with_rectification(interest: BusinessInterest, today: dt.date) -> BusinessInterest:
    """The interest with the rectification an officer must describe for a still-running business in a regulated
    trade or within the jurisdiction (validation asks for it), when it has none."""
    running = interest.status in {InterestStatus.OPERATING, InterestStatus.RECTIFYING}
    needed = default_catalog().is_regulated(interest.trade_code) or interest.within_jurisdiction
    if interest.rectification or not (running and needed):
        return interest
    by = (today.replace(day=1) + dt.timedelta(days=95)).replace(day=1)
    return interest.with_changes(rectification=f"已督促亲属办理转让或注销，{by.year}年{by.month}月底前办结。")
