"""The key file beside the database: the data key and each account's signing key, wrapped per account.

JSON, replaced atomically. It holds no personal data: login names, public keys, key-derivation parameters and
ciphertext. See docs/storage.md for the format.

Format 2 keeps it in two files so that the work per signature does not grow with the number of accounts: the small
key file (``keys.json``: store id, recovery slot, audit head), rewritten at every audited action, names an accounts
file (``keys.accounts.<random>.json``) holding every account's slot. An accounts file is never rewritten: a change
of accounts writes a new one, then the key file naming it, then removes the old one; so a process parses an accounts
file once and keeps it.

Format 3 is format 2 with the fields its slots gained: a checksum in every slot (``check``, so that damage on disk is
told from a wrong password) and, in a slot a key rotation gave the data key, ``sealed_data_key`` in place of
``data_key``. Files written with them said "format 2" before; format 3 says what they hold, and in format 3 a slot
without its checksum is damaged. Formats 1 (the accounts inline) and 2 (split or packed, with or without those
fields) still open; ``Store`` rewrites them in the current format when it opens them. A key file of a newer format
is StoreTooNew, never "damaged". See docs/storage.md.

Format 4 is format 3 with the database's page size (``page_size``): SQLCipher cannot read it from the encrypted
file, and new stores are made with 16 kB pages (decision 196). A key file of formats 1 to 3 means 4,096-byte pages,
the only size stores had then; rewriting it in format 4 writes 4,096, so an old store's pages never change.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import re
import secrets
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from desktop.crypto.encoding import b64, unb64
from desktop.crypto.kdf import KdfCost, KdfParams
from desktop.crypto.sealing import SealedKey
from desktop.crypto.wrap import WrappedKey
from desktop.store.atomic import write_atomic
from desktop.store.errors import KeyFileDamaged, StoreNotFound, StoreTooNew, WriteFailed

FORMAT_NAME = "officer-declare key file"
#: 1: the accounts inline; 2: in an accounts file named by the key file (or inline: packed); 3: format 2 with a
#: checksum in every slot and, after a key rotation, sealed data keys; 4: format 3 with the database's page size.
FORMAT_VERSION = 4
#: The formats this version reads (it writes only FORMAT_VERSION).
READABLE_VERSIONS = (1, 2, 3, 4)
#: The database's page size (bytes) of a store whose key file is older than format 4: SQLCipher 4's default.
PAGE_SIZE_BEFORE_FORMAT_4 = 4096
#: The page sizes SQLCipher can make a database with: the powers of two from 512 to 65,536.
PAGE_SIZES = tuple(2**n for n in range(9, 17))
ACCOUNTS_FORMAT_NAME = "officer-declare key file accounts"
ACCOUNTS_INFIX = ".accounts."
#: Reads of the key file and the accounts file it names, when writers keep replacing both in between.
ATTEMPTS = 5
#: Parsed accounts files kept per process.
CACHED_FILES = 4
_CACHE: dict[str, tuple[tuple[str, int, int, int], str | None, dict[str, AccountSlot], int]] = {}
_CACHE_LOCK = threading.Lock()


def purpose(kind: str, store_id: str, login: str = "") -> bytes:
    """Associated data binding a wrapped key to its store, its kind and its account, so slots cannot be swapped."""
    return f"{kind}|{store_id}|{login}".encode()


@dataclass(frozen=True, slots=True)
class AccountSlot:
    """What one account's password opens: the store's data key and the account's own signing key."""

    kdf: KdfParams
    #: Wrapped under the password's key; sealed to ``public_key`` when a key rotation gave the account a new one.
    data_key: WrappedKey | SealedKey
    signing_key: WrappedKey
    public_key: bytes
    #: The slot as read does not match the checksum written with it: damaged on disk (never a wrong password).
    damaged: bool = field(default=False, compare=False)
    _json: dict[str, object] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Slots never change, and the key file is rewritten often: encode each once.
        encoded: dict[str, object] = {
            "kdf": self.kdf.to_json(),
            # A key rotation seals the new data key to the account's public key (it knows no password).
            ("sealed_data_key" if isinstance(self.data_key, SealedKey) else "data_key"): self.data_key.to_json(),
            "signing_key": self.signing_key.to_json(),
            "public_key": b64(self.public_key),
        }
        encoded["check"] = _checksum(encoded)
        object.__setattr__(self, "_json", encoded)

    def to_json(self) -> dict[str, object]:
        return self._json

    @classmethod
    def from_json(cls, data: dict[str, object], version: int = FORMAT_VERSION) -> AccountSlot:
        """The slot as written in key file format ``version``: from format 3 on, a slot without its checksum is
        damaged; before, the checksum may be absent (slots written before it existed)."""
        written = data.get("check")
        content = {k: v for k, v in data.items() if k != "check"}
        # Formats 1 and 2 may hold slots written before checksums existed; from format 3 on, every slot has one.
        intact = version < 3 if written is None else written == _checksum(content)
        try:
            slot = cls._decode(content)
        except (ValueError, KeyError, TypeError, AttributeError):
            if intact:
                raise
            empty = WrappedKey(b"", b"")  # damaged so that it no longer parses: a stand-in that opens nothing
            slot = cls(KdfParams(KdfCost(1, 8, 1), b""), empty, empty, b"")
        if not intact:
            slot = replace(slot, damaged=True)
            object.__setattr__(slot, "_json", dict(data))  # written back as read: the damage stays visible
        return slot

    @classmethod
    def _decode(cls, data: dict[str, object]) -> AccountSlot:
        return cls(
            kdf=KdfParams.from_json(data["kdf"]),  # type: ignore[arg-type]  # a JSON object
            data_key=(
                SealedKey.from_json(data["sealed_data_key"])  # type: ignore[arg-type]  # a JSON object
                if "sealed_data_key" in data
                else WrappedKey.from_json(data["data_key"])  # type: ignore[arg-type]  # a JSON object
            ),
            signing_key=WrappedKey.from_json(data["signing_key"]),  # type: ignore[arg-type]  # a JSON object
            public_key=unb64(str(data["public_key"])),
        )


