"""Realistic declarations for benchmarks: Faker zh_CN names, companies and valid ID numbers."""

from __future__ import annotations

import datetime as dt
import random

from desktop.domain.declarations import Declaration
from desktop.services.demo.declarations import _ContentMaker
from desktop.services.demo.store import build_roster

TODAY = dt.date(2026, 11, 21)


def declarations(count: int, seed: int = 7, interests_per_declaration: float = 2.0) -> list[Declaration]:
    """``count`` declarations with about ``interests_per_declaration`` interests each on average."""
    _units, officers = build_roster(min(count, 5000), seed, today=TODAY)
    maker = _ContentMaker(seed)
    rng = random.Random(seed)
    from desktop.domain.questions import Question

    result = []
    for index in range(count):
        officer = officers[index % len(officers)]
        officer = officer.__class__(**{**officer.to_dict(), "police_number": f"{index:06d}"})
        wanted = max(0, round(rng.gauss(interests_per_declaration, 1.0)))
        questions = [rng.choice(list(Question)) for _ in range(wanted)]
        interests = tuple(maker.interest(officer, q, TODAY) for q in questions)
        answers = {q: any(i.question is q for i in interests) for q in Question}
        result.append(
            Declaration(
                campaign_id="c" * 32, officer=officer, unit_name="清河市公安局", answers=answers, interests=interests
            )
        )
    return result
