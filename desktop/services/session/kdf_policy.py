"""Which key-derivation cost new passwords get: the store's tuned cost, or the cheap one in a demo store."""

from __future__ import annotations

import json

from sqlalchemy import Connection, select

from desktop.crypto.kdf import DEFAULT_COST, DEMO_COST, KdfCost
from desktop.store import schema


def save_cost(connection: Connection, cost: KdfCost) -> None:
    value = json.dumps({"time_cost": cost.time_cost, "memory_kib": cost.memory_kib, "parallelism": cost.parallelism})
    connection.execute(schema.meta.insert().values(key="kdf_cost", value=value))


def cost_for_new_password(connection: Connection, demo: bool) -> KdfCost:
    if demo:
        return DEMO_COST
    value = connection.execute(select(schema.meta.c.value).where(schema.meta.c.key == "kdf_cost")).scalar()
    if value is None:
        return DEFAULT_COST
    cost = KdfCost(**json.loads(value))
    # A real store never lowers the cost below the production minimum, whatever the meta row says.
    return cost if cost.is_production_strength else DEFAULT_COST