def _checksum(slot: dict[str, object]) -> str:
    """SHA-256 of the slot's fields (canonical JSON), to tell a slot damaged on disk from a wrong password. Not a
    protection against someone who edits the file: the wrapped keys' GCM tags are that."""
    canonical = json.dumps(slot, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()[:32]


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
    #: The accounts file holding exactly ``accounts`` (format 2 on), or None when they are not written yet.
    accounts_file: str | None = field(default=None, compare=False)
    #: The oldest format of what was read (the key file, the accounts file it names); FORMAT_VERSION for a new one.
    #: Saving a key file read in an older format writes its accounts file again, in the current format.
    version: int = field(default=FORMAT_VERSION, compare=False)
    #: The database's page size in bytes, fixed when the store was made (every connection must set it before it
    #: reads a page); PAGE_SIZE_BEFORE_FORMAT_4 for a key file older than format 4. Named by every caller: a key
    #: file with the wrong one cannot open its database.
    page_size: int = field(kw_only=True)

    def with_account(self, login: str, slot: AccountSlot) -> KeyFile:
        return replace(self, accounts={**self.accounts, login: slot}, accounts_file=None)

    def with_accounts(self, slots: Mapping[str, AccountSlot]) -> KeyFile:
        """Many accounts added or replaced at once (``with_account`` in a loop copies every slot per account)."""
        return replace(self, accounts={**self.accounts, **slots}, accounts_file=None)

    def without_account(self, login: str) -> KeyFile:
        return replace(self, accounts={k: v for k, v in self.accounts.items() if k != login}, accounts_file=None)

    def with_audit_head(self, head: dict[str, object]) -> KeyFile:
        return replace(self, audit_head=head)

    def _header(self) -> dict[str, object]:
        return {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "store_id": self.store_id,
            "created_at": self.created_at,
            "demo": self.demo,
            "page_size": self.page_size,
            "recovery": self.recovery.to_json(),
        }

    def to_bytes(self) -> bytes:
        """The whole key file in one document, the accounts inline: what a backup holds (format 2, packed)."""
        document = {**self._header(), "accounts": _accounts_json(self.accounts), "audit_head": self.audit_head}
        return _compact(document)

    def _accounts_bytes(self) -> bytes:
        return _compact(
            {
                "format": ACCOUNTS_FORMAT_NAME,
                "version": FORMAT_VERSION,
                "store_id": self.store_id,
                "accounts": _accounts_json(self.accounts),
            }
        )

    def save(self, path: Path) -> KeyFile:
        """Write the key file at ``path`` split in two: the accounts into a new accounts file (only when they
        changed), then the small key file naming it, which is the moment the change takes effect. Returns the key
        file as written (naming its accounts file); accounts files no longer named are removed."""
        name = self.accounts_file
        written = None
        if name is None or self.version < FORMAT_VERSION or not (path.parent / name).is_file():
            name = f"{path.stem}{ACCOUNTS_INFIX}{secrets.token_hex(16)}.json"
            written = path.parent / name
            try:
                write_atomic(written, self._accounts_bytes())
            except WriteFailed as exc:
                raise WriteFailed(str(path), str(exc.fields.get("reason", ""))) from exc
        saved = replace(self, accounts_file=name, version=FORMAT_VERSION)
        header = {**self._header(), "accounts_file": name, "audit_head": self.audit_head}
        try:
            write_atomic(path, _compact(header))
        except BaseException:
            if written is not None:
                with contextlib.suppress(OSError):
                    written.unlink()
            raise
        _remember(path.parent / name, self.accounts, FORMAT_VERSION, self.store_id)
        if written is not None:
            for old in accounts_files(path):
                if old.name != name:
                    with contextlib.suppress(OSError):
                        old.unlink()
        return saved

    def save_packed(self, path: Path) -> None:
        """One self-contained file (a backup's): opened as it is, split again when a store opened from it changes."""
        write_atomic(path, self.to_bytes())

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        # A writer in another process may replace the key file and remove the accounts file it named between the
        # two reads here: read the key file again then.
        for _attempt in range(ATTEMPTS - 1):
            with contextlib.suppress(_AccountsFileGone):
                return cls._load(path)
        try:
            return cls._load(path)
        except _AccountsFileGone as gone:
            raise KeyFileDamaged(str(path), f"its accounts file {gone.args[0]} is missing") from None

    @classmethod
    def _load(cls, path: Path) -> KeyFile:
        raw = _read(path)
        try:
            document = json.loads(raw.decode("utf-8"))
            if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
                raise ValueError("not an officer-declare key file")
            version = _version(document.get("version"), "key file")
            page_size = _page_size(document, version)
            store_id = str(document["store_id"])
            accounts_file = None
            if version >= 2 and "accounts_file" in document:
                accounts_file = str(document["accounts_file"])
                accounts, accounts_version = _load_accounts(path, accounts_file, store_id)
                version = min(version, accounts_version)
            else:  # format 1, or a packed file (a backup's): the accounts inline
                accounts = _parse_accounts(document["accounts"], version)
            return cls(
                store_id=store_id,
                created_at=str(document["created_at"]),
                demo=bool(document["demo"]),
                recovery=RecoverySlot.from_json(document["recovery"]),
                accounts=accounts,
                audit_head=document.get("audit_head"),
                accounts_file=accounts_file,
                version=version,
                page_size=page_size,
            )
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise KeyFileDamaged(str(path), str(exc) or type(exc).__name__) from exc


def accounts_files(key_file: Path) -> list[Path]:
    """The accounts files beside ``key_file`` (normally one; more only for a moment, or after a killed writer)."""
    return sorted(key_file.parent.glob(f"{glob.escape(key_file.stem)}{ACCOUNTS_INFIX}*.json"))


class _AccountsFileGone(Exception):
    pass


def _compact(document: dict[str, object]) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _accounts_json(accounts: dict[str, AccountSlot]) -> dict[str, object]:
    return {login: slot.to_json() for login, slot in sorted(accounts.items())}


def _version(found: object, what: str) -> int:
    """The format number of a key file or an accounts file: one this version reads, else why not."""
    if isinstance(found, int) and not isinstance(found, bool):
        if found in READABLE_VERSIONS:
            return found
        if found > FORMAT_VERSION:
            raise StoreTooNew(found, FORMAT_VERSION)  # written by a newer version: not damage
    raise ValueError(f"unknown {what} version {found!r}")


def _page_size(document: dict[str, object], version: int) -> int:
    """The database's page size a key file of format ``version`` names: from format 4 on, its ``page_size`` (one
    SQLCipher can use, else the file is damaged); before, 4,096, whatever the file holds."""
    if version < 4:
        return PAGE_SIZE_BEFORE_FORMAT_4
    if "page_size" not in document:
        raise ValueError("it names no page size")
    found = document["page_size"]
    if isinstance(found, int) and not isinstance(found, bool) and found in PAGE_SIZES:
        return found
    raise ValueError(f"its page size {found!r} is not one SQLCipher uses (a power of two from 512 to 65536)")


def _parse_accounts(data: object, version: int) -> dict[str, AccountSlot]:
    if not isinstance(data, dict):
        raise ValueError("the accounts are not a mapping")
    return {str(k): AccountSlot.from_json(v, version) for k, v in data.items()}


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise StoreNotFound(str(path.parent)) from None
    except OSError as exc:
        raise KeyFileDamaged(str(path), exc.strerror or str(exc)) from exc


def _load_accounts(key_file: Path, name: str, store_id: str) -> tuple[dict[str, AccountSlot], int]:
    """The accounts of the accounts file ``name`` and its format: parsed once per process (the file is never
    rewritten; a change writes a new one), then taken from memory while the file is the same on disk."""
    if not re.fullmatch(re.escape(key_file.stem) + re.escape(ACCOUNTS_INFIX) + "[0-9a-f]{32}\\.json", name):
        raise ValueError(f"the accounts file name {name!r} is not one this application writes")
    path = key_file.parent / name
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise _AccountsFileGone(name) from None
    except OSError as exc:
        raise ValueError(f"{name}: {exc.strerror or exc}") from exc
    identity = (str(path.absolute()), stat.st_ino, stat.st_size, stat.st_mtime_ns)
    with _CACHE_LOCK:
        cached = _CACHE.get(identity[0])
        if cached is not None and cached[0] == identity and cached[1] == store_id:
            return cached[2], cached[3]
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise _AccountsFileGone(name) from None
    except OSError as exc:
        raise ValueError(f"{name}: {exc.strerror or exc}") from exc
    document = json.loads(raw.decode("utf-8"))
    if not isinstance(document, dict) or document.get("format") != ACCOUNTS_FORMAT_NAME:
        raise ValueError(f"{name} is not an officer-declare accounts file")
    version = _version(document.get("version"), "accounts file")
    if version < 2:
        raise ValueError(f"unknown accounts file version {version!r}")
    if document.get("store_id") != store_id:
        raise ValueError(f"{name} belongs to another store")
    accounts = _parse_accounts(document["accounts"], version)
    _remember(path, accounts, version, store_id, identity)
    return accounts, version


def _remember(
    path: Path,
    accounts: dict[str, AccountSlot],
    version: int,
    store_id: str | None = None,
    identity: tuple[str, int, int, int] | None = None,
) -> None:
    """Keep the parsed accounts of a few accounts files (the last ones read or written), keyed by what the file
    is on disk."""
    if identity is None:
        try:
            stat = path.stat()
        except OSError:
            return
        identity = (str(path.absolute()), stat.st_ino, stat.st_size, stat.st_mtime_ns)
    with _CACHE_LOCK:
        _CACHE.pop(identity[0], None)
        _CACHE[identity[0]] = (identity, store_id, accounts, version)
        while len(_CACHE) > CACHED_FILES:
            _CACHE.pop(next(iter(_CACHE)))
