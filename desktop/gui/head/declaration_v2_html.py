"""The parts of a form version 2 declaration that version 1 lacks, as HTML for the read-only views (the unit head's
and the inspectors'): the officer's further details, the family members, and each interest's listed holder, roles and
registration details. Every value is escaped; labels come from the form's definition (desktop/form/v2)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QObject

from desktop.domain.declarations import Declaration
from desktop.domain.interests import BusinessInterest
from desktop.domain.text import decimal_text
from desktop.domain.times import person_date
from desktop.form import form_for
from desktop.gui.head import labels as head_labels
from desktop.gui.head.declaration_html import cell, grid, heading
from desktop.gui.officer import labels
from desktop.i18n import Translator


class DeclarationV2Html(QObject):
    def __init__(self, translate: Translator, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.translate = translate

    def label(self, key: str) -> str:
        return labels.v2_field(self.translate, key)

    def personal(self, declaration: Declaration) -> str:
        officer = declaration.officer
        birth = officer.date_of_birth
        rows = [
            (self.label("sex"), cell(labels.sex(officer.sex))),
            (self.label("date_of_birth"), cell(person_date(birth, self.translate.language) if birth else "")),
            (self.label("political_status"), cell(labels.political_status(officer.political_status) or "—")),
            (self.label("mobile"), cell(officer.mobile or "—")),
        ]
        return grid(rows)

    def family(self, declaration: Declaration) -> str:
        members = declaration.family_members
        title = heading(f"{self.label('family_members')} ({len(members)})")
        if not members:
            none = self.tr("No family member listed.")
            return title + f"<p>{cell(none, kind='alert')}</p>"
        head = "".join(
            f"<th>{escape(text)}</th>"
            for text in (
                self.tr("No."),
                labels.field("relation"),
                labels.field("name"),
                labels.field("id_number"),
                self.label("work_unit"),
                labels.field("position"),
                self.label("public_servant"),
            )
        )
        rows = "".join(
            "<tr>"
            + "".join(
                f"<td>{value}</td>"
                for value in (
                    cell(member.member_id),
                    cell(labels.relation(self.translate, member.relation)),
                    cell(member.name),
                    cell(member.id_number),
                    cell(member.work_unit),
                    cell(member.position),
                    cell(head_labels.yes_no(member.public_servant), kind="alert" if member.public_servant else ""),
                )
            )
            + "</tr>"
            for member in members
        )
        return title + f"<table class='grid' width='100%'><tr>{head}</tr>{rows}</table>"

    def interest_rows(self, declaration: Declaration, interest: BusinessInterest) -> list[tuple[str, str]]:
        """The rows a version 2 interest adds: who of the listed members holds it, and the registration details."""
        member = declaration.member(interest.holder_member_id) if interest.holder_member_id else None
        holder = f"{member.member_id} · {member.name}" if member else "—"
        capital = interest.registered_capital_wan
        return [
            (self.tr("Listed family member"), cell(holder)),
            (self.label("roles"), cell(labels.roles(interest.all_roles))),
            (self.label("registered_address"), cell(interest.registered_address or "—")),
            (self.label("business_scope"), cell(interest.business_scope or "—")),
            (self.label("registered_capital_wan"), cell(decimal_text(capital) if capital is not None else "—")),
            (self.label("registration_authority"), cell(interest.registration_authority or "—")),
        ]


def is_v2(declaration: Declaration) -> bool:
    """Whether the declaration is on a form with version 2's parts (an unknown version: shown as version 1)."""
    try:
        return form_for(declaration.form_version).shape >= 2
    except ValueError:
        return False
