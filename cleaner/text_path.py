"""The text path: one decoded document, a line per paragraph, heading or item, to a CleanResult.
Both inputs end here: a dump directly, an HTML page after extraction (cleaner/html_path.py)."""
from __future__ import annotations

import bisect
from itertools import compress, repeat
from operator import sub

from . import authors, kind, language, urls
from .core import Outcome, decide
from .lines import CLOSERS, SENTENCE_CHARS, Line, make_lines
from .native import compiled
from .options import Options
from .result import CleanResult, Decision, Removal
from .rules import load_rules

_DEFAULT = Options()


def clean_text(text: str, *, url: str | None = None, options: Options | None = None,
               explain: bool = False, title_hint: str | None = None,
               input_format: str = "text", stage: str = "line", extracted: bool = False,
               cards: list[tuple[str, str]] | None = None) -> CleanResult:
    """The text path: `text` is already decoded; one line per paragraph/heading/item."""
    options = options or _DEFAULT
    raw_lines = text.split("\n")
    rules = load_rules(options.rules_dirs).for_site(urls.host(url))
    stripped = list(map(str.strip, raw_lines))  # "" for a blank line (str.strip takes what isspace says)
    numbers = [n for n, s in enumerate(stripped, 1) if s]
    texts = list(filter(None, stripped))
    sampled = _sample_lines(texts)
    lang = language.detect(_joined(texts, sampled)) if options.detect_language else None
    lines = make_lines(texts, rules, language.stopwords(lang))
    outcome = decide(lines, extracted=extracted, title_hint=title_hint, menu_words=rules.menu_words())
    if options.detect_language and not all(outcome.verdicts[i].keep for i in sampled):
        # A sampled line went: the output's language may not be the input's. When it is not, the
        # chrome spoke another language than the article: judge again with the article's
        # stoplist, as cleaning the output would. langdetect is asked again only where the kept
        # text is short or the page was read as English (a full sample rarely changes its answer,
        # but English chrome, a licence or a disclaimer, is often a page's longest sentence; one
        # call is 1-2 ms).
        kept_sample = _language_sample([texts[i] for i, v in outcome.verdicts.items() if v.keep])
        slow = lang == "en" or len(kept_sample) < language.SAMPLE_CHARS
        kept_lang = language.detect(kept_sample, slow=slow)
        if kept_lang not in (language.UNDECIDED, None) and kept_lang != lang:  # None: too little to tell
            lang = kept_lang
            lines = make_lines(texts, rules, language.stopwords(lang))
            outcome = decide(lines, extracted=extracted, title_hint=title_hint, menu_words=rules.menu_words())
    names = authors.of_article(texts, outcome.verdicts, outcome.title_index, lines)
    outcome, page = kind.settle(lines, outcome, options.keep_listings, cards)
    result = _assemble(stripped, numbers, texts, lines, outcome, lang, explain, input_format, stage)
    result.authors = names if page.kind == kind.ARTICLE else []
    result.kind, result.kind_reason, result.url = page.kind, page.reason, url
    cards_out = options.keep_listings and page.headlines and not page.heads  # headlines from HTML cards
    if cards_out:
        result.text = result.body = "\n".join(page.headlines)  # the extract leaves the linked headlines out
    if result.decisions is not None and page.kind != kind.ARTICLE:  # the trace says why its lines went
        written = [Decision(0, head, True, "keep.teaser-card") for head in page.headlines] if cards_out else []
        result.decisions[:0] = [Decision(0, f"kind: {page.kind}", False, page.reason)] + written  # replays
    return result


def _language_sample(lines: list[str], budget: int = language.SAMPLE_CHARS) -> str:
    """The longest prose-like lines (eight words or more, ending like a sentence), then the longest
    others, up to a bounded length, in document order. A menu or a tag list is often a page's
    longest line, and langdetect reads it worse, and slower, than prose."""
    return _joined(lines, _sample_lines(lines, budget), budget)


def _joined(lines: list[str], picked: list[int], budget: int = language.SAMPLE_CHARS) -> str:
    return " ".join(lines[i] for i in picked)[: budget * 2]


def _sample_lines(lines: list[str], budget: int = language.SAMPLE_CHARS) -> list[int]:
    """The indexes of the lines _language_sample takes, in order. Lines that rank after them can go
    without changing the sample."""
    lengths = list(map(len, lines))
    longest = max(lengths, default=0)
    first = lengths.index(longest) if lines else 0
    if longest >= budget and _prose_like(lines[first]):  # the common case: one line fills the sample
        return [first]
    picked, size, others = [], 0, []
    for i in sorted(range(len(lines)), key=lengths.__getitem__, reverse=True):  # stable: ties in order
        if not _prose_like(lines[i]):
            others.append(i)
            continue
        picked.append(i)
        size += lengths[i]
        if size >= budget:  # the shorter lines need no look
            return sorted(picked)
    for i in others:  # too little prose: the longest other lines fill the sample
        if size >= budget:
            break
        picked.append(i)
        size += lengths[i]
    return sorted(picked)


