"""API keys: each bound to one organisation and one role, kept only as a SHA-256 hash in a key file.

A key is 32 random bytes (``secrets.token_urlsafe``), so a fast hash is as safe as a slow one: nobody can
guess the key behind it. The file holds the hashes, never a key; `KeyRing.add` hands the new key out once.
The key's id (not the key) is what logs and the change history name.
"""

from __future__ import annotations

import enum
import hashlib
import json
import os
import re
import secrets
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from attrs import frozen

from eva_core.domain import EvaError, say

__all__ = ["ApiKey", "InvalidKeyFile", "KeyRing", "Role", "hash_key"]

_KEY_PREFIX = "eva_"
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")


class Role(enum.Enum):
    """What a key may do: a beheerder writes their organisation's data, a professional matches and rates."""

    BEHEERDER = "beheerder"
    PROFESSIONAL = "professional"
    READ_ONLY = "alleen-lezen"

    def may(self, needed: Role) -> bool:
        """Whether this role does what *needed* allows (a beheerder also reads, a professional also reads)."""
        if needed is Role.READ_ONLY:
            return True
        return self is needed


class InvalidKeyFile(ValueError, EvaError):
    """The key file cannot be read, or holds something that is not a key entry."""

    code = "invalid-key-file"


@frozen
class ApiKey:
    """One key as the file keeps it: its id, organisation, role and the hash of the key itself.

    ``curator`` lets a beheerder key change shared master data; ``per_minute`` overrides the ring's rate limit.
    """

    id: str
    organisation: str
    role: Role
    hash: str
    curator: bool = False
    per_minute: int | None = None


def hash_key(key: str) -> str:
    """The hex SHA-256 of a key, as the key file holds it."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


class KeyRing:
    """The keys a server accepts, found by the hash of what a client sends."""

    def __init__(self, keys: Iterable[ApiKey] = (), *, path: Path | None = None) -> None:
        self.path = path
        self._by_hash: dict[str, ApiKey] = {}
        self._ids: set[str] = set()
        for key in keys:
            self._put(key)

    def _put(self, key: ApiKey) -> None:
        if key.id in self._ids:
            raise InvalidKeyFile(say("error.invalid-key-file.duplicate", id=key.id))
        self._ids.add(key.id)
        self._by_hash[key.hash] = key

    def __len__(self) -> int:
        return len(self._by_hash)

    def __iter__(self) -> Any:  # noqa: ANN401 - an iterator of ApiKey
        return iter(sorted(self._by_hash.values(), key=lambda k: k.id))

    def find(self, key: str) -> ApiKey | None:
        """The entry of *key*, or None when it is no key of this ring."""
        if not key.startswith(_KEY_PREFIX) or len(key) > 200:
            return None
        return self._by_hash.get(hash_key(key))

    def add(
        self,
        key_id: str,
        organisation: str,
        role: Role,
        *,
        curator: bool = False,
        per_minute: int | None = None,
    ) -> str:
        """Make a new key, keep its hash (and write the file, if the ring has one); return the key, once."""
        if not _ID.fullmatch(key_id):
            raise InvalidKeyFile(say("error.invalid-key-file.id"))
        key = _KEY_PREFIX + secrets.token_urlsafe(32)
        self._put(ApiKey(key_id, organisation, role, hash_key(key), curator, per_minute))
        if self.path is not None:
            self.save(self.path)
        return key

    def save(self, path: Path) -> None:
        """Write the ring to *path* atomically, readable by its owner only."""
        document = {"version": 1, "keys": [_entry(k) for k in self]}
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(document, file, indent=2, ensure_ascii=False)
            file.write("\n")
        Path(name).chmod(0o600)
        Path(name).replace(path)

    @classmethod
    def load(cls, path: Path) -> KeyRing:
        """Read a key file; a file that does not exist yet is an empty ring that will be written there."""
        if not path.exists():
            return cls(path=path)
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            keys = [_read_entry(entry) for entry in document["keys"]]
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise InvalidKeyFile(say("error.invalid-key-file", path=str(path), detail=type(error).__name__)) from None
        return cls(keys, path=path)


def _entry(key: ApiKey) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": key.id, "organisation": key.organisation, "role": key.role.value, "sha256": key.hash}
    if key.curator:
        entry["curator"] = True
    if key.per_minute is not None:
        entry["per_minute"] = key.per_minute
    return entry


def _read_entry(entry: Mapping[str, Any]) -> ApiKey:
    per_minute = entry.get("per_minute")
    if per_minute is not None and (not isinstance(per_minute, int) or per_minute < 1):
        raise ValueError("per_minute")
    digest = entry["sha256"]
    if not isinstance(digest, str) or not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise ValueError("sha256")
    return ApiKey(
        str(entry["id"]),
        str(entry["organisation"]),
        Role(entry["role"]),
        digest,
        entry.get("curator", False) is True,
        per_minute,
    )
