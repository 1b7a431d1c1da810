"""Who wrote a page: the names in its byline ("By ...", "Von ...", "Par ...", "Por ...", "Di ...",
"Door ...", "Autor: ..."), or in its markup (JSON-LD and meta author, cleaner/page_meta.py).

Only names: roles ("Senior Reporter"), dates, agencies and site names are left out, and a line
that reads as a sentence gives none. The vocabularies are data (rules/kinds/authors.toml)."""
from __future__ import annotations

import functools
import re
import re._parser as _sre_parser
import tomllib

from .dates import is_timestamp, month_names
from .lines import Line
from .rules import packaged_root

MAX_BYLINE_WORDS = 14  # a longer line is a sentence, not a byline
HEAD_REACH = 6  # lines after the article's first kept line a byline may stand
TAIL_REACH = 4  # lines after the article's last kept line a credit line may stand
_TOKEN = re.compile(r"^(?:[A-ZÀ-ÖØ-ÞŁŚŻŹĆŃ][\w'’.\-]*|[A-ZÀ-Þ]\.)$")


@functools.lru_cache(maxsize=1)
def vocabulary() -> dict:
    return tomllib.loads(packaged_root().joinpath("kinds", "authors.toml").read_text(encoding="utf-8"))


# where a byline's names end: a separator, a preposition ("for", "on"), or (in _patterns' cut) a digit
_CUT = r"\s*(?:\||·|•|/|\s[-–—]\s|\(|\bfor\b|\bfür\b|\bpour\b|\bpara\b|\bper\b|\bvoor\b|\bon\b|\bam\b|\ble\b|\bel\b|\bil\b|\bop\b|\b[Ii]n\b"
# the same for a text with no digit, where cut's digit and date branches cannot match: the first
# place either matches is the same, and both take the rest of the line (a byline has no newline)
_CUT_UNDATED = re.compile(_CUT + r").*$")
_DIGIT = re.compile(r"\d")


@functools.lru_cache(maxsize=1)
def _patterns():
    v = vocabulary()
    prefix = re.compile(r"^\W{0,3}(?:" + "|".join(v["prefixes"]) + r")\s+(.+)$", re.IGNORECASE)
    joiners = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\ben\b|\bi\b|\bund\b)\s*")
    months = "|".join(sorted((m for m in month_names() if len(m) >= 3), key=len, reverse=True))
    cut = re.compile(_CUT + r"|\d|\b(?i:" + months + r")\.?\s+\d).*$")  # "Jane Roe Nov 18, 2019": the date is no name
    return prefix, joiners, cut, frozenset(w.casefold() for w in v["particles"]), \
        frozenset(w.casefold() for w in v["not_names"])


def of_article(texts: list[str], verdicts: dict, title_index: int | None, lines: list[Line] | None = None) -> list[str]:
    """The byline's names near the article's start: from a few lines above its headline (or first
    kept line) to a few lines into it; else a credit line closing the article ("(Reporting by
    ...)"). Bylines of teasers further down are not the page's. lines: the texts' Lines (from_lines)."""
    kept = [i for i, v in verdicts.items() if v.keep and i != title_index]
    if not kept:
        return []
    first, last = min(kept), max(kept)
    top = title_index if title_index is not None else first
    return from_lines(texts, top - HEAD_REACH, first + HEAD_REACH, lines) or \
        _credit(texts[last + 1: last + 1 + TAIL_REACH])


def from_lines(texts: list[str], start: int, end: int, lines: list[Line] | None = None) -> list[str]:
    """The names of the first byline among texts[start:end] (the page head and the article's first
    lines). A byline may take two lines: "By" over the name, or the name over its date. lines: the
    texts' Lines, when the caller has them (their digit and timestamp fields spare those tests)."""
    span = range(max(0, start), min(end, len(texts)))
    for k in span:  # a byline line first: a two-line one is the weaker sign
        names = byline_names(texts[k], lines[k].digit if lines else None)
        if names:
            return names
    for k in span:
        if k + 1 < len(texts):
            names = _split_byline(texts[k], texts[k + 1], lines[k + 1].timestamp if lines else None)
            if names:
                return names
    return []


