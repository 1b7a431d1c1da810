"""WARC files in: each HTTP 200 response with an HTML or text content type is a document; every
other record is counted as skipped, by reason; a damaged spot (a truncated or corrupt gzip member,
a truncated record) is reported with its byte offset, and the rest of the file is read.

    for doc in iter_records("crawl.warc.gz"):   # WarcDocument(text, url, id, fetch_date, offset, ...)
        ...
    clean_many(iter_records("crawl.warc.gz"))  # a WarcDocument is a (text, url, ...) tuple

The reader is FastWARC (README, Dependencies). It streams, so memory holds one record whatever the
file's size. It stops at the first broken gzip member (and ends quietly on a truncated last one),
so read() reports the spot and restarts it at the next record that parses.
"""
from __future__ import annotations

import os
import re
import zlib
from collections import Counter
from typing import IO, Iterator, NamedTuple, Union

from .decode import decode_bytes
from .options import Options
from .result import BadInput

SUFFIXES = (".warc.gz", ".warc")
DOCUMENT_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
GZIP_MAGIC = b"\x1f\x8b\x08"  # a gzip member's first bytes (deflate)
WARC_MAGIC = b"WARC/1."  # an uncompressed record's first bytes
_BLOCK = 1 << 20
_MIME = re.compile(r"[a-z0-9][a-z0-9.+-]{0,40}/[a-z0-9][a-z0-9.+-]{0,60}")


class WarcDocument(NamedTuple):
    """A response record to clean. text and url come first, so clean_many takes it as (raw, url)."""

    text: str  # decoded: a BOM, else valid UTF-8, else the HTTP header's charset, else the page's own
    url: str | None  # WARC-Target-URI: site packs and templates apply by its host
    id: str | None  # WARC-Record-ID
    fetch_date: str | None  # WARC-Date, as the record has it (ISO 8601)
    offset: int  # the record's byte offset in the file (for .warc.gz: its gzip member's)
    content_type: str  # the HTTP Content-Type, without parameters


class Skipped(NamedTuple):
    offset: int
    reason: str  # record-type=request, status=404, content-type=image/png, not-http, too-large, not-text, empty


class Damaged(NamedTuple):
    offset: int  # where the damage starts: the end of the last record read whole
    error: str


Item = Union[WarcDocument, Skipped, Damaged]


def is_warc(name: str) -> bool:
    return name.endswith(SUFFIXES)


def iter_records(source: str | os.PathLike | IO[bytes], *, skipped: Counter | None = None,
                 damaged: list[Damaged] | None = None, start: int = 0,
                 max_bytes: int = Options().max_bytes) -> Iterator[WarcDocument]:
    """The documents of a WARC file (a path or a seekable binary file), in file order. Skipped
    records are counted in `skipped` by reason; damaged spots are appended to `damaged`."""
    for item in read(source, start=start, max_bytes=max_bytes):
        if type(item) is WarcDocument:
            yield item
        elif type(item) is Skipped:
            if skipped is not None:
                skipped[item.reason] += 1
        elif damaged is not None:
            damaged.append(item)


def read(source: str | os.PathLike | IO[bytes], *, start: int = 0,
         max_bytes: int = Options().max_bytes) -> Iterator[Item]:
    """Every record of a WARC file as a WarcDocument, a Skipped or a Damaged, in file order.
    `start`: the offset of a record to begin at (a previous item's offset), for resuming."""
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as fh:
            yield from _read(fh, start, max_bytes)
    else:
        yield from _read(source, start, max_bytes)


def _read(fh: IO[bytes], start: int, max_bytes: int) -> Iterator[Item]:
    from fastwarc.warc import ArchiveIterator  # imported late: text and HTML inputs never load it

    fh.seek(0)
    gz = fh.read(2) == GZIP_MAGIC[:2]
    size = fh.seek(0, os.SEEK_END)
    pos, resumed = start, False  # resumed: pos was found by scanning, not known to be a record
    while pos is not None and pos < size:
        fh.seek(pos)
        last = failed = None  # offsets of the last record read whole, and of the one being read
        error = None
        try:
            for record in ArchiveIterator(fh, parse_http=False):
                failed = record.stream_pos
                item = _judge(record, max_bytes)
                last, failed = failed, None
                yield item
        except (OSError, ValueError) as exc:  # FastWARC's read and decompression errors, a truncated record
            error = str(exc) or type(exc).__name__
        if last is None and resumed:  # a false signature inside the damage: scan on
            pos = _next_start(fh, pos + 1, gz)
            continue
        end = pos if last is None else _record_end(fh, last, gz)
        # The end of the file (FastWARC may stumble on trailing padding); end is None in a file
        # gzipped as one stream, where records have no offsets of their own.
        if failed is None and (_only_padding(fh, end, size) if end is not None else error is None):
            return
        if error is None:  # the reader ended quietly before the end: a member cut in its header
            error = "truncated or unreadable record at the end of the file"
        at = failed if failed is not None else end if end is not None else last
        yield Damaged(at, error)
        pos, resumed = _next_start(fh, at + 1, gz), True


