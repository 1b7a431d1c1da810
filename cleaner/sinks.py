"""Where a batch's outputs go, and in which format: one file per unit (txt, json, a JSONL input's
mirror) or every document in one stream (jsonl: OUTDIR/documents.jsonl). Files are written atomically
(temp file, then rename); the stream is committed unit by unit (the manifest records the byte range
of each unit's records, and a resumed run truncates the stream to the last committed unit)."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import IO, Iterable

from .result import CleanResult

FORMATS = ("txt", "json", "jsonl")
STREAM = "documents.jsonl"
_PART = f".{STREAM}.part"  # the stream while a run writes it: documents.jsonl appears whole


def render(result: CleanResult, fmt: str, path: str, url: str | None, fields: dict | None = None) -> str:
    """One document's output: its text (txt), or a JSON object naming its source (json: every
    field; jsonl: every field but the per-line removals, which would outweigh the text). fields:
    more of its source's (a WARC record's id, offset and fetch date), after path."""
    if fmt == "txt":
        return result.text + "\n" if result.text else ""
    record = {"path": path, **(fields or {}), "url": url, **result.to_dict()}
    if fmt == "jsonl":
        del record["removed"]
    return json.dumps(record, ensure_ascii=False) + "\n"


def for_format(fmt: str, outdir: Path, jsonl_in: bool = False) -> FileSink | StreamSink:
    """A JSONL input is mirrored file for file whatever the format; jsonl streams, the others files."""
    return StreamSink(outdir) if fmt == "jsonl" and not jsonl_in else FileSink(outdir)


class FileSink:
    """One output file per unit, at the unit's own name under OUTDIR."""

    def __init__(self, outdir: Path):
        self.outdir = outdir

    def plan(self, entry: dict | None) -> bool:
        """Whether a unit the manifest holds (entry) can be skipped: its output is still there."""
        if entry is None:
            return False
        if entry["output"] is None:
            return True
        target = self.outdir / entry["output"]
        return target.is_file() and target.stat().st_size == entry["output_bytes"]

    def skip(self, entry: dict) -> None:
        pass

    def write(self, out: str, chunks: Iterable[str]) -> dict:
        return {"output": out, "output_bytes": write_atomic(self.outdir / out, chunks)}

    def drop(self, out: str) -> dict:
        (self.outdir / out).unlink(missing_ok=True)  # filtered or failed: an older output must not linger
        return {"output": None, "output_bytes": 0}

    def close(self, complete: bool = True) -> None:
        pass


class StreamSink:
    """Every document in input order in OUTDIR/documents.jsonl. While a run writes it the stream is
    the hidden .documents.jsonl.part, renamed into place at the end. A unit is committed when its
    manifest line (holding its byte range) is written; bytes after the last committed unit (a
    kill mid-write) are cut off. Only the leading units whose ranges follow on from each other are
    skipped: once one unit is written again, everything after it is too, so the stream is the
    uninterrupted run's byte for byte (a killed run's done units are such a prefix: none redone)."""

    def __init__(self, outdir: Path):
        self.final, self.path = outdir / STREAM, outdir / _PART
        if not self.path.exists():
            if self.final.exists():
                os.replace(self.final, self.path)
            else:
                self.path.touch()
        self.size = self.path.stat().st_size
        self.expected = 0  # planning: where the next skipped unit's records must start
        self.diverged = False  # planning: a unit is written again; no later one may be skipped
        self.cursor = 0  # writing: the end of the last committed unit
        self.fh = open(self.path, "r+b")

    def plan(self, entry: dict | None) -> bool:
        if not self.diverged and entry is not None:
            start, end = entry.get("stream") or (self.expected, self.expected)
            if start == self.expected and end <= self.size:
                self.expected = end
                return True
        self.diverged = True
        return False

    def skip(self, entry: dict) -> None:
        self.cursor = (entry.get("stream") or (self.cursor, self.cursor))[1]

    def write(self, out: str, chunks: Iterable[str]) -> dict:
        start = self.cursor
        self.fh.seek(start)
        self.fh.truncate()
        try:
            for chunk in chunks:
                _write(self.fh, chunk.encode("utf-8"))
            self.fh.flush()
        except BaseException:
            self.fh.seek(start)
            self.fh.truncate()
            raise
        self.cursor = self.fh.tell()
        return {"output": STREAM, "output_bytes": self.cursor - start, "stream": [start, self.cursor]}

    def drop(self, out: str) -> dict:
        return {"output": None, "output_bytes": 0, "stream": [self.cursor, self.cursor]}

    def close(self, complete: bool = True) -> None:
        """Put the stream in place; after a complete run, cut what no current unit committed
        (removed inputs, a torn record). A stopped run keeps the records after its cursor: they
        are the later units an earlier run committed, and a re-run skips them."""
        if complete:
            self.fh.truncate(self.cursor)
        self.fh.close()
        os.replace(self.path, self.final)


def plural(n: int, noun: str) -> str:
    """'1 file', '2 files': counts as a person writes them."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def stale(outdir: Path, ours: set[str]) -> list[str]:
    """Files in OUTDIR that are not this run's (another --format's outputs, removed inputs', a
    user's), as sorted posix paths. They are listed, never deleted."""
    found = []
    for folder, dirs, files in os.walk(outdir):
        dirs.sort()
        for name in files:
            rel = Path(folder, name).relative_to(outdir).as_posix()
            if rel not in ours:
                found.append(rel)
    return sorted(found)


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
