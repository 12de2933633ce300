"""Which trade of the catalog a register's enterprise is in, from the words of its trade, name or business scope."""

from __future__ import annotations

import re

#: Catalog code → words that name it in registers (the police-regulated trades; others stay unknown).
_WORDS: dict[str, tuple[str, ...]] = {
    "hotel": ("旅馆", "宾馆", "酒店", "旅店", "客栈", "民宿", "住宿"),
    "pawnshop": ("典当",),
    "used_phone": ("二手手机", "手机回收"),
    "second_hand": ("旧货",),
    "scrap_metal": ("废旧金属", "废品收购", "再生资源"),
    "seal_engraving": ("印章", "刻章", "刻字"),
    "locksmith": ("开锁", "锁具"),
    "security_training": ("保安培训",),
    "security_service": ("保安服务", "保安"),
    "entertainment": ("娱乐", "歌舞", "KTV", "夜总会", "游艺"),
    "internet_cafe": ("网吧", "上网服务"),
    "driving_school": ("驾校", "驾驶员培训", "驾驶培训"),
    "vehicle_inspection": ("机动车检测", "机动车安全技术检验", "车辆检测"),
    "vehicle_repair": ("机动车维修", "汽车维修", "汽车修理"),
    "used_car": ("二手车",),
    "towing": ("清障", "拖车"),
    "parking": ("停车",),
    "scrapped_vehicle": ("报废机动车", "报废汽车"),
    "explosives": ("爆炸", "爆破"),
    "dangerous_chemicals": ("危险化学品", "危化品"),
    "fireworks": ("烟花", "爆竹"),
    "exit_entry_agency": ("出入境",),
    "delivery_logistics": ("快递", "寄递", "物流"),
    "controlled_knives": ("管制刀具",),
}


_CODE_OF_WORD = {word: code for code, words in _WORDS.items() for word in words}
#: One search per text (a million rows): the longer of two words that overlap wins, as in 保安培训 before 保安.
_PATTERN = re.compile("|".join(map(re.escape, sorted(_CODE_OF_WORD, key=len, reverse=True))))


def trade_code_of(*texts: str) -> str:
    """The catalog code of the first text that names a regulated trade (the trade column before the name, the name
    before the scope), or "" when none does."""
    for text in texts:
        if text and (found := _PATTERN.search(text)):
            return _CODE_OF_WORD[found.group()]
    return ""
