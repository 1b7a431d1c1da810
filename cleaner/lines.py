"""Line features: the shallow signals the core classifies on (length, stopwords, punctuation, shape)."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from itertools import islice
from operator import itemgetter

from .dates import is_timestamp
from .native import compiled
from .rules import Hit, RuleSet, normalise_all

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_BULLET_MARKS = "*+•·▪►‣◦–-"
_BULLET = re.compile(rf"^(?:[{re.escape(_BULLET_MARKS)}]|o(?= )|\d{{1,2}}[.)])\s+")
SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]*_]*$")
# Sentence, colon, bullet and quote tests as str methods for the per-line loop; tests/test_lines.py
# holds them equal to their regex definitions.
CLOSERS = "\"'”’»)]*_"
SENTENCE_CHARS = tuple(".!?…。！？")
_BULLET_STARTS = frozenset("*+•·▪►‣◦–-o0123456789")
_QUOTES = frozenset("\"“„«‘'‹「")
_SLUG = re.compile(r"^[\w.]+(?:[-_][\w.]+){2,}$")
LINE_CACHE_MAX = 50_000  # lines remembered (each under CACHED_LINE_CHARS: about 35 MB a process, measured)
_TABLES: dict[tuple[int, int], dict[str, "Line"]] = {}  # (rules id, stoplist id) -> text -> its Line
_OWNERS: dict[tuple[int, int], tuple] = {}
CACHED_LINE_CHARS = 400  # prose paragraphs rarely repeat: only shorter lines are remembered
_FIRST = itemgetter(0)
_NO_SPACE_SCRIPTS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


def line_stats_python(texts: list[str], stop: frozenset[str], max_stop_len: int) -> list[tuple]:
    """(words, stopwords, capitalised, sentence, colon, quote, lower_start, digit) of each line:
    WORD's findall, how many casefold into the stoplist, how many start upper-case; whether the
    line, trailing quotes and brackets aside, ends like a sentence or with a colon; whether it
    opens with a quote; whether its first letter is lower-case; whether it holds a digit
    (str.isdigit). The definition; cleaner/_kernel.c computes the same in C (max_stop_len, the
    longest stopword, only lets it skip long words)."""
    out = []
    for text in texts:
        words = WORD.findall(text)
        unclosed = text.rstrip(CLOSERS)  # the text before trailing quotes and brackets
        first = next((c for c in text if c.isalpha()), "")
        out.append((len(words), sum(map(stop.__contains__, map(str.casefold, words))),
                    sum(map(str.isupper, map(_FIRST, words))), unclosed.endswith(SENTENCE_CHARS),
                    unclosed.endswith(":"), text[:1] in _QUOTES, first.islower(), any(map(str.isdigit, text))))
    return out


_line_stats = compiled("line_stats")
_SENTENCE_ENDS, _QUOTE_CHARS = "".join(SENTENCE_CHARS), "".join(sorted(_QUOTES))  # as C reads them


def line_stats(texts: list[str], stop: frozenset[str], max_stop_len: int) -> list[tuple]:
    """line_stats_python(); in C when built (cleaner/_kernel.c)."""
    if _line_stats is None:
        return line_stats_python(texts, stop, max_stop_len)
    return _line_stats(texts, stop, max_stop_len, CLOSERS, _SENTENCE_ENDS, _QUOTE_CHARS, _stops(stop))


def content_words_python(texts: list[str], min_len: int) -> set[str]:
    """The words (WORD's findall) of each text's casefold() that have min_len characters or more,
    in one set. The definition; cleaner/_kernel.c computes the same in C."""
    return {w for text in texts for w in WORD.findall(text.casefold()) if len(w) >= min_len}


_content_words = compiled("content_words")


def content_words(texts: list[str], min_len: int) -> set[str]:
    """content_words_python(); in C when built (the regex engine costs ten times as much on prose)."""
    if _content_words is None:
        return content_words_python(texts, min_len)
    return _content_words(texts, min_len)


@functools.lru_cache(maxsize=64)
def _longest(stop: frozenset[str]) -> int:
    return max(map(len, stop), default=0)


_stop_table = compiled("stop_table")
_STOP_TABLES: dict[int, object] = {}  # id(stoplist) -> its table, which holds the stoplist (so the id stays its)


def _stops(stop: frozenset[str]):
    """The stoplist's ASCII words as the kernel looks them up (no str made for an ASCII word); made
    once per stoplist object (the kernel checks that a table is the stoplist's own)."""
    if _stop_table is None:
        return None
    table = _STOP_TABLES.get(id(stop))
    if table is None:
        if len(_STOP_TABLES) >= 64:
            _STOP_TABLES.clear()
        table = _STOP_TABLES[id(stop)] = _stop_table(stop)
    return table


@dataclass(slots=True)
class Line:
    """A line's features. One object stands for every occurrence of its text (in a document and
    across documents), so its features never change after it is made (only `judged`, a cache of
    what they give, is filled in once); line numbers are kept beside."""
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
    digit: bool = False  # holds a digit: quantities, times, table figures
    # What core makes of the line on its own (its class, scores, headline shape), kept beside it: repeated
    # lines are judged once. A cache of a function of the fields above, not a feature. (Like every
    # field, it holds no container that could lead back to a Line: the kernel takes the Lines it
    # makes off the garbage collector's lists, which the table of 50,000 made slow to walk.)
    judged: tuple | None = field(default=None, compare=False, repr=False)


def make_lines(texts: list[str], rules: RuleSet, stop: frozenset[str]) -> list[Line]:
    """The Line of each stripped text. A line's features depend only on its text, the rules and
    the stoplist, and chrome lines repeat across the pages of a site (57% of the dev set's lines
    appear on more than one page): each is computed once per process, in a bounded table."""
    owner = (id(rules), id(stop))
    table = _TABLES.get(owner)
    if table is None:
        table = _TABLES[owner] = {}
        _OWNERS[owner] = (rules, stop)  # held, so that no other object takes these ids
    known = list(map(table.get, texts))  # one look into the large table per line (each a cache miss)
    fresh = _features(list(dict.fromkeys(text for text, line in zip(texts, known) if line is None)), rules, stop)
    lines = [line or fresh[text] for text, line in zip(texts, known)] if fresh else known
    size = table_size()
    if size + len(fresh) > LINE_CACHE_MAX:
        _TABLES.clear()
        _OWNERS.clear()
        table = _TABLES[owner] = {}
        _OWNERS[owner] = (rules, stop)
        size = 0
    keep = ((text, line) for text, line in fresh.items() if len(text) <= CACHED_LINE_CHARS)
    table.update(islice(keep, max(0, LINE_CACHE_MAX - size)))
    return lines


def table_size() -> int:
    """Lines in the table, over all (rules, stoplist) pairs."""
    return sum(map(len, _TABLES.values()))


def _features(texts: list[str], rules: RuleSet, stop: frozenset[str]) -> dict[str, Line]:
    """The Line of each (distinct) text: its key and rule hit, then its counts and shapes, in one
    call over all the lines (line_objects)."""
    keys = normalise_all(texts)
    hits = rules.match_lines(texts, keys)
    return dict(zip(texts, line_objects(texts, keys, hits, stop)))


_line_objects = compiled("line_objects")


def line_objects(texts: list[str], keys: list[str], hits: list[Hit | None], stop: frozenset[str]) -> list[Line]:
    """line_objects_python(); in C when built (cleaner/_kernel.c), for a page with no ideographs
    (their counts are the Python definition's alone: the kernel says None for such a page)."""
    made = None if _line_objects is None else _line_objects(
        Line, texts, keys, hits, stop, _longest(stop), CLOSERS, _SENTENCE_ENDS, _QUOTE_CHARS, _BULLET_MARKS,
        is_timestamp, _stops(stop))
    return line_objects_python(texts, keys, hits, stop) if made is None else made


def line_objects_python(texts: list[str], keys: list[str], hits: list[Hit | None], stop: frozenset[str]) -> list[Line]:
    """The Line of each text, given its key (rules.normalise) and its rule hit. The definition;
    cleaner/_kernel.c builds the same Lines in C."""
    no_space_script = bool(_NO_SPACE_SCRIPTS.search("\n".join(texts)))
    stats = line_stats(texts, stop, _longest(stop))
    out = []
    for text, key, hit, (n, stops, caps, sentence, colon, quote, lower_start, digit) in zip(texts, keys, hits, stats):
        chars = len(text)
        if no_space_script and _NO_SPACE_SCRIPTS.search(text):  # CJK/Thai: count characters as words
            n = max(n, len(text) // 2)
            stop_share = 0.35 if SENTENCE_END.search(text) else 0.0
            chars *= 3  # one ideograph carries about what three Latin letters do
        else:
            stop_share = stops / n if n else 0.0
        capitalised = caps / n if n else 0.0
        bullet = (text[0] in _BULLET_STARTS or text[0].isdecimal()) and _BULLET.match(text) is not None
        # (a line over 90 characters is no timestamp, nor is one with no digit unless "an hour ago",
        # under 40 characters: no call)
        timestamp = (len(text) <= 90 and (digit or (len(text) < 40 and "ago" in text.lower()))
                     and is_timestamp(text, digit))
        out.append(Line(text, key, chars, n, stop_share, sentence, colon, bullet, quote, timestamp, hit,
                        capitalised, lower_start, digit))
    return out


_NO_SPACE_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u0e00-\u0e7f]{2,}")


def spaceless(line: Line) -> bool:
    """A line in a script written without spaces (line_objects weighs its characters three times)."""
    return line.chars != len(line.text)


def ideograph_pairs(texts: list[str]) -> set[str]:
    """Every two characters in a row of each run of ideographs, kana, hangul or Thai: the units
    their words are compared in (a run, written with no spaces, is a phrase or a sentence, never
    found whole again)."""
    joined = "\n".join(texts)
    if joined.isascii():
        return set()
    return {run[k:k + 2] for run in _NO_SPACE_RUN.findall(joined) for k in range(len(run) - 1)}


def is_slug(line: Line) -> bool:
    """File-name or URL slugs left by image alt text: 'flood-rescue-boat-jpg'."""
    return line.words <= 12 and " " not in line.text and bool(_SLUG.match(line.text))


# Code, a command line, a link or a figure: an alt text is plain words, never brackets, '=', ' -s',
# 'a.b' or a decimal ('3.3 GB/s'; a date's 'd.m.y' is no decimal).
CODE_SHAPED = re.compile(r"[=(){}\[\];<>]|[^\W\d_]\.[^\W\d_]|(?:^|\s)--?[a-z]|(?<![\d.,])\d+[.,]\d+(?![\d.,])")


def is_alt_text(line: Line) -> bool:
    """Short lower-case keyword strings with no sentence shape: 'protesters outside parliament'."""
    return (line.lower_start and line.text[0].isalpha() and not line.bullet and 1 <= line.words <= 8 and not line.sentence
            and not line.colon and not line.quote and line.capitalised < 0.5 and not CODE_SHAPED.search(line.text))
