"""How the registration form numbers its questions: (一) to (六) in the order of Question, as the official form
prints them. The officer's step list, the review page and the printed form all show these marks, so that "(五)"
names the same question wherever a person reads it."""

from __future__ import annotations

from desktop.domain.questions import Question

_NUMERALS = "一二三四五六七八九十"


def question_mark(question: Question, language: str = "zh_CN") -> str:
    """``(五)`` for the fifth question in Chinese, ``(5)`` in English."""
    index = list(Question).index(question)
    return f"({_NUMERALS[index]})" if language.startswith("zh") else f"({index + 1})"
