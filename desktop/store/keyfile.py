"""The key file beside the database: the data key and each account's signing key, wrapped per account.

JSON, replaced atomically. It holds no personal data: login names, public keys, key-derivation parameters and
ciphertext. See docs/storage.md for the format.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from desktop.crypto.encoding import b64, unb64
from desktop.crypto.kdf import KdfParams
from desktop.crypto.wrap import WrappedKey
from desktop.store.atomic import write_atomic
from desktop.store.errors import KeyFileDamaged, StoreNotFound

FORMAT_NAME = "officer-declare key file"
FORMAT_VERSION = 1


def purpose(kind: str, store_id: str, login: str = "") -> bytes:
    """Associated data binding a wrapped key to its store, its kind and its account, so slots cannot be swapped."""
    return f"{kind}|{store_id}|{login}".encode()


@dataclass(frozen=True, slots=True)
class AccountSlot:
    """What one account's password opens: the store's data key and the account's own signing key."""

    kdf: KdfParams
    data_key: WrappedKey
    signing_key: WrappedKey
    public_key: bytes
    _json: dict[str, object] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Slots never change, and the key file is rewritten often: encode each once.
        object.__setattr__(
            self,
            "_json",
            {
                "kdf": self.kdf.to_json(),
                "data_key": self.data_key.to_json(),
                "signing_key": self.signing_key.to_json(),
                "public_key": b64(self.public_key),
            },
        )

    def to_json(self) -> dict[str, object]:
        return self._json

    @classmethod
    def from_json(cls, data: dict[str, object]) -> AccountSlot:
        return cls(
            kdf=KdfParams.from_json(data["kdf"]),  # type: ignore[arg-type]  # a JSON object
            data_key=WrappedKey.from_json(data["data_key"]),  # type: ignore[arg-type]  # a JSON object
            signing_key=WrappedKey.from_json(data["signing_key"]),  # type: ignore[arg-type]  # a JSON object
            public_key=unb64(str(data["public_key"])),
        )


@dataclass(frozen=True, slots=True)
class RecoverySlot:
    salt: bytes
    data_key: WrappedKey

    def to_json(self) -> dict[str, object]:
        return {"salt": b64(self.salt), "data_key": self.data_key.to_json()}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> RecoverySlot:
        # The ignore below: a JSON object
        return cls(salt=unb64(str(data["salt"])), data_key=WrappedKey.from_json(data["data_key"]))  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class KeyFile:
    store_id: str
    created_at: str
    demo: bool
    recovery: RecoverySlot
    accounts: dict[str, AccountSlot] = field(default_factory=dict)
    #: The audit chain's last hash and length, kept outside the database so a cut-off tail is caught.
    audit_head: dict[str, object] | None = None

    def with_account(self, login: str, slot: AccountSlot) -> KeyFile:
        return replace(self, accounts={**self.accounts, login: slot})

    def without_account(self, login: str) -> KeyFile:
        return replace(self, accounts={k: v for k, v in self.accounts.items() if k != login})

    def with_audit_head(self, head: dict[str, object]) -> KeyFile:
        return replace(self, audit_head=head)

    def to_bytes(self) -> bytes:
        document = {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "store_id": self.store_id,
            "created_at": self.created_at,
            "demo": self.demo,
            "recovery": self.recovery.to_json(),
            "accounts": {login: slot.to_json() for login, slot in sorted(self.accounts.items())},
            "audit_head": self.audit_head,
        }
        # Compact JSON: the file is rewritten on every audited action and holds a slot per account.
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def save(self, path: Path) -> None:
        write_atomic(path, self.to_bytes())

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise StoreNotFound(str(path.parent)) from None
        except OSError as exc:
            raise KeyFileDamaged(str(path), exc.strerror or str(exc)) from exc
        try:
            document = json.loads(raw.decode("utf-8"))
            if document.get("format") != FORMAT_NAME:
                raise ValueError("not an officer-declare key file")
            if document.get("version") != FORMAT_VERSION:
                raise ValueError(f"unknown key file version {document.get('version')!r}")
            return cls(
                store_id=str(document["store_id"]),
                created_at=str(document["created_at"]),
                demo=bool(document["demo"]),
                recovery=RecoverySlot.from_json(document["recovery"]),
                accounts={str(k): AccountSlot.from_json(v) for k, v in document["accounts"].items()},
                audit_head=document.get("audit_head"),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise KeyFileDamaged(str(path), str(exc) or type(exc).__name__) from exc
