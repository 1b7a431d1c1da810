"""What a page is: an article, a listing of other stories (section fronts, tag, search and archive
pages), or an empty shell (not found, paywall stub, consent wall, no prose at all).

Judged after the core has decided each line, from the page's shape: a listing is many teasers
(a headline-shaped line, then one short blurb standing alone, or a date) and no run of article
paragraphs; an empty shell keeps almost nothing, and a shell signal (rules/kinds/shells.toml)
names why. A listing's and a shell's kept lines go to `removed` under the kind's id.
"""
from __future__ import annotations

import functools
import re
from itertools import compress, islice
from collections import Counter
import tomllib
from dataclasses import dataclass
from typing import Callable, NamedTuple

from .core import DATE_LABEL, GOOD, MARK, NEAR, RULE, TIME, Outcome, Verdict, _entry_head, entry_lines
from .dates import has_numeric_date
from .footer import footer_lines
from .lines import _QUOTES, Line, is_alt_text, is_slug
from .rules import needles_held, packaged_root, required_literals

ARTICLE, LISTING, EMPTY = "article", "listing", "empty"
KINDS = (ARTICLE, LISTING, EMPTY)

MIN_ENTRIES = 5  # teasers a listing shows at the least (a related block under an article has 3-4)
STRONG_ENTRIES = 12  # teasers that make a listing even beside paragraphs in a row (chrome, a section intro)
PER_HEAD = 25  # characters of prose outside the teasers a listing may keep, per teaser
BLURB_MAX = 300  # a teaser's blurb is one short paragraph
RUN_CHARS = 250  # two prose lines in a row this long: an article's paragraphs, not teasers
LONG_PARAGRAPH = 450  # one paragraph this long is no teaser's blurb
BLURB_SHARE = 0.6  # a listing's prose is mostly its blurbs
EMPTY_WORDS = 10  # a page keeping fewer words than this, and no sentence, holds no article
SHELL_WORDS = 80  # a shell signal counts when the page keeps fewer words than this
NOT_FOUND_WORDS = 300  # a "not found" heading counts when the page keeps fewer words than this
NOT_FOUND_LINE = 8  # words in such a heading
CARD_MAX = 800  # a teaser card's text, in characters (a blog's front page shows whole posts)
KEPT_ARTICLE = 200  # prose the core kept outside the teasers, in characters: an article after all


class Kind(NamedTuple):
    kind: str
    reason: str  # the heuristic's id: kind.prose, kind.teaser-list, kind.no-prose, ...
    heads: tuple[int, ...] = ()  # a listing's teaser headlines (indexes into lines), in order
    entries: frozenset[int] = frozenset()  # every line of its teasers (heads, blurbs, dates)
    headlines: tuple[str, ...] = ()  # a listing's headline list, one teaser each (no repeats)


@dataclass(frozen=True)
class Signal:
    id: str
    lang: str
    pattern: re.Pattern
    max_words: int
    matches: tuple[str, ...]
    keeps: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def signals() -> tuple[Signal, ...]:
    """The shell signals, as data (rules/kinds/shells.toml)."""
    data = tomllib.loads(packaged_root().joinpath("kinds", "shells.toml").read_text(encoding="utf-8"))
    return tuple(Signal(s["id"], s["lang"], re.compile(s["pattern"], re.IGNORECASE), int(s.get("max_words", 20)),
                        tuple(s["examples"]["match"]), tuple(s["examples"]["keep"])) for s in data["signal"])


def signal_of(text: str, candidates: frozenset[int] | None = None) -> str | None:
    """The id of the first shell signal this line gives, or None. `candidates`: the positions in
    signals() of those the line can give (_gated); None: all."""
    words = len(text.split())
    every = signals()
    order = range(len(every)) if candidates is None else sorted(candidates)  # (in the signals' order)
    return next((every[k].id for k in order if words <= every[k].max_words and every[k].pattern.search(text)), None)


def _shell(lines: list[Line], max_words: int = 40, only: str | None = None) -> str | None:
    """The first shell signal (of id `only`, when given) among the page's lines of max_words or fewer."""
    texts = [line.text for line in lines if line.words <= max_words]
    wanted = {k for k, s in enumerate(signals()) if only is None or s.id == only}
    found = (signal_of(texts[i], candidates) for i, candidates in _gated(texts) if candidates & wanted)
    return next((s for s in found if s is not None and (only is None or s == only)), None)


