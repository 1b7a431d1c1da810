"""The cleaning algorithm, in one file.

1. classify  every line on its own: rule hit, timestamp, prose (good / near), short, link-list item.
2. regions   an opens-region rule hit ("Posts You Might Like", "Leave a Reply") makes what follows
             chrome until prose clearly resumes (two good lines in a row, or plain prose after a
             linked list); comment sections after the article never resume; a marker in the page
             head gives way to the first prose. Runs of short blurbs, each alone between
             headline-like lines, are a teaser list of other stories.
3. main      the article is the run of lines with the highest score (prose counts its length,
             chrome and short lines cost): a maximum-sum segment, as in body-text extraction.
4. revise    short lines inside the article are kept when their neighbours make them article
             (subheadings before prose, lead-ins and the list after them, bullets, quotes,
             live-blog times), dropped when they are captions, slugs, headline repeats or rule hits.
5. head      the headline (the best headline-shaped line before the first prose, taken at its
             first occurrence), its dek lines, and a standalone timestamp that becomes the date.
6. guard     when the article kept is a small share of the page's prose, fall back to rules only.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from itertools import compress, islice
from operator import attrgetter, itemgetter, not_
from typing import NamedTuple

from . import authors
from .dates import has_numeric_date, is_time_only, is_weekday_time, parse_date
from .footer import footer_lines
from .lines import CLOSERS, Line, content_words, ideograph_pairs, is_alt_text, is_slug, spaceless
from .native import compiled
from .rules import normalise

# Classes (context-free)
GOOD, NEAR, SHORT, LINK, TIME, RULE, MARK = "good", "near", "short", "link", "time", "rule", "mark"
CLOSING = "closing"  # a rule kind: chrome only after the article's last paragraph (author bios)
CONTENTS = "nav.contents"  # a table of contents' heading: its region is the list under it
_CONTENTS_REGION = "region:" + CONTENTS

# Main-region scores: prose counts its characters, everything else costs (tuned on the dev set).
SCORE = {SHORT: -40.0, LINK: -90.0, TIME: -30.0, RULE: -150.0, MARK: -250.0}
NEAR_WEIGHT = 0.5
SHORT_WEIGHT = 0.25  # plain-case short lines (recipe steps, table rows) count a little
REGION_WEIGHT = 0.6  # prose inside a chrome region costs, it does not pay
INLINE_CHROME = ("ads.", "caption.", "related.link-line", "related.read-more")
INLINE_RULE_SCORE = -30.0  # chrome that sits inside articles must not cut them
LEAD_BONUS = 200.0  # the first prose line right after a byline or timestamp starts articles

# Regions and lists
TERMINAL_AFTER_PROSE = 500  # prose chars seen before a marker: it follows the article
BYLINE_ROW = 3  # lines between a byline and a link in its row, and between that link and the article
TEASER_BLURB_MAX = 260
TEASER_MIN_PAIRS = 3
# A head holding a link or a line of code is the article's (its sources, its listing), no teaser's headline.
# (Narrower than lines.CODE_SHAPED, the alt-text test: brackets and 'a.b' stand in many teasers' headlines.)
SOURCE_OR_CODE = re.compile(r"https?://|www\.|[={};]|\w\(\S")
READ_MORE = "related.read-more"  # a 'Read more' link's rules
TEASER_MAX_GAP = 4  # headline, kicker, source lines between two blurbs
LIST_MAX = 60  # lines a lead-in list may run
TAIL_GAP = 2  # chrome lines in a row that part the article from what follows it
TAIL_SHARE = 0.1  # the prose after such a break, against the prose before it: a promotion or a blurb
CAPS_LINK_WORDS = 6  # an all-caps line this long inside an article links elsewhere

# Head and guard
HEAD_WINDOW = 12  # how far into a span with no prose the article may start (non-empty lines)
HEAD_REACH = 40  # how far before the first prose the headline may stand (lines with letters)
HEAD_WORDS = 10  # words count up to this many
CAPS_WEIGHT = 4.0  # times the share of its words that start upper-case
HEAD_STEP = 0.2  # score a candidate loses per line between it and the first prose
OVERLAP_WEIGHT = 8.0  # times the share of its content words that the article's prose holds
ARTICLE_LINES = 30  # prose lines read for the article's words
CONTENT_WORD = 4  # letters a content word has at the least (most function words are shorter)
HEADER_BONUS = 3.0  # a byline or timestamp just below the candidate: the article's header
HEADER_REACH = 3  # how close below (lines with letters)
ONE_WORD_CHARS = 4  # a one-word headline this long at the least
MENU_RUN_WORDS = 8  # a menu run together into one line is no longer
MEDIA_LABEL = "caption.media-label"  # a rule hit over a video's title
HEADER_RULES = ("byline.", "meta.reading-time")  # rule hits that stand in an article's header
TITLE_OVER_DEK = 3.0  # a line in Title Case right over a dek in sentence case: the headline over its dek
DEK_REACH = 4  # a dek stands right below its headline (non-empty lines)
HEAD_OVER_DEK = 3.0  # a longer line right below: the dek under its headline
LIST_STEP = 2  # lines with letters from one headline of a list to the next
HEAD_MIN_SCORE = 0.0
LINK_MARK = re.compile(r"^[›»•·▪►‣→]\s+")  # a mark and a space before a linked line (not "»Quote«")
CAPS_LABEL_WORDS = 3  # a line in capitals this short is a label
DEK_HEAD_WORDS = 5  # a headline over its dek has this many words at the least (a kicker or a label, fewer)
DEK_LENGTH = 1.5  # times the headline's words a dek has at the least
CREDIT_RULES = ("caption.credit.", "caption.photo-credit", "caption.agency")  # with "caption.credit": a credit line alone
TITLE_CASE_WORDS, TITLE_CASE_SHARE = 6, 0.8  # a Title Case line: this many words, this share of them capitalised
HEAD_SHAPED, DATED_ROW = 1, 2  # what _head_flags keeps on a line
HEAD_PROSE_REACH = 4  # a headline that reads as prose: the article's prose follows this close
TRAIL_REACH = 12  # a breadcrumb trail ending in the headline stands this close above the first prose
DATE_REACH = 3  # a dateline may follow the dek, just inside the article
DATE_BEFORE = 5  # the date row nearest the headline: this many lines above it
DATE_AFTER = 8  # or up to this many lines into the article
DATELINE_CHARS = 160  # a byline row with a date; longer lines are text (characters: not Line.chars, which weighs ideographs)
GUARD_SHARE = 0.30  # fall back when the article keeps less than this share of the page's prose
GUARD_MIN_PROSE = 600
FOOTER_SHARE = 0.5  # kept words in legal/footer lines (cleaner/footer.py) above this share: the article was lost

BYLINE_SHAPE = re.compile(r"^(?:[A-ZÀ-Ý][\w.'’-]+ ){1,3}[A-ZÀ-Ý][\w.'’-]+\s*[|,·]\s*[\w .'’-]{2,40}$")
NUMBERED = re.compile(r"^\W{0,3}\d{1,2}[.)]\s")  # only on a line with a digit (Line.digit: \d's are all isdigit())
STEP_HEAD = re.compile(r"^\W{0,3}[^\W\d_]{2,12}\s+\d{1,2}\W{0,2}$")  # one word and a number: "Step 3", "Schritt 2", "Krok 5"
TRUNCATED = re.compile(r"(\.\.|…)\s*$")
COUNTER = re.compile(r"\b\d{1,3}\s*(?:of|von|de|sur|di|z|van|/)\s*\d{1,3}\W*$", re.IGNORECASE)  # not "2020/2021"
# A caption's credit after its sentence ("... last week. Jane Roe/Getty", "... in New York. Reuters
# file") or in brackets at its end ("(AP)", "(Credit: iStock)", "(example.com)").
CAPTION_TAIL = re.compile(r"\w\w[.?!]+\s+(?:(?:[A-ZÀ-Þ/(]|file\b|via\b)\S*\s*){1,5}$"
                          r"|\w\s*\((?:[A-ZÀ-Þ][^()]{0,40}|[^()]{1,30}:[^()]{1,30}|[^()\s]+\.[a-z]{2,4})\)\s*$")
# A credit after a sentence's end (group 3), or in brackets at the line's end (group 2; group 1: a
# sentence ends before the brackets). CREDIT_WORD: a tail that says it is a credit or names an agency.
CREDIT_TAIL = re.compile(r"(?:(\w[.?!])\s*)?\(([^()]{1,60})\)\s*$|\w\w[.?!]\s+([^.?!]{1,60})$")
CREDIT_WORD = re.compile(r"\W*(?:foto|fotos|bild|bildrechte|bildquelle|symbolfoto|photo|image|credit|credits|quelle|"
                         r"source|fuente|źródło|reuters|getty|dpa|afp|ap|efe|epa|imago|istock|shutterstock|unsplash)\b",
                         re.IGNORECASE)
# A picture credit's label and its names at a line's end, after the caption's words (no full stop between).
INLINE_CREDIT = re.compile(r"\S\s+(?:foto|fotos|bild|bildquelle|photo|photos|image|credit|quelle|source|fuente)\s*:\s*\S[^:]{1,60}$",
                           re.IGNORECASE)
SLASHED = re.compile(r"\S/\S")  # "Jane Roe/Example Herald" (not "Nr. 24 / Remarquendruck")
NAME_IN_BRACKETS = re.compile(r"(?:[A-ZÀ-Þ][\w.'’-]+\s+){1,3}[A-ZÀ-Þ][\w.'’-]+$")
TITLE_ABBREVIATION = re.compile(r"(?:^|\s)[A-ZÀ-Þ][a-zß-ÿ]{0,2}$")  # "Rep.", "Dr.", "St.": no sentence ends there
BY_START = re.compile(r"^\W{0,2}(?:by|von|par|por|di|door|przez)\s+\S", re.IGNORECASE)
STATEMENT_END = (".", "…", "。")
# A breadcrumb trail: two or more path separators between its parts ("Home > News > Politics",
# "Sie sind hier: Startseite » Essen » ...", "Klima / News / Jahresbericht"), or one at its end ("RTL > news >").
_SEPARATOR = re.compile(r"[»›>|/→·]")
TRAIL = re.compile(r"(?:\s(?:[»›>|/→·]|>>)\s.*){2}|\s(?:[»›>|/→]|>>)$")
# A publication date's label, at the line's start (find_date's last resort).
PUBLISHED = re.compile(r"^\W*(?:published|updated|posted|last updated|first published|veröffentlicht|aktualisiert|"
                       r"publiziert|erstellt|publié|mis à jour|publicado|actualizado|pubblicato|aggiornato|"
                       r"gepubliceerd|bijgewerkt|opublikowano|aktualizacja)\b", re.IGNORECASE)
DATE_LABEL = re.compile(r"^\W*(updated|published|posted|last updated|first published)\b", re.IGNORECASE)


# parse_date's answers, by text: _head_flags may read a line twice (in _headline_shaped and for its
# date row) and find_date reads the rows it read again.
_date_of = functools.lru_cache(maxsize=4096)(parse_date)
_KEY = attrgetter("key")
_HIT = attrgetter("hit")
_CLASS, _OUTSIDE = itemgetter(0), itemgetter(1)  # of Line.judged
_main_span = compiled("main_span")
_DEK_CLASSES = frozenset((GOOD, NEAR, SHORT))  # the classes _dek_shaped can accept
_PROSE = frozenset((GOOD, NEAR))
_BETWEEN = frozenset((TIME, RULE))  # dates and bylines sit between a list's entries
_COLON = attrgetter("colon")
_NO_FRAME = frozenset((RULE, MARK, NEAR))  # classes that part a figure run from the prose around it


class Verdict(NamedTuple):
    keep: bool
    reason: str


_verdict = functools.lru_cache(maxsize=None)(Verdict)  # one shared tuple per (keep, reason): made once
_DROPPED: dict[str, Verdict] = {}


def _dropped(reason: str) -> Verdict:
    """_verdict(False, reason), by one dict look-up (most lines of a page are dropped)."""
    found = _DROPPED.get(reason)
    if found is None:
        found = _DROPPED[reason] = _verdict(False, reason)
    return found


@dataclass
class Outcome:
    verdicts: dict[int, Verdict]  # by index into `lines`
    title_index: int | None
    title: str | None
    date: dt.date | None
    notes: list[str] = field(default_factory=list)


def classify(line: Line) -> str:
    if line.hit is not None and line.hit.kind != CLOSING:
        return MARK if line.hit.kind == "opens-region" else RULE
    if line.timestamp:
        return TIME
    if line.bullet and (".." in line.text or "…" in line.text) and TRUNCATED.search(line.text):
        return LINK  # "* Headline cut short.." : a link to another story
    if (line.chars >= 100 and line.stop >= 0.30) or (line.chars >= 200 and line.stop >= 0.2 and line.sentence):
        return GOOD
    if line.chars >= 40 and line.words >= 6 and line.stop >= 0.2 and (line.sentence or line.colon):
        return NEAR
    if line.bullet and not line.sentence and line.words <= 6 and not (line.digit and NUMBERED.match(line.text)):
        return LINK
    return SHORT


def chrome_regions(lines: list[Line], classes: list[str]) -> dict[int, str]:
    """Lines inside a region opened by a marker, mapped to the marker's rule id."""
    inside: dict[int, str] = {}
    opener: str | None = None
    region = ""  # "region:" + opener
    terminal = weak = bullets_only = box_text = False
    try:
        first = classes.index(MARK)
    except ValueError:
        return inside  # no marker, no region
    seen_prose = sum(lines[i].chars for i in range(first) if classes[i] == GOOD)  # (no region before the first marker)
    for i in range(first, len(lines)):
        line, cls = lines[i], classes[i]
        if cls == MARK:
            after_article = seen_prose >= TERMINAL_AFTER_PROSE
            if line.bullet and not after_article:
                continue  # "* Leave a comment" in a byline's link row is a link, not a heading
            if _in_byline_row(i, lines, classes):
                continue  # "Write a comment" between the byline and the article's first paragraph
            opener = line.hit.rule_id
            region = "region:" + opener  # (made once per marker, not once per line under it)
            # A comment section after the article does not give the article back; a marker in
            # the page head (a menu item like "Trending") gives way to the first prose.
            terminal = opener.startswith("comments.") and after_article
            weak = not after_article
            bullets_only = True
            # An author box's heading below some prose ("Über den Autor", "About Jane Roe"; a bare
            # "Author:" is a byline label, one over all prose titles the page) is over its bio.
            box_text = opener.startswith("byline.author-box") and line.words >= 2 and seen_prose > 0
            continue
        if box_text and cls in (GOOD, NEAR):
            box_text = False
        elif opener is not None and cls in (GOOD, NEAR) and not terminal and not _bio_in_box(line, opener):
            nxt = classes[i + 1] if i + 1 < len(classes) else None
            # A linked list under the marker ends where plain prose starts again.
            if weak or (cls == GOOD and nxt == GOOD) or (bullets_only and not line.bullet):
                opener = None
                if i > 0 and lines[i - 1].text.startswith("#"):
                    inside.pop(i - 1, None)  # a markdown heading is the article's own subheading
        if opener is not None and not line.bullet:
            bullets_only = False
            if opener.startswith(CONTENTS):
                opener = None  # a table of contents is its list: the article's first heading ends it
        if opener is not None:
            inside[i] = region
        elif cls == GOOD:
            seen_prose += line.chars
    return inside


