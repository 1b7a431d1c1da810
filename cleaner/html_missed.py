"""Did the extract miss the article? The page's main block of prose, measured on the pruned tree.

trafilatura's fast path sometimes settles on a teaser, a box or a caption while the article's
paragraphs sit in another container. The main block is the element whose own <p> children hold
the most prose; an extract that holds little of it is asked again with trafilatura's fallbacks.
"""
from __future__ import annotations

import re

PROSE_SPACES = 11  # twelve words or more: a paragraph, as html.prose_share counts prose
PROBE_CHARS = 120  # a paragraph is in the extract when its normalised opening is
_WORD = re.compile(r"\w+")
_NEWLINES = re.compile(r"[ \t]*[\r\n][\s]*")
_PRE = re.compile(r"<(pre|textarea)[\s>]", re.IGNORECASE)


def main_block(tree) -> list[str]:
    """The prose paragraphs (<p> of twelve words or more) of the element holding the most prose
    in its own <p> children, in page order; [] when the page has no prose paragraph."""
    groups: dict[int, list[str]] = {}
    for node in tree.css("p"):
        text = " ".join((node.text(deep=True, separator=" ") or "").split())
        if text.count(" ") >= PROSE_SPACES and node.parent is not None:
            groups.setdefault(node.parent.mem_id, []).append(text)
    return max(groups.values(), key=lambda g: sum(map(len, g)), default=[])


def normalised(text: str) -> str:
    """Lower-case words joined by single spaces, soft hyphens removed (extractors drop them)."""
    return " ".join(_WORD.findall(text.replace("\u00ad", "").lower()))


def covered(block: list[str], text: str) -> int:
    """How many characters of the block's paragraphs the text holds."""
    flat = normalised(text)
    return sum(len(p) for p in block if normalised(p)[:PROBE_CHARS] in flat)


def one_line(html: str) -> str:
    """The page's source line breaks made spaces, as a browser renders them (a page with <pre> or
    <textarea> as it is): trafilatura's fallback (readability) keeps them inside paragraphs."""
    return html if _PRE.search(html) else _NEWLINES.sub(" ", html)
