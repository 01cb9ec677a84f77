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


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (cached; call ``get_settings.cache_clear()`` in tests)."""
    return Settings()
