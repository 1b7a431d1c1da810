"""Line features: the shallow signals the core classifies on (length, stopwords, punctuation, shape)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import is_timestamp
from .rules import Hit, RuleSet, normalise

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_BULLET = re.compile(r"^(?:[*+•·▪►‣◦–-]|o(?= )|\d{1,2}[.)])\s+")
SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]*_]*$")
_COLON_END = re.compile(r":[\"'”’»)\]*_]*$")
_SLUG = re.compile(r"^[\w.]+(?:[-_][\w.]+){2,}$")
_QUOTE_START = re.compile(r"^[\"“„«‘'‹「]")
_NO_SPACE_SCRIPTS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


@dataclass(slots=True)
class Line:
    no: int  # 1-based line number in the input
    text: str  # stripped
    key: str  # normalised (rules.normalise)
    chars: int
    words: int
    stop: float  # share of words in the language's stoplist
    sentence: bool  # ends like a sentence
    colon: bool  # ends with a colon (a lead-in)
    bullet: bool
    quote: bool
    timestamp: bool
    hit: Hit | None
    capitalised: float  # share of words that start upper-case
    lower_start: bool


def make_line(no: int, text: str, rules: RuleSet, stop: frozenset[str]) -> Line:
    key = normalise(text)
    words = WORD.findall(text)
    n = len(words)
    chars = len(text)
    if _NO_SPACE_SCRIPTS.search(text):  # CJK/Thai: no spaces, so count characters as words
        n = max(n, len(text) // 2)
        stop_share = 0.35 if SENTENCE_END.search(text) else 0.0
        chars *= 3  # one ideograph carries about what three Latin letters do
    else:
        stop_share = sum(1 for w in words if w.casefold() in stop) / n if n else 0.0
    capitalised = sum(1 for w in words if w[0].isupper()) / n if n else 0.0
    first_letter = next((c for c in text if c.isalpha()), "")
    return Line(
        no=no, text=text, key=key, chars=chars, words=n, stop=stop_share,
        sentence=bool(SENTENCE_END.search(text)), colon=bool(_COLON_END.search(text)),
        bullet=bool(_BULLET.match(text)), quote=bool(_QUOTE_START.match(text)),
        timestamp=is_timestamp(text), hit=rules.match(text, key),
        capitalised=capitalised, lower_start=first_letter.islower(),
    )


def is_slug(line: Line) -> bool:
    """File-name or URL slugs left by image alt text: 'flood-rescue-boat-jpg'."""
    return line.words <= 12 and " " not in line.text and bool(_SLUG.match(line.text))


def is_alt_text(line: Line) -> bool:
    """Short lower-case keyword strings with no sentence shape: 'protesters outside parliament'."""
    return (line.lower_start and line.text[0].isalpha() and not line.bullet and 1 <= line.words <= 8 and not line.sentence
            and not line.colon and not line.quote and line.capitalised < 0.5)