def _contents_lines(lines: list[Line], regions: dict[int, str]) -> list[int]:
    """A table of contents: its heading and the list in its region."""
    heads = {i for i in compress(range(len(lines)), map(_HIT, lines)) if lines[i].hit.rule_id.startswith(CONTENTS)}
    return sorted(heads.union(i for i, reason in regions.items() if reason.startswith(_CONTENTS_REGION)))


def _bio_in_box(line: Line, opener: str) -> bool:
    """A bio ('Jane Roe leitet das Ressort ...', a closing rule's shape) under an author box's heading
    is the box's own text, wherever the box stands: the prose it holds does not end the box."""
    return opener.startswith("byline.author-box") and line.hit is not None and line.hit.kind == CLOSING


def _in_byline_row(i: int, lines: list[Line], classes: list[str]) -> bool:
    """A marker just after a byline or timestamp and just before the article's paragraphs: a link
    in its byline row ('Author: Jane Roe / July 30, 2019 / Write a comment / Share this article:')."""
    if not any(classes[j] == TIME or (classes[j] == RULE and lines[j].hit.rule_id.startswith("byline."))
               for j in range(max(0, i - BYLINE_ROW), i)):
        return False
    first = next((j for j in range(i + 1, min(len(lines), i + 1 + 2 * BYLINE_ROW))
                  if classes[j] in (GOOD, NEAR)), None)
    # The article starts there: two paragraphs in a row (a comment's "Reply" link is followed by
    # the next comment's author row).
    return first is not None and classes[first] == GOOD and classes[first + 1:first + 2] == [GOOD]


