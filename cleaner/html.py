"""HTML in: prune the DOM with selectolax (rules/selectors.toml), extract with trafilatura.

The line rules and heuristics run afterwards (cleaner/html_path.py), on the extracted lines.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
from html import unescape as _unescape
from dataclasses import dataclass, field

from .html_lead import lead
from .html_missed import PROBE_CHARS, covered, main_block, normalised, one_line
from .page_meta import PageMeta, page_meta
from .result import Removal
from .rules import RuleError, first_places, packaged_root

KEEP_SHARE = 0.15  # never prune a node holding this share of the page text: it may be the article (dev set: 0.25 costs 0.005 F1)
ROLLBACK_SHARE = 1 / 3  # undo all pruning when less than this share of the text would remain
MIN_PROSE_SHARE = 0.25  # an extract mostly made of short lines may be a menu: ask again unpruned
MIN_EXTRACTED_CHARS = 100  # trafilatura returning less than this: fall back to the page's blocks
MIN_BLOCK_CHARS = 300  # a main block shorter than this is no sign that the extract missed the article
MISSED_SHARE = 0.5  # the extract holding less than this share of the main block asks again
GAIN_SHARE = 0.5  # the second extract is taken when it holds this share of the block more
CHUNK_LEVELS = 3  # how far above the extract's first paragraph its chunk container may sit
CHUNK_MIN_PARAGRAPHS = 3  # later sibling chunks join the extract with this many paragraphs or more
EXTRACT_OPTIONS = dict(favor_precision=False, include_comments=False, include_tables=True, include_images=False,
                       deduplicate=False, with_metadata=False, fast=True)
NAMES_SHARE = 0.4  # a heading this long beside the page's title names the article (shorter: a logo, a section)
HEAD_SEARCH = 4  # the extract's first lines, where its headline may stand below a kicker or a byline
_PLAIN = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
_SITE_TAIL = re.compile(r"^(.+?)\s+[|\-–—·]\s+\S+(?:\s+\S+){0,3}$")  # "Headline | Site Name"
MAX_DEPTH = 3000  # nesting beyond this is not a page but an attack or a broken generator
_OPEN_CLOSE = re.compile(r"<(/?)([a-zA-Z][\w:-]*)")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "p", "li"}
_BLOCK_END = re.compile(r"</(p|div|li|h[1-6]|tr|section|article|blockquote)>|<br\s*/?>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^<>]{0,2000}>")
_PROTECTED = {"html", "body", "main", "article"}
_BLOCKS = "p, h1, h2, h3, h4, h5, h6, li, blockquote, pre, dd, dt, figcaption, td"
_HTML_SNIFF = re.compile(r"<!doctype html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
_TAG = re.compile(r"<(p|div|span|a|br|li|table|section|article)[\s>/]", re.IGNORECASE)


@dataclass(frozen=True)
class PruneRule:
    id: str
    selector: str  # the rule's CSS selectors as one list ("" when it has only a vocabulary)
    words: tuple[str, ...]  # class/id substrings, lower-case, found in one scan (rules.first_places): lexbor's [class*=] is slow
    prune_example: str
    keep_example: str


@dataclass
class HtmlExtraction:
    lines: list[str]
    title: str | None = None
    date: dt.date | None = None
    language: str | None = None
    removed: list[Removal] = field(default_factory=list)
    fallback: bool = False
    headline: str | None = None  # the page's h1, when it names the article (it heads `lines`)
    meta: PageMeta | None = None  # site name, authors, teaser cards (cleaner/page_meta.py)


def looks_like_html(text: str) -> bool:
    """A cheap sniff for input_format="auto": a document head, or dense tags near the start."""
    head = text[:4096]
    return bool(_HTML_SNIFF.search(head)) or len(_TAG.findall(head)) >= 5


@functools.lru_cache(maxsize=1)
def prune_rules() -> tuple[PruneRule, ...]:
    path = packaged_root().joinpath("selectors.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"rules/selectors.toml: not valid TOML: {exc}") from None
    rules = []
    for raw in data.get("rule", []):
        words = raw.get("class_contains", [])
        if not raw.get("selectors") and not words:
            raise RuleError(f"rules/selectors.toml: rule {raw.get('id')!r} has no selectors")
        examples = raw.get("examples", {})
        rules.append(PruneRule(raw["id"], ", ".join(raw.get("selectors", [])), tuple(w.lower() for w in words),
                               examples.get("prune", ""), examples.get("keep", "")))
    return tuple(rules)


def _matches(tree, rules: tuple[PruneRule, ...]):
    """(node, rule) for every node a rule names: selectors first, then class/id vocabularies over
    the nodes that have a class or an id."""
    for rule in rules:
        if rule.selector:
            for node in tree.css(rule.selector):
                yield node, rule
    nodes = tree.css("[class], [id]")
    keys = [f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}".lower() for node in nodes]
    for node, rule in zip(nodes, _vocabulary_hits(keys, _vocabulary(rules))):
        if rule is not None:
            yield node, rule


@functools.lru_cache(maxsize=4)
def _vocabulary(rules: tuple[PruneRule, ...]) -> tuple[tuple[str, PruneRule], ...]:
    """Every (word, rule) of the class/id vocabularies, in rule order, then word order."""
    return tuple((word, rule) for rule in rules for word in rule.words)


def _vocabulary_hits(keys: list[str], vocabulary: tuple[tuple[str, PruneRule], ...]) -> list[PruneRule | None]:
    """For each class/id key, the rule of the word found first in it (leftmost; at one place, the
    earlier word), as re's search over the alternation of all words would answer, with each word
    looked for once in all keys (the alternation scanned 1.7 ms a page)."""
    best: list[tuple[int, int] | None] = [None] * len(keys)
    flat = [key.replace("\n", " ") for key in keys]
    for order, k, offset in first_places(flat, [word for word, _ in vocabulary]):
        if best[k] is None or (offset, order) < best[k]:
            best[k] = (offset, order)
    return [vocabulary[b[1]][1] if b is not None else None for b in best]


def _text_len(node) -> int:
    return len(node.text(deep=True, separator=" ", strip=True) or "")


def prune(tree) -> list[Removal]:
    """Remove chrome nodes in place and return what went; nothing goes when pruning would take
    most of the page's text (then one `prune.rollback` record says so)."""
    body = tree.body or tree.root
    if body is None:
        return []
    code = prune_rules()[0]  # scripts and styles are never text: they go first, and uncounted
    removed = [Removal(0, "", code.id, "prune")] if tree.css_first(code.selector) is not None else []
    tree.strip_tags(code.selector.split(", "))
    total = _text_len(body)
    chosen: dict[int, tuple] = {}  # mem_id -> (node, rule id, text length)
    for node, rule in _matches(tree, prune_rules()[1:]):
        if node.tag in _PROTECTED or node.mem_id in chosen or _inside(node, chosen):
            continue
        size = _text_len(node)
        if total and size > KEEP_SHARE * total:
            continue
        chosen[node.mem_id] = (node, rule.id, size)
    # A node chosen before one of its ancestors was chosen later: keep only outermost nodes.
    outer = [v for v in chosen.values() if not _inside(v[0], chosen)]
    if total and total - sum(size for _, _, size in outer) < ROLLBACK_SHARE * total:
        return removed + [Removal(0, "", "prune.rollback", "prune")]
    for node, rule_id, _ in outer:
        removed.append(Removal(0, (node.text(deep=True, separator=" ", strip=True) or "")[:80], rule_id, "prune"))
        node.decompose()
    return removed