@functools.lru_cache(maxsize=1)
def _literals() -> tuple[tuple[str, ...], tuple[frozenset[int], ...], frozenset[int]]:
    """Every signal's literals (rules.required_literals: one of them stands in each line it matches),
    for each literal the signals that need it, and the signals with none to look for."""
    needs = [required_literals(s.pattern.pattern) for s in signals()]
    needles = tuple(sorted({n for found in needs for n in found}))
    return (needles, tuple(frozenset(k for k, found in enumerate(needs) if n in found) for n in needles),
            frozenset(k for k, found in enumerate(needs) if not found))


def _gated(texts: list[str]) -> list[tuple[int, frozenset[int]]]:
    """(index, the signals it can give) of each text that can give one, in order: a line tries the
    signals whose literal it holds, all found in one scan of the page (rules.needles_held), as
    rules.py gates its regex rules."""
    needles, signals_of, always = _literals()
    found = {i: set().union(*map(signals_of.__getitem__, held))
             for i, held in needles_held(texts, needles, lower=True).items()}
    if always:
        return [(i, frozenset(found.get(i, ())) | always) for i in range(len(texts))]
    return [(i, frozenset(found[i])) for i in sorted(found)]


def _not_found(lines: list[Line]) -> str | None:
    """A "page not found" heading: no article says so in a line of its own, so it counts on a page
    keeping more (the chrome's blurbs, a bio, comments) than other signals may."""
    return _shell(lines, NOT_FOUND_LINE, "kind.not-found")


def judge(lines: list[Line], outcome: Outcome, cards: list[tuple[str, str]] | None = None) -> Kind:
    """cards: an HTML page's teaser cards (cleaner/page_meta.py), (headline, normalised text)."""
    classes = [line.judged[0] for line in lines]
    kept = [i for i, v in outcome.verdicts.items() if v.keep]
    kept_words = sum(lines[i].words for i in kept)
    # a signal counts only on a page that keeps little, so most pages skip the scan
    shell = _shell(lines) if kept_words < SHELL_WORDS else _not_found(lines) if kept_words < NOT_FOUND_WORDS else None
    if shell in ("kind.not-found", "kind.error"):
        return Kind(EMPTY, shell)
    listing = _card_listing(lines, classes, cards) if cards else None
    listing = listing or _listing(lines, classes)
    if listing is not None and _kept_outside(lines, classes, kept, listing) < _article_floor(listing):
        return listing
    if shell is not None:
        return Kind(EMPTY, shell)
    if kept_words < EMPTY_WORDS and not any(lines[i].sentence and lines[i].words >= 6 for i in kept):
        # (a sentence, not a prose class: that depends on the language's stoplist, and the kept
        # text alone may read as another language; cleaning it again must give the same kind)
        return Kind(EMPTY, "kind.no-prose")
    return Kind(ARTICLE, "kind.prose")


def _article_floor(listing: Kind) -> float:
    """How much prose outside its teasers a listing may keep (a section's intro, chrome the core let
    through): more for a longer list, as a related block under an article has a handful."""
    return max(KEPT_ARTICLE, PER_HEAD * len(listing.heads))


