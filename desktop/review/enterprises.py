"""Recognising the same enterprise in different declarations: by credit code, or by its name in a normal form."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

#: What people type differently in the same name: white space, brackets and punctuation of either width.
_DROP = str.maketrans("", "", " \t\r\n\u00a0\u3000()[]{}<>【】〔〕《》〈〉「」『』\"'“”‘’"
                      ".,;:!?，。、；：！？·・•-–—_/\\|&＆*+~")


@lru_cache(maxsize=262144)
def normalise_name(name: str) -> str:
    """One form per enterprise name: NFKC (full-width letters, digits and brackets to half-width), lower case,
    without spaces, brackets and punctuation. '清河市宏达宾馆（有限公司）' and '清河市 宏达宾馆(有限公司)' match."""
    return unicodedata.normalize("NFKC", name).lower().translate(_DROP)


@lru_cache(maxsize=262144)
def enterprise_keys(uscc: str, enterprise_name: str) -> tuple[str, ...]:
    """The keys under which an enterprise is recognised: its credit code and its normalised name."""
    name = normalise_name(enterprise_name)
    if uscc:
        return ("uscc:" + uscc.upper(), "name:" + name) if name else ("uscc:" + uscc.upper(),)
    return ("name:" + name,) if name else ()