def _inside(node, chosen: dict) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.mem_id in chosen:
            return True
        parent = parent.parent
    return False


def _parse(html: str):
    from selectolax.lexbor import LexborHTMLParser

    return LexborHTMLParser(html)


def nesting_depth(html: str, limit: int) -> int:
    """How deep the tags nest (stops counting at `limit`): one linear scan, no parser."""
    depth = deepest = 0
    for close, name in _OPEN_CLOSE.findall(html):
        if close:
            depth -= 1 if depth else 0
        elif name.lower() not in _VOID:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest >= limit:
                    break
    return deepest


def _too_deep(html: str) -> bool:
    """nesting_depth(html, MAX_DEPTH) >= MAX_DEPTH, its scan skipped where the page has too few
    opening tags to nest that deep: every one starts with "<", no closing tag's "</" is one (most
    pages have under half as many)."""
    return html.count("<") - html.count("</") >= MAX_DEPTH and nesting_depth(html, MAX_DEPTH) >= MAX_DEPTH


def _flat_lines(html: str) -> list[str]:
    """Tags stripped, block ends as line breaks: for pages no parser should be asked to build."""
    text = _BLOCK_END.sub("\n", html)
    text = _unescape(_ANY_TAG.sub(" ", text))
    return [" ".join(line.split()) for line in text.split("\n")]