def _prose_like(line: str) -> bool:
    return line.count(" ") >= 7 and line.rstrip(CLOSERS).endswith(SENTENCE_CHARS)


def _assemble(stripped: list[str], numbers: list[int], texts: list[str], lines: list[Line], outcome: Outcome,
              lang: str | None, explain: bool, input_format: str, stage: str) -> CleanResult:
    """The result from the verdicts; stripped: every input line stripped ("" when blank);
    numbers[i] is the input line number of lines[i], texts[i] its text."""
    verdicts = outcome.verdicts
    judged = list(map(verdicts.__getitem__, range(len(lines))))  # (every line has its verdict)
    keeps = [v.keep for v in judged]
    kept = list(compress(range(len(lines)), keeps))
    # A blank input line stands between lines[a] and lines[b] (a < b) when more input lines part them
    # than lines do: numbers[b] - b > numbers[a] - a (join_lines' test, without a search).
    offsets = list(map(sub, numbers, range(len(numbers))))
    text = _join_kept(kept, lines, offsets)
    body = _without_title(text, kept, lines, offsets, outcome.title_index)
    removed = removals(Removal, numbers, texts, judged, stage)  # (this page's texts: a Line may be an older page's)
    removed += [Removal(0, "", note, "guard") for note in outcome.notes]
    shown = len(stripped) - (len(stripped) > 1 and not stripped[-1])  # not the "line" after a final newline
    decisions = _decisions(shown, numbers, lines, outcome) if explain else None
    return CleanResult(text=text, body=body, title=outcome.title or None, date=outcome.date,
                       language=lang, removed=removed, decisions=decisions,
                       input_format=input_format, notes=list(outcome.notes))


def removals_python(removal: type, numbers: list[int], texts: list[str], judged: list, stage: str) -> list:
    """removal(numbers[i], texts[i], judged[i].reason, stage) for each line whose verdict
    (judged[i]) drops it, in order. The definition; cleaner/_kernel.c builds the same."""
    dropped = [i for i, v in enumerate(judged) if not v.keep]
    # tuple.__new__ builds each Removal as Removal() would, without its Python-level __new__
    fields = zip([numbers[i] for i in dropped], [texts[i] for i in dropped], [judged[i].reason for i in dropped],
                 repeat(stage))
    return list(map(tuple.__new__, repeat(removal), fields))


_removals = compiled("removals")


def removals(removal: type, numbers: list[int], texts: list[str], judged: list, stage: str) -> list:
    """removals_python(); in C when built (a Removal made through tuple.__new__ costs three times as much)."""
    if _removals is None:
        return removals_python(removal, numbers, texts, judged, stage)
    return _removals(removal, numbers, texts, judged, stage)


def _without_title(text: str, kept: list[int], lines: list[Line], offsets: list[int], title: int | None) -> str:
    """_join_kept of the kept lines but the title: the text itself when the title is not kept, the
    text after its first line (and the blank line under it) when the title leads it."""
    if title is None or title not in kept:
        return text
    if kept[0] != title:
        return _join_kept([i for i in kept if i != title], lines, offsets)
    if len(kept) == 1:
        return ""
    return text[len(lines[title].text) + 1 + (offsets[kept[1]] != offsets[title]):]


def _join_kept(kept: list[int], lines: list[Line], offsets: list[int]) -> str:
    """join_lines of the kept lines (indexes in order), a blank line where offsets rise between two."""
    out: list[str] = []
    prev = None
    for i in kept:
        if prev is not None and offsets[i] != offsets[prev]:
            out.append("")
        out.append(lines[i].text)
        prev = i
    return "\n".join(out)


def join_lines(numbered: list[tuple[int, str]], blank_line_numbers: list[int]) -> str:
    """Kept lines in order; one blank line between two of them when the input had one between."""
    out: list[str] = []
    prev = None
    for no, text in numbered:
        if prev is not None:
            lo = bisect.bisect_right(blank_line_numbers, prev)
            if lo < len(blank_line_numbers) and blank_line_numbers[lo] < no:
                out.append("")
        out.append(text)
        prev = no
    return "\n".join(out)


def _decisions(line_count, numbers, lines, outcome) -> list[Decision]:
    by_no = {no: i for i, no in enumerate(numbers)}
    out = []
    for n in range(1, line_count + 1):
        i = by_no.get(n)
        if i is None:
            out.append(Decision(n, "", False, "blank"))
        else:
            v = outcome.verdicts[i]
            out.append(Decision(n, lines[i].text, v.keep, v.reason))
    return out