def _is_blurb(line: Line, cls: str) -> bool:
    return cls in (GOOD, NEAR) and line.chars <= TEASER_BLURB_MAX


def _entry_head(lines: list[Line], head: int) -> bool:
    """A numbered head ('1. ...', 'Step 3', 'Krok 5') or one after a clock time: a listicle's,
    a recipe's or a live blog's entry."""
    before = lines[head - 1] if head > 0 else None
    return (bool(lines[head].digit and (NUMBERED.match(lines[head].text) or STEP_HEAD.match(lines[head].text)))
            or (before is not None and is_time_only(before.text)))


def entry_lines(classes: list[str]) -> tuple[list[int], list[bool]]:
    """The lines a list of entries is read on (not its dates and bylines, which sit between the
    entries), and whether each is prose: what teaser_runs and kind's listing test read."""
    idx = list(compress(range(len(classes)), map(not_, map(_BETWEEN.__contains__, classes))))
    return idx, list(map(_PROSE.__contains__, map(classes.__getitem__, idx)))


def teaser_runs(lines: list[Line], classes: list[str]) -> dict[int, str]:
    """Short prose lines each standing alone between headline-like lines, again and again:
    a list of other stories (headline, kicker, blurb). Article paragraphs come in runs or long."""
    idx, prose = entry_lines(classes)
    # (a blurb is prose: only the prose lines are looked at)
    alone = [k for k in compress(range(1, len(idx) - 1), islice(prose, 1, None))
             if not prose[k - 1] and not prose[k + 1] and _is_blurb(lines[idx[k]], classes[idx[k]])
             and not lines[idx[k]].quote and not _entry_head(lines, idx[k - 1]) and not lines[idx[k - 1]].colon
             and not SOURCE_OR_CODE.search(lines[idx[k - 1]].text)]
    found: dict[int, str] = {}
    start = 0
    for n in range(1, len(alone) + 1):
        if n < len(alone) and alone[n] - alone[n - 1] <= TEASER_MAX_GAP:
            continue
        if n - start >= TEASER_MIN_PAIRS:
            first = max(0, alone[start] - 1)
            for j in range(idx[first], idx[alone[n - 1]] + 1):
                found.setdefault(j, "related.teaser-list")
        start = n
    for i in _read_more_teasers(lines, classes):
        found.setdefault(i, "related.teaser-list")
    return found


def _read_more_teasers(lines: list[Line], classes: list[str]) -> list[int]:
    """Prose lines each closed by a 'Read more' link, again and again: excerpts of other stories,
    however long, with the headline line over each."""
    closed = [j for j in range(1, len(lines)) if classes[j] == RULE and lines[j].hit.rule_id.startswith(READ_MORE)
              and classes[j - 1] in (GOOD, NEAR)]
    if len(closed) < TEASER_MIN_PAIRS:
        return []
    return [k for j in closed for k in (j - 2, j - 1) if k == j - 1 or (k >= 0 and classes[k] in (SHORT, LINK))]


def line_scores(line: Line, cls: str) -> tuple[float, float]:
    """The line's score outside a chrome region and inside one."""
    if cls in _PROSE:
        value = line.chars * (1.0 if cls == GOOD else NEAR_WEIGHT)
        return value, -value * REGION_WEIGHT
    if cls == RULE and line.hit.rule_id.startswith(INLINE_CHROME):
        return INLINE_RULE_SCORE, INLINE_RULE_SCORE  # ads, captions and "Read more:" lines sit inside articles
    if cls == SHORT and not line.bullet and line.chars >= 25 and line.capitalised < 0.6:
        return line.chars * SHORT_WEIGHT, SCORE[SHORT]  # plain-case short lines: recipe steps, table rows, list items
    return SCORE[cls], SCORE[cls]


def lead_lines(lines: list[Line], classes: list[str], regions: dict[int, str]) -> list[int]:
    """Prose lines that follow a byline or timestamp within two lines: where articles start."""
    out = []
    for i in compress(range(len(classes)), map(GOOD.__eq__, classes)):
        if i in regions:
            continue
        before = range(max(0, i - 2), i)
        if any(classes[j] == TIME or (lines[j].hit and lines[j].hit.kind != CLOSING
                                                       and lines[j].hit.rule_id.startswith("byline.")) for j in before):
            out.append(i)
    return out


def main_span(scores: list[float]) -> tuple[int, int] | None:
    """main_span_python(); in C when built (cleaner/_kernel.c)."""
    if _main_span is None:
        return main_span_python(scores)
    return _main_span(scores)


def main_span_python(scores: list[float]) -> tuple[int, int] | None:
    """The maximum-sum contiguous segment [start, end], or None when nothing scores above zero.
    The definition; cleaner/_kernel.c computes the same in C."""
    best, best_span = 0.0, None
    running, start = 0.0, 0
    for i, s in enumerate(scores):
        if running <= 0:
            running, start = 0.0, i
        running += s
        if running > best:
            best, best_span = running, (start, i)
    return best_span


def _headline_shaped(line: Line, cls: str, min_words: int = 2) -> bool:
    text = line.text
    return (cls in (SHORT, NEAR, GOOD) and min_words <= line.words <= 30 and line.chars <= 250
            and not DATE_LABEL.match(text)
            and (not text.rstrip("*_ ").endswith((".", ",", ";", ":")) or _title_case_statement(line)) and not line.bullet
            and not is_alt_text(line) and not is_slug(line)
            and not (_caption_tail(text) and not _title_case_tail(line))
            and not (":" in text and INLINE_CREDIT.search(text))  # "... im Viertelfinale Bild: AFP/Jane Roe": a caption
            and text.count(":") < 2 and not BY_START.match(text)  # "Tested by: ... RRP: ...": a fact row
            and not (line.digit and _counter_or_dated(text))  # (each needs a digit: most headlines skip them)
            and "://" not in text and not (_SEPARATOR.search(text) and TRAIL.search(text)))  # a URL, a breadcrumb trail


def _title_case(line: Line) -> bool:
    """Nearly every word capitalised, as a headline in English is: prose and captions never are."""
    return line.words >= TITLE_CASE_WORDS and line.capitalised >= TITLE_CASE_SHARE


def _title_case_tail(line: Line) -> bool:
    """A Title Case line whose end looks like a caption's credit only for its capitals: two
    sentences ending in a full stop, or a bracket closing it ('... Without Powdered Sugar (Ermine
    Frosting)'). (Capitals after a full stop with no full stop at the end stay a credit's.)"""
    return _title_case_statement(line) or (_title_case(line) and line.text.rstrip("*_ ").endswith(")"))


