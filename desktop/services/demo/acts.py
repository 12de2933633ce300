"""What the demo's officers and heads do, as one interface with two ways of doing it: through the workflow's
services (``WorkflowActs``: a transaction, an audit entry and a commit per act, as a person's acts are) or in bulk
(desktop.services.demo.bulk: the same rows, written thousands of officers at a time). The demo's script
(desktop.services.demo.declarations.populate) calls them in the same order either way, so it draws the same
random numbers and makes the same declarations."""

from __future__ import annotations

from typing import Protocol

from desktop.domain.accounts import Account
from desktop.domain.campaigns import Campaign
from desktop.domain.declarations import Declaration
from desktop.services.clock import FixedClock
from desktop.services.demo.staging import save_confirming_warnings
from desktop.services.session.session import Session
from desktop.services.workflow import countersigning, declaring
from desktop.services.workflow.declaring import SavedDraft
from desktop.store.store import Store, open_slot


class DemoActs(Protocol):
    """The acts of the demo's script; ``clock`` is the time each act is done at."""

    def start_draft(self, login: str, clock: FixedClock, campaign: Campaign) -> Declaration: ...

    def save(self, login: str, clock: FixedClock, content: Declaration, campaign: Campaign) -> SavedDraft:
        """Save ``content``, confirming its warnings (desktop.services.demo.staging.save_confirming_warnings)."""
        ...

    def sign(self, login: str, clock: FixedClock, campaign: Campaign) -> None: ...

    def countersign(
        self, head: str, clock: FixedClock, police_number: str, opinion: str, campaign: Campaign
    ) -> None: ...

    def return_declaration(
        self, head: str, clock: FixedClock, police_number: str, reason: str, campaign: Campaign
    ) -> None: ...

    def officer_done(self) -> None:
        """Every act of one officer is done (a point where the bulk path may write what it holds)."""
        ...

    def finish(self) -> None:
        """Every officer's acts are done: write what is held."""
        ...

    def close(self) -> None:
        """Forget the keys (also after a failure, when what is held is not written)."""
        ...


class WorkflowActs:
    """The acts through the workflow's services, each account's session opened once with the demo's password."""

    def __init__(self, store: Store, password: str, accounts: dict[str, Account]) -> None:
        self.store, self.password, self.accounts = store, password, accounts
        self._sessions: dict[str, Session] = {}

    def session(self, login: str, clock: FixedClock) -> Session:
        if login not in self._sessions:
            slot = self.store.key_file.accounts[login]
            _key, signing = open_slot(self.store.store_id, login, slot, self.password)
            self._sessions[login] = Session(self.store, self.accounts[login], signing, clock)
        self._sessions[login].clock = clock
        return self._sessions[login]

    def start_draft(self, login: str, clock: FixedClock, campaign: Campaign) -> Declaration:
        return declaring.start_draft(self.session(login, clock), campaign.id).declaration

    def save(self, login: str, clock: FixedClock, content: Declaration, campaign: Campaign) -> SavedDraft:
        return save_confirming_warnings(self.session(login, clock), content, campaign.id)

    def sign(self, login: str, clock: FixedClock, campaign: Campaign) -> None:
        declaring.sign(self.session(login, clock), self.password, campaign.id)

    def countersign(self, head: str, clock: FixedClock, police_number: str, opinion: str, campaign: Campaign) -> None:
        countersigning.countersign(self.session(head, clock), police_number, opinion, self.password, campaign.id)

    def return_declaration(
        self, head: str, clock: FixedClock, police_number: str, reason: str, campaign: Campaign
    ) -> None:
        countersigning.return_declaration(self.session(head, clock), police_number, reason, campaign.id)

    def officer_done(self) -> None:
        pass

    def finish(self) -> None:
        pass

    def close(self) -> None:
        for session in self._sessions.values():
            session.signing_key = None
