"""The standfirst under the headline (cleaner/html_lead.py): found before pruning, put under the
headline when the extract lacks it; never a card's teaser, a byline, a comment or a photo box."""
from selectolax.lexbor import LexborHTMLParser

from cleaner import clean
from cleaner.html_lead import lead

BODY = "".join(f"<p>The council voted on the second part of the plan, item {i}, after a long debate in which "
               f"residents and traders spoke for and against the new parking rules.</p>" for i in range(6))


def _page(head: str, after: str = "", title: str = "Harbour Car Park Will Close in May") -> str:
    return (f"<html><head><title>{title} | Example News</title></head><body><main><div class='news-single'>"
            f"<h1>Harbour Car Park Will Close in May</h1>{head}<div class='news-text'>{BODY}</div>{after}"
            f"</div></main></body></html>")


def _lead(html: str):
    tree = LexborHTMLParser(html)
    found = lead(tree.css_first("h1"))
    return found[1:] if found else None


TEASER = ("<div class='teaser-text'><p>The town's largest car park closes for two years while the harbour wall "
          "is rebuilt, and the council promises a shuttle bus from the station.</p></div>")


def test_a_lead_classed_box_under_the_headline_is_the_lead():
    assert _lead(_page("<p class='date'>3 May 2024</p>" + TEASER)) == (
        "The town's largest car park closes for two years while the harbour wall is rebuilt, and the council "
        "promises a shuttle bus from the station.", True)


def test_a_pruned_teaser_box_comes_back_under_the_headline():
    # prune.related reads a 'teaser' class as a related-story box; the lead is read before pruning
    r = clean(_page(TEASER), input_format="html")
    lines = [line for line in r.text.split("\n") if line]
    assert lines[0] == "Harbour Car Park Will Close in May"
    assert lines[1].startswith("The town's largest car park closes")


def test_a_card_under_its_own_heading_is_no_lead():
    cards = "".join(f"<div class='card'><h2><a href='/s{i}'>Another story number {i}</a></h2>"
                    f"<p class='teaser-text'>A short summary of another story on the site, number {i}, with a few "
                    f"words more.</p></div>" for i in range(5))
    assert _lead(f"<html><body><h1>News</h1>{cards}</body></html>") is None


def test_a_byline_a_timestamp_or_a_photo_box_is_no_lead():
    byline = "<div class='entry-subhead'>By Jane Roe and John Doe of the regional desk, reporting from the harbour</div>"
    stamp = "<div class='subheadline'>Updated 3 May 2024, 14:05, with the council's statement and reactions</div>"
    photo = ("<div class='article-lead'><figure><img src='a.jpg'><figcaption>The harbour car park on Friday "
             "morning, before the barriers went up at the entrance.</figcaption></figure></div>")
    for head in (byline, stamp, photo):
        found = _lead(_page(head))
        assert found is None or not found[1], head  # at most the body's own first paragraph


def test_the_first_paragraph_under_the_headline_counts_only_when_pruning_keeps_it():
    comment = ("<div class='comment-list'><p>I think this is a terrible idea and the council should listen to "
               "the people who actually live here.</p></div>")
    page = (f"<html><head><title>Harbour Car Park Will Close in May</title></head><body><h1>Harbour Car Park Will "
            f"Close in May</h1>{comment}<div>{BODY}</div></body></html>")
    assert "terrible idea" not in clean(page, input_format="html").text