def _title_case_statement(line: Line) -> bool:
    """A line in Title Case that ends with a full stop ("Stock Falls After Earnings. Why You
    Shouldn't Worry."): a headline, as prose never capitalises nearly every word of a sentence."""
    if not _title_case(line):
        return False
    text = line.text.rstrip("*_ ")
    return text.endswith(".") and not text.endswith("..")


def _counter_or_dated(text: str) -> bool:
    return (COUNTER.search(text) is not None  # "Image 1 of 23": a gallery counter
            or has_numeric_date(text)  # "Jane Roe 27/09/2018 2 comments": a dateline row
            or _date_of(text) is not None)  # "Associated Press November 19, 2019, 9:02 AM": a byline row


def _holds_end_mark(text: str) -> bool:
    """A ".", "?", "!" or ")": every match of CAPTION_TAIL and of CREDIT_TAIL holds one (a cheap
    test before their search, which tries every place of the line)."""
    return "." in text or "?" in text or "!" in text or ")" in text


def _caption_tail(text: str) -> bool:
    """A caption and its credit: "... last week. Jane Roe/Getty" (not "... to kill Rep. Jane Roe")."""
    if not _holds_end_mark(text):
        return False
    m = CAPTION_TAIL.search(text)
    if m is None:
        return False
    end = m.start() + 2  # the sentence's end when the first alternative matched (the second has "(" or a space at +1)
    first = text[m.start() + 1] != "(" and text[end] in ".?!"
    return not (first and TITLE_ABBREVIATION.search(text, 0, end))


def _dek_shaped(line: Line, cls: str) -> bool:
    if line.bullet and not line.sentence:
        return False  # a list item that is no sentence links elsewhere ("* Storm hits coast")
    return cls in (GOOD, NEAR) or (cls == SHORT and line.words >= 6 and line.stop >= 0.15
                                   and (line.sentence or line.capitalised < 0.5))


def find_headline(lines: list[Line], classes: list[str], start: int, end: int,
                  video_titles: frozenset[str] = frozenset(), menu_words: frozenset[str] = frozenset()) -> int | None:
    """Index of the headline: the best headline-shaped line before the article's first prose
    (the article [start, end]; an article with no prose line, a table or a list, starts at start),
    taken at its first occurrence. None when the page starts straight with prose.

    A headline's words come back in the article it heads; a share bar's, a menu's or another
    story's do not: the share of a line's words found in the article's prose is its main score.
    Nearness counts a little, and so does a byline or timestamp just below (the article's header)
    and a longer line just below (its dek), except in a list of headlines. A line that ends with a
    headline-shaped line below it is that headline with a trail or kicker run into it."""
    first_prose = next((i for i in range(start, end + 1) if classes[i] in (GOOD, NEAR)), start)
    first_prose = min(_past_prose_headline(lines, classes, first_prose, end), start + HEAD_WINDOW)
    if first_prose == 0:
        return None
    scored: list[tuple] = []  # each candidate's index, own words and score parts, in order (overlap last)
    distance = 0
    header_below = False  # a byline or timestamp within the lines just below
    below_dek = False  # the line just below is a dek in sentence case
    below = 0  # lines with letters since the last byline or timestamp
    shaped_below: list[str] = []  # keys of the headline-shaped lines seen so far (below this one)
    deks_below = [0] * DEK_REACH  # words of the last DEK_REACH lines, when headline- or dek-shaped (a ring)
    for i in range(first_prose - 1, -1, -1):
        line, cls = lines[i], classes[i]
        if line.words == 0:
            continue  # "*", "|": no distance
        distance += 1
        if distance > HEAD_REACH:
            break
        flags = line.judged[3]
        if flags is None:
            flags = _head_flags(line)
        if cls == TIME or (line.hit is not None and line.hit.rule_id.startswith(HEADER_RULES)):
            below = 0  # a byline's shape counts only on a line that can be a candidate (a closing bio)
            byline_shape = cls not in (TIME, RULE, MARK, LINK) and _byline_shaped(line.text)
        else:
            byline_shape = _byline_shaped(line.text)
            below = 0 if byline_shape or flags & DATED_ROW else below + 1
        header_below = below <= HEADER_REACH and below < distance
        dek = cls in _DEK_CLASSES and _dek_shaped(line, cls)
        over_dek, below_dek = below_dek, dek and line.capitalised < 0.5
        shaped = flags & HEAD_SHAPED or (distance == 1 and _one_word_head(line, cls))
        if not shaped:
            deks_below[distance % DEK_REACH] = line.words if dek else 0
            continue
        longest_below = max(deks_below)
        deks_below[distance % DEK_REACH] = line.words
        if dek and _is_dek(line, cls) or line.key in video_titles:
            continue
        if line.words <= CAPS_LABEL_WORDS and line.text.isupper():
            continue  # "CLIMATE CHANGE" over the headline: a section's label or a kicker
        if _placed_below(lines, classes, i):
            continue  # a dek under its headline, a picture's caption under the header row
        if shaped_below and line.key.endswith(tuple(shaped_below)) and any(
                line.key.endswith(key) and line.key != key for key in shaped_below):
            continue  # a trail or kicker run into the headline below it ("Startseite Panorama <headline>")
        if line.words >= 2 and distance <= TRAIL_REACH:
            shaped_below.append(line.key)
        scored.append((i, _words(line), min(line.words, HEAD_WORDS) + CAPS_WEIGHT * line.capitalised - HEAD_STEP * distance,
                       (HEADER_BONUS if header_below else 0.0), (TITLE_OVER_DEK if over_dek and line.capitalised >= 0.6 else 0.0),
                       (HEAD_OVER_DEK if longest_below > line.words >= 4 and not _in_list(lines, i) else 0.0), byline_shape))
    best = _best_scored(lines, classes, first_prose, end, scored, menu_words)
    if best is None:
        return None
    # its first occurrence of the same shape ("* Headline" in a menu above it is a link to it)
    keys = list(map(_KEY, islice(lines, best + 1)))
    j = keys.index(keys[best])
    fewest = min(2, lines[best].words)
    while not _headline_shaped(lines[j], classes[j], fewest):  # ends at best, which is headline-shaped
        j = keys.index(keys[best], j + 1)
    if _under_media_label(lines, j):  # first under "JUST WATCHED": a video's title, repeated in its playlist
        return find_headline(lines, classes, start, end, video_titles | {keys[best]}, menu_words)
    return j


def _best_scored(lines: list[Line], classes: list[str], first_prose: int, end: int, scored: list[tuple],
                 menu_words: frozenset[str]) -> int | None:
    """The candidate of highest score, the first of equals; its overlap with the article is the
    last part of its score, read once for all candidates (the article's words that they hold)."""
    wanted = set().union(*(own for _, own, *_ in scored))
    article = _article_words(lines, classes, first_prose, end, wanted) if wanted else wanted
    best, best_score = None, HEAD_MIN_SCORE
    for i, own, lead, header, title_over, head_over, byline_shape in scored:
        overlap = len(own & article) / len(own) if own else 0.0
        score = lead + OVERLAP_WEIGHT * overlap + header + title_over + head_over  # (the sum in its first order)
        score -= 6 if byline_shape else 0
        if score > best_score and not (_under_media_label(lines, i) or _menu_run(lines[i], menu_words)):
            best, best_score = i, score  # (a video's title and a menu run together are no headline)
    return best


def _lettered(lines: list[Line], i: int, step: int, limit: int) -> list[int]:
    """The indexes of up to `limit` lines with letters after (step 1) or before (step -1) line i."""
    out = []
    j = i + step
    while 0 <= j < len(lines) and len(out) < limit:
        if lines[j].words:
            out.append(j)
        j += step
    return out


