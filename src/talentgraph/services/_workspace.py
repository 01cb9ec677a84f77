"""Opening the workspace: the database named by the settings, with the encryption keys for
personal data (from the settings, or in development a key file made on first use)."""

from __future__ import annotations

import os
from pathlib import Path

from talentgraph.errors import ConfigError
from talentgraph.settings import Settings
from talentgraph.store import Database, generate_key, open_database

__all__ = ["encryption_keys", "key_file", "open_workspace"]


def key_file(settings: Settings) -> Path:
    """Where the development key file lives."""
    return settings.data_dir / "encryption.key"


def encryption_keys(settings: Settings) -> list[str]:
    """The keys for personal data: the setting, else (outside production) the key file."""
    keys = [k.strip() for k in settings.encryption_keys.split(",") if k.strip()]
    if keys:
        return keys
    if settings.environment == "production":
        raise ConfigError(
            "TALENTGRAPH_ENCRYPTION_KEYS is not set; production refuses to store personal data "
            "under a key kept beside the database.",
            details=["Make a key with `talentgraph admin generate-key`, keep it in your secret "
                     "store and set TALENTGRAPH_ENCRYPTION_KEYS to it."])
    path = key_file(settings)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(generate_key() + "\n")
    return [k.strip() for k in path.read_text(encoding="ascii").split(",") if k.strip()]


def open_workspace(settings: Settings, *, upgrade: bool = True) -> Database:
    """The workspace database, created and migrated if new."""
    return open_database(settings.resolved_database_url, keys=encryption_keys(settings),
                         upgrade=upgrade)
