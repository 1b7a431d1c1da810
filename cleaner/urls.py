"""A document's URL from outside it, and the host that groups it: site rule packs and
cross-document templates apply by host."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

SIDECAR = ".url"  # NAME.html.url beside NAME.html holds the page's URL
_MAX_SIDECAR = 8192  # a URL, not a document


def sidecar(path: Path) -> str | None:
    """The URL in `NAME.url` beside the file NAME, if there is one (first line, stripped)."""
    try:
        with open(path.with_name(path.name + SIDECAR), "rb") as fh:
            data = fh.read(_MAX_SIDECAR)
    except OSError:  # none (or unreadable): the document has no outside URL
        return None
    first = data.decode("utf-8", errors="replace").strip().split("\n", 1)[0].strip()
    return first or None


def host(url: str | None) -> str | None:
    """The URL's host without a leading 'www.'; None when there is no valid host."""
    try:
        name = urlsplit(url).hostname if url else None
    except ValueError:
        return None
    return name[4:] if name and name.startswith("www.") else name
