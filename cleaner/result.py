"""The types that flow out of `clean()`: one result per document, one record per dropped line."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import NamedTuple


class Removal(NamedTuple):
    """One dropped line: where it was, what it said, which rule dropped it and at which stage.
    A named tuple: every dropped line of every document makes one, and a frozen dataclass costs
    four times as much to build."""

    line_no: int  # 1-based line number in the decoded input (HTML: in the extracted lines)
    text: str
    rule_id: str
    stage: str = "line"  # line | prune | extract | template | guard


@dataclass(frozen=True)
class Decision:
    """One input line in the `explain` view."""

    line_no: int
    text: str
    keep: bool
    reason: str  # rule id or heuristic id; "keep.*" for kept lines

    def __str__(self) -> str:
        tag = "KEEP" if self.keep else "DROP"
        return f"{self.line_no:>5} {tag} {self.reason:<28} {self.text}"


@dataclass
class CleanResult:
    text: str
    body: str
    title: str | None = None
    date: _dt.date | None = None
    language: str | None = None
    removed: list[Removal] = field(default_factory=list)
    decisions: list[Decision] | None = None  # filled when explain=True
    input_format: str = "text"
    notes: list[str] = field(default_factory=list)  # e.g. guard fallbacks
    kind: str = "article"  # article | listing | empty (cleaner/kind.py)
    kind_reason: str = "kind.prose"  # the heuristic that decided the kind
    authors: list[str] = field(default_factory=list)  # the byline's names
    site_name: str | None = None  # HTML: og:site_name, JSON-LD publisher
    url: str | None = None  # when known

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "body": self.body,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "language": self.language,
            "kind": self.kind,
            "kind_reason": self.kind_reason,
            "authors": list(self.authors),
            "site_name": self.site_name,
            "url": self.url,
            "removed": [r._asdict() for r in self.removed],
            "input_format": self.input_format,
        }

    def explain_text(self) -> str:
        return "\n".join(str(d) for d in (self.decisions or []))


class BadInput(ValueError):
    """Input that cannot be cleaned (binary, too large, ...). The message says why."""