def _nearest_lettered(lines: list[Line], i: int, step: int) -> int | None:
    """The index of the nearest line with letters after (step 1) or before (step -1) line i."""
    j = i + step
    while 0 <= j < len(lines):
        if lines[j].words:
            return j
        j += step
    return None


def _placed_below(lines: list[Line], classes: list[str], i: int) -> bool:
    """A headline-shaped line that its neighbours place below the headline: a dek or a byline
    under it, or a picture's caption between the article's header row and the picture's credit."""
    up, down = _nearest_lettered(lines, i, -1), _nearest_lettered(lines, i, 1)
    if up is None:
        return False
    if _dek_under_headline(lines[up], lines[i]):
        return True
    if down is None:
        return False
    if _credit_line(lines[down]):
        return _caption_over_credit(lines, classes, up)
    return classes[down] == TIME and _byline_under_headline(lines[up], lines[i])


def _byline_under_headline(head: Line, line: Line) -> bool:
    """Between a headline and the timestamp under it, a line that opens with a person's name ('Jane
    Roe and John Doe Harbour Gazette'): the byline, with no "By" before it."""
    if head.words < 4 or not _candidate(head):
        return False
    names = authors.names_in(line.text)
    return bool(names) and line.text.startswith(names[0])


def _dek_under_headline(head: Line, line: Line) -> bool:
    """Right under a headline-shaped line of some length (a kicker or a label is short, and one in
    capitals is a section's name), its dek, however many of the article's words it holds: a line
    much longer and no more capitalised ("Major layoffs to begin today" over "'We have to make some
    necessary job eliminations,' the chairman said in an email to employees Monday"), or, both in
    Title Case, one much shorter (the headline runs long, its dek sums it up)."""
    if head.words < DEK_HEAD_WORDS or not _candidate(head) or head.text.isupper():
        return False
    longer = line.words >= DEK_LENGTH * head.words and line.capitalised <= head.capitalised
    title_case = min(head.capitalised, line.capitalised) >= TITLE_CASE_SHARE
    return longer or (title_case and DEK_LENGTH * line.words <= head.words)


def _caption_over_credit(lines: list[Line], classes: list[str], up: int) -> bool:
    """A line right over a picture credit ('Jane Roe, Associated Press') is the lead picture's
    caption when the article's header row (a timestamp, a byline, a dateline) stands one or two
    lines above it. (Over a credit alone, with no header row above, it is as often the headline of
    a page that shows no caption.)"""
    if _header_row(lines, classes, up):
        return True
    higher = _nearest_lettered(lines, up, -1)
    return higher is not None and _header_row(lines, classes, higher)


def _credit_line(line: Line) -> bool:
    """A credit line alone (a rule's hit; not caption.credit-tail's, a caption ending in its credit)."""
    rule_id = line.hit.rule_id if line.hit is not None else ""
    return rule_id == "caption.credit" or rule_id.startswith(CREDIT_RULES)


def _past_prose_headline(lines: list[Line], classes: list[str], first: int, end: int) -> int:
    """The first prose line, or the next one when the first is headline-shaped and a header row (a
    byline, a timestamp, a dateline) parts it from prose that is not: a headline long or
    stopword-rich enough to read as prose ("Our survey shows: readers want shorter news and more
    of it") is still a candidate. With no header between, the line is the article's first paragraph."""
    if first > end or classes[first] not in (GOOD, NEAR) or not _candidate(lines[first]):
        return first
    reach = range(first + 1, min(end, first + HEAD_PROSE_REACH) + 1)
    nxt = next((i for i in reach if classes[i] in (GOOD, NEAR)), None)
    if nxt is None:
        return first
    if any(classes[j] == TIME or _byline_hit(lines[j]) or _dateline(lines[j]) for j in range(first + 1, nxt)):
        return nxt  # the header row says which is the headline, whatever the next line's shape
    return nxt if (lines[first].words <= HEAD_WORDS or _heads_header(lines, classes, first)) and not _candidate(lines[nxt]) else first


def _header_row(lines: list[Line], classes: list[str], j: int) -> bool:
    return classes[j] == TIME or _byline_hit(lines[j]) or _dateline(lines[j])


def _heads_header(lines: list[Line], classes: list[str], i: int) -> bool:
    """Line i stands right under the page's header rows (a timestamp, a byline, a dateline) and
    no headline-shaped line stands over them: the header is the headline's, set above it."""
    above = _lettered(lines, i, -1, HEADER_REACH + 1)
    rows = next((n for n, j in enumerate(above) if not _header_row(lines, classes, j)), len(above))
    return rows > 0 and (rows == len(above) or not _candidate(lines[above[rows]]))


def _byline_shaped(text: str) -> bool:
    """BYLINE_SHAPE matches: its first character and a separator are looked for first."""
    return (("A" <= text[:1] <= "Z" or "À" <= text[:1] <= "Ý") and ("," in text or "|" in text or "·" in text)
            and BYLINE_SHAPE.match(text) is not None)


def _one_word_head(line: Line, cls: str) -> bool:
    """One word right above the article's first paragraph, no rule's phrase: a place's or a
    topic's name ('Emden', 'Willkommen!') heads what follows."""
    return (line.words == 1 and line.hit is None and not line.digit and line.chars >= ONE_WORD_CHARS
            and not line.text.isupper() and _headline_shaped(line, cls, 1))  # "HISTALP": a label or a logo


def _menu_run(line: Line, menu_words: frozenset[str]) -> bool:
    """Two or more menu items or buttons run into one line ('Impressum Menü', 'Facebook Twitter
    Mail', 'Blog - Latest News'): each word a rule's phrase alone."""
    words = [w for w in line.key.split(" ") if w.isalpha()] if menu_words and line.words <= MENU_RUN_WORDS else ()
    return len(words) >= 2 and all(w in menu_words for w in words)


def _under_media_label(lines: list[Line], i: int) -> bool:
    """The line right under a video player's label ('JUST WATCHED'): the video's title."""
    above = next((j for j in range(i - 1, max(-1, i - 3), -1) if lines[j].words), None)
    return above is not None and lines[above].hit is not None and lines[above].hit.rule_id.startswith(MEDIA_LABEL)


def _byline_hit(line: Line) -> bool:
    return line.hit is not None and line.hit.rule_id.startswith(HEADER_RULES)


def _in_list(lines: list[Line], i: int) -> bool:
    """One of the two lines above is a headline candidate too, and as long as a headline: a list of
    headlines (each with its time or kicker), where one line's being longer than the next says nothing."""
    above = [j for j in range(i - 1, max(-1, i - 5), -1) if lines[j].words][:LIST_STEP]
    return any(lines[j].words >= 4 and _candidate(lines[j]) for j in above)


def _candidate(line: Line) -> bool:
    """A headline-shaped line of a class a headline can have."""
    return _head_flags(line) & HEAD_SHAPED


def _dateline(line: Line) -> bool:
    """A row that names a date and is no sentence ('Monday November 18, 2019 7:45 am by Jane Roe',
    '* 2016.12.01'): a header row, as a timestamp is."""
    return _head_flags(line) & DATED_ROW


def _head_flags(line: Line) -> int:
    """HEAD_SHAPED and DATED_ROW bits. Context-free: kept on the line with its class (Line.judged),
    as repeated lines (a site's menus, labels and dated rows) are asked again and again."""
    judged = line.judged
    if judged[3] is None:
        cls = judged[0]
        weekday = line.digit and is_weekday_time(line.text)  # "Monday 5:30PM": when a story was posted
        shaped = cls not in (TIME, RULE, MARK, LINK) and _headline_shaped(line, cls) and not weekday
        dated = weekday or (not shaped and line.digit and cls not in (GOOD, TIME) and len(line.text) <= DATELINE_CHARS and not line.sentence
                 and _date_of(line.text) is not None)
        line.judged = judged = (*judged[:3], HEAD_SHAPED * shaped | DATED_ROW * dated)
    return judged[3]