def extract_html(html: str, *, url: str | None = None) -> HtmlExtraction:
    if _too_deep(html):
        # lexbor and lxml slow down badly past a few thousand levels; real pages never get there
        return HtmlExtraction(_flat_lines(html), removed=[Removal(0, "", "extract.too-deep", "extract")],
                              fallback=True)
    tree = _parse(html)
    lang, title, date = _html_lang(tree), _title(tree), _markup_date(tree)  # before pruning: <head> and JSON-LD
    headline, found_lead = _headline_and_dek(tree, title)
    meta = page_meta(tree)
    mark = _mark(found_lead)
    removed = prune(tree)
    found_lead = _survived(tree, found_lead, mark)
    pruned = tree.html or ""
    text = _trafilatura(pruned, url)
    if prose_share(text) < MIN_PROSE_SHARE:
        # The fast extractor (and pruning) can land on a menu: ask again with trafilatura's own
        # fallback algorithms on the page as it came, keep the extract that reads more like prose.
        other = _trafilatura(html, url, fast=False)
        if prose_share(other) > prose_share(text) and prose_share(other) * len(other) >= MIN_EXTRACTED_CHARS:
            text = other
            removed = removed + [Removal(0, "", "extract.unpruned", "extract")]
    fallback_lines = None
    if len(text) < MIN_EXTRACTED_CHARS:
        fallback_lines = _block_lines(tree)
    lines = fallback_lines if fallback_lines is not None else _lines(text)
    more = _sibling_chunks(tree, lines) if fallback_lines is None else []
    if more:
        lines = lines + more
        removed = removed + [Removal(0, "", "extract.sibling-chunks", "extract")]
    if fallback_lines is None:
        found = _main_block_lines(tree, pruned, url, lines)
        if found is not None:
            lines = found
            removed = removed + [Removal(0, "", "extract.main-block", "extract")]
    if headline is None:
        headline = _fallback_headline(tree, title, lines)
    lines = _with_head(lines, headline, _dek(found_lead, lines))
    date = date or _htmldate(html)
    return HtmlExtraction(lines, title or None, date, lang, removed, fallback_lines is not None, headline, meta)


def _main_block_lines(tree, pruned: str, url: str | None, lines: list[str]) -> list[str] | None:
    """The extract again, with trafilatura's fallback algorithms, when the first one holds little of
    the page's main block of prose (cleaner/html_missed.py) and the second holds much more."""
    block = main_block(tree)
    size = sum(map(len, block))
    if size < MIN_BLOCK_CHARS:
        return None
    have = covered(block, "\n".join(lines))
    if have >= MISSED_SHARE * size:
        return None
    other = _trafilatura(one_line(pruned), url, fast=False)
    if covered(block, other) - have < GAIN_SHARE * size:
        return None
    found = _lines(other)
    return found + _sibling_chunks(tree, found)


def prose_share(text: str) -> float:
    """Share of the characters that sit in lines of twelve words or more."""
    if not text:
        return 0.0
    long_chars = sum(len(line) for line in text.split("\n") if _paragraph(line))
    return long_chars / len(text)


