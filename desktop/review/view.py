"""The reviewed campaign with the indexes the rules share, built once per review (dicts and sets, no SQL)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import cached_property

from desktop.domain.trades import TradeCatalog, default_catalog
from desktop.review.findings import Finding, Note, Rule
from desktop.review.model import EarlierDeclaration, ImportedDeclaration, KeyInfo, ReviewData
from desktop.review.shared_enterprises import SharedEnterprises, build

SELF_CODE = "countersignature.self"
#: Campaign deadlines and signing days are dates in China Standard Time.
CHINA = dt.timezone(dt.timedelta(hours=8))


class CampaignView:
    def __init__(
        self, data: ReviewData, catalog: TradeCatalog | None = None, enterprises: SharedEnterprises | None = None
    ) -> None:
        self.data = data
        self._enterprises = enterprises
        self.campaign = data.campaign
        self.catalog = catalog or default_catalog()
        self.regulated = {t.code: t for t in self.catalog.trades if t.regulated}
        self._responsible: dict[tuple[str, str], frozenset[str]] = {}

    # -- findings ---------------------------------------------------------------------------------------------

    @staticmethod
    def finding(
        rule: Rule, row: ImportedDeclaration, message: str, notes: tuple[Note, ...] = (), **params: object
    ) -> Finding:
        return Finding(
            rule.id,
            row.subject,
            row.row_id,
            row.declaration_id,
            row.police_number,
            row.name,
            row.unit_code,
            rule.weight,
            message,
            params,
            notes,
        )

    @staticmethod
    def officer_finding(
        rule: Rule, police_number: str, name: str, unit_code: str, message: str, **params: object
    ) -> Finding:
        return Finding(
            rule.id,
            f"officer:{police_number}",
            None,
            None,
            police_number,
            name,
            unit_code,
            rule.weight,
            message,
            params,
        )

    # -- indexes ----------------------------------------------------------------------------------------------

    @cached_property
    def by_officer(self) -> dict[str, list[ImportedDeclaration]]:
        found: dict[str, list[ImportedDeclaration]] = defaultdict(list)
        for row in self.data.declarations:
            found[row.police_number].append(row)
        return found

    @property
    def enterprises(self) -> SharedEnterprises:
        """The enterprises behind several officers: given (a chunked review's, over every declaration), or built
        from the loaded declarations."""
        if self._enterprises is None:
            rows = self.data.declarations
            self._enterprises = build(
                lambda: ((row.police_number, ((i.uscc, i.keys) for i in row.interests)) for row in rows)
            )
        return self._enterprises

    @cached_property
    def previous(self) -> dict[str, EarlierDeclaration]:
        """Each officer's declaration in the latest earlier campaign in which the officer has one (the one imported
        last, when there are several)."""
        order = {c.id: (c.deadline or dt.date.min, c.id) for c in self.data.campaigns.values()}
        unknown = (dt.date.min, "")
        best: dict[str, EarlierDeclaration] = {}
        for row in self.data.earlier:
            known = best.get(row.police_number)
            if known is None or (order.get(row.campaign_id, unknown), row.row_id) > (
                order.get(known.campaign_id, unknown),
                known.row_id,
            ):
                best[row.police_number] = row
        return best

    def ancestors(self, unit_code: str) -> list[str]:
        """The units above ``unit_code`` in the store's unit tree, nearest first (none when the tree is unknown)."""
        chain, seen = [], {unit_code}
        unit = self.data.units.get(unit_code)
        while unit is not None and unit.parent_code and unit.parent_code not in seen:
            chain.append(unit.parent_code)
            seen.add(unit.parent_code)
            unit = self.data.units.get(unit.parent_code)
        return chain

    def responsible_units(self, row: ImportedDeclaration) -> frozenset[str]:
        """Units whose head may countersign ``row``: the officer's unit and those above it, and the unit whose
        workbook brought the declaration and those above it (the tree may be missing from the store)."""
        key = (row.unit_code, row.workbook_id)
        units = self._responsible.get(key)
        if units is None:
            found = {row.unit_code, *self.ancestors(row.unit_code)}
            workbook = self.data.workbooks.get(row.workbook_id)
            if workbook is not None and workbook.unit_code:
                found |= {workbook.unit_code, *self.ancestors(workbook.unit_code)}
            units = self._responsible[key] = frozenset(found)
        return units

    def countersigner(self, row: ImportedDeclaration) -> KeyInfo | None:
        return self.data.keys.get(row.countersigner_fingerprint or "")

    @cached_property
    def self_countersigned(self) -> set[int]:
        """Rows countersigned with the officer's own key: by the failure verification reported, the fingerprint,
        or the police number the key belongs to."""
        keys, found = self.data.keys, set()
        for row in self.data.declarations:
            fingerprint = row.countersigner_fingerprint
            if not fingerprint:
                continue
            key = keys.get(fingerprint)
            if (
                SELF_CODE in row.failures
                or fingerprint == row.signer_fingerprint
                or (key is not None and key.police_number == row.police_number)
            ):
                found.add(row.row_id)
        return found

    @cached_property
    def changed_keys(self) -> dict[str, str]:
        """Head keys that differ from the key known for the same head: fingerprint → the key it differs from.

        The known key is a trusted one; when none of the head's keys is trusted, the first one imported. A
        different key the inspectors have confirmed (trusted) is no longer a change.
        """
        imported_order = {w.id: w.imported_at for w in self.data.workbooks.values()}
        by_holder: dict[str, list[KeyInfo]] = defaultdict(list)
        for key in self.data.keys.values():
            if key.role in {"unit_head", "exporter"}:
                by_holder[key.holder].append(key)
        for fingerprint, holder in self.data.trusted.items():  # a trusted key no longer in the imported data
            if fingerprint not in self.data.keys:
                by_holder[holder].append(KeyInfo(fingerprint, "unit_head", "", holder, "", "", ""))
        changed: dict[str, str] = {}
        for keys in by_holder.values():
            if len({k.fingerprint for k in keys}) < 2:
                continue
            trusted = [k for k in keys if k.fingerprint in self.data.trusted]
            known = (
                trusted or sorted(keys, key=lambda k: (imported_order.get(k.first_workbook_id, ""), k.fingerprint))[:1]
            )
            reference = known[0].fingerprint
            for key in keys:
                if key.fingerprint not in self.data.trusted and key not in known:
                    changed[key.fingerprint] = reference
        return changed

    def signing_day(self, row: ImportedDeclaration) -> dt.date | None:
        if not row.signed_at:
            return None
        try:
            moment = dt.datetime.fromisoformat(row.signed_at.replace("Z", "+00:00"))
        except ValueError:
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        return moment.astimezone(CHINA).date()
