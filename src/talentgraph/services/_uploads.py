"""Files users upload: saved under DATA_DIR/uploads/<random folder>/ with a safe name."""

from __future__ import annotations

import re
import shutil
import uuid
from pathlib import Path
from typing import BinaryIO

from talentgraph.errors import InputTooLargeError, ParameterError
from talentgraph.settings import Settings

__all__ = ["safe_filename", "save_upload"]

_UNSAFE = re.compile(r"[^\w.\-\u4e00-\u9fff]+")


def safe_filename(name: str | None) -> str:
    """A file name with no folders, no leading dots and only word characters, . and -."""
    base = Path((name or "").replace("\\", "/")).name
    cleaned = _UNSAFE.sub("_", base).lstrip(".")[:120]
    if not cleaned:
        raise ParameterError("An uploaded file has no usable name.",
                             details=["Give the file a name such as postings.csv."])
    return cleaned


def save_upload(settings: Settings, *, name: str | None, stream: BinaryIO,
                folder: Path | None = None) -> Path:
    """Copy an upload to a new folder under DATA_DIR/uploads (or ``folder``); its path.
    Refuses files over ``max_table_bytes``."""
    target_dir = folder or settings.data_dir / "uploads" / uuid.uuid4().hex
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / safe_filename(name)
    limit = settings.max_table_bytes
    with target.open("wb") as out:
        shutil.copyfileobj(stream, out, 1 << 20)
    if target.stat().st_size > limit:
        target.unlink()
        raise InputTooLargeError(f"{target.name} is over {limit} bytes.",
                                 details=["Raise TALENTGRAPH_MAX_TABLE_BYTES or split the file."])
    return target