def _trafilatura(html: str, url: str | None, **overrides) -> str:
    """trafilatura's extracted text; "" when it finds none."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, url=url, **{**EXTRACT_OPTIONS, **overrides})
    except (ValueError, RecursionError, MemoryError, TypeError, AttributeError):
        return ""  # lxml refuses some pages (very deep trees); the fallback takes them
    return (doc.text if doc is not None else None) or ""


def _lines(text: str) -> list[str]:
    out = []
    for line in text.split("\n"):
        line = line.strip()
        if line.startswith("- "):
            line = "• " + line[2:]  # trafilatura marks list items with "- "; keep them bullets
        out.append(line)
    return out


def _headline_and_dek(tree, title: str | None) -> tuple[str | None, tuple | None]:
    """The article's h1 (when the page's title agrees with it: not a logo or a section name) and
    its standfirst (cleaner/html_lead.py), found under the heading that names the article."""
    h1 = tree.css_first("h1")
    text = " ".join((h1.text() or "").split()) if h1 is not None else ""
    headline = text if text and (not title or _same_title(text, title)) else None
    if headline and (not title or len(headline) >= NAMES_SHARE * len(title)):
        return headline, lead(h1)
    anchor = _title_heading(tree, title)
    return headline, (lead(anchor) if anchor is not None else None)


def _title_heading(tree, title: str | None):
    """The first h1-h3 that holds most of the page's title: the article's headline element when the
    h1 is the site's logo or a section name."""
    if not title:
        return None
    for node in tree.css("h1, h2, h3"):
        text = " ".join((node.text() or "").split())
        if text.count(" ") >= 2 and len(text) >= NAMES_SHARE * len(title) and _same_title(text, title):
            return node
    return None


_LEAD_MARK = "data-newsclean-lead"


def _mark(found):
    """An unclassed first paragraph is a lead only if pruning keeps it (not a comment, not an author
    box): mark it to look for it after pruning."""
    if found is not None and not found[2]:
        found[0].attrs[_LEAD_MARK] = ""
        return True
    return False


def _survived(tree, found, marked: bool):
    if not marked:
        return found
    node = tree.css_first(f"[{_LEAD_MARK}]")
    if node is None:
        return None
    del node.attrs[_LEAD_MARK]
    return found


def _dek(found, lines: list[str]) -> str | None:
    """The standfirst to open the extract with: a lead-classed block unless the extract holds it
    further down (one in its first lines is moved up), the first paragraph under the headline only
    when the extract lacks it (most often it is the body's own first paragraph, in its place)."""
    if found is None:
        return None
    _, text, classed = found
    if classed and any(_plain(line) == _plain(text) for line in lines[:HEAD_SEARCH]):
        return text
    return None if normalised(text)[:PROBE_CHARS] in normalised("\n".join(lines)) else text


def _same_title(a: str, b: str) -> bool:
    a, b = a.casefold(), b.casefold()
    return a in b or b in a


def _fallback_headline(tree, title: str | None, lines: list[str]) -> str | None:
    """The headline when the h1 and the page's title disagree: the h1 when the extract opens with
    it (the extractor took it for the article's), else the title less a trailing site name."""
    h1 = tree.css_first("h1")
    text = " ".join((h1.text() or "").split()) if h1 is not None else ""
    if text and any(_plain(line) == _plain(text) for line in lines[:HEAD_SEARCH]):
        return text
    if not title:
        return None
    m = _SITE_TAIL.match(title)
    return m.group(1) if m and m.group(1).count(" ") >= 2 else title


def _plain(text: str) -> str:
    """Case, whitespace, curly quotes and dashes set aside: how a headline is recognised in the extract."""
    return " ".join(text.translate(_PLAIN).casefold().split())


def _with_head(lines: list[str], headline: str | None, dek: str | None) -> list[str]:
    """The extract, opened by the headline and its dek: moved to the top when the extract holds
    them a few lines down (below a kicker, a byline or a photo), put there when it lacks them."""
    lines = list(lines)
    head = []
    for x in (headline, dek):
        if not x:
            continue
        at = next((i for i, line in enumerate(lines[:HEAD_SEARCH + len(head)]) if _plain(line) == _plain(x)), None)
        present = at is not None or any(_plain(line) == _plain(x) for line in lines)
        if at is not None:
            head.append(lines.pop(at))
        elif not present:
            head.append(x)
    return head + lines