def _split_byline(text: str, following: str, timestamp: bool | None = None) -> list[str]:
    """A byline over two lines: its prefix alone ("By", "Von") over the names, or a name (and its
    outlet, after a comma) over a line that is only a date or a time ("vor 2 Stunden").
    timestamp: is_timestamp(following), when the caller knows."""
    stripped = text.strip()
    m = len(stripped) <= _prefix_alone_max() and _patterns()[0].match(stripped + " x")
    if m and m.group(1) == "x" and not _more_words(following, MAX_BYLINE_WORDS):  # the line is the prefix alone
        return names_in(following)
    if len(following) <= 60 and not _more_words(text, MAX_BYLINE_WORDS) and _timestamp(following, timestamp):
        _, joiners, _, _, _ = _patterns()
        if {w.strip(",;").casefold() for w in text.split()} & _legal_forms():
            return []  # "Harbour Freight, Inc.": a company's release
        head = text.lstrip("*•·-– ").split(",")[0]  # after a comma: the outlet ("Jane Roe, Harbour Gazette")
        chunks = [c.strip(" .:") for c in joiners.split(head)]
        names = [_name(c, None) for c in chunks if len(c.split()) <= NAME_LINE_WORDS]
        names = [n for n in names if n and not _acronym_inside(n) and not _noun_endings().search(n)]
        return names if len(names) == len(chunks) else []  # the line is names and nothing else
    return []


def _timestamp(following: str, known: bool | None) -> bool:
    """is_timestamp of the line under a name, a bullet's marker aside; known: is_timestamp(following)."""
    if known is None or following[:1] in _MARKERS:  # ("" is in any str: an empty line is asked too)
        return is_timestamp(following.lstrip(_MARKERS))
    return known


_MARKERS = "*•·-– "


@functools.lru_cache(maxsize=1)
def _prefix_alone_max() -> int:
    """The longest line a byline prefix alone can be: three marks, then the longest prefix."""
    return 3 + _sre_parser.parse("(?:" + "|".join(vocabulary()["prefixes"]) + ")", re.IGNORECASE).getwidth()[1]


def _more_words(text: str, most: int) -> bool:
    """len(text.split()) > most, without splitting a paragraph into all its words."""
    return len(text.split(None, most)) > most


@functools.lru_cache(maxsize=1)
def _legal_forms() -> frozenset[str]:
    return frozenset(w.casefold() for w in vocabulary()["legal_forms"])


NAME_LINE_WORDS = 3  # a name alone on its line over its date: a longer one is a headline or a label


def _acronym_inside(name: str) -> bool:
    """An all-capital word in a name that is not all capitals ("RSS Comments"): no person's name."""
    words = name.split()
    return not name.isupper() and any(len(w) >= 3 and w.isupper() for w in words)


@functools.lru_cache(maxsize=1)
def _noun_endings() -> re.Pattern:
    return re.compile(r"(?:" + "|".join(vocabulary()["not_name_endings"]) + r")\b", re.IGNORECASE)


def _credit(texts: list[str]) -> list[str]:
    """A credit line in brackets after the article's last line: "(Reporting by ...; Editing by ...)"."""
    for text in texts:
        m = _credit_pattern().match(text.strip())
        if m:
            return names_in(m.group(1))
    return []


@functools.lru_cache(maxsize=1)
def _credit_pattern() -> re.Pattern:
    return re.compile(r"^\((?:" + "|".join(vocabulary()["credits"]) + r")\s+([^;)]{3,60})", re.IGNORECASE)


def byline_names(text: str, digit: bool | None = None) -> list[str]:
    """The names a byline line gives ("By Jane Roe and Li Wei, Staff Writers" -> two), else [].
    digit: whether the text holds one (str.isdigit), when the caller knows: the dated shapes need one."""
    if _more_words(text, MAX_BYLINE_WORDS):
        return []
    prefix, _, _, _, _ = _patterns()
    text = text.strip()
    m = prefix.match(text)
    if m:
        return names_in(m.group(1))
    m = _posted().match(text)  # "Posted 3 May 2024 by Jane Roe": a date label ending in its author
    if m:
        return names_in(m.group(1))
    # "Fabian Halvorsen, Retail Correspondent": a name, then its role (a comma or a bar parts them)
    m = ("," in text or "|" in text) and _NAME_ROLE.match(text)
    if m and set(re.findall(r"\w+", m.group(2).casefold())) & _roles():
        return names_in(m.group(1))
    m = " @" in text and _HANDLE.match(text)  # "Mara Quist @maraquist / 2 days": a name, then its handle
    if m:
        return names_in(m.group(1))
    if digit is False:  # (the dated shapes below hold a \d, and str.isdigit holds for each)
        return []
    m = _dated().match(text)  # "July 2, 2024 by Jane Roe": a date, then its author
    if m and is_timestamp(m.group(1)):
        return names_in(m.group(2))
    m = _DATED_NAME.match(text)  # "30. Oktober 2019 | Jane Roe": a dated line closing on a bare name
    if m and is_timestamp(m.group(1)):
        return _bare_names(m.group(2))
    return []


