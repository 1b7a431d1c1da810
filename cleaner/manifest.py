"""OUTDIR/_manifest.jsonl: which units of a batch are done, for resuming."""
from __future__ import annotations

import hashlib
import json
import os
from array import array
from pathlib import Path

from .sinks import write_atomic

MANIFEST = "_manifest.jsonl"


class Manifest:
    """OUTDIR/_manifest.jsonl: one line per finished unit, appended and fsynced after its output
    is in place, so a line means a complete output. A unit is up to date when a line has its
    path, input sha256 and settings digest, and its output is still there (sinks.py checks)."""

    def __init__(self, outdir: Path):
        self.path = outdir / MANIFEST
        self.done: dict[int, int] = {}  # key of a line -> its offset
        self.lines = 0  # valid lines in the file
        self.tidy = True  # no torn or invalid line
        self.order = array("Q")  # offsets of the current units' lines, in input order
        self._load()
        self.fh = open(self.path, "ab")
        self.reader = open(self.path, "rb")

    @staticmethod
    def key(rel: str, sha: str, config: str) -> int:
        digest = hashlib.blake2b(f"{rel}\0{sha}\0{config}".encode(), digest_size=8).digest()
        return int.from_bytes(digest, "big")

    def _load(self) -> None:
        if not self.path.exists():
            return
        with open(self.path, "r+b") as fh:
            offset = 0
            for line in fh:
                if not line.endswith(b"\n"):  # torn by a kill mid-append: cut it off
                    fh.truncate(offset)
                    self.tidy = False
                    break
                try:
                    entry = json.loads(line)
                    self.done[self.key(entry["input"], entry["sha256"], entry["config"])] = offset
                    self.lines += 1
                except (ValueError, KeyError, TypeError):
                    self.tidy = False
                offset += len(line)

    def lookup(self, rel: str, sha: str, config: str) -> tuple[int, dict] | None:
        """(offset, entry) of the line for these bytes and settings; the sink says whether its
        output is still there."""
        offset = self.done.get(self.key(rel, sha, config))
        if offset is None:
            return None
        return offset, json.loads(self._line_at(offset))

    def append(self, entry: dict) -> None:
        offset = self.fh.tell()
        self.fh.write((json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.lines += 1
        self.order.append(offset)

    def close(self, complete: bool = True) -> None:
        """After a complete run, rewrite the file to exactly the current units' lines in input
        order when it holds anything else (stale settings, removed inputs, a torn line, a redo
        out of order). A stopped run keeps every line: the units it did not reach may be done."""
        self.fh.close()
        if not complete:
            self.reader.close()
            return
        order = self.order
        canonical = self.tidy and len(order) == self.lines and all(
            order[i] < order[i + 1] for i in range(len(order) - 1))
        if not canonical:
            write_atomic(self.path, (self._line_at(offset) for offset in order))
        self.reader.close()

    def _line_at(self, offset: int) -> bytes:
        self.reader.seek(offset)
        return self.reader.readline()
