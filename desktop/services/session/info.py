"""What a store is, for 'info' and the About box: never a secret."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from desktop.services.session.session import Session
from desktop.store import schema
from desktop.store.keyfile import KeyFile
from desktop.store.migrations import current_version, latest_version
from desktop.store.store import StorePaths


@dataclass(frozen=True)
class StoreInfo:
    folder: str
    store_id: str
    created_at: str
    demo: bool
    key_file_version: int
    page_size: int  # the database's pages, in bytes (key file format 4 says; earlier formats mean 4096)
    account_slots: int
    files: dict[str, int]  # name → bytes
    schema_version: int | None = None
    latest_schema_version: int = 0
    counts: dict[str, int] | None = None  # table → rows, only after login


def is_demo(paths: StorePaths) -> bool:
    """Whether the store in ``paths`` was made by the demo (its key file says so; no login needed)."""
    return KeyFile.load(paths.key_file).demo


def has_account(paths: StorePaths, login: str) -> bool:
    """Whether ``login`` can log in to the store in ``paths`` (its key file has a slot for it; no login needed)."""
    return login in KeyFile.load(paths.key_file).accounts


def describe(paths: StorePaths, session: Session | None = None) -> StoreInfo:
    key_file = KeyFile.load(paths.key_file)
    files = {p.name: p.stat().st_size for p in sorted(paths.folder.iterdir()) if p.is_file()}
    schema_version = None
    counts = None
    if session is not None:
        with session.store.transaction() as connection:
            schema_version = current_version(connection)
            counts = {
                name: connection.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in (
                    ("units", schema.units),
                    ("officers", schema.officers),
                    ("accounts", schema.accounts),
                )
            }
    return StoreInfo(
        folder=str(paths.folder),
        store_id=key_file.store_id,
        created_at=key_file.created_at,
        demo=key_file.demo,
        key_file_version=key_file.version,  # the format it is written in (an older one until the store opens)
        page_size=key_file.page_size,
        account_slots=len(key_file.accounts),
        files=files,
        schema_version=schema_version,
        latest_schema_version=latest_version(),
        counts=counts,
    )
