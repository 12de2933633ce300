"""Decision 252's refusal, in words that read for one declaration and for many, in English and Chinese: the head is
the one who countersigns again; Chinese joins names with "、"; the list of names is bounded (review of 252)."""

from __future__ import annotations

from desktop.form.registry import form_for
from desktop.i18n import Translator
from desktop.services.workflow.export_limits import MOST_NAMED, PastTheFormsLimits

EN, ZH = Translator("en"), Translator("zh_CN")


def _found(count: int) -> list[tuple[str, str, str, int, int]]:
    return [(f"id{n}", f"{n:06d}", f"民警{n}", 201, 2) for n in range(1, count + 1)]


def test_one_declaration_is_named_in_words_that_read_for_one() -> None:
    refused = PastTheFormsLimits(form_for(1), _found(1), own=False)
    assert refused.render(EN) == (
        "Nothing was exported: the inspectors' program refuses a file that holds a declaration listing more than "
        "200 business interests. Countersigned declarations that do, signed before the form limited them: 1 "
        "(000001 民警1). Ask each of these officers to amend the declaration to at most 200 business interests and "
        "sign it again; once you countersign it, export."
    )
    assert refused.render(ZH) == (
        "未导出：纪检组的程序会拒收含有经商办企业情况超过200项的登记表的文件。在登记表设置上限之前签字、已签字背书且"
        "超过上限的登记表：1 份（000001 民警1）。请这些民警通过更正申报将登记表改为经商办企业情况不超过200项并重新"
        "签字；你签字背书后再导出。"
    )


def test_chinese_joins_the_names_with_the_enumeration_comma() -> None:
    refused = PastTheFormsLimits(form_for(2), _found(2), own=False)
    assert "(000001 民警1, 000002 民警2)" in refused.render(EN)
    assert "（000001 民警1、000002 民警2）" in refused.render(ZH)
    assert "sign it again; once you countersign it, export." in refused.render(EN)
    assert "countersign it again" not in refused.render(EN)


def test_the_names_are_bounded() -> None:
    refused = PastTheFormsLimits(form_for(2), _found(MOST_NAMED + 5), own=False)
    english, chinese = refused.render(EN), refused.render(ZH)
    assert f"{MOST_NAMED + 5} (000001 民警1, " in english
    assert f"{MOST_NAMED:06d} 民警{MOST_NAMED} and 5 more)" in english
    assert f"{MOST_NAMED + 1:06d}" not in english
    assert f"{MOST_NAMED:06d} 民警{MOST_NAMED}，另有5人）" in chinese  # "等5人" would read as five in all
    assert f"{MOST_NAMED + 1:06d}" not in chinese
    assert len(english) < 1000