def _sibling_chunks(tree, lines: list[str]) -> list[str]:
    """Articles cut into sibling chunks around ads (the same tag and class, one after another):
    the extractor keeps the chunk it chose. The paragraphs of the later chunks, and the
    subheadings over them, that are not in the extract already."""
    chunk = _chunk_of(tree, next((line for line in lines if _paragraph(line)), None))
    if chunk is None:
        return []
    seen = {" ".join(line.split()) for line in lines}
    more = [line for sibling in _later_twins(chunk) for line in _chunk_lines(sibling, seen)]
    # paragraphs, and the subheadings over them: cards and captions stay out
    return more if sum(map(_paragraph, more)) >= CHUNK_MIN_PARAGRAPHS else []


def _paragraph(line: str) -> bool:
    return line.count(" ") >= 11  # twelve words or more, as prose_share counts prose


def _later_twins(node):
    """The later siblings of node with its tag and (non-empty) class."""
    cls = node.attributes.get("class")
    sibling = node.next
    while cls and sibling is not None:
        if sibling.tag == node.tag and sibling.attributes.get("class") == cls:
            yield sibling
        sibling = sibling.next


def _chunk_lines(chunk, seen: set[str]) -> list[str]:
    """A later chunk's paragraphs and the subheadings right over them."""
    out: list[str] = []
    for node in chunk.css("h2, h3, h4, p"):
        text = " ".join((node.text(deep=True, separator=" ", strip=True) or "").split())
        if not text or text in seen:
            continue
        if (node.tag != "p" and text.count(" ") < 15) or (node.tag == "p" and _paragraph(text)):
            out.append(text)
    return [line for i, line in enumerate(out) if _paragraph(line) or (i + 1 < len(out) and _paragraph(out[i + 1]))]


def _chunk_of(tree, first_line: str | None):
    """The classed ancestor (a few levels up) of the paragraph that opens the extract, when a later
    sibling shares its tag and class; None otherwise."""
    if not first_line:
        return None
    probe = first_line[:60]
    para = next((node for node in tree.css("p") if " ".join((node.text() or "").split())[:60] == probe), None)
    node = para.parent if para is not None else None
    for _ in range(CHUNK_LEVELS):
        if node is None or node.tag in _PROTECTED:
            return None
        if next(_later_twins(node), None) is not None:
            return node
        node = node.parent
    return None


def _block_lines(tree) -> list[str]:
    """The pruned page's own text, one line per block element (when extraction gives too little)."""
    lines = []
    for node in tree.css(_BLOCKS):
        text = node.text(deep=True, separator=" ", strip=True)
        if text:
            lines.append(" ".join(text.split()))
    return lines


def _html_lang(tree) -> str | None:
    node = tree.css_first("html")
    code = (node.attributes.get("lang") or "") if node is not None else ""
    code = code.strip().lower().split("-")[0].split("_")[0]
    return code if re.fullmatch(r"[a-z]{2}", code) else None


def _title(tree) -> str | None:
    for selector in ('meta[property="og:title"]', "h1", "title"):
        node = tree.css_first(selector)
        if node is None:
            continue
        text = node.attributes.get("content") if node.tag == "meta" else node.text(strip=True)
        if text and text.strip():
            return " ".join(text.split())
    return None


_DATE_META = ('meta[property="article:published_time"]', 'meta[name="article:published_time"]',
              'meta[itemprop="datePublished"]', 'meta[name="date"]', 'meta[name="pubdate"]',
              'meta[name="publish-date"]', 'meta[name="dc.date"]', 'meta[name="DC.date.issued"]',
              'meta[property="og:published_time"]', "time[datetime]")
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')


def _markup_date(tree) -> dt.date | None:
    """The publication date the page's own markup states (meta tags, JSON-LD, <time>)."""
    for selector in _DATE_META:
        node = tree.css_first(selector)
        if node is not None:
            found = _date(node.attributes.get("content") or node.attributes.get("datetime"))
            if found:
                return found
    for node in tree.css('script[type="application/ld+json"]'):
        m = _JSONLD_DATE.search(node.text() or "")
        if m and _date(m.group(1)):
            return _date(m.group(1))
    return None


def _htmldate(html: str) -> dt.date | None:
    """htmldate's guess, for pages whose markup states no date (a slower, textual search)."""
    try:
        from htmldate import find_date

        return _date(find_date(html, extensive_search=False, original_date=True))
    except (ValueError, TypeError, RecursionError):
        return None


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
