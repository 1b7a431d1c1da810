"""Page kinds (cleaner/kind.py): article, listing, empty; the shell signals' own examples."""
from pathlib import Path

import pytest

from cleaner import Options, clean, explain, replay
from cleaner.kind import signal_of, signals

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SIGNALS = signals()


@pytest.mark.parametrize("signal", SIGNALS, ids=[f"{s.id}.{s.lang}" for s in SIGNALS])
def test_signal_examples(signal):
    for text in signal.matches:
        assert signal_of(text) == signal.id, text
    for text in signal.keeps:
        assert signal_of(text) is None, text


TAG_PAGE = (SEEDS / "041_listing_tag_page_de.txt").read_text(encoding="utf-8")
SECTION_FRONT = (SEEDS / "040_listing_section_front_en.html").read_text(encoding="utf-8")


def test_a_listing_writes_nothing_and_says_why():
    r = clean(TAG_PAGE)
    assert (r.kind, r.kind_reason, r.text, r.body) == ("listing", "kind.teaser-list", "", "")
    teasers = [x.text for x in r.removed if x.rule_id == "kind.listing"]
    assert "Stadt plant 300 neue Fahrradbügel in der Innenstadt" in teasers
    assert any(t.startswith("Die meisten Abstellplätze") for t in teasers)
    assert next(x.rule_id for x in r.removed if x.text == "Impressum") != "kind.listing"  # chrome keeps its rule
    trace = explain(TAG_PAGE)
    assert (trace[0].text, trace[0].reason) == ("kind: listing", "kind.teaser-list")


def test_keep_listings_writes_one_headline_a_teaser_and_cleans_twice_the_same():
    options = Options(keep_listings=True)
    for raw in (TAG_PAGE, SECTION_FRONT):
        r = clean(raw, options=options)
        heads = [x for x in r.text.split("\n") if x]
        assert len(heads) >= 6 and all(not h.endswith(".") for h in heads)
        again = clean(r.text, options=options, input_format="text")
        assert (again.kind, again.text) == ("listing", r.text)
        assert replay(clean(raw, options=options, explain=True).decisions) == r.text  # the trace says it all


def test_a_section_front_in_html_is_a_listing_from_its_cards():
    r = clean(SECTION_FRONT)
    assert (r.kind, r.kind_reason, r.text, r.site_name) == ("listing", "kind.teaser-cards", "", "The Harbour Gazette")
    assert r.date is None  # the first teaser's date is not the page's
    assert r.to_dict()["kind"] == "listing" and r.to_dict()["site_name"] == "The Harbour Gazette"


def test_an_article_with_a_teaser_block_stays_an_article():
    story = ("Harbour to close for repairs\n\n" + "The harbour authority said on Monday that the east quay would close "
             "for six weeks of repairs from April, and that ferries would use the west berth meanwhile.\n"
             "Fishing crews were told to expect delays at the fuel dock, but the market will open as usual.\n\n"
             "More stories\n")
    teasers = "".join(f"Council story number {n} about the budget\nThe council met again on Tuesday to argue "
                      f"about the budget for the coming year.\n\n" for n in "ABCDEF")
    r = clean(story + teasers)
    assert r.kind == "article" and "east quay" in r.text


def test_empty_shells_and_their_reasons():
    assert clean("Page not found\n\nSorry, we can't find that page.\n\nHome\nNews\nSport").kind_reason == "kind.not-found"
    r = clean((SEEDS / "045_empty_paywall_stub_de.txt").read_bytes())
    assert (r.kind, r.kind_reason, r.text, r.title) == ("empty", "kind.paywall-stub", "", None)
    assert clean("").kind == "empty"
    assert clean("Home\nNews\nSport\nContact").kind_reason == "kind.no-prose"


def test_an_archive_of_dated_headlines_is_a_listing():
    rows = "".join(f"Town {w} opens a new library branch in the old post office\n1{n} March 2024\n"
                   for n, w in enumerate(["North", "South", "East", "West", "Upper", "Lower"]))
    r = clean("Archive\n" + rows)
    assert (r.kind, r.kind_reason) == ("listing", "kind.dated-list")


def test_batch_counts_kinds_and_keep_kind_writes_only_those(tmp_path):
    import json
    import shutil

    from cleaner.cli import main

    src = tmp_path / "in"
    src.mkdir()
    for name in ("041_listing_tag_page_de.txt", "045_empty_paywall_stub_de.txt", "005_de_regionalzeitung.txt"):
        shutil.copy(SEEDS / name, src / name)
    out = tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out), "-j", "1", "--no-progress", "--keep-kind", "article"]) == 0
    report = json.loads((out / "_report.json").read_text())
    assert report["kinds"] == {"article": 1, "listing": 1, "empty": 1}
    assert report["filtered_by_kind"] == {"listing": 1, "empty": 1} and report["written"] == 1
    assert sorted(p.name for p in out.glob("*.txt")) == ["005_de_regionalzeitung.txt"]
    listed = tmp_path / "listed"
    assert main(["clean", str(src), "-o", str(listed), "-j", "1", "--no-progress", "--keep-listings",
                 "--format", "json"]) == 0
    record = json.loads((listed / "041_listing_tag_page_de.json").read_text())
    assert record["kind"] == "listing" and "Stadt plant 300 neue Fahrradbügel in der Innenstadt" in record["text"]
    assert main(["clean", str(src), "-o", str(tmp_path / "x"), "--keep-kind", "articles", "--no-progress"]) == 2


