"""Writing a batch's outputs: atomic files (temp file, then rename) and the stale temps a kill leaves."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import IO, Iterable


def write_atomic(path: Path, data: str | bytes | Iterable[str | bytes]) -> int:
    """Write `data` (or its chunks) to a temp file beside `path`, then rename it into place:
    readers never see half a file, and a kill leaves only a '.*.tmp' the next run removes.
    Returns the size written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)  # reopened by name, so a failing write can tell which file it was writing
    try:
        with open(tmp, "wb") as fh:
            for chunk in [data] if isinstance(data, (str, bytes)) else data:
                _write(fh, chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
            size = fh.tell()
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return size


def _write(fh: IO[bytes], data: bytes) -> None:
    fh.write(data)  # the one place a write fails (a full disk), so tests can simulate it


def remove_stale_temps(outdir: Path) -> int:
    removed = 0
    for folder, _, files in os.walk(outdir):
        for name in files:
            if name.startswith(".") and name.endswith(".tmp"):
                Path(folder, name).unlink(missing_ok=True)
                removed += 1
    return removed
