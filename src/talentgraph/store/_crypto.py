"""Encryption at rest of personal data (contact details, resume text, pay, protected attributes).

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256, from ``cryptography``) under the
keys of :func:`configure_keys`: the first key encrypts, every key decrypts, so a key can be
rotated (:func:`rotate_value`) without downtime. Columns declared :class:`EncryptedText` or
:class:`EncryptedJSON` are encrypted and decrypted transparently by SQLAlchemy.
"""

from __future__ import annotations

import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy.engine import Dialect
from sqlalchemy.types import Text, TypeDecorator

from talentgraph.errors import ConfigError

__all__ = [
    "EncryptedJSON",
    "EncryptedText",
    "configure_keys",
    "decrypt_value",
    "encrypt_value",
    "generate_key",
    "rotate_value",
]

_cipher: MultiFernet | None = None


def generate_key() -> str:
    """A new random Fernet key (urlsafe base64, 32 bytes)."""
    return Fernet.generate_key().decode("ascii")


def configure_keys(keys: list[str]) -> None:
    """Use these keys for every encrypted column: the first encrypts, all decrypt."""
    global _cipher
    if not keys:
        raise ConfigError("No encryption key is configured.",
                          details=["Set TALENTGRAPH_ENCRYPTION_KEYS (see docs/settings.md)."])
    try:
        _cipher = MultiFernet([Fernet(k.encode("ascii")) for k in keys])
    except (ValueError, UnicodeEncodeError) as exc:
        raise ConfigError(
            "An encryption key is not a valid Fernet key (32 url-safe base64-encoded bytes).",
            details=["Make one with `talentgraph admin generate-key`."]) from exc


def _current() -> MultiFernet:
    if _cipher is None:
        raise ConfigError("Encryption keys are not configured; open the database with "
                          "talentgraph.store.open_database first.")
    return _cipher


def encrypt_value(plain: str) -> str:
    """The ciphertext (ASCII) of ``plain`` under the primary key."""
    return _current().encrypt(plain.encode("utf-8")).decode("ascii")


def decrypt_value(token: str) -> str:
    """The plain text of a ciphertext made by any configured key."""
    try:
        return _current().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ConfigError(
            "A stored value cannot be decrypted with the configured keys.",
            details=["Add the key it was encrypted with to TALENTGRAPH_ENCRYPTION_KEYS "
                     "(after the new one) and run `talentgraph admin rotate-key`."]) from exc


def rotate_value(token: str) -> str:
    """The same value re-encrypted under the primary key."""
    return _current().rotate(token.encode("ascii")).decode("ascii")


class EncryptedText(TypeDecorator[str]):
    """A text column stored encrypted."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else encrypt_value(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else decrypt_value(value)


class EncryptedJSON(TypeDecorator[Any]):
    """A JSON value (dict, list, number) stored encrypted."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return encrypt_value(json.dumps(value, ensure_ascii=False, sort_keys=True))

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        return None if value is None else json.loads(decrypt_value(value))