# a date ending in its year, then (after a bar, a dot or nothing) two or three capitalised words alone
_DATED_NAME = re.compile(r"^\W{0,3}([\w.,: ]{4,30}?\b(?:19|20)\d\d)\s*[|·•–-]?\s+((?:[A-ZÀ-Þ][\w'’.-]+ ?){2,3})$")


def _bare_names(text: str) -> list[str]:
    """A name with no prefix is a weak sign: one person's name and nothing else (no role, no noun)."""
    name = _name(text.strip(), None)
    return [name] if name and len(name.split()) <= NAME_LINE_WORDS and not _acronym_inside(name) \
        and not _noun_endings().search(name) else []


_HANDLE = re.compile(r"^((?:[A-ZÀ-Þ][\w'’.-]+ ){1,3}[A-ZÀ-Þ][\w'’.-]+) @\w{2,30}\b")


@functools.lru_cache(maxsize=1)
def _dated() -> re.Pattern:
    return re.compile(r"^\W{0,3}([\w.,: ]{6,40}?\d)\s*[|·,]?\s+(?:" + "|".join(vocabulary()["posted_by"])
                      + r")\s+([A-ZÀ-Þ].{2,60})$", re.IGNORECASE)


_NAME_ROLE = re.compile(r"^([^,|]{3,60})[,|]\s*(.{3,60})$")


@functools.lru_cache(maxsize=1)
def _posted() -> re.Pattern:
    v = vocabulary()
    return re.compile(r"^\W{0,3}(?:" + "|".join(v["posted"]) + r")\b.{0,60}?\b(?:" + "|".join(v["posted_by"])
                      + r")\s+([A-ZÀ-Þ].{2,60})$", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _roles() -> frozenset[str]:
    return frozenset(w.casefold() for w in vocabulary()["roles"])


def names_in(value: str, site_name: str | None = None) -> list[str]:
    """The person names in a byline's or a markup field's text, in order, without repeats."""
    _, joiners, cut, _, _ = _patterns()
    value = _HANDLES.sub("", " ".join(value.split()))
    value = (cut if _DIGIT.search(value) else _CUT_UNDATED).sub("", value)
    out = []
    for chunk in joiners.split(value):
        name = _name(chunk.strip(" .:"), site_name)
        if name and name not in out:
            out.append(name)
    return out


_HANDLES = re.compile(r"\s@\w+")  # "Jane Roe @janeroe": the handle is no part of the name


def _name(chunk: str, site_name: str | None) -> str | None:
    """A person's name: two to five capitalised words (particles like 'von', 'de' allowed inside),
    none of them a role, an organisation word or a month; else None."""
    _, _, _, particles, not_names = _patterns()
    if any(w.casefold() in _roles() for w in chunk.split()):
        return None  # "Local Democracy Reporter": a role, whatever words lead it
    words = chunk.split()
    for i, word in enumerate(words):
        if word.casefold() in not_names or not (_TOKEN.match(word) or (i and word.casefold() in particles)):
            return None  # every word must be a name's: "Harbour Gazette Editorial Staff" is none
    while words and words[-1].casefold() in particles:
        words.pop()
    if not 2 <= len(words) <= 5:
        return None
    name = " ".join(words)
    if site_name and _same_site(name, site_name):
        return None
    return name


def _same_site(name: str, site_name: str) -> bool:
    """Whether a name is the site's ("El Colombiano" and "www.elcolombiano.com" are one)."""
    def key(text: str) -> str:
        text = re.sub(r"^(https?://)?(www\.)?", "", text.casefold())
        text = re.sub(r"\.(com|org|net|de|fr|es|it|nl|pl|at|ch|uk|co|info)\b.*$", "", text)
        return re.sub(r"[\W\d_]+", "", text)
    a, b = key(name), key(site_name)
    return bool(a and b) and (a in b or b in a)


_CONTACT = re.compile(r"\S+@\S+|https?://\S+")


def from_markup(values: list[str], site_name: str | None) -> list[str]:
    """Names from JSON-LD/meta author values (a value may hold several, or a 'By')."""
    out = []
    for value in values:
        for part in re.split(r"\s[-–|]\s|\|", _CONTACT.sub("", value)):  # "unocero - Alberto Ávila"
            m = _patterns()[0].match(part.strip())
            for name in names_in(m.group(1) if m else part, site_name):
                if name not in out:
                    out.append(name)
    return out
