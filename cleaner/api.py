"""The public entry points: clean() one document, explain() it, replay a trace."""
from __future__ import annotations

from .decode import to_text
from .options import Options
from .result import CleanResult, Decision
from .text_path import clean_text, join_lines

_DEFAULT = Options()


def clean(raw: str | bytes, *, url: str | None = None, input_format: str = "auto",
          options: Options | None = None, explain: bool = False) -> CleanResult:
    """Clean one document (a text dump or an HTML page). Raises BadInput for input that is not
    text (binary, over the size limit); never for undecodable bytes, which are replaced."""
    options = options or _DEFAULT
    text = to_text(raw, max_bytes=options.max_bytes)
    fmt = _resolve_format(text, input_format)
    if fmt == "html":
        from .html_path import clean_html  # imported late: the text path never loads lxml

        return clean_html(text, url=url, options=options, explain=explain)
    return clean_text(text, url=url, options=options, explain=explain)


def _resolve_format(text: str, input_format: str) -> str:
    if input_format in ("text", "html"):
        return input_format
    if input_format != "auto":
        raise ValueError(f"input_format must be 'auto', 'text' or 'html', not {input_format!r}")
    try:
        from .html import looks_like_html
    except ImportError:  # pragma: no cover - the HTML path is optional at import time
        return "text"
    return "html" if looks_like_html(text) else "text"


def replay(decisions: list[Decision]) -> str:
    """Rebuild the cleaned text from an explain trace alone (the trace is complete)."""
    blanks = [d.line_no for d in decisions if d.reason == "blank"]
    return join_lines([(d.line_no, d.text) for d in decisions if d.keep], blanks)


def explain(raw: str | bytes, **kwargs) -> list[Decision]:
    """Every input line with KEEP/DROP and the rule or heuristic that decided it."""
    return clean(raw, explain=True, **kwargs).decisions or []