def _judge(record, max_bytes: int) -> Item:
    """One record's fate. Raises OSError when the record is cut short."""
    offset, headers = record.stream_pos, record.headers
    kind = str(record.record_type)
    if kind != "response":
        return Skipped(offset, f"record-type={kind}")
    if headers.get("Content-Length") is None:
        raise OSError("truncated record: its WARC header is incomplete")
    if not record.is_http:
        return Skipped(offset, "not-http")
    record.parse_http(auto_decode="all")  # chunked transfer and gzip/deflate/brotli content undone
    http = record.http_headers
    if http.status_code != 200:
        return Skipped(offset, f"status={http.status_code or 'missing'}")
    ctype = (record.http_content_type or headers.get("WARC-Identified-Payload-Type") or "").strip().lower()
    if ctype not in DOCUMENT_TYPES:
        return Skipped(offset, f"content-type={_mime_label(ctype)}")
    expected = record.content_length  # the payload bytes as stored (before any decoding)
    body = record.reader.read(max_bytes + 1)
    if len(body) > max_bytes:
        return Skipped(offset, "too-large")
    if len(body) < expected and not _encoded(http):
        raise OSError(f"truncated record: {len(body)} of its {expected} payload bytes")
    try:
        text = decode_bytes(body, max_bytes=max_bytes, declared=record.http_charset)
    except BadInput:
        return Skipped(offset, "not-text")  # binary bytes under a text content type
    if not text.strip():
        return Skipped(offset, "empty")
    url = (headers.get("WARC-Target-URI") or "").strip("<> ") or None  # WARC/1.0 writers may bracket it
    return WarcDocument(text, url, record.record_id, headers.get("WARC-Date"), offset, ctype)


def _mime_label(ctype: str) -> str:
    """A content type as a report key: servers send anything, so odd values share one key."""
    if not ctype:
        return "missing"
    return ctype if _MIME.fullmatch(ctype) else "other"


def _encoded(http) -> bool:
    """Whether the payload was decoded on reading (its length then differs from the stored one)."""
    return http.get("Content-Encoding", "identity").strip().lower() != "identity" \
        or http.get("Transfer-Encoding") is not None


# ---------------------------------------------------------------- finding record boundaries

def _record_end(fh: IO[bytes], offset: int, gz: bool) -> int | None:
    """The offset just after the record that starts at `offset` (None when it does not end)."""
    return _member_end(fh, offset) if gz else _plain_end(fh, offset)


def _member_end(fh: IO[bytes], offset: int) -> int | None:
    """The end of the gzip member at `offset`, found by inflating it (output discarded)."""
    fh.seek(offset)
    inflater, fed = zlib.decompressobj(wbits=31), 0
    try:
        while not inflater.eof:
            block = fh.read(_BLOCK)
            if not block:
                return None
            fed += len(block)
            data = block
            while data and not inflater.eof:
                inflater.decompress(data, _BLOCK)
                data = inflater.unconsumed_tail
    except zlib.error:
        return None
    return offset + fed - len(inflater.unused_data)


def _plain_end(fh: IO[bytes], offset: int) -> int | None:
    """The end of the uncompressed record at `offset`: header, Content-Length bytes, CRLF CRLF."""
    fh.seek(offset)
    head = fh.read(64 << 10)
    cut = head.find(b"\r\n\r\n")
    found = re.search(rb"\r\nContent-Length:[ \t]*(\d+)", head[:cut], re.I) if cut > 0 else None
    if not found:
        return None
    return offset + cut + 4 + int(found.group(1)) + 4


def _only_padding(fh: IO[bytes], end: int, size: int) -> bool:
    """Whether the bytes after the last record are nothing (NULs or line ends some writers add)."""
    if size - end > 4096:
        return False
    fh.seek(end)
    return not fh.read().strip(b"\0\r\n")


def _next_start(fh: IO[bytes], offset: int, gz: bool) -> int | None:
    """The next offset from `offset` on where a record may start: a gzip member's or an
    uncompressed record's signature. Read in blocks, so memory stays flat."""
    magic = GZIP_MAGIC if gz else WARC_MAGIC
    fh.seek(offset)
    carry = b""
    base = offset
    while block := fh.read(_BLOCK):
        data = carry + block
        hit = data.find(magic)
        if hit >= 0:
            return base + hit
        keep = len(magic) - 1
        carry = data[-keep:]
        base += len(data) - len(carry)
    return None
