"""The catalog of trades, with the police-regulated ones marked; versioned data in resources/trades/."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from desktop.resources import resource_path


@dataclass(frozen=True, slots=True)
class Trade:
    code: str
    name_zh: str
    name_en: str
    regulated: bool  # within the police's regulatory scope (公安机关业务范围内的经营项目)

    def search_key(self) -> str:
        return f"{self.code} {self.name_zh} {self.name_en}".lower()


@dataclass(frozen=True, slots=True)
class TradeCatalog:
    version: str
    trades: tuple[Trade, ...]

    def get(self, code: str) -> Trade | None:
        return self._by_code().get(code)

    def is_regulated(self, code: str) -> bool:
        trade = self.get(code)
        return bool(trade and trade.regulated)

    def search(self, text: str) -> list[Trade]:
        """Trades whose code or Chinese or English name contains ``text`` (case-insensitive)."""
        needle = text.strip().lower()
        return [t for t in self.trades if needle in t.search_key()]

    def _by_code(self) -> dict[str, Trade]:
        return {t.code: t for t in self.trades}


def load_catalog(path: Path | None = None) -> TradeCatalog:
    """Read a catalog file; the default is the one shipped in resources/."""
    source = path or resource_path("trades", "catalog.json")
    with source.open(encoding="utf-8") as handle:
        raw = json.load(handle)
    trades = tuple(
        Trade(code=t["code"], name_zh=t["zh"], name_en=t["en"], regulated=bool(t["regulated"])) for t in raw["trades"]
    )
    return TradeCatalog(version=str(raw["version"]), trades=trades)


@cache
def default_catalog() -> TradeCatalog:
    return load_catalog()