def find_date(lines: list[Line], classes: list[str], head: int | None, start: int,
              regions: dict[int, str] | None = None) -> dt.date | None:
    """The article's date: on the timestamp or dateline row ("By Jane Roe, November 19, 2019",
    "Associated Press Nov 19, 2019, 9:02 AM") nearest its headline (or its first line, when it
    has none), a few lines either side; else the first timestamp above the article; else the first
    date with a publication label ("Aktualisiert: 30.12.2016", "Pubblicato il: 30 Settembre 2020")
    outside chrome regions (a comment's or a related story's date is not the article's)."""
    anchor = head if head is not None else start
    near = range(max(0, anchor - DATE_BEFORE), min(len(lines), start + DATE_AFTER))
    for i in sorted(near, key=lambda i: (abs(i - anchor), i < anchor)):  # nearest first, below before above
        line = lines[i]
        if (line.timestamp or (classes[i] != GOOD and len(line.text) <= DATELINE_CHARS and not line.sentence)) \
                and (found := _date_of(line.text)) is not None:
            return found
    above = next((found for i in range(min(start + DATE_REACH, len(lines)))
                  if lines[i].timestamp and (found := _date_of(lines[i].text)) is not None), None)
    if above is not None:
        return above
    return next((found for i, line in enumerate(lines)
                 if line.digit and len(line.text) <= DATELINE_CHARS and PUBLISHED.match(line.text)
                 and not (regions and i in regions) and (found := _date_of(line.text)) is not None), None)


def _words(line: Line) -> set[str]:
    """A line's content words: four letters or more, case folded (most function words are shorter);
    in a script written without spaces, its pairs of characters (ideograph_pairs) instead."""
    words = content_words([line.text], CONTENT_WORD)
    if not spaceless(line):
        return words
    return {w for w in words if not ideograph_pairs([w])} | ideograph_pairs([line.text])


def _article_words(lines: list[Line], classes: list[str], first: int, end: int, wanted: set[str]) -> set[str]:
    """The words of `wanted` that are content words of the article's first prose lines (one call
    for all of them)."""
    texts, spaceless_texts = [], []
    for i in range(first, end + 1):
        if classes[i] in (GOOD, NEAR):
            texts.append(lines[i].text)
            if spaceless(lines[i]):
                spaceless_texts.append(lines[i].text)
            if len(texts) >= ARTICLE_LINES:
                break
    words = held_words(texts, CONTENT_WORD, wanted)
    return words | (ideograph_pairs(spaceless_texts) & wanted) if spaceless_texts else words


def held_words_python(texts: list[str], min_len: int, wanted: set[str]) -> set[str]:
    """The words of `wanted` among content_words(texts, min_len). The definition; cleaner/_kernel.c
    computes the same in C, making no set of all the texts' words."""
    return content_words(texts, min_len) & wanted


_held_words = compiled("held_words")


def held_words(texts: list[str], min_len: int, wanted: set[str]) -> set[str]:
    """held_words_python(); in C when built."""
    if _held_words is None:
        return held_words_python(texts, min_len, wanted)
    return _held_words(texts, min_len, wanted)


def _is_dek(line: Line, cls: str) -> bool:
    """A '###' standfirst or a line ending like a statement is a dek, not a headline (a headline
    may ask or exclaim: "Is an oxygen bar offering fresh air?")."""
    return _dek_shaped(line, cls) and ((line.text.rstrip(CLOSERS).endswith(STATEMENT_END) and not _title_case_statement(line))
                                       or line.text.startswith("###"))


def _revise_short(i: int, lines: list[Line], classes: list[str], span: tuple[int, int]) -> Verdict:
    """A short line inside the article: keep it when it reads as article structure."""
    line = lines[i]
    if is_slug(line):
        return _verdict(False, "caption.slug")
    if is_alt_text(line):
        return _verdict(False, "caption.alt-text")
    if line.words >= CAPS_LINK_WORDS and _all_caps(line.text):
        return _verdict(False, "related.caps-link")  # "CLICK HERE TO GET THE APP", "OTHER STORY IN CAPS"
    if _credit_tail(line.text):
        return _verdict(False, "caption.credit-tail")  # "... in the harbour. EFE", "... on Monday. (Jane Roe)"
    if line.colon or line.quote or (line.bullet and line.words >= 2) or line.sentence:
        return _verdict(True, "keep.structure")
    before, after = _neighbour(i, -1, classes, span), _neighbour(i, 1, classes, span)
    if _plain_short(line) and any(j is not None and classes[j] == SHORT and _plain_short(lines[j])
                                  for j in (before, after)):
        return _verdict(True, "keep.row")  # plain-case short lines one after another: a list or a table
    if after is not None and classes[after] in (GOOD, NEAR, SHORT):
        return _verdict(True, "keep.subheading")
    return _verdict(False, "short.isolated")


def _credit_tail(text: str) -> bool:
    """A caption: a sentence, then its picture credit ('... last week. Foto: Jane Roe', '... in the
    harbour. EFE', '... on Monday. (Jane Roe/Example Herald)', '... (Bildquelle: example.com)').
    Stricter than _caption_tail: a short line inside an article may be a subheading ('Die Halle
    (Kunstmuseum)', 'Wo liegt das Problem? Beim Preisniveau'), so the credit must name itself as
    one (a credit word, a slash) or be a name in brackets after a full sentence."""
    if not _holds_end_mark(text):
        return False
    m = CREDIT_TAIL.search(text)
    if m is None:
        return False
    bracketed, after_sentence = m.group(2), m.group(3)
    tail = bracketed or after_sentence
    if CREDIT_WORD.match(tail) is not None or SLASHED.search(tail):
        return True
    if after_sentence is not None and after_sentence.startswith("(") and after_sentence.rstrip().endswith(")"):
        bracketed = after_sentence.strip()[1:-1]  # "... last week. (Jane Roe)"
    elif m.group(1) is None:
        return False
    return bracketed is not None and NAME_IN_BRACKETS.match(bracketed.strip()) is not None


def _plain_short(line: Line) -> bool:
    """A short line in plain case, long enough to say something: a table row or list item (the
    shape line_scores lets count a little)."""
    return (not line.bullet and line.chars >= 25 and line.words >= 3 and " " in line.text
            and line.capitalised < 0.6 and not line.hit)


def _neighbour(i: int, step: int, classes: list[str], span: tuple[int, int]) -> int | None:
    """The nearest line before (step -1) or after (step 1) i inside the span, rule hits and
    timestamps skipped."""
    end = span[0] - 1 if step < 0 else span[1] + 1
    return next((j for j in range(i + step, end, step) if classes[j] not in (RULE, TIME)), None)


def _drop_orphan_subheadings(verdicts: dict[int, Verdict], classes: list[str], span: tuple[int, int]) -> None:
    """A subheading heads what follows it: when that line is dropped, so is the subheading (else
    cleaning the output again would drop it then)."""
    following_kept = False
    for i in range(span[1], span[0] - 1, -1):
        if verdicts[i].reason == "keep.subheading" and not following_kept:
            verdicts[i] = _verdict(False, "short.isolated")
        if classes[i] not in (RULE, TIME):
            following_kept = verdicts[i].keep


def _all_caps(text: str) -> bool:
    letters = list(filter(str.isalpha, text))
    return len(letters) >= 12 and sum(map(str.isupper, letters)) >= 0.9 * len(letters)


def _inside_verdict(i, lines, classes, regions, lists, span, title_key, extracted=False) -> Verdict:
    line, cls = lines[i], classes[i]
    if title_key and line.key == title_key:
        return _verdict(False, "headline.repeat")
    if cls in (RULE, MARK):
        return _verdict(False, line.hit.rule_id)
    if i in regions:
        return _verdict(False, regions[i])
    if cls in (GOOD, NEAR):
        return _verdict(True, "keep.prose")
    if cls == TIME:
        # Times between paragraphs are part of the story (live blogs); not metadata.
        if is_time_only(line.text):
            return _verdict(True, "keep.timeline")
        return _verdict(False, "meta.timestamp")
    if i in lists and not (is_slug(line) or is_alt_text(line)):
        return _verdict(True, "keep.list-item")
    if extracted and cls in (LINK, SHORT) and not is_slug(line):
        return _verdict(True, "keep.extracted")  # the extractor judged these lines already
    if cls == LINK:
        return _verdict(False, "nav.link-list")
    return _revise_short(i, lines, classes, span)