def _listing(lines: list[Line], classes: list[str]) -> Kind | None:
    idx, prose = entry_lines(classes)  # (prose: blurb-like)
    article_run = _has_article_run(lines, idx, prose)
    # a headline long enough to read as prose is still one when it does not end like a sentence
    @functools.cache
    def headed(k: int) -> bool:  # asked only of the few lines above a short prose line, each once
        i = idx[k]
        return _teaser_head(lines, classes, i) and not (prose[k] and lines[i].sentence)

    heads, entries, blurb_chars = [], set(), 0
    for k in compress(range(1, len(idx)), islice(prose, 1, None)):  # a blurb is prose: the other lines need no look
        i, h = idx[k], idx[k - 1]
        # (the line's own tests first: headed and _continued look at its neighbours)
        alone = (lines[i].chars <= BLURB_MAX and (not prose[k - 1] or lines[i].sentence) and not _quoted(lines[i])
                 and headed(k - 1) and not _continued(prose, headed, k))
        if alone:
            heads.append(h)
            entries.update(range(h, i + 1))
            blurb_chars += lines[i].chars
    need = STRONG_ENTRIES if article_run else MIN_ENTRIES  # paragraphs in a row: only a long list outweighs them
    # a page mixes its teasers' shapes (dated ones, then blurbs only): each shape's lines are teasers
    if len(heads) >= need and blurb_chars >= BLURB_SHARE * _prose_chars(lines, idx, prose, heads, entries):
        dated_entries = _dated_entries(lines, classes, _dated_heads(lines, classes))
        return _with_headlines(Kind(LISTING, "kind.teaser-list", tuple(heads), frozenset(entries) | dated_entries),
                               lines)
    dated = _dated_heads(lines, classes) if classes.count(TIME) >= need else []  # (fewer dates: too few heads)
    if len(dated) >= need:
        return _with_headlines(Kind(LISTING, "kind.dated-list", tuple(dated),
                                    _dated_entries(lines, classes, dated) | entries), lines)
    if any(prose):  # a headline list has no prose (tested first: most pages stop here)
        return None
    plain = [i for i in idx if lines[i].words >= 5 and _teaser_head(lines, classes, i)]
    figures = sum(map(_tabular, (lines[i].text for i in plain)))  # a calendar or a results table
    if len(plain) >= need and 2 * len(plain) >= len(idx) and 4 * figures <= len(plain):
        return _with_headlines(Kind(LISTING, "kind.headline-list", tuple(plain), frozenset(plain)), lines)
    return None


def _prose_chars(lines: list[Line], idx: list[int], prose: list[bool], heads: list[int], entries: set[int]) -> int:
    """Characters of the prose lines that head no teaser; beside a long list, frame prose aside."""
    taken = set(heads)  # a headline is no prose, however long
    prose_chars = sum(lines[i].chars for i in compress(idx, prose) if i not in taken)
    if len(heads) >= STRONG_ENTRIES:  # beside a long list, frame prose is no article's (_frame_prose)
        prose_chars -= sum(lines[i].chars for i in _frame_prose(lines, [i for i, p in zip(idx, prose) if p and i not in entries]))
    return prose_chars


def _dated_heads(lines: list[Line], classes: list[str]) -> list[int]:
    """Each head over its date."""
    return [j - 1 for j in compress(range(1, len(classes)), map(TIME.__eq__, islice(classes, 1, None)))
            if _teaser_head(lines, classes, j - 1)]


def _continued(prose: list[bool], headed: Callable[[int], bool], k: int) -> bool:
    """Whether the prose after a blurb goes on (a paragraph, not the next teaser's headline)."""
    nxt = k + 1
    return nxt < len(prose) and prose[nxt] and not (headed(nxt) and nxt + 1 < len(prose) and prose[nxt + 1])


def _dated_entries(lines: list[Line], classes: list[str], dated: list[int]) -> frozenset[int]:
    """A dated teaser's lines: its headline, its date and the one short blurb under the date."""
    out = set()
    heads = set(dated)
    for i in dated:
        out.update((i, i + 1))
        j = i + 2
        if (j < len(lines) and j not in heads and classes[j] in (GOOD, NEAR) and lines[j].chars <= BLURB_MAX
                and (j + 1 >= len(lines) or j + 1 in heads or classes[j + 1] not in (GOOD, NEAR))):
            out.add(j)
    return frozenset(out)


# A blurb is prose (a short sentence is no blurb: sports roundups and tables are made of them).


_NUMBER = re.compile(r"\d+")


def _tabular(text: str) -> bool:
    """A row of figures ("12a etapa: 9 de dezembro", "Rockledge 14 11 6 15"), not a headline with a number."""
    return text[:1].isdigit() or len(_NUMBER.findall(text)) >= 2


def _with_headlines(page: Kind, lines: list[Line]) -> Kind:
    firsts = {lines[i].key: i for i in reversed(page.heads)}  # each headline at its first occurrence
    heads = tuple(sorted(firsts.values()))
    return page._replace(heads=heads, headlines=tuple(lines[i].text for i in heads))


