"""Build WARC files for tests and benchmarks with FastWARC's own writer (no download).

Every record gets a fixed id and date, so a file is the same bytes on every run."""
from __future__ import annotations

import io
import uuid
from pathlib import Path
from typing import Iterable, NamedTuple

from fastwarc.stream_io import GzipWriter
from fastwarc.warc import WarcRecord, WarcRecordType

DATE = "2026-11-30T08:15:00Z"


class Rec(NamedTuple):
    url: str
    body: bytes = b""
    status: str = "200 OK"
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "text/html; charset=utf-8"),)
    kind: str = "response"  # response, request, warcinfo, metadata, revisit


def record_id(n: int) -> str:
    return f"<urn:uuid:{uuid.UUID(int=n + 1)}>"


def _record(rec: Rec, n: int) -> WarcRecord:
    r = WarcRecord()
    r.init_headers(getattr(WarcRecordType, rec.kind), str(uuid.UUID(int=n + 1)).encode())
    r.headers["WARC-Record-ID"] = record_id(n)
    r.headers["WARC-Date"] = DATE
    if rec.kind == "warcinfo":
        r.headers["Content-Type"] = "application/warc-fields"
        r.set_bytes_content(b"software: newsclean tests\r\n")
        return r
    r.headers["WARC-Target-URI"] = rec.url
    if rec.kind == "metadata":
        r.headers["Content-Type"] = "application/warc-fields"
        r.set_bytes_content(b"fetchTimeMs: 12\r\n")
        return r
    msgtype = "request" if rec.kind == "request" else "response"
    r.headers["Content-Type"] = f"application/http; msgtype={msgtype}"
    if rec.kind == "request":
        host = rec.url.split("/")[2]
        r.set_bytes_content(f"GET / HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        return r
    head = f"HTTP/1.1 {rec.status}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in rec.headers)
    head += f"Content-Length: {len(rec.body)}\r\n\r\n"
    r.set_bytes_content(head.encode("latin-1") + rec.body)
    return r


class _Kept(io.BytesIO):
    def close(self):  # GzipWriter closes its stream when a member ends; the buffer must stay
        pass


def members(records: Iterable[Rec], gzip: bool = True, level: int = 6) -> Iterable[bytes]:
    """Each record as its own bytes: a gzip member, or a plain record."""
    for n, rec in enumerate(records):
        buf = _Kept()
        writer = GzipWriter(buf, compression_level=level) if gzip else buf
        _record(rec, n).write(writer)
        if gzip:
            writer.close()
        yield buf.getvalue()


def write(path: Path, records: Iterable[Rec], gzip: bool = True, level: int = 6) -> list[int]:
    """Write a WARC file; returns each record's offset."""
    offsets, pos = [], 0
    with open(path, "wb") as fh:
        for data in members(records, gzip, level):
            offsets.append(pos)
            fh.write(data)
            pos += len(data)
    return offsets


def page(url: str, body: bytes, content_type: str = "text/html; charset=utf-8") -> Rec:
    return Rec(url, body, headers=(("Content-Type", content_type),))
