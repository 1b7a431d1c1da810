"""The HTML path: prune and extract (cleaner/html.py), then the same line rules and heuristics as
text dumps, to remove the chrome the extractor lets through. Page metadata fills what lines lack."""
from __future__ import annotations

from . import authors
from .text_path import clean_text
from .options import Options
from .page_meta import PageMeta
from .result import CleanResult, Decision


def paragraphs(lines: list[str]) -> str:
    """The extracted lines as the text path reads a dump: a blank line between paragraphs, none
    inside a list or a table (bullets and rows follow one another), so the output has one shape."""
    out: list[str] = []
    for line in lines:
        if out and not (_row(line) and _row(out[-1])):
            out.append("")
        out.append(line)
    return "\n".join(out)


def _row(line: str) -> bool:
    return line.startswith("• ") or line.startswith("|") or " | " in line


def clean_html(html: str, *, url: str | None = None, options: Options | None = None,
               explain: bool = False) -> CleanResult:
    from .html import extract_html

    extraction = extract_html(html, url=url)
    text = paragraphs(extraction.lines)
    meta = extraction.meta or PageMeta()
    result = clean_text(text, url=url, options=options, explain=explain, input_format="html", extracted=True,
                        title_hint=extraction.headline or extraction.title, cards=meta.cards)
    result.site_name = meta.site_name
    if result.kind == "article":  # the markup's authors first: the extract often leaves the byline out
        result.authors = authors.from_markup(meta.authors, meta.site_name) or result.authors
    result.title = (result.title or extraction.title) if result.kind != "empty" else None  # a shell names no story
    # the markup states the date; lines only suggest it. A listing has none.
    result.date = (extraction.date or result.date) if result.kind == "article" else None
    result.language = result.language or extraction.language
    result.removed = list(extraction.removed) + result.removed
    if extraction.fallback:
        result.notes.append("extract.fallback")
    if explain and result.decisions is not None:
        # The trace shows the earlier stages too: pruned nodes first (line 0), then extracted lines.
        result.decisions = [Decision(0, r.text, False, f"{r.stage}:{r.rule_id}") for r in extraction.removed] \
            + result.decisions
    return result
