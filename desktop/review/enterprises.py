"""Recognising the same enterprise in different declarations: by credit code, or by its name in a normal form."""

from __future__ import annotations

import unicodedata

from desktop.domain.text import without_format_characters

#: What people type differently in the same name: white space, brackets and punctuation of either width.
_DROP = str.maketrans(
    "", "", " \t\r\n\u00a0\u3000()[]{}<>【】〔〕《》〈〉「」『』\"'“”‘’.,;:!?，。、；：！？·・•-–—_/\\|&＆*+~"
)


def normalise_name(name: str) -> str:
    """One form per enterprise name: NFKC (full-width letters, digits and brackets to half-width), lower case,
    without spaces, brackets, punctuation and invisible format characters (a zero-width space pasted into a name
    signed before they were refused). '清河市宏达宾馆（有限公司）' and '清河市 宏达宾馆(有限公司)' match."""
    text = unicodedata.normalize("NFKC", name).lower()
    if text.isalnum():  # most names are letters and digits only
        return text
    return without_format_characters(text).translate(_DROP)


_name_keys: dict[str, str] = {}


def enterprise_keys(uscc: str, enterprise_name: str) -> tuple[str, ...]:
    """The keys under which an enterprise is recognised: its credit code (as stored: upper case) and its name in
    normal form ('name:…', which no credit code can equal)."""
    name = _name_keys.get(enterprise_name)
    if name is None:
        if len(_name_keys) > 500_000:  # a bound, for a long-running window reviewing many campaigns
            _name_keys.clear()
        normal = normalise_name(enterprise_name)
        name = _name_keys[enterprise_name] = "name:" + normal if normal else ""
    if uscc:
        return (uscc, name) if name else (uscc,)
    return (name,) if name else ()
