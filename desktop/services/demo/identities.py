"""Made-up ID numbers for the demo: valid by python-stdnum, and a pure function of the seed and the demo's date.

Not Faker's ``ssn``: it draws the birth date from the machine's clock (so demo data changed from one day to the
next) and takes region codes from its own list, which changes between Faker versions and holds codes that
python-stdnum does not know (620201), which validation rightly makes a warning. Here the region code comes from a
fixed list that python-stdnum knows for every birth year, the birth date from the demo's date and a seeded random
number generator, and the check digit from python-stdnum.
"""

from __future__ import annotations

import datetime as dt
import random

from stdnum.cn import ric

#: County-level codes that python-stdnum's table lists with no start or end year: valid for any birth year
#: (tests/services/demo/test_demo_data.py checks each from 1900 to 2100).
REGION_CODES: tuple[str, ...] = (
    "110102",  # 北京市西城区
    "110105",  # 北京市朝阳区
    "110106",  # 北京市丰台区
    "110108",  # 北京市海淀区
    "120103",  # 天津市河西区
    "120104",  # 天津市南开区
    "140121",  # 山西省清徐县
    "210421",  # 辽宁省抚顺县
    "211021",  # 辽宁省辽阳县
    "222424",  # 吉林省汪清县
    "310104",  # 上海市徐汇区
    "310105",  # 上海市长宁区
    "330122",  # 浙江省桐庐县
    "340121",  # 安徽省长丰县
    "350121",  # 福建省闽侯县
    "360121",  # 江西省南昌县
    "430121",  # 湖南省长沙县
    "510121",  # 四川省金堂县
    "610323",  # 陕西省岐山县
    "620121",  # 甘肃省永登县
)


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` earlier; 29 February becomes the 28th in a year without it."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


class IdNumbers:
    """ID numbers (GB 11643) of people of a given age on a given day, from a random number generator seeded once."""

    def __init__(self, seed: int) -> None:
        # A string seed is hashed the same way in every process and Python version (unlike hash() of a string).
        self._rng = random.Random(f"officer-declare demo ID numbers {seed}")

    def birth_date(self, today: dt.date, *, min_age: int, max_age: int) -> dt.date:
        """A birth date of someone at least ``min_age`` and at most ``max_age`` years old on ``today``."""
        latest = years_before(today, min_age)
        earliest = years_before(today, max_age + 1) + dt.timedelta(days=1)
        return earliest + dt.timedelta(days=self._rng.randrange((latest - earliest).days + 1))

    def id_number(self, today: dt.date, *, min_age: int, max_age: int) -> str:
        """A valid ID number of someone aged ``min_age`` to ``max_age`` on ``today``."""
        region = self._rng.choice(REGION_CODES)
        birth = self.birth_date(today, min_age=min_age, max_age=max_age)
        body = f"{region}{birth.year:04d}{birth.month:02d}{birth.day:02d}{self._rng.randrange(1, 1000):03d}"
        # calc_check_digit expects a number with its check digit in place, and ignores it.
        return body + ric.calc_check_digit(body + "0")
