"""Rules on signatures and keys: what does not verify, keys nobody trusts or that changed, and countersignatures by
the officer themself or by someone who is not the head responsible for the officer."""

from __future__ import annotations

from collections.abc import Iterator

from desktop.crypto.verification import SignatureFailure
from desktop.i18n import N_
from desktop.review.findings import Finding, Note, Rule
from desktop.review.model import KeyInfo
from desktop.review.view import SELF_CODE, CampaignView

UNTRUSTED_CODE = "countersignature.untrusted"
#: Failure codes reported by other rules (self-countersigning) or decided here (trust), not as broken signatures.
_ELSEWHERE = frozenset({SELF_CODE, UNTRUSTED_CODE})


def _failure_note(code: str) -> Note:
    which = code.split(".", 1)[0]
    try:
        return SignatureFailure(which, code).message, {}
    except KeyError:
        return N_("verification problem {code}"), {"code": code}


def _signature_invalid(view: CampaignView, rule: Rule) -> Iterator[Finding]:
    for row in view.data.declarations:
        codes = [c for c in row.failures if c not in _ELSEWHERE]
        if row.countersigned_at is None and "countersignature.missing" not in codes:
            codes.append("countersignature.missing")
        notes = [_failure_note(c) for c in codes]
        workbook = view.data.workbooks.get(row.workbook_id)
        if workbook is not None and workbook.problems:
            codes += [f"workbook:{p}" for p in workbook.problems]
            notes.append((N_("the workbook it came in does not verify as a whole"), {}))
        if codes:
            yield view.finding(
                rule, row, N_("The signatures do not verify ({codes})."), tuple(notes), codes=", ".join(codes)
            )


def _self_countersigned(view: CampaignView, rule: Rule) -> Iterator[Finding]:
    mine = view.self_countersigned
    for row in view.data.declarations:
        if row.row_id in mine:
            yield view.finding(
                rule,
                row,
                N_("The declaration is countersigned by the officer themself (key {key})."),
                key=(row.countersigner_fingerprint or "")[:19],
            )


def _key_untrusted(view: CampaignView, rule: Rule) -> Iterator[Finding]:
    trusted, mine = view.data.trusted, view.self_countersigned
    for row in view.data.declarations:
        fingerprint = row.countersigner_fingerprint
        if fingerprint and fingerprint not in trusted and row.row_id not in mine:
            key = view.countersigner(row)
            yield view.finding(
                rule,
                row,
                N_(
                    "Countersigned with the key {key} of {head}, which no inspector has confirmed as trusted "
                    "('keys trust')."
                ),
                key=fingerprint[:19],
                head=_who(key, fingerprint),
            )


def _who(key: KeyInfo | None, fingerprint: str) -> str:
    if key is None:
        return fingerprint[:19]
    return f"{key.name} ({key.police_number or key.login})".strip()


def _key_changed(view: CampaignView, rule: Rule) -> Iterator[Finding]:
    changed = view.changed_keys
    if not changed:
        return
    for row in view.data.declarations:
        known = changed.get(row.countersigner_fingerprint or "")
        if known is not None:
            yield view.finding(
                rule,
                row,
                N_(
                    "WARNING: {head} countersigned with a different key ({key}) than the one known for them ({known}). "
                    "Confirm the new fingerprint with the head in person before trusting it."
                ),
                head=_who(view.countersigner(row), row.countersigner_fingerprint or ""),
                key=(row.countersigner_fingerprint or "")[:19],
                known=known[:19],
            )


def _not_head(view: CampaignView, rule: Rule) -> Iterator[Finding]:
    heads, keys, mine = view.data.head_flags, view.data.keys, view.self_countersigned
    for row in view.data.declarations:
        key = keys.get(row.countersigner_fingerprint or "")
        if key is None or row.row_id in mine:
            continue  # an unknown key fails verification; self-countersigning is its own rule
        if (key.police_number, key.unit_code) not in heads or key.unit_code not in view.responsible_units(row):
            yield view.finding(
                rule,
                row,
                N_(
                    "Countersigned by {head} of unit {unit}, who is not the head of the officer's unit {officer_unit} "
                    "or of a unit above it."
                ),
                head=_who(key, key.fingerprint),
                unit=key.unit_code,
                officer_unit=row.unit_code,
            )


RULES = (
    Rule(
        "signature_invalid",
        100,
        N_("A signature does not verify, or the declaration is not countersigned"),
        "签名验证未通过或未经签字背书",
        _signature_invalid,
    ),
    Rule(
        "key_untrusted",
        40,
        N_("Countersigned with a key no inspector has confirmed as trusted"),
        "背书密钥未经纪检组确认可信",
        _key_untrusted,
    ),
    Rule(
        "key_changed",
        60,
        N_("A unit head countersigned with a different key than the one known"),
        "单位负责人使用了与已知不同的密钥",
        _key_changed,
    ),
    Rule(
        "self_countersigned",
        100,
        N_("Countersigned by the officer themself"),
        "本人为自己签字背书",
        _self_countersigned,
    ),
    Rule(
        "countersigner_not_head",
        60,
        N_("Countersigned by someone who is not the head of the officer's unit"),
        "背书人不是本单位或上级单位主要负责人",
        _not_head,
    ),
)