def lead_in_lists(lines: list[Line], classes: list[str]) -> set[int]:
    """Short lines right after a lead-in ending in a colon: the article's own list."""
    found: set[int] = set()
    for i in compress(range(len(lines)), map(_COLON, lines)):  # (lead-ins only)
        if classes[i] not in (GOOD, NEAR, SHORT):
            continue
        j = i + 1
        while j < len(lines) and j - i <= LIST_MAX and (
                classes[j] in (SHORT, LINK) or (lines[j].bullet and classes[j] in (GOOD, NEAR))):
            if classes[j] in (SHORT, LINK):
                found.add(j)  # (a bullet in prose counts as prose; the list goes on after it)
            j += 1
    return found


def figure_runs(lines: list[Line], classes: list[str], regions: dict[int, str]) -> set[int]:
    """Short lines between two prose lines, most of them holding a figure, no rule hit among them:
    an ingredient list, a fact box, table rows or a schedule inside the article ('200 g Mehl',
    'Termin: 29.02.2020, 19 Uhr'). Menus between paragraphs hold words, not figures."""
    found: set[int] = set()
    last_prose = None
    for i, cls in enumerate(classes):
        if i in regions or cls in _NO_FRAME or (cls != GOOD and lines[i].digit and NUMBERED.match(lines[i].text)):
            last_prose = None  # ranked lists ('1. 1', '2. Headline') and teasers are no frame (a numbered paragraph is: a step)
        elif cls == GOOD:
            run = range(last_prose + 1, i) if last_prose is not None else range(0)
            if 1 <= len(run) <= LIST_MAX and 2 * sum(lines[j].digit for j in run) >= len(run):
                found.update(run)
            last_prose = i
    return found


_CLASS_REASON = {TIME: "meta.timestamp", LINK: "nav.link-list"}  # (a region's reason is never empty)


def _outside_reason(line: Line, cls: str, regions: dict[int, str], i: int, after: bool) -> str:
    if line.hit is not None:
        return line.hit.rule_id  # a closing rule's line after the article says which rule
    return regions.get(i) or _CLASS_REASON.get(cls) or ("tail.after-article" if after else "head.before-article")


def _judged(line: Line) -> tuple[str, float, float, bool | None]:
    """(class, score outside a region, score inside one, headline candidate or None until asked):
    the context-free part, kept on the line."""
    if line.judged is None:
        cls = classify(line)
        outside, inside = line_scores(line, cls)
        line.judged = (cls, outside, inside, None)  # None: see _head_flags
    return line.judged


def decide(lines: list[Line], extracted: bool = False, title_hint: str | None = None,
           menu_words: frozenset[str] = frozenset()) -> Outcome:
    """Every line's verdict, the headline and the date. menu_words: the words that are a menu item
    or a button alone (RuleSet.menu_words): a line made only of them is a menu run together."""
    judged = [line.judged or _judged(line) for line in lines]  # (most lines were judged on an earlier page)
    classes = list(map(_CLASS, judged))
    regions = chrome_regions(lines, classes)
    for i, reason in ({} if extracted else teaser_runs(lines, classes)).items():
        regions.setdefault(i, reason)
    scores = list(map(_OUTSIDE, judged))
    for i in regions:
        scores[i] = judged[i][2]  # the score inside a region
    for i in lead_lines(lines, classes, regions):
        scores[i] += LEAD_BONUS
    lists = lead_in_lists(lines, classes) | figure_runs(lines, classes, regions)
    for i in lists:
        if i not in regions:
            scores[i] = 0.0  # the article's own list after "... include:" costs nothing
    for i in _contents_lines(lines, regions):
        scores[i] = 0.0  # a table of contents stands inside the article: dropped, it does not cut it
    outcome = _article(lines, classes, regions, lists, scores, extracted, title_hint, menu_words)
    outcome = _footer_guard(outcome, lines, classes, regions, lists, scores, extracted, title_hint, menu_words)
    return _guard(outcome, lines, classes, regions)


def _article(lines, classes, regions, lists, scores, extracted, title_hint, menu_words=frozenset()) -> Outcome:
    """The article's span, headline and date, and every line's verdict, from the lines' scores."""
    if extracted:
        # An extractor already chose the main content: keep its extent, judge its lines; the page's
        # title, when the extract opens with it, is the headline.
        span, head = ((0, len(lines) - 1) if lines else None), None
        title_key = normalise(title_hint) if title_hint else None
        head = next((i for i in range(min(3, len(lines))) if title_key and lines[i].key == title_key), None)
    else:
        span = main_span(scores)
    if span is None:
        return _rules_only(lines, classes, regions, note="guard.no-article")
    if not extracted:
        span = _with_entry_time(lines, classes, span)
        span = _with_closing_list(span, lists, regions, len(lines))
        span = _without_closing(lines, classes, regions, span)
        span = _without_tail(lines, classes, regions, span)
        head = find_headline(lines, classes, span[0], span[1], menu_words=menu_words)
        if head is not None and head >= span[0]:
            span = (head + 1, span[1])  # the article proper starts after its headline
    title_key = lines[head].key if head is not None else None
    verdicts: dict[int, Verdict] = {}
    # Before the article, only the headline, the lines just below it and the line just above the
    # article can be kept (_before_verdict); the others are chrome, for the reason
    # _outside_reason gives.
    near = range(head, head + DEK_REACH + 1) if head is not None else range(0)
    for i in range(span[0]):
        line = lines[i]
        if i in near or i == span[0] - 1 or (title_key and line.key == title_key):
            verdicts[i] = _before_verdict(i, lines, classes, regions, head, span[0], title_key)
        else:
            verdicts[i] = _dropped(_outside_reason(line, classes[i], regions, i, False))
    for i in range(span[0], span[1] + 1):  # an extract's span may hold the headline
        verdicts[i] = (_verdict(True, "keep.headline") if i == head
                       else _inside_verdict(i, lines, classes, regions, lists, span, title_key, extracted))
    for i in range(span[1] + 1, len(lines)):
        line = lines[i]
        verdicts[i] = (_verdict(False, "headline.repeat") if title_key and line.key == title_key
                       else _dropped(_outside_reason(line, classes[i], regions, i, True)))
    date = find_date(lines, classes, head, span[0], regions)
    _drop_orphan_subheadings(verdicts, classes, span)
    if not any(verdicts[i].keep and verdicts[i].reason not in ("keep.headline", "keep.dek")
               for i in range(max(0, span[0] - 1), span[1] + 1)):
        # A headline over no article is not one (and alone, a second clean would drop it).
        verdicts = {i: _verdict(False, "head.no-article") if v.keep else v for i, v in verdicts.items()}
        head = None
    outcome = Outcome(verdicts, head, _title_text(lines[head]) if head is not None else None, date)
    return outcome


def _before_verdict(i, lines, classes, regions, head, start, title_key) -> Verdict:
    """A line before the article: the headline, its dek, a live blog's first entry time, or chrome."""
    line, cls = lines[i], classes[i]
    if i == head:
        return _verdict(True, "keep.headline")
    if title_key and line.key == title_key:
        return _verdict(False, "headline.repeat")
    if (head is not None and head < i <= head + DEK_REACH and _dek_shaped(line, cls) and cls not in (RULE, MARK, TIME)
            and not regions.get(i, "").startswith("region:")):  # a box under a marker (an author box) is no dek
        return _verdict(True, "keep.dek")
    if i == start - 1 and cls == TIME and is_time_only(line.text):
        return _verdict(True, "keep.timeline")  # a live blog's first entry time
    return _verdict(False, _outside_reason(line, cls, regions, i, False))


