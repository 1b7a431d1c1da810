"""Cross-document templates: lines that recur across many pages of one site are that site's chrome.

Pass 1 (`Learner`) counts, per source, in how many documents each normalised line occurs
(CCNet's normalisation: case-folded, digits -> 0, punctuation and spaces removed; so timestamped
"related" lines collide). Pass 2 (`apply`) drops the kept lines of a cleaned document that its
source repeats, after `clean()` has decided: the result keeps the line-subsequence property and
its line numbers, and every drop is a `Removal(..., "template.repeated", "template")`.

Prose that merely repeats (a quote, a standard paragraph of a series) is the hard case, since
boilerplate like "Your email address will not be published." is sentence-like too. A line is a
template when at least `min_docs` documents of its source contain it, and at least
`min_group_share` of them (a site's chrome is on a good share of its pages; a line on 3 of 181
pages of a folder mixing 126 sites is a coincidence: a subheading, a quote, a time); a prose-like
line must in addition be on at least `min_share` of the source's documents (boilerplate is on
most pages, a repeated paragraph on a minority).
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable

from .lines import SENTENCE_END, WORD
from .result import CleanResult, Decision, Removal

RULE_ID = "template.repeated"
STAGE = "template"
PROFILE_VERSION = 1

_DIGIT = re.compile(r"\d")
_NOT_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Thresholds:
    min_docs: int = 3  # a line on fewer documents of its source is never a template
    min_group_share: float = 0.05  # nor a line on less than this share of them (a coincidence in a big group)
    min_share: float = 0.3  # a prose-like line must be on at least this share of them
    max_body_share: float = 0.5  # beyond this share of the body, only non-prose lines are dropped
    prose_words: int = 10  # prose-like: at least this many words, sentence end, stopwords
    prose_stop: float = 0.25

    def floor(self, documents: int) -> float:
        """The documents of its source a template line must be on."""
        return max(self.min_docs, self.min_group_share * documents)


def line_key(text: str) -> str:
    return _NOT_WORD.sub("", _DIGIT.sub("0", text.casefold()))


def line_hash(text: str) -> int | None:
    """64-bit hash of the normalised line; None for lines with no letters or digits."""
    key = line_key(text)
    if not key:
        return None
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big")


def document_hashes(lines: Iterable[str]) -> list[int]:
    """The distinct line hashes of one document, sorted (each document counts a line once)."""
    return sorted({h for h in map(line_hash, lines) if h is not None})


@dataclass
class SiteTemplates:
    documents: int
    lines: dict[int, int] = field(default_factory=dict)  # line hash -> documents containing it

    def digest(self) -> str:
        payload = json.dumps([self.documents, sorted(self.lines.items())])
        return hashlib.sha256(payload.encode()).hexdigest()[:16]


class Learner:
    """Document frequency of line hashes per source, in bounded memory.

    When the tables exceed `max_entries`, lines seen in fewer than `floor` documents are forgotten
    and the floor rises (lossy counting). Forgetting only undercounts, so an approximation errs
    towards keeping lines, never towards dropping article text."""

    def __init__(self, max_entries: int = 1_000_000):
        self.max_entries = max_entries
        self.tables: dict[str, dict[int, int]] = {}
        self.documents: Counter = Counter()
        self.entries = 0
        self.floor = 1
        self.prunes = 0

    def add(self, source: str, hashes: Iterable[int]) -> None:
        table = self.tables.setdefault(source, {})
        self.documents[source] += 1
        for h in hashes:
            n = table.get(h, 0)
            table[h] = n + 1
            if n == 0:
                self.entries += 1
        if self.entries > self.max_entries:
            self._prune()

    def _prune(self) -> None:
        while self.entries > self.max_entries // 2:
            self.floor += 1
            self.prunes += 1
            for table in self.tables.values():
                for h in [h for h, n in table.items() if n < self.floor]:
                    del table[h]
            self.entries = sum(len(t) for t in self.tables.values())

    def profile(self, thresholds: Thresholds) -> "Profile":
        sites = {}
        for source in sorted(self.tables):
            floor = thresholds.floor(self.documents[source])
            lines = {h: n for h, n in self.tables[source].items() if n >= floor}
            sites[source] = SiteTemplates(self.documents[source], lines)
        return Profile(sites, thresholds, approximate=self.prunes > 0)


@dataclass
class Profile:
    """Per-source template lines; saved as JSON to reuse on later batches of the same sites."""

    sites: dict[str, SiteTemplates]
    thresholds: Thresholds = Thresholds()
    approximate: bool = False  # the learner had to forget rare lines

    def for_source(self, source: str) -> SiteTemplates | None:
        return self.sites.get(source)

    def digest(self, source: str | None = None) -> str:
        """What a document's output depends on: the thresholds and its source's table (or all)."""
        parts = [repr(self.thresholds)]
        names = sorted(self.sites) if source is None else [source]
        parts += [f"{s}={self.sites[s].digest()}" for s in names if s in self.sites]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]

    def template_lines(self) -> int:
        return sum(len(s.lines) for s in self.sites.values())

    def to_json(self) -> str:
        data = {
            "version": PROFILE_VERSION,
            "normalisation": "casefold, digits->0, non-word characters removed, blake2b-64",
            "thresholds": vars(self.thresholds),
            "approximate": self.approximate,
            "sources": {name: {"documents": site.documents,
                               "lines": {f"{h:016x}": n for h, n in sorted(site.lines.items())}}
                        for name, site in sorted(self.sites.items())},
        }
        return json.dumps(data, indent=1, sort_keys=True) + "\n"

    @classmethod
    def load(cls, path: str | Path) -> "Profile":
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            if data.get("version") != PROFILE_VERSION:
                raise ValueError(f"profile version {data.get('version')!r}, expected {PROFILE_VERSION}")
            sites = {name: SiteTemplates(int(site["documents"]),
                                         {int(h, 16): int(n) for h, n in site["lines"].items()})
                     for name, site in data["sources"].items()}
            thresholds = Thresholds(**data["thresholds"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"{path}: not a newsclean template profile: {exc}") from None
        return cls(sites, thresholds, bool(data.get("approximate", False)))


def looks_like_prose(text: str, stop: frozenset[str], th: Thresholds) -> bool:
    words = WORD.findall(text)
    if len(words) < th.prose_words or not SENTENCE_END.search(text):
        return False
    return sum(1 for w in words if w.casefold() in stop) / len(words) >= th.prose_stop


def apply(result: CleanResult, site: SiteTemplates | None, th: Thresholds,
          stop: frozenset[str], counts: Counter) -> CleanResult:
    """Drop the kept lines of `result` that are templates of its source. Needs the explain trace
    (`clean(..., explain=True)`); the headline is never dropped. Counts decisions by reason."""
    if site is None or not site.lines or not result.decisions:
        return result
    kept = [d for d in result.decisions if d.keep]
    headline = _headline(result, kept)
    if headline is False:  # the trace does not rebuild the result: leave the document alone
        counts["template.skipped_untraceable"] += 1
        return result
    found = []  # (line, documents of the source that have it, prose-like) per candidate
    for d in kept:
        df = 0 if d is headline else _frequency(d.text, site)
        if df >= th.floor(site.documents):
            found.append((d, df, looks_like_prose(d.text, stop, th)))
    drops = [(d, prose) for d, df, prose in found if not prose or df >= th.min_share * site.documents]
    counts["template.kept_prose"] += len(found) - len(drops)
    body_chars = sum(len(d.text) for d in kept if d is not headline)
    if drops and sum(len(d.text) for d, _ in drops) > th.max_body_share * body_chars:
        counts["template.guard"] += 1
        drops = [(d, prose) for d, prose in drops if not prose]
    if not drops:
        return result
    counts[RULE_ID] += len(drops)
    return _without(result, {d.line_no for d, _ in drops}, headline)


def _frequency(text: str, site: SiteTemplates) -> int:
    h = line_hash(text)
    return 0 if h is None else site.lines.get(h, 0)


def _headline(result: CleanResult, kept: list[Decision]) -> Decision | None | bool:
    """The kept line that is the headline (in text, not in body); False if none rebuilds the body."""
    from .text_path import join_lines

    blanks = _blanks(result.decisions)
    if join_lines([(d.line_no, d.text) for d in kept], blanks) != result.text:
        return False
    candidates = [d for d in kept if d.reason == "keep.headline" or (result.title and d.text == result.title)]
    for cand in candidates + [None]:
        body = [(d.line_no, d.text) for d in kept if d is not cand]
        if join_lines(body, blanks) == result.body:
            return cand
    return False


def _blanks(decisions: list[Decision]) -> list[int]:
    return [d.line_no for d in decisions if d.reason == "blank"]


def _without(result: CleanResult, dropped: set[int], headline: Decision | None) -> CleanResult:
    from .text_path import join_lines

    decisions = [Decision(d.line_no, d.text, False, RULE_ID) if d.keep and d.line_no in dropped else d
                 for d in result.decisions]
    blanks = _blanks(decisions)
    kept = [(d.line_no, d.text) for d in decisions if d.keep]
    body = [(no, text) for no, text in kept if headline is None or no != headline.line_no]
    removed = result.removed + [Removal(d.line_no, d.text, RULE_ID, STAGE)
                                for d in result.decisions if d.keep and d.line_no in dropped]
    return replace(result, text=join_lines(kept, blanks), body=join_lines(body, blanks),
                   removed=removed, decisions=decisions)
