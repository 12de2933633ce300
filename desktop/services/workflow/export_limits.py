"""Declarations signed before the form limited their rows, found before an export writes them (decision 252).

Forms 1 and 2 list at most 200 business interests a declaration, form 2 at most 50 family members (decisions 234,
222): no officer signs past them now, and every reader refuses each row past them (`interest.too_many`,
`family.too_many`). A declaration signed before those limits could list more; its unit's workbook would then be
refused whole at the inspectors without naming it. The export refuses first, naming each such declaration by the
police number and name it was signed with, and says what to do: the officer amends it within the limits (an
amendment, signed and countersigned again), then the unit exports. Nothing stored or signed changes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Connection

from desktop.errors import DeclareError
from desktop.form.model import FormVersion
from desktop.i18n import N_, Translator, local_list
from desktop.store.repositories import declarations as repo

#: The most declarations a refusal names; the others are counted ("and N more"), so the message stays bounded.
MOST_NAMED = 20
#: The officers named past MOST_NAMED.
AND_MORE = N_("{officers} and {more} more")


class PastTheFormsLimits(DeclareError):
    """Countersigned declarations list more rows than their form now allows: the export would be refused."""

    def __init__(
        self,
        form: FormVersion,
        found: Sequence[tuple[str, str, str, int, int]],
        *,
        own: bool,
        to_countersign: bool = False,
    ) -> None:
        interests, members = form.max_interests, form.max_family_members
        if to_countersign and members is None:
            message = N_(
                "Not countersigned: this declaration, signed before the form limited it, lists more than {interests} "
                "business interests, and the inspectors' program refuses a file that holds it. Return it to "
                "{officers} to bring it to at most {interests} business interests and sign it again; then "
                "countersign it."
            )
        elif to_countersign:
            message = N_(
                "Not countersigned: this declaration, signed before the form limited it, lists more than {interests} "
                "business interests or more than {members} family members, and the inspectors' program refuses a "
                "file that holds it. Return it to {officers} to bring it to at most {interests} business interests "
                "and {members} family members and sign it again; then countersign it."
            )
        elif own and members is None:
            message = N_(
                "Nothing was exported: your declaration, signed before the form limited it, lists more than "
                "{interests} business interests, and the inspectors' program refuses a file that holds it. Bring it "
                "to at most {interests} business interests (after your unit head returns it, or by an amendment once "
                "countersigned) and sign it again, then export."
            )
        elif own:
            message = N_(
                "Nothing was exported: your declaration, signed before the form limited it, lists more than "
                "{interests} business interests or more than {members} family members, and the inspectors' program "
                "refuses a file that holds it. Bring it to at most {interests} business interests and {members} "
                "family members (after your unit head returns it, or by an amendment once countersigned) and sign it "
                "again, then export."
            )
        elif members is None:
            message = N_(
                "Nothing was exported: the inspectors' program refuses a file that holds a declaration listing more "
                "than {interests} business interests. Countersigned declarations that do, signed before the form "
                "limited them: {count} ({officers}). Ask each of these officers to amend the declaration to at most "
                "{interests} business interests and sign it again; once you countersign it, export."
            )
        else:
            message = N_(
                "Nothing was exported: the inspectors' program refuses a file that holds a declaration listing more "
                "than {interests} business interests or more than {members} family members. Countersigned "
                "declarations that do, signed before the form limited them: {count} ({officers}). Ask each of these "
                "officers to amend the declaration to at most {interests} business interests and {members} family "
                "members and sign it again; once you countersign it, export."
            )
        self.names = [f"{police_number} {name}".strip() for _id, police_number, name, *_counts in found]
        fields = {"count": len(found), "interests": interests, "members": members}
        super().__init__(message, **fields, officers=_named(self.names, Translator("en")))
        self.found = tuple(found)

    def render(self, translate: Translator) -> str:
        return translate(self.message, **{**self.fields, "officers": _named(self.names, translate)})


def _named(names: Sequence[str], translate: Translator) -> str:
    """The first MOST_NAMED names joined in the reader's language, then how many more."""
    shown = local_list(list(names[:MOST_NAMED]), translate.language)
    more = len(names) - MOST_NAMED
    return translate(AND_MORE, officers=shown, more=more) if more > 0 else shown


def past_the_limits(form: FormVersion, listed: Iterable[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Of each declaration's id and the interests and family members it lists (repo.rows_listed), those past
    ``form``'s limits; none for a form without them."""
    interests, members = form.max_interests, form.max_family_members
    return [
        row
        for row in listed
        if (interests is not None and row[1] > interests) or (members is not None and row[2] > members)
    ]


def refuse_past(
    connection: Connection,
    form: FormVersion,
    past: Sequence[tuple[str, int, int]],
    *,
    own: bool,
    to_countersign: bool = False,
) -> None:
    """Raise PastTheFormsLimits naming each declaration of ``past`` (past_the_limits) by the police number and name
    it was signed with; nothing when there is none."""
    if not past:
        return
    named = repo.signers_named(connection, [declaration_id for declaration_id, _i, _m in past])
    found = [(i, *named.get(i, ("", "")), interests, members) for i, interests, members in past]
    raise PastTheFormsLimits(form, found, own=own, to_countersign=to_countersign)
