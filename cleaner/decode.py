"""bytes -> str: BOM, declared charset, detection; newline normalisation; refusal of binary."""
from __future__ import annotations

import re
import zlib

from .result import BadInput

MAX_BYTES_DEFAULT = 64 * 1024 * 1024
_CHARSET_META = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_BINARY_MAGIC = (b"\x89PNG", b"%PDF", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"\x7fELF")


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0) / len(sample[0::2])
    odd_nul = sample[1::2].count(0) / len(sample[1::2])
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or 13 < b)


def _looks_binary(data: bytes) -> bool:
    if data.startswith(_BINARY_MAGIC):
        return True
    sample = data[:8192]
    if not sample:
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))  # bytes 0-8 and 14-31, counted in C
    return controls / len(sample) > 0.10


def decode_bytes(data: bytes, *, max_bytes: int = MAX_BYTES_DEFAULT, declared: str | None = None) -> str:
    """Decode bytes to text. Raises BadInput for binary or oversized input; never for bad bytes.
    `declared`: a charset declared outside the bytes (an HTTP header); it is tried before the
    page's own <meta> charset, after a BOM and after UTF-8 (bytes that hold non-ASCII and are
    valid UTF-8 are almost never text in a single-byte charset, and servers often declare
    ISO-8859-1 by default for pages written in UTF-8)."""
    if len(data) > max_bytes:
        raise BadInput(f"input is {len(data)} bytes, over the limit of {max_bytes}")
    if data[:2] == b"\x1f\x8b":  # gzip: inflated, bounded by the same limit (a gzip bomb stops there)
        data = inflate(data, max_bytes)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="replace")
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, errors="replace")
    if _looks_binary(data):
        raise BadInput("input looks binary (control bytes or a known binary signature), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(_as_browsers_read(declared))
        except (UnicodeDecodeError, LookupError):
            pass  # the header was wrong: the page's own word, then detection
    meta = _CHARSET_META.search(data[:4096])
    if meta:
        try:
            return data.decode(meta.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    return _detect(data)


# Labels browsers read as windows-1252 (the WHATWG Encoding Standard): pages served as
# ISO-8859-1 or ASCII use its printable 0x80-0x9F (curly quotes, dashes, the euro sign).
_READ_AS_CP1252 = frozenset({"iso8859-1", "ascii"})  # codecs.lookup names


def _as_browsers_read(charset: str) -> str:
    import codecs

    name = codecs.lookup(charset).name
    return "cp1252" if name in _READ_AS_CP1252 else name


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes  # imported late: only undecodable inputs pay for it

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding, errors="replace")
        except LookupError:
            pass
    return data.decode("utf-8", errors="replace")


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF; NUL bytes become nothing (they are never content)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        text = text.replace("\x00", "")
    return text


def to_text(raw: str | bytes, *, max_bytes: int = MAX_BYTES_DEFAULT) -> str:
    if isinstance(raw, bytes):
        raw = decode_bytes(raw, max_bytes=max_bytes)
    elif len(raw) > max_bytes:
        raise BadInput(f"input is {len(raw)} characters, over the limit of {max_bytes}")
    return normalise_newlines(raw)


def inflate(raw: bytes, cap: int) -> bytes:
    """gunzip in bounded steps: refuse once the output passes `cap` (a gzip bomb stops there)."""
    out, data = bytearray(), raw
    try:
        while data:
            d = zlib.decompressobj(wbits=31)
            while data and not d.eof:
                out += d.decompress(data, cap + 1 - len(out))
                if len(out) > cap:
                    raise BadInput(f"gzip inflates past the limit of {cap} bytes (a gzip bomb?); refused")
                data = d.unconsumed_tail
            if not d.eof:
                raise BadInput("truncated gzip file")
            data = d.unused_data.lstrip(b"\0")  # another gzip member, or padding
    except zlib.error as exc:
        raise BadInput(f"not a valid gzip file: {exc}") from None
    return bytes(out)
