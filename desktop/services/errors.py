"""Errors of the use cases."""

from __future__ import annotations

from desktop.domain.problems import Problem
from desktop.errors import DeclareError
from desktop.i18n import N_, Translator


class NotAllowed(DeclareError):
    """The account lacks the role or the relation to the record that the action needs."""


class AccountExists(DeclareError):
    def __init__(self, login: str) -> None:
        super().__init__(N_("An account named {login} exists already; choose another login name."), login=login)


class UnknownAccount(DeclareError):
    def __init__(self, login: str) -> None:
        super().__init__(N_("There is no account named {login}."), login=login)


class InvalidInput(DeclareError):
    """Validation found problems; nothing was saved. ``problems`` lists every one of them."""

    exit_code = 1

    def __init__(
        self, problems: list[Problem], summary: str = N_("Nothing was saved: {count} problems found.")
    ) -> None:
        self.problems = problems
        super().__init__(summary, count=len(problems))

    def render(self, translate: Translator) -> str:
        lines = [super().render(translate)]
        lines += [f"  {p.path}: {p.render(translate)}" for p in self.problems]
        return "\n".join(lines)
