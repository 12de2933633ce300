"""The findings listing's footnote counts the heads' keys not yet trusted with one query: the same number the full
list of keys gives, before and after a trust change."""

from __future__ import annotations

from desktop.services.inspection.trust import distrust_key, head_keys, list_head_keys, untrusted_head_key_count


def _counts(session) -> tuple[int, int]:
    with session.store.transaction() as connection:
        return untrusted_head_key_count(connection), sum(1 for k in head_keys(connection) if not k.trusted)


def test_the_untrusted_count_is_what_the_list_of_keys_gives(encrypted_inspector) -> None:
    session = encrypted_inspector
    quick, listed = _counts(session)
    assert quick == listed
    trusted = [k for k in list_head_keys(session) if k.trusted]
    assert trusted
    distrust_key(session, trusted[0].fingerprint)
    assert _counts(session) == (listed + 1, listed + 1)