def test_a_not_found_heading_makes_a_shell_even_beside_a_blurb_the_core_keeps():
    blurb = ("Die Stadtwerke Talheim versorgen seit über hundert Jahren die Region mit Strom, Wasser und Wärme, "
             "und sie betreiben auch die Bäder und das Netz für schnelles Internet in allen Ortsteilen. ") * 3
    page = "Startseite\nService\nKontakt\n\nSeite nicht gefunden\n\n" + blurb + "\n\nImpressum\nDatenschutz\n"
    r = clean(page, input_format="text")
    assert (r.kind, r.kind_reason, r.text) == ("empty", "kind.not-found", "")
    story = ("Seite nicht gefunden\n\n" + "Wer im Netz der Stadt nach dem Fahrplan suchte, las am Montag oft nur eine "
             "Fehlermeldung, weil der Server der Verkehrsbetriebe nach einem Update ausgefallen war. " * 12)
    assert clean(story, input_format="text").kind == "article"  # a story that keeps 300 words or more


def test_the_literal_gate_never_changes_a_signal():
    # _gated only skips signals a line cannot give: on the signals' own examples and every seed's
    # lines (in capitals too), each text gives with its candidates what it gives trying all signals.
    from cleaner.kind import _gated

    texts = [x for s in SIGNALS for x in s.matches + s.keeps]
    texts += [x.strip() for p in sorted(SEEDS.glob("*.txt")) for x in p.read_text(encoding="utf-8").splitlines() if x.strip()]
    texts += [x.upper() for x in texts]
    gated = dict(_gated(texts))
    assert [signal_of(x, gated[i]) if i in gated else None for i, x in enumerate(texts)] == list(map(signal_of, texts))
    assert sum(signal_of(x) is not None for x in texts) >= len(SIGNALS)


def _teasers(n: int, head: str, blurb: str) -> str:
    return "".join(f"{head.format(n=k)}\n{blurb.format(n=k)}\n\n" for k in range(n))


def test_headlines_long_enough_to_read_as_prose_still_make_teasers():
    # a headline of fifteen words and more is classed as prose; it does not end like a sentence
    heads = _teasers(8, "Ferry operator {n} says that the winter timetable will add two late crossings to the "
                        "island and back for commuters", "The change follows a survey of passengers on the "
                     "island route, the operator said on Tuesday, and it starts in the first week of November.")
    r = clean("Ferries\n\n" + heads + "Contact us\n", input_format="text")
    assert (r.kind, r.kind_reason) == ("listing", "kind.teaser-list")
    story = ("Ferry operator says that the winter timetable will add two late crossings to the island and back\n\n"
             + "The change follows a survey of passengers on the island route, the operator said on Tuesday. " * 3
             + "\n\nCrews will be added at both ports, and the café on board will stay open later.\n")
    assert clean(story, input_format="text").kind == "article"


def test_legal_text_beside_a_long_list_is_no_article():
    heads = _teasers(14, "Library branch {n} extends its opening hours for the exam season",
                     "Students can stay until ten in the evening from Monday, the library service said.")
    legal = ("Disclaimer: the information on this website is provided without warranty; we accept no liability "
             "for the content of external links, whose operators alone are responsible for them, and all rights "
             "reserved. Your personal data is processed according to our privacy policy, and you can "
             "unsubscribe from the newsletter at any time by following the link at the end of every issue.")
    r = clean("Libraries\n\n" + heads + legal + "\n", input_format="text")
    assert r.kind == "listing"
    prose = ("The town's main library reopened on Monday after two years of repairs, with a new reading room "
             "on the top floor and longer opening hours at weekends, the council said. ") * 3
    assert clean("Libraries\n\n" + heads + prose + "\n", input_format="text").kind == "article"


def test_a_box_the_page_shows_twice_is_no_article_beside_a_long_list():
    heads = _teasers(14, "Museum night {n} brings late tours and a concert to the old town",
                     "Doors stay open until midnight on Saturday, and the tram runs every ten minutes.")
    box = ("Book of the week\nThe Salt Road\nA novelist follows three generations of a family of salt traders "
           "along the coast, from the first mine in the hills to the last barge on the river, in a story told "
           "by the daughters who kept the accounts and the letters that were never sent, and of the winters "
           "when the river froze and the salt stayed in the sheds until spring, and the prices in town rose "
           "week by week.\n\n")
    r = clean(box + "Culture\n\n" + heads + box, input_format="text")
    assert r.kind == "listing"
    once = box.replace("Book of the week\n", "")  # the same text shown once: an article's
    assert clean(once + "Culture\n\n" + heads, input_format="text").kind == "article"


def test_every_character_re_reads_as_a_digit_is_one_for_str_isdigit():
    """kind._teaser_head and authors.byline_names skip their date patterns (\\d) on a line whose
    Line.digit (str.isdigit) is False."""
    import re
    import sys

    digit = re.compile(r"\d")
    assert all(c.isdigit() for c in map(chr, range(sys.maxunicode + 1)) if digit.match(c))
