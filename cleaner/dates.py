"""Timestamp lines: recognise a line that is only a date/time (with labels), and read its date.

A timestamp line before the body becomes `date`; a date inside prose is text, so the shape test
requires the line to be short and made of date parts, not a sentence.
"""
from __future__ import annotations

import datetime as dt
import functools
import re

from .rules import packaged_root


@functools.lru_cache(maxsize=None)
def month_names() -> dict[str, int]:
    text = packaged_root().joinpath("lists/months.txt").read_text(encoding="utf-8")
    names: dict[str, int] = {}
    for row in text.splitlines():
        if row.strip() and not row.startswith("#"):
            number, *words = row.split()
            for w in words:
                names.setdefault(w, int(number))
    return names


_LABEL = (r"(published|updated|last updated|posted|posted on|modified|date|dated|first published|"
          r"veröffentlicht|aktualisiert|stand|publié le|publié|mis à jour|publicado|actualizado|"
          r"pubblicato|aggiornato|atualizado|gepubliceerd|bijgewerkt|opublikowano|aktualizacja|"
          r"on|am|le|el|il|em|op)")
_WEEKDAY = (r"(mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*|(montag|dienstag|mittwoch|donnerstag|"
            r"freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|"
            r"miércoles|jueves|viernes|sábado|domingo|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|"
            r"segunda|terça|quarta|quinta|sexta|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|"
            r"poniedziałek|wtorek|środa|czwartek|piątek|sobota|niedziela)(-feira)?")
_TOKEN = re.compile(r"[^\W\d_]+\.?|\d+|[^\w\s]", re.UNICODE)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?\b")
_NUMERIC = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})\b")
_YMD_SLASH = re.compile(r"\b(\d{4})/(\d{1,2})/(\d{1,2})\b")
_RELATIVE = re.compile(r"^\W*(\d+|an?|one)\s+(second|minute|hour|day|week|month|year)s?\s+ago\W*$|"
                       r"^\W*\d+\s?(s|m|h|d|w|mo|min|mins|hr|hrs)\s+ago\W*$|"
                       r"^\W*(vor\s+\d+\s+(minuten|stunden|tagen)|il y a\s+\d+\s+\w+|hace\s+\d+\s+\w+|"
                       r"\d+\s+(minuti|ore|giorni)\s+fa|há\s+\d+\s+\w+|\d+\s+(uur|minuten|dagen)\s+geleden)\W*$",
                       re.IGNORECASE)
_SMALL = {"at", "um", "à", "a", "as", "às", "alle", "om", "o", "godz", "h", "am", "pm", "gmt", "utc", "cet",
          "cest", "est", "edt", "pst", "pdt", "bst", "eet", "eest", "mez", "mesz", "de", "del", "di", "van",
          "the", "of", "eastern", "european", "summer", "time", "standard", "central", "pacific", "mountain",
          "ist", "et", "pt", "ct", "cdt", "cst", "mdt", "mst", "hst", "akst", "akdt", "aest", "aedt", "jst", "min", "mins", "read", "uhr", "ora", "hs", "hrs", "|", "·", "•", ",", ".", ":", "-", "–", "—", "/",
          "(", ")", "+", "@", "m", "p", "th", "st", "nd", "rd", "er", "o'clock", "z", "on", "le", "el", "il", "em", "op", "à", "feira"}
_LABEL_RE = re.compile(rf"^\W*{_LABEL}\b\s*:?", re.IGNORECASE)
_STRONG_LABEL = re.compile(r"^\W*(published|updated|posted|veröffentlicht|publié|publicado|pubblicato|"
                           r"gepubliceerd|opublikowano)\b", re.IGNORECASE)
_WEEKDAY_RE = re.compile(rf"^({_WEEKDAY})\.?$", re.IGNORECASE)
_ZONE_LETTER = re.compile(r"t\d|\d*[tz]")  # "t12" and "z" of ISO times
_DECIMAL = re.compile(r"\d")


