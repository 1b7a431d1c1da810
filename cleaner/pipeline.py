"""clean_many: clean a stream of documents, in order, in one process or several.

Streaming: at most `jobs * chunksize * 2` documents are in flight, so an endless generator works
and memory stays flat. Results come back in input order, byte-identical for any `jobs`.
"""
from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal, Union

from .api import clean
from .options import Options
from .result import BadInput, CleanResult

Item = Union[str, bytes, tuple, dict]


@dataclass(frozen=True)
class CleanError:
    """A document that could not be cleaned; the stream goes on."""

    index: int
    error: str


def _unpack(item: Item) -> tuple[str | bytes, str | None]:
    if isinstance(item, (str, bytes)):
        return item, None
    if isinstance(item, tuple):
        return item[0], (item[1] if len(item) > 1 else None)
    if isinstance(item, dict):
        return item.get("text", ""), item.get("url")
    raise TypeError(f"expected str, bytes, (raw, url) or a dict with 'text', not {type(item).__name__}")


def _clean_chunk(chunk: list[tuple[int, Item]], input_format: str, options: Options | None) -> list:
    out: list[CleanResult | CleanError] = []
    for index, item in chunk:
        try:
            raw, url = _unpack(item)
            out.append(clean(raw, url=url, input_format=input_format, options=options))
        except (BadInput, TypeError, ValueError, RecursionError) as exc:
            out.append(CleanError(index, f"{type(exc).__name__}: {exc}"))
    return out


def clean_many(items: Iterable[Item], *, jobs: int = 1, chunksize: int = 16, input_format: str = "auto",
               options: Options | None = None,
               errors: Literal["return", "raise"] = "return") -> Iterator[CleanResult | CleanError]:
    """Yield one CleanResult per item, in input order. Items are str/bytes, (raw, url) pairs, or
    dicts with "text" (and "url"). A bad item yields a CleanError (or raises, with errors="raise")."""
    chunks = _chunks(enumerate(items), chunksize)
    results = _serial(chunks, input_format, options) if jobs <= 1 else _parallel(chunks, jobs, input_format, options)
    for result in results:
        if isinstance(result, CleanError) and errors == "raise":
            raise BadInput(f"document {result.index}: {result.error}")
        yield result


def _chunks(numbered: Iterator[tuple[int, Any]], size: int) -> Iterator[list[tuple[int, Any]]]:
    while chunk := list(itertools.islice(numbered, size)):
        yield chunk


def _serial(chunks, input_format, options) -> Iterator:
    for chunk in chunks:
        yield from _clean_chunk(chunk, input_format, options)


def _parallel(chunks, jobs: int, input_format: str, options) -> Iterator:
    window: deque[Future] = deque()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for chunk in chunks:
            window.append(pool.submit(_clean_chunk, chunk, input_format, options))
            if len(window) >= jobs * 2:  # bounded: never read far ahead of what is consumed
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()
