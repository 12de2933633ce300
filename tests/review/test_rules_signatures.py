"""Signature and key rules: what does not verify, untrusted and changed keys, self-countersigning, and a
countersigner who is not the head responsible for the officer — each with cases that fire and cases that must not."""

from __future__ import annotations

import dataclasses

from desktop.i18n import Translator
from desktop.review.engine import evaluate
from desktop.review.model import KeyInfo, Workbook
from tests.review.builders import (
    BUREAU_HEAD_KEY,
    CURRENT,
    HEAD,
    HEAD_KEY,
    OTHER_HEAD_KEY,
    STATION,
    WORKBOOK,
    data,
    declaration,
    fired,
    review,
)

SIGNATURE_RULES = {"signature_invalid", "key_untrusted", "key_changed", "self_countersigned", "countersigner_not_head"}


def test_a_valid_declaration_countersigned_by_the_trusted_head_fires_no_signature_rule():
    assert not fired(review(declaration())) & SIGNATURE_RULES


def test_an_altered_declaration_fires_signature_invalid_with_the_reason():
    result = review(declaration(valid=False, failures=("officer.signature_invalid", "countersignature.invalid")))
    finding = next(f for f in result.findings if f.rule == "signature_invalid")
    assert finding.params["codes"] == "officer.signature_invalid, countersignature.invalid"
    assert "changed after signing" in finding.render(Translator("en"))
    assert "签字后" in finding.render(Translator("zh_CN")) or "改动" in finding.render(Translator("zh_CN"))


def test_a_declaration_without_countersignature_fires_signature_invalid():
    result = review(declaration(countersigned_at=None, countersigner_fingerprint=None))
    assert "signature_invalid" in fired(result)
    assert "countersignature.missing" in result.findings[0].params["codes"]


def test_a_declaration_from_a_workbook_whose_batch_signature_fails_fires_signature_invalid():
    broken = Workbook(
        WORKBOOK, "unit", STATION, "城关派出所", CURRENT.id, HEAD_KEY, "2027-01-05T00:00:00Z", False, ("batch.invalid",)
    )
    result = review(declaration(), workbooks={WORKBOOK: broken})
    assert "workbook:batch.invalid" in next(f for f in result.findings if f.rule == "signature_invalid").params["codes"]


def test_an_untrusted_head_key_fires_key_untrusted_and_trusting_it_clears_it():
    assert "key_untrusted" in fired(review(declaration(), trusted={}))
    assert "key_untrusted" not in fired(review(declaration(), trusted={HEAD_KEY: HEAD}))


def test_a_second_key_for_the_same_head_fires_key_changed_until_it_is_trusted():
    new_key = KeyInfo("bbbb:0001", "unit_head", HEAD, HEAD, "所长甲", STATION, WORKBOOK)
    old_key = KeyInfo(HEAD_KEY, "unit_head", HEAD, HEAD, "所长甲", STATION, WORKBOOK)
    keys = {HEAD_KEY: old_key, new_key.fingerprint: new_key}
    row = declaration(countersigner_fingerprint=new_key.fingerprint)
    result = review(row, keys=keys, trusted={HEAD_KEY: HEAD})
    assert {"key_changed", "key_untrusted"} <= fired(result)
    warning = next(f for f in result.findings if f.rule == "key_changed").render(Translator("en"))
    assert warning.startswith("WARNING")
    assert HEAD_KEY[:9] in warning

    confirmed = review(row, keys=keys, trusted={HEAD_KEY: HEAD, new_key.fingerprint: HEAD})
    assert not fired(confirmed) & {"key_changed", "key_untrusted"}
    # A declaration countersigned with the old, trusted key is not affected.
    assert "key_changed" not in fired(review(declaration(), keys=keys, trusted={HEAD_KEY: HEAD}))


def test_a_changed_key_is_seen_against_a_trusted_key_no_longer_in_the_imported_data():
    new_key = KeyInfo("bbbb:0001", "unit_head", HEAD, HEAD, "所长甲", STATION, WORKBOOK)
    result = review(
        declaration(countersigner_fingerprint=new_key.fingerprint),
        keys={new_key.fingerprint: new_key},
        trusted={"cccc:0001": HEAD},
    )
    assert "key_changed" in fired(result)


def test_only_one_key_per_head_is_no_change():
    assert "key_changed" not in fired(review(declaration(), trusted={}))


def test_countersigned_by_the_officer_themself_fires_self_countersigned_and_not_the_other_key_rules():
    own = KeyInfo("dddd:0001", "unit_head", "000101", "000101", "张三", STATION, WORKBOOK)
    row = declaration(
        "000101", countersigner_fingerprint=own.fingerprint, valid=False, failures=("countersignature.self",)
    )
    result = review(row, keys={own.fingerprint: own}, trusted={})
    assert fired(result) & SIGNATURE_RULES == {"self_countersigned"}


def test_self_countersigning_is_found_by_the_key_holder_even_without_the_failure_code():
    own = KeyInfo("dddd:0001", "unit_head", "000101", "000101", "张三", STATION, WORKBOOK)
    assert "self_countersigned" in fired(
        review(declaration("000101", countersigner_fingerprint=own.fingerprint), keys={own.fingerprint: own})
    )


def test_countersigned_by_the_head_of_another_station_fires_countersigner_not_head():
    result = review(declaration(countersigner_fingerprint=OTHER_HEAD_KEY))
    finding = next(f for f in result.findings if f.rule == "countersigner_not_head")
    assert finding.params["unit"] != STATION


def test_countersigned_by_the_head_of_the_unit_above_does_not_fire():
    assert "countersigner_not_head" not in fired(review(declaration(countersigner_fingerprint=BUREAU_HEAD_KEY)))


def test_countersigned_by_someone_in_the_unit_who_is_not_its_head_fires():
    deputy = KeyInfo("eeee:0001", "unit_head", "000200", "000200", "副所长", STATION, WORKBOOK)
    result = review(
        declaration(countersigner_fingerprint=deputy.fingerprint),
        keys={deputy.fingerprint: deputy},
        trusted={deputy.fingerprint: "000200"},
    )
    assert "countersigner_not_head" in fired(result)


def test_a_head_known_only_from_an_imported_declaration_counts_as_head():
    """Without a roster, the head flag in the head's own signed declaration says who heads the unit."""
    head_row = declaration(HEAD, is_unit_head=True, countersigner_fingerprint=BUREAU_HEAD_KEY)
    officer = declaration("000101")
    built = data(officer, head_row, roster=())
    built.head_flags = {(HEAD, STATION)} | {("900003", "131121")}
    assert "countersigner_not_head" not in {f.rule for f in evaluate(built).findings}


def test_each_rule_fires_once_per_declaration():
    row = dataclasses.replace(declaration(), valid=False, failures=("officer.signature_invalid",))
    result = review(row, row)
    assert [f.rule for f in result.findings].count("signature_invalid") == 1