def is_timestamp(line: str, has_digit: bool | None = None) -> bool:
    """True when the line is a date or time and nothing else (labels like 'Published:' allowed).
    has_digit: whether it holds a digit (str.isdigit), when the caller knows."""
    if len(line) > 90 or not (_has_digit(line) if has_digit is None else has_digit):
        # With no digit, only "a/an/one hour ago" is left: no "ago", no regex.
        return len(line) < 40 and "ago" in line.lower() and _RELATIVE.match(line) is not None
    if _first_word_rules_out(line):
        return _TIME_ONLY.match(line) is not None  # "10:42 Uhr": the one shape a word no timestamp holds may end
    if _RELATIVE.match(line) or _TIME_ONLY.match(line):
        return True
    if _STRONG_LABEL.match(line) and line.count(" ") < 14 and parse_date(line):
        return True  # "Published on 7 August 2023 by Jane Roe": a dateline with its byline
    label = _LABEL_RE.match(line)  # (anchored: what sub(count=1) would cut)
    rest = line[label.end():] if label else line
    months = month_names()
    named = False
    for found in _TOKEN.finditer(rest):  # one at a time: most lines with a digit end at their first word
        tok = found.group()
        low = tok.lower().rstrip(".")
        if tok.isdigit() or low in _SMALL or not low:
            continue
        if low in months:
            named = True
            continue
        if _weekday_or_zone(low):
            continue
        if len(low) > 2 and _LABEL_RE.match(low):
            continue
        return False
    return named or has_numeric_date(rest)


_LEAD_WORD = re.compile(r"[\W\d]*([^\W\d_]+)")  # the first word of letters: _TOKEN's first one
_RELATIVE_WORDS = ("a an one vor il hace há second minute hour day week month year seconds minutes hours days weeks "
                   "months years s m h d w mo min mins hr hrs minuti ore giorni uur minuten dagen").split()


@functools.lru_cache(maxsize=None)
def _lead_words() -> frozenset[str]:
    """Every word that may be the first word of letters of a timestamp line: the first word and the
    unit of each of _RELATIVE's phrases, each word of the labels, the small words and the month names."""
    labels = [label for pattern in (_LABEL, _STRONG_LABEL.pattern)  # "(a|b c|...)": each group's alternatives
              for label in pattern.split("(", 1)[1].split(")", 1)[0].split("|")]
    return (frozenset(_SMALL) | frozenset(month_names()) | frozenset(_RELATIVE_WORDS)
            | {w for label in labels for w in label.split()})


def _first_word_rules_out(line: str) -> bool:
    """The line's first word of letters (after marks and figures only) is one no timestamp has
    there, in ASCII letters: the token loop of is_timestamp stops at it, and of its regexes only
    _TIME_ONLY may still match (each other needs a label, a relative phrase's word or a digit
    there). Most short lines with a digit are text ("Top 10 ..."): their tests are skipped. A word
    with other letters is left to the regexes, whose IGNORECASE folds more than lower() ("ſ", "K")."""
    lead = _LEAD_WORD.match(line)
    if lead is None:
        return False
    word = lead.group(1)
    if not word.isascii():
        return False
    low = word.lower()
    return not (low in _lead_words() or _weekday_or_zone(low))


# The first two letters of every weekday _WEEKDAY_RE names: a word that starts otherwise with
# two ASCII letters is none (others are left to the regex: its IGNORECASE folds "ſ" to "s").
_WEEKDAY_HEADS = frozenset(w[:2] for w in re.findall(r"[^\W\d_]+", _WEEKDAY) if len(w) >= 2)


