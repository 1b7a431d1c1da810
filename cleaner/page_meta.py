"""What an HTML page's markup says about it, besides title and date (cleaner/html.py reads those):
the site's name (og:site_name, JSON-LD publisher), the authors it names (meta author, JSON-LD
author), and its teaser cards (a linked headline and the block around it, as section fronts,
tag, search and archive pages show them). Read from the parsed tree before pruning."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from .rules import normalise

CARD_LEVELS = 4  # how far above its headline a teaser's card may reach
LINKED_SHARE = 0.8  # a linked headline: this share of its text is the link's
HEAD_MIN_WORDS = 3
ITEM_MIN_WORDS = 4  # a list item that is one link and a date: an archive entry


@dataclass
class PageMeta:
    site_name: str | None = None
    authors: list[str] = field(default_factory=list)  # as the markup gives them, not yet judged
    cards: list[tuple[str, str]] = field(default_factory=list)  # (headline, the card's text, normalised)


def page_meta(tree) -> PageMeta:
    ld = list(_json_ld(tree))
    return PageMeta(_site_name(tree, ld), _meta_authors(tree, ld), teaser_cards(tree))


def _text(node) -> str:
    return " ".join((node.text(separator=" ") or "").split())


def teaser_cards(tree) -> list[tuple[str, str]]:
    """(headline, card text) for each headline that is a link (h2-h4), or list item that is one link
    with a date: each card is the largest block around it holding no other such headline."""
    heads = []
    for node in tree.css("h2, h3, h4"):
        link = node.css_first("a[href]")
        text = _text(node)
        if link is not None and len(text.split()) >= HEAD_MIN_WORDS and len(_text(link)) >= LINKED_SHARE * len(text):
            heads.append((node, text))
    for item in tree.css("li"):
        links, when = item.css("a[href]"), item.css_first("time")
        if len(links) == 1 and when is not None and len(_text(links[0]).split()) >= ITEM_MIN_WORDS:
            heads.append((item, _text(links[0])))
    marked = {n.mem_id for n, _ in heads}
    out = []
    for node, headline in heads:
        card = node
        for _ in range(CARD_LEVELS):
            parent = card.parent
            if parent is None or parent.tag in ("body", "html", "main"):
                break
            if sum(1 for d in parent.traverse() if d.mem_id in marked) > 1:
                break
            card = parent
        out.append((headline, normalise(_text(card))))
    return out


def _json_ld(tree):
    """Every JSON-LD object on the page, @graph members included; unreadable blocks skipped."""
    for node in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(node.text() or "")
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])


def _names(value) -> list[str]:
    """Names from a JSON-LD author/publisher value: a string, an object with a name, or a list."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        return [name] if isinstance(name, str) else []
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


_ARTICLE_TYPES = ("Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle",
                  "OpinionNewsArticle", "WebPage", "Report", "LiveBlogPosting", "TechArticle")


def _types(item: dict) -> list[str]:
    t = item.get("@type")
    return [t] if isinstance(t, str) else [x for x in t if isinstance(x, str)] if isinstance(t, list) else []


def _site_name(tree, ld: list[dict]) -> str | None:
    node = tree.css_first('meta[property="og:site_name"]')
    value = node.attributes.get("content") if node is not None else None
    if not value:
        for item in ld:
            names = _names(item.get("publisher")) if any(t in _ARTICLE_TYPES or t == "CollectionPage"
                                                         for t in _types(item)) else []
            if names:
                value = names[0]
                break
    if not value:
        value = next((n for item in ld if "Organization" in _types(item) or "NewsMediaOrganization" in _types(item)
                      for n in _names(item)), None)
    value = " ".join(value.split()) if value else None
    return value or None


def _meta_authors(tree, ld: list[dict]) -> list[str]:
    for item in ld:
        if any(t in _ARTICLE_TYPES for t in _types(item)) and item.get("author"):
            found = [" ".join(n.split()) for n in _names(item["author"])]
            if found:
                return found
    for selector in ('meta[name="author"]', 'meta[property="article:author"]', 'meta[name="byl"]',
                     'meta[name="dc.creator"]', 'meta[name="DC.creator"]'):
        node = tree.css_first(selector)
        value = (node.attributes.get("content") or "").strip() if node is not None else ""
        if value and not value.startswith("http"):
            return [value]
    for selector in ('[itemprop="author"]', '[rel="author"]', '[class*="byline"]', '[class~="author"]'):
        node = tree.css_first(selector)
        value = _text(node) if node is not None else ""
        if value and len(value.split()) <= BYLINE_WORDS:
            return [value]
    for node in tree.css('[class*="author-box"] p, [class*="author-bio"] p, [class*="about-author"] p'):
        lead = _BIO_LEAD.match(_text(node))  # "Jonas Albrecht schreibt seit 2015 über ...": the name leads
        if lead:
            return [lead.group(1)]
    return []


BYLINE_WORDS = 14
_BIO_LEAD = re.compile(r"^((?:[A-ZÀ-Þ][\w'’-]+ ){1,3}[A-ZÀ-Þ][\w'’-]+) (?=[a-zà-ÿ])")
