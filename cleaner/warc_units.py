"""A WARC file in a batch: its records as documents, in segments that resume by record offset.

A WARC file is far larger than a document and a kill must not lose it all, so its records are
cut into segments of SEGMENT records; each segment is a unit of its own in the manifest (named
"crawl.warc.gz@<offset of its first record>", holding where the next one starts), written to
documents.jsonl like a JSONL file's lines. A resumed run skips the leading segments that are
done and reads on from the next one's offset. Records skipped (by reason) and damaged spots
(with their offset) are counted in the segment they fall in; cleaning is split across records,
so the output is the same for any -j.
"""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import replace
from typing import Iterator

from . import batch, urls, warc

SEGMENT = 100  # records per manifest line: a kill loses at most this much work


def check_inputs(inputs: list[str], fmt: str) -> None:
    """A WARC file named on the command line needs the one output a crawl can have."""
    named = [i for i in inputs if warc.is_warc(i) and not os.path.isdir(i)]
    if named and fmt != "jsonl":
        raise batch.UsageError(f"{named[0]}: WARC records are written to one documents.jsonl: pass --format jsonl")


def plan(unit: batch.Unit, settings: batch.Settings, manifest, sink, config: str) -> Iterator[batch.Event]:
    """The leading segments the manifest has done as skips, then the rest read from their offset."""
    if settings.fmt != "jsonl":
        yield batch.Event("error", unit, "WARC records are written to one documents.jsonl: pass --format jsonl")
        return
    try:
        sha = batch._file_sha(unit.path)
    except OSError as exc:
        yield batch.Event("error", unit, batch._read_error(exc))
        return
    start: int | None = 0
    while start is not None:
        segment = _segment(unit, start)
        done = manifest.lookup(segment.rel, sha, config)
        if not sink.plan(done[1] if done else None):
            break
        yield batch.Event("skip", segment, done)
        start = done[1]["warc_next"]
    if start is not None:
        yield from _segments(unit, start, (sha, config), settings.options.max_bytes, "clean")


def learn_events(unit: batch.Unit, cap: int) -> Iterator[batch.Event]:
    """Templates' first pass: every document of the file, as tasks."""
    for ev in _segments(unit, 0, None, cap, "learn"):
        if ev.kind == "line":
            yield ev


def _segment(unit: batch.Unit, start: int) -> batch.Unit:
    return replace(unit, rel=f"{unit.rel}@{start}")


def _segments(unit: batch.Unit, start: int, extra, cap: int, action: str) -> Iterator[batch.Event]:
    """begin, a line per document, end (with the segment's skipped records, damage and the next
    segment's offset), for each segment from `start` on. A segment is cut only before a record
    the reader can start at (an uncompressed record, or a gzip member of its own)."""
    segment, records, skipped, damaged = _segment(unit, start), 0, Counter(), []
    yield batch.Event("begin", segment, None, extra)
    try:
        with open(unit.path, "rb") as probe:
            signature = warc.GZIP_MAGIC if probe.read(2) == warc.GZIP_MAGIC[:2] else warc.WARC_MAGIC
            for item in warc.read(unit.path, start=start, max_bytes=cap):
                if records >= SEGMENT and type(item) is not warc.Damaged and _starts(probe, item.offset, signature):
                    yield batch.Event("end", segment, None, _account(skipped, damaged, item.offset))
                    segment, records, skipped, damaged = _segment(unit, item.offset), 0, Counter(), []
                    yield batch.Event("begin", segment, None, extra)
                records += 1
                if type(item) is warc.WarcDocument:
                    source = urls.host(item.url) or unit.source
                    fields = {"id": item.id, "warc_offset": item.offset, "fetch_date": item.fetch_date}
                    yield batch.Event("line", segment, batch.Task(action, item.text, False, 0, source, unit.rel,
                                                                  item.url, fields), 0)
                elif type(item) is warc.Skipped:
                    skipped[item.reason] += 1
                else:
                    damaged.append({"line": 0, "error": f"at byte offset {item.offset}: {item.error}"})
    except OSError as exc:
        yield batch.Event("end", segment, batch._read_error(exc))
        return
    yield batch.Event("end", segment, None, _account(skipped, damaged, None))


def _starts(probe, offset: int, signature: bytes) -> bool:
    """Whether a record's bytes begin at `offset` (in a file gzipped as one stream, none do)."""
    probe.seek(offset)
    return probe.read(len(signature)) == signature


def _account(skipped: Counter, damaged: list, next_offset: int | None) -> tuple[dict, list, dict]:
    """A segment's own stats, errors and manifest fields, for the Writer to add to its entry."""
    stats = {"skipped_records": dict(sorted(skipped.items()))} if skipped else {}
    return stats, damaged, {"warc_next": next_offset}