def _weekday_or_zone(low: str) -> bool:
    """_WEEKDAY_RE.match(low) or _ZONE_LETTER.fullmatch(low), each tried only where it can match."""
    head = low[:2]
    weekday = (head in _WEEKDAY_HEADS or not head.isascii()) and _WEEKDAY_RE.match(low)
    zone = (low[:1] == "t" or low[-1:] in ("t", "z")) and _ZONE_LETTER.fullmatch(low)
    return bool(weekday or zone)


def _has_digit(line: str) -> bool:
    """any(map(str.isdigit, line)), with re's \\d (the decimal digits) for ASCII lines."""
    if line.isascii():
        return _DECIMAL.search(line) is not None
    return any(map(str.isdigit, line))


# Every date parse_date reads has a year in four figures or a d.m.yy shape (a year from 1990 on
# has four digits), and so has every date in figures: a line with neither names none, and the
# finders need not run.
DATE_HINT = re.compile(r"\d{4}|\d[./]\d")
_FOUR_FIGURES = re.compile(r"\d{4}")


def has_numeric_date(line: str) -> bool:
    """Whether the line holds a date in figures (2018-09-27, 27/09/2018, 2018/9/27)."""
    if DATE_HINT.search(line) is None:
        return False
    return bool(_ISO.search(line) or _NUMERIC.search(line) or _YMD_SLASH.search(line))


def parse_date(line: str) -> dt.date | None:
    """The calendar date a timestamp line names, or None (relative dates have none)."""
    if DATE_HINT.search(line) is None:
        return None
    # _iso and _named_month read a year in four figures or more ("\\d{4}"): without one, only d.m.y can name a date
    for finder in (_iso, _named_month, _numeric) if _FOUR_FIGURES.search(line) else (_numeric,):
        found = finder(line)
        if found:
            return found
    return None


def _safe(y: int, m: int, d: int) -> dt.date | None:
    if y < 100:
        y += 2000
    try:
        return dt.date(y, m, d) if 1990 <= y <= 2100 else None
    except ValueError:
        return None


def _iso(line: str) -> dt.date | None:
    m = _ISO.search(line) or _YMD_SLASH.search(line)
    return _safe(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def _numeric(line: str) -> dt.date | None:
    m = _NUMERIC.search(line)
    if not m:
        return None
    a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    # Day first is the norm outside the US; a first number above 12 settles it either way.
    return _safe(y, a, b) if b > 12 else _safe(y, b, a)


def _named_month(line: str) -> dt.date | None:
    tokens = [t.lower().rstrip(".") for t in _TOKEN.findall(line)]
    months = month_names()
    for i, tok in enumerate(tokens):
        if tok not in months:
            continue
        numbers = [int(t) for t in tokens[max(0, i - 3): i + 6] if t.isdecimal()]
        years = [n for n in numbers if n >= 1990]
        days = [n for n in numbers if 1 <= n <= 31]
        if years and days:
            return _safe(years[0], months[tok], days[0])
    return None


_TIME_ONLY = re.compile(r"^\W*\d{1,2}[:.h]\d{2}\s*(am|pm|a\.m\.|p\.m\.)?\s*[A-Za-z]{0,5}\W*$", re.IGNORECASE)


_WEEKDAY_TIME = re.compile(rf"^\W*({_WEEKDAY})\.?,?\s+(?:at\s+|um\s+|à\s+|a las\s+|alle\s+|om\s+|o\s+)?"
                           r"\d{1,2}[:.h]\d{2}\s*(am|pm|a\.m\.|p\.m\.|uhr|h)?\s*[A-Za-z]{0,5}\W*$", re.IGNORECASE)


def is_weekday_time(line: str) -> bool:
    """A weekday and a clock time, no date ('Monday 5:30PM', 'Fri, 10:42 am'): when a recent story
    was posted (a header row), though it names no calendar date."""
    return bool(_WEEKDAY_TIME.match(line))


def is_time_only(line: str) -> bool:
    """A clock time with no date ('10:42', '10.42am GMT'): how live blogs mark their entries."""
    return bool(_TIME_ONLY.match(line))
