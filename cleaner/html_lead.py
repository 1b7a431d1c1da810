"""The article's standfirst (lead, teaser, chapô): the short prose block under its headline.

Extractors leave it out often: trafilatura drops a page's <header> and many intro boxes, and our
pruning reads a 'teaser' class as a related-story box. It is found before pruning by walking the
page forward from the h1, in document order, over the few elements that follow it: the first block
with a lead-like class and a sentence's length, or a paragraph in the h1's own <header>. The walk
stops at the first heading or the first body paragraph, so a section front's teaser cards (each
under its own heading) and the article's body never pass for it.
"""
from __future__ import annotations

import re
from itertools import islice

LEAD_CLASS = re.compile(r"lede|lead|intro|teaser|excerpt|description|chapo|chapeau|preface|abstract|entradilla|zajawka|wstep",
                        re.IGNORECASE)  # the text's first paragraph, set apart
DEK_CLASS = re.compile(r"dek|standfirst|subtitle|subhead|summary|strapline|sumario|bajada",
                       re.IGNORECASE)  # a subtitle: display type, taken only right under the headline
WALK = 40  # elements looked at after the h1: a byline, a date, a photo and its caption may come first
MIN_WORDS = 8  # a sentence, not a kicker or a label
MAX_WORDS = 200  # longer is the body itself, or a box of several paragraphs
BODY_WORDS = 12  # a paragraph this long without a lead class: the body has started
_BLOCKS = {"p", "div", "section", "h2", "h3", "span", "strong", "b"}
_MEDIA = "figure, figcaption, img, picture, video, iframe, script, style"
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")
_BY = {"by", "von", "par", "por", "di", "door", "av", "af", "od", "przez"}
_STOPS = (".", "!", "?", "…", ":")
_CLOSERS = " \"'»«“”„)’"
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SKIP = {"-text", "-comment", "script", "style", "noscript", "template", "svg", "figure", "figcaption", "button",
         "form", "nav", "time", "a"}


def lead(h1) -> tuple[object, str, bool] | None:
    """The standfirst under the headline element h1 (any heading): (its node, its text, whether a
    lead-like class names it; False: the first paragraph under the headline), or None."""
    headline = _text(h1)
    for at, node in enumerate(islice(_following(h1), WALK)):
        tag = node.tag
        classed = _classed(node, LEAD_CLASS) or (at == 0 and _classed(node, DEK_CLASS))
        if tag in _HEADINGS and not classed:
            if _text(node) == headline:
                continue  # the headline again (a page may carry it twice)
            return None  # a card's headline or the body's first section
        if tag not in _BLOCKS or not (classed or tag == "p"):
            continue
        text = _text(node)
        words = text.count(" ") + 1 if text else 0
        if classed and MIN_WORDS <= words <= MAX_WORDS and _prose(node, text):
            return node, text, True
        if tag == "p" and words >= BODY_WORDS:
            # the first paragraph under the headline: a lead when it reads as one sentence or more
            ok = words <= MAX_WORDS and _prose(node, text) and text.rstrip(_CLOSERS).endswith(_STOPS)
            return (node, text, False) if ok else None
    return None


def _text(node) -> str:
    return " ".join((node.text(deep=True) or "").split())


def _prose(node, text: str) -> bool:
    """Sentences of the article's own: no media or code inside (a lead photo's box, an embed), not
    a link to another page (a teaser card), not a byline or a timestamp, no markup as text."""
    if "<" in text or _CLOCK.search(text) or _byline(text):
        return False
    if node.css_first(_MEDIA) is not None:
        return False
    return sum(len(_text(a)) for a in node.css("a")) <= 0.5 * len(text)


def _byline(text: str) -> bool:
    first, _, rest = text.partition(" ")
    return first.casefold() in _BY and rest[:1].isupper()


def _following(node):
    """The elements after node's subtree, in document order."""
    while node is not None:
        sibling = node.next
        while sibling is not None:
            yield from _subtree(sibling)
            sibling = sibling.next
        node = node.parent


def _subtree(node):
    if node.tag in _SKIP:
        if node.tag not in ("-text", "-comment"):
            yield node  # counted by the walk, not entered
        return
    yield node
    child = node.child
    while child is not None:
        yield from _subtree(child)
        child = child.next


def _classed(node, vocabulary) -> bool:
    attrs = node.attributes
    key = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    return bool(key.strip()) and vocabulary.search(key) is not None
