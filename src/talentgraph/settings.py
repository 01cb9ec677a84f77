"""One Settings object, read from the environment (prefix ``TALENTGRAPH_``) or a ``.env`` file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "get_settings"]


class Settings(BaseSettings):
    """Everything configurable in talentgraph. Each field is documented in docs/settings.md."""

    model_config = SettingsConfigDict(env_prefix="TALENTGRAPH_", env_file=".env", extra="ignore")

    environment: str = Field("development", description="development, test or production.")
    data_dir: Path = Field(Path("./var"), description="Where databases, models and caches live.")
    taxonomy_overlay: Path | None = Field(
        None, description="YAML file with the organisation's own skills, aliases and roles."
    )
    semantic_threshold: float = Field(
        0.0,
        description="Minimum similarity for the semantic linker; 0 uses the calibrated default.",
    )
    encoder_threads: int = Field(1, description="BLAS threads for the sentence encoder.")
    max_file_bytes: int = Field(20 * 1024 * 1024, description="Largest input file read (bytes).")
    max_table_bytes: int = Field(
        512 * 1024 * 1024,
        description="Largest table of records read (csv, tsv, json, jsonl, xlsx; bytes).")
    max_pdf_pages: int = Field(50, description="Most PDF pages read from one file.")
    database_url: str = Field(
        "", description="SQLAlchemy URL of the workspace database; empty means the SQLite file "
        "DATA_DIR/talentgraph.db. PostgreSQL: postgresql+psycopg://user@host:5432/dbname.")
    encryption_keys: str = Field(
        "", description="Comma-separated Fernet keys for personal data at rest; the first "
        "encrypts, all decrypt. Empty in development: a key file DATA_DIR/encryption.key is "
        "made on first use. Required in production.")
    session_hours: float = Field(12.0, description="How long a web login lasts (hours).")
    cookie_secure: bool | None = Field(
        None, description="Send cookies only over HTTPS; unset means on in production.")
    login_max_failures: int = Field(
        5, description="Failed logins per user name or address before login is throttled.")
    login_window_minutes: int = Field(15, description="Window of the login throttle (minutes).")
    max_request_bytes: int = Field(
        25 * 1024 * 1024, description="Largest request body the server accepts (bytes).")
    job_backend: str = Field(
        "thread", description="Where background jobs run: thread (in the server process) or "
        "rq (workers started with `talentgraph worker`, through Redis).")
    redis_url: str = Field("redis://127.0.0.1:6379/0", description="Redis for the rq backend.")

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to the SQLite file in ``data_dir``."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'talentgraph.db').resolve()}"

    @property
    def is_cookie_secure(self) -> bool:
        """Whether cookies carry the Secure flag."""
        return self.environment == "production" if self.cookie_secure is None else \
            self.cookie_secure


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (cached; call ``get_settings.cache_clear()`` in tests)."""
    return Settings()
