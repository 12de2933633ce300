"""Argon2id key derivation with its cost recorded beside every key it protects.

The cost travels with each wrapped key, so a key file written under an older default still opens after the
default changes. A cheap cost exists for tests and the demo; a store created with it is marked as a demo store.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw

from desktop.crypto.encoding import b64, unb64

KEY_BYTES = 32
SALT_BYTES = 16

#: The least a real (non-demo) store accepts: 64 MiB and two passes.
MIN_MEMORY_KIB = 64 * 1024
MIN_TIME_COST = 2


@dataclass(frozen=True, slots=True)
class KdfCost:
    time_cost: int
    memory_kib: int
    parallelism: int

    @property
    def is_production_strength(self) -> bool:
        return self.memory_kib >= MIN_MEMORY_KIB and self.time_cost >= MIN_TIME_COST


#: Default for new real stores when no tuning is done: 128 MiB, 4 passes (≈0.25 s on the reference machine).
DEFAULT_COST = KdfCost(time_cost=4, memory_kib=128 * 1024, parallelism=2)
#: For tests and the demo only: a few milliseconds. Stores using it are demo stores.
DEMO_COST = KdfCost(time_cost=1, memory_kib=64, parallelism=1)


@dataclass(frozen=True, slots=True)
class KdfParams:
    """One derivation: the cost and a fresh salt."""

    cost: KdfCost
    salt: bytes

    @classmethod
    def fresh(cls, cost: KdfCost) -> KdfParams:
        return cls(cost=cost, salt=os.urandom(SALT_BYTES))

    def derive(self, secret: str | bytes) -> bytes:
        data = secret.encode("utf-8") if isinstance(secret, str) else secret
        return hash_secret_raw(
            data,
            self.salt,
            time_cost=self.cost.time_cost,
            memory_cost=self.cost.memory_kib,
            parallelism=self.cost.parallelism,
            hash_len=KEY_BYTES,
            type=Type.ID,
        )

    def to_json(self) -> dict[str, object]:
        return {
            "algorithm": "argon2id",
            "version": 19,
            "time_cost": self.cost.time_cost,
            "memory_kib": self.cost.memory_kib,
            "parallelism": self.cost.parallelism,
            "salt": b64(self.salt),
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> KdfParams:
        if data.get("algorithm") != "argon2id":
            raise ValueError(f"unknown key-derivation algorithm {data.get('algorithm')!r}")
        cost = KdfCost(_whole(data, "time_cost"), _whole(data, "memory_kib"), _whole(data, "parallelism"))
        if not (1 <= cost.time_cost <= 100 and 8 <= cost.memory_kib <= 4 * 1024 * 1024 and 1 <= cost.parallelism <= 16):
            raise ValueError("the key-derivation cost in the key file is out of range")
        return cls(cost=cost, salt=unb64(str(data["salt"])))


def _whole(data: dict[str, object], key: str) -> int:
    """``int(data[key])`` for the values JSON can hold (a list, an object or null raise TypeError, as int() does)."""
    value = data[key]
    if not isinstance(value, int | float | str):
        raise TypeError(f"{key}: {value!r} is not a number")
    return int(value)


def tune_cost(target_seconds: float = 0.3, memory_kib: int = 128 * 1024, parallelism: int = 2) -> KdfCost:
    """The number of passes that takes about ``target_seconds`` here, at least the production minimum."""
    probe = KdfParams.fresh(KdfCost(1, memory_kib, parallelism))
    started = time.perf_counter()
    probe.derive(b"tuning")
    per_pass = max(time.perf_counter() - started, 1e-3)
    passes = max(MIN_TIME_COST, min(20, round(target_seconds / per_pass)))
    return KdfCost(time_cost=passes, memory_kib=memory_kib, parallelism=parallelism)
