"""Legal and footer text: which lines speak the words of disclaimers, data-protection and
newsletter-consent notices, copyright and licence lines or imprints (rules/kinds/footer.toml).

Not a rule: such a line is not dropped for it (an article about data protection uses the same
words). The core's guard asks only about the lines it kept, to tell a page whose article was
lost, and whose kept text is its footer, from one whose article was found. Every language's
terms are found in one Aho-Corasick scan of the lines asked about.
"""
from __future__ import annotations

import bisect
import functools
import tomllib
from dataclasses import dataclass

from .rules import joined_texts, line_starts, packaged_root


@dataclass(frozen=True)
class Terms:
    lang: str
    terms: tuple[str, ...]
    matches: tuple[str, ...]
    keeps: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def vocabularies() -> tuple[Terms, ...]:
    """Every language's footer terms, as data (rules/kinds/footer.toml)."""
    data = tomllib.loads(packaged_root().joinpath("kinds", "footer.toml").read_text(encoding="utf-8"))
    return tuple(Terms(t["lang"], tuple(w.lower() for w in t["terms"]), tuple(t.get("examples", {}).get("match", ())),
                       tuple(t.get("examples", {}).get("keep", ())))
                 for t in data["terms"])


@functools.lru_cache(maxsize=None)
def _automaton(terms: tuple[str, ...]):
    import ahocorasick_rs

    return ahocorasick_rs.AhoCorasick(list(terms), matchkind=ahocorasick_rs.MatchKind.Standard,
                                      implementation=ahocorasick_rs.Implementation.DFA)


@functools.lru_cache(maxsize=1)  # (built on every call, it cost a page 10 us)
def _all_terms() -> tuple[str, ...]:
    """All languages' terms: a site's footer may speak another language than its article."""
    return tuple(dict.fromkeys(w for v in vocabularies() for w in v.terms))


def footer_lines(texts: list[str], terms: tuple[str, ...] | None = None) -> set[int]:
    """Indexes of the texts holding a term at the start of one of their words."""
    if not texts:
        return set()
    joined, lowered = joined_texts(texts, lower=True)
    starts = line_starts(lowered)
    found = set()
    for _, start, _ in _automaton(terms or _all_terms()).find_matches_as_indexes(joined, overlapping=True):
        if start == 0 or not joined[start - 1].isalnum():
            found.add(bisect.bisect(starts, start) - 1)
    return found


def is_footer(text: str) -> bool:
    """Whether one line holds a legal or footer term of any language."""
    return bool(footer_lines([text]))
