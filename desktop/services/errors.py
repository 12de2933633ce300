"""Errors of the use cases: each says why the action is refused and what to do instead."""

from __future__ import annotations

from desktop.domain.declarations import STATUS_LABELS
from desktop.domain.problems import Problem
from desktop.domain.validation import typed_text_problems
from desktop.errors import DeclareError
from desktop.exchange.problems import SheetProblem, problem_count
from desktop.i18n import N_, Translator
from desktop.store.errors import WrongPassword


class NotAllowed(DeclareError):
    """The account lacks the role or the relation to the record that the action needs."""


class WrongSigningPassword(WrongPassword):
    """The password typed to sign or countersign is not the signer's: the person is logged in already, so the
    message is about this password only (a WrongPassword, so that every caller that handles one still does)."""

    def __init__(self) -> None:
        DeclareError.__init__(self, N_("Wrong password: nothing was signed. Type the password you log in with."))


class AccountExists(DeclareError):
    def __init__(self, login: str) -> None:
        super().__init__(N_("An account named {login} exists already; choose another login name."), login=login)


class UnknownAccount(DeclareError):
    def __init__(self, login: str) -> None:
        super().__init__(N_("There is no account named {login}."), login=login)


def refuse_invisible_characters(**texts: object) -> None:
    """InvalidInput when a typed text (named by its field) holds an invisible format character; nothing else."""
    problems = typed_text_problems(texts)
    if problems:
        raise InvalidInput(problems)


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


class InvalidWorkbook(InvalidInput):
    """The workbook's cells could not all be read; nothing of it was imported."""

    exit_code = 2

    def __init__(self, file: str, problems: list[SheetProblem]) -> None:
        self.file = file
        self.workbook_problems = problems
        self.problems = []  # the domain problems of InvalidInput: none; the cells' problems are above
        DeclareError.__init__(
            self, N_("{file}: nothing was imported; {count} problems found."), file=file, count=problem_count(problems)
        )

    def render(self, translate: Translator) -> str:
        lines = [translate(self.message, **self.fields)]
        lines += [f"  {p.describe(translate)}" for p in self.workbook_problems[:50]]
        if len(self.workbook_problems) > 50:  # the rest's count, with those a capped list only counted (decision 152)
            lines.append(translate(N_("  … and {count} more."), count=problem_count(self.workbook_problems[50:])))
        return "\n".join(lines)


class ImportWorkersStopped(DeclareError):
    """A process reading the workbook ended before its work was done (killed, out of memory); the import's
    transaction was rolled back."""

    exit_code = 3

    def __init__(self, file: str) -> None:
        self.file = file
        super().__init__(
            N_("{file}: nothing was imported; a process reading it stopped unexpectedly. Import it again."), file=file
        )


# The declaration workflow.


class NotEditable(DeclareError):
    def __init__(self, status: str) -> None:
        super().__init__(
            N_(
                "This declaration is {status} and cannot be edited. A signed declaration is changed only after the "
                "unit head returns it; a countersigned one by an amendment."
            ),
            status=STATUS_LABELS.get(status, status),
        )


class NotSignable(DeclareError):
    def __init__(self, status: str) -> None:
        super().__init__(
            N_("Only a draft or a returned declaration can be signed; this one is {status}."),
            status=STATUS_LABELS.get(status, status),
        )


class NoDeclaration(DeclareError):
    def __init__(self, reference: str) -> None:
        super().__init__(
            N_("No declaration matches {reference}; use a police number or a declaration id."), reference=reference
        )


class NotYourOfficer(DeclareError):
    def __init__(self) -> None:
        super().__init__(
            N_(
                "You cannot countersign or return this declaration: you countersign only the declarations of the "
                "unit you head (and of the heads of the units directly below it), never your own."
            )
        )


class NotCountersignable(DeclareError):
    def __init__(self, status: str) -> None:
        super().__init__(
            N_("Only a signed declaration waiting for review can be countersigned or returned; this one is {status}."),
            status=STATUS_LABELS.get(status, status),
        )


class SigningLocked(DeclareError):
    def __init__(self) -> None:
        super().__init__(N_("Signing is locked again; enter your password to countersign."))


class NotOpened(DeclareError):
    def __init__(self) -> None:
        super().__init__(N_("Open and read the declaration before countersigning it."))


class ChangedSinceOpened(DeclareError):
    def __init__(self) -> None:
        super().__init__(N_("The declaration changed after you opened it; read it again before countersigning it."))


class BrokenSignature(DeclareError):
    exit_code = 1

    def __init__(self, reason: str) -> None:
        super().__init__(
            N_(
                "The officer's signature does not verify ({reason}); it was not countersigned. Return "
                "the declaration instead."
            ),
            reason=reason,
        )


class ReasonRequired(DeclareError):
    def __init__(self) -> None:
        super().__init__(N_("Give the reason for returning the declaration, so the officer knows what to correct."))


class NoOfficerRecord(DeclareError):
    def __init__(self, login: str) -> None:
        super().__init__(
            N_("The account {login} is not linked to an officer on the roster, so it cannot declare."), login=login
        )


class OfficerKeyNotConfirmed(DeclareError):
    """The officer's signature is made with a key this store has not established for the officer (issue 12,
    finding 5): countersigning it needs the head's deliberate confirmation."""

    exit_code = 1

    def __init__(self, officer: str, fingerprint: str, changed: bool) -> None:
        super().__init__(
            N_(
                "WARNING: the declaration of {officer} is signed with a changed key {fingerprint} (after a password "
                "reset, or by someone else in the officer's name); nothing was countersigned. Compare the "
                "fingerprint with the officer in person (or by phone), and only then countersign with --new-key."
            )
            if changed
            else N_(
                "The declaration of {officer} is signed with a key {fingerprint} that no head of this store has "
                "endorsed yet; nothing was countersigned. Compare the fingerprint with the officer in person (or by "
                "phone), and only then countersign with --new-key."
            ),
            officer=officer,
            fingerprint=fingerprint,
        )