def _card_listing(lines: list[Line], classes: list[str], cards: list[tuple[str, str]]) -> Kind | None:
    """An HTML page showing teaser cards, whose extracted prose all sits inside them (the extractor
    often keeps the blurbs and leaves the linked headlines out)."""
    cards = [(head, text) for head, text in cards if len(text) <= CARD_MAX]  # longer: a whole post
    if len(cards) < MIN_ENTRIES:
        return None
    texts = "\n".join(text for _, text in cards)
    inside = {i for i, line in enumerate(lines) if line.key and line.key in texts}
    prose = [i for i, c in enumerate(classes) if c in (GOOD, NEAR)]
    outside = sum(lines[i].chars for i in prose if i not in inside)
    if outside >= KEPT_ARTICLE or outside > (1 - BLURB_SHARE) * sum(lines[i].chars for i in prose):
        return None
    headlines = tuple(dict.fromkeys(head for head, _ in cards))  # heads: none, the list comes from the cards
    return Kind(LISTING, "kind.teaser-cards", (), frozenset(inside), headlines)


def _kept_outside(lines: list[Line], classes: list[str], kept: list[int], listing: Kind) -> int:
    """Characters of prose the core kept that belong to no teaser: the article a page may hold
    beside its teaser blocks (a paywalled lede over "more stories"). Beside a long list, legal and
    footer text (cleaner/footer.py: disclaimers, newsletter consent, cookie notices) is no
    article's prose, nor is a paragraph the page shows twice (_frame_prose); beside a short list
    (a related block) they say nothing about the page."""
    outside = [i for i in kept if classes[i] in (GOOD, NEAR) and i not in listing.entries]
    frame = _frame_prose(lines, outside) if len(listing.heads) >= STRONG_ENTRIES else set()
    return sum(lines[i].chars for i in outside if i not in frame)


def _frame_prose(lines: list[Line], among: list[int]) -> set[int]:
    """The lines among these that are the page's frame, not an article: legal or footer text
    (cleaner/footer.py), and paragraphs the page shows twice (a sidebar box rendered for two
    layouts; an article does not repeat its paragraphs)."""
    shown = Counter(line.key for line in lines)
    return ({among[k] for k in footer_lines([lines[i].text for i in among])}
            | {i for i in among if shown[lines[i].key] > 1})


def _quoted(line: Line) -> bool:
    """A quotation, a bullet's marker aside: testimonials and pull quotes are no blurbs."""
    return line.quote or line.text.lstrip("*•·-–+ ")[:1] in _QUOTES


def _has_article_run(lines: list[Line], idx: list[int], prose: list[bool]) -> bool:
    """Two prose lines in a row, or one long paragraph: an article's text, which no listing has."""
    for k in compress(range(len(idx)), prose):
        i = idx[k]
        if lines[i].chars >= LONG_PARAGRAPH:
            return True
        if k + 1 < len(idx) and prose[k + 1] and lines[i].chars + lines[idx[k + 1]].chars >= RUN_CHARS:
            return True
    return False


def _teaser_head(lines: list[Line], classes: list[str], i: int) -> bool:
    """A headline-shaped line (a list item too: section fronts list their teasers), no numbered or
    timed entry (listicles, live blogs), no dateline and no rule hit."""
    line = lines[i]
    return (classes[i] not in (RULE, MARK, TIME) and 3 <= line.words <= 25 and line.chars <= 200
            and not line.text.rstrip("*_ ").endswith((".", ",", ";", ":")) and not DATE_LABEL.match(line.text)
            and not is_alt_text(line) and not is_slug(line) and not (line.digit and has_numeric_date(line.text))
            and not _entry_head(lines, i))  # (a date in figures has a digit: str.isdigit holds for every \d)


def settle(lines: list[Line], outcome: Outcome, keep_listings: bool = False,
           cards: list[tuple[str, str]] | None = None) -> tuple[Outcome, Kind]:
    """The page's kind, and the verdicts it implies: a listing's lines and teasers and an empty
    shell's lines go under the kind's id (a listing keeps its headlines with keep_listings)."""
    page = judge(lines, outcome, cards)
    if page.kind == ARTICLE:
        return outcome, page
    verdicts = dict(outcome.verdicts)
    gone = Verdict(False, "kind.listing" if page.kind == LISTING else page.reason)
    firsts = set(page.heads) if keep_listings else set()
    for i, v in verdicts.items():
        if i in firsts:
            verdicts[i] = Verdict(True, "keep.teaser")
        elif v.keep or (i in page.entries and not lines[i].hit):
            verdicts[i] = gone
    return Outcome(verdicts, None, None, None, list(outcome.notes)), page