def _without_closing(lines: list[Line], classes: list[str], regions: dict[int, str],
                     span: tuple[int, int]) -> tuple[int, int]:
    """The article ends before its first closing line: prose or a heading that a closing rule names
    (an author bio: 'Jane Roe is a senior writer ...', 'Ich bin Erika, Foodbloggerin ...'; a press
    release's contact block: 'Pressekontakt') once the article
    has said enough to be one (TERMINAL_AFTER_PROSE, as for markers). Before that, the same
    sentence shape is the article's own text."""
    seen = 0
    for i in range(span[0], span[1] + 1):
        if classes[i] not in (GOOD, NEAR, SHORT) or i in regions:
            continue
        if lines[i].hit is not None and lines[i].hit.kind == CLOSING and seen >= TERMINAL_AFTER_PROSE:
            return (span[0], i - 1)
        if classes[i] != SHORT:
            seen += lines[i].chars
    return span


def _without_tail(lines: list[Line], classes: list[str], regions: dict[int, str],
                  span: tuple[int, int]) -> tuple[int, int]:
    """The article ends before a break of chrome lines (rule hits, links, markers: TAIL_GAP or
    more in a row) after which only a little prose follows (under TAIL_SHARE of the prose before
    it): a promotion, a blurb or a box below the article's last paragraph."""
    start, end = span
    prose = {i for i in range(start, end + 1) if classes[i] in (GOOD, NEAR) and i not in regions}
    total = sum(lines[i].chars for i in prose)
    before, run, last = 0, 0, end
    for i in range(start, end + 1):
        if i in prose:
            if run >= TAIL_GAP and total - before < TAIL_SHARE * before:
                return (start, last)
            before += lines[i].chars
            run, last = 0, i
        elif classes[i] in (RULE, MARK) or i in regions:
            run += 1
        elif classes[i] == SHORT and not run:
            last = i  # a short line right after prose belongs to it (a list item, a signature)
    return span


def _with_closing_list(span: tuple[int, int], lists: set[int], regions: dict[int, str], n: int) -> tuple[int, int]:
    """An article that ends on a lead-in ("The next fixtures:") keeps the list that follows."""
    end = span[1]
    while end + 1 < n and end + 1 in lists and end + 1 not in regions:
        end += 1
    return (span[0], end)


def _with_entry_time(lines: list[Line], classes: list[str], span: tuple[int, int]) -> tuple[int, int]:
    """A live blog's first entry (time, entry title) belongs to the article that follows it."""
    for back in (1, 2):
        j = span[0] - back
        if j >= 0 and classes[j] == TIME and is_time_only(lines[j].text):
            if all(classes[k] == SHORT for k in range(j + 1, span[0])):
                return (j, span[1])
    return span


def _footer_kept(outcome: Outcome, lines: list[Line]) -> set[int]:
    """The kept lines that are legal or footer text (cleaner/footer.py), when they hold most of
    the words kept (the headline aside); empty otherwise."""
    title = outcome.title_index
    kept = [i for i, v in outcome.verdicts.items() if v[0] and i != title]  # (v[0]: v.keep)
    words = [lines[i].words for i in kept]
    need = FOOTER_SHARE * sum(words)
    # The lines with the most words are looked at first: when the rest holds fewer words than the
    # share needs and these hold no footer term, the rest cannot make it, and is not scanned.
    order = sorted(range(len(kept)), key=words.__getitem__, reverse=True)
    rest_words, first = sum(words), 0
    while first < len(order) and rest_words >= need:
        rest_words -= words[order[first]]
        first += 1
    head = [kept[k] for k in order[:first]]
    footer = {head[k] for k in footer_lines([lines[i].text for i in head])}
    if not footer:
        return set()
    rest = [kept[k] for k in order[first:]]
    footer |= {rest[k] for k in footer_lines([lines[i].text for i in rest])}
    if sum(lines[i].words for i in footer) < need:
        return set()
    return footer


def _prose_kept(outcome: Outcome, lines: list[Line], classes: list[str], footer: set[int]) -> int:
    """Characters of prose kept, footer lines aside."""
    return sum(lines[i].chars for i, v in outcome.verdicts.items()
               if v.keep and classes[i] in (GOOD, NEAR) and i not in footer)


def _footer_guard(outcome, lines, classes, regions, lists, scores, extracted, title_hint, menu_words) -> Outcome:
    """When the text kept is mostly a footer (disclaimers, newsletter consent, copyright), the
    article may have been lost to it: look again with those lines as chrome, and take what that
    finds when it keeps all else that was kept and more prose than the footer holds (the footer
    had pulled the span off the article). Else, when the prose dropped outside chrome regions
    (comments are prose too) outweighs all that was kept, fall back to rules only. An article
    about data protection, whose prose is what it kept and nothing outweighs, stays as it is."""
    footer = _footer_kept(outcome, lines)
    if not footer:
        return outcome
    rescored = [SCORE[RULE] if i in footer else s for i, s in enumerate(scores)]
    second = _article(lines, classes, regions, lists, rescored, extracted, title_hint, menu_words)
    rest = [i for i, v in outcome.verdicts.items() if v.keep and i not in footer]
    footer_chars = sum(lines[i].chars for i in footer)
    if all(second.verdicts[i].keep for i in rest) and _prose_kept(second, lines, classes, footer) > footer_chars:
        second.notes.append("guard.footer")
        return second
    kept = sum(lines[i].chars for i, v in outcome.verdicts.items() if v.keep)
    others = [i for i, c in enumerate(classes) if c in (GOOD, NEAR) and not outcome.verdicts[i].keep and i not in regions]
    others_footer = footer_lines([lines[i].text for i in others])
    dropped = sum(lines[i].chars for k, i in enumerate(others) if k not in others_footer)
    if dropped >= GUARD_MIN_PROSE and dropped > kept:
        return _fall_back(outcome, lines, classes, regions, "guard.footer")
    return outcome


def _guard(outcome: Outcome, lines, classes, regions) -> Outcome:
    prose = list(compress(range(len(classes)), map(_PROSE.__contains__, classes)))
    total = sum(lines[i].chars for i in prose if i not in regions)
    kept = sum(lines[i].chars for i in prose if outcome.verdicts[i].keep)
    if total >= GUARD_MIN_PROSE and kept < GUARD_SHARE * total:
        return _fall_back(outcome, lines, classes, regions, "guard.fallback")
    return outcome


def _fall_back(outcome: Outcome, lines, classes, regions, note: str) -> Outcome:
    """Rules only, keeping the headline and date the outcome found."""
    fallback = _rules_only(lines, classes, regions, note=note)
    fallback.title, fallback.title_index, fallback.date = outcome.title, outcome.title_index, outcome.date
    if outcome.title_index is not None:
        fallback.verdicts[outcome.title_index] = _verdict(True, "keep.headline")
    return fallback


def _rules_only(lines, classes, regions, note: str) -> Outcome:
    """The safe answer: drop only what rules and chrome regions name, keep everything else."""
    verdicts = {}
    for i, (line, cls) in enumerate(zip(lines, classes)):
        if cls in (RULE, MARK):
            verdicts[i] = _verdict(False, line.hit.rule_id)
        elif i in regions:
            verdicts[i] = _verdict(False, regions[i])
        else:
            verdicts[i] = _verdict(True, "keep.fallback")
    return Outcome(verdicts, None, None, None, notes=[note])


def _title_text(line: Line) -> str:
    text = line.text.strip()
    text = LINK_MARK.sub("", text.lstrip("#").strip())  # "› Headline": the mark of a link to it
    while len(text) > 4 and text[:2] in ("**", "__") and text[-2:] == text[:2]:
        text = text[2:-2].strip()
    return text.strip("*_ ").strip() or normalise(line.text)
