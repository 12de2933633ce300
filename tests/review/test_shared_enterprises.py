"""The shared-enterprise index keeps only the names that lead to an enterprise of several officers (decision 172),
and answers every interest as the whole index did: a name matched to a shared credit code, a name matched to a code
of one officer, a name alone shared by two officers, a name alone of one officer."""

from __future__ import annotations

from desktop.review.enterprises import enterprise_keys
from desktop.review.model import Interest
from desktop.review.shared_enterprises import build

CODE_SHARED, CODE_ALONE = "91350100M000100Y43", "91110000100000000X"


def _interest(uscc: str, name: str) -> Interest:
    return Interest(1, "q", "self", "", name, uscc, "", "running", False, False, enterprise_keys(uscc, name))


DECLARED = [
    ("000001", [_interest(CODE_SHARED, "共享有限公司")]),
    ("000002", [_interest("", "共享有限公司")]),  # no code: matched by its name to the shared code
    ("000003", [_interest(CODE_ALONE, "独家有限公司")]),
    ("000004", [_interest("", "无码同名商店")]),
    ("000005", [_interest("", "无码同名商店")]),
    ("000006", [_interest("", "无码独家商店")]),
]


def test_only_names_of_shared_enterprises_are_kept_and_every_interest_is_answered_alike():
    index = build(lambda: ((number, ((i.uscc, i.keys) for i in interests)) for number, interests in DECLARED))
    assert index.shared == {
        CODE_SHARED: ["000001", "000002"],
        enterprise_keys("", "无码同名商店")[0]: ["000004", "000005"],
    }
    assert index.code_of_name == {enterprise_keys(CODE_SHARED, "共享有限公司")[1]: CODE_SHARED}
    assert index.officers(_interest("", "共享有限公司")) == ["000001", "000002"]
    assert index.officers(_interest("", "独家有限公司")) is None  # its name's code is one officer's
    assert index.officers(_interest(CODE_ALONE, "独家有限公司")) is None
    assert index.officers(_interest("", "无码同名商店")) == ["000004", "000005"]
    assert index.officers(_interest("", "无码独家商店")) is None
