"""Bylines: names only, never a sentence, a role, an agency or the site's name."""
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaner import clean
from cleaner.authors import byline_names, from_lines, from_markup, vocabulary
from cleaner.language import stopwords
from cleaner.lines import make_lines
from cleaner.rules import load_rules

EXAMPLES = vocabulary()["examples"]


@pytest.mark.parametrize("line,want", EXAMPLES["names"])
def test_byline_gives_names(line, want):
    assert byline_names(line) == want.split("|")


@pytest.mark.parametrize("line", EXAMPLES["none"])
def test_no_name_from_sentences_agencies_or_roles(line):
    assert byline_names(line) == []


def test_markup_authors_leave_the_site_name_out():
    assert from_markup(["The Harbour Gazette"], "The Harbour Gazette") == []
    assert from_markup(["By Nadia Kerr, Tom Ellery"], None) == ["Nadia Kerr", "Tom Ellery"]
    assert from_markup(["El Colombiano"], "www.elcolombiano.com") == []
    assert from_markup(["unocero - Alberto Ávila"], "unocero") == ["Alberto Ávila"]
    assert from_markup(["Lüder Hoppe info@example.org"], None) == ["Lüder Hoppe"]


def test_clean_fills_authors_of_an_article_only():
    page = ("Storm closes the harbour\n\nBy Jane Roe and Li Wei\n\n" + "The harbour authority closed the port on "
            "Monday as winds reached 90 km/h, and all ferries stayed in port for the rest of the day.\n" * 3)
    assert clean(page).authors == ["Jane Roe", "Li Wei"]
    assert "authors" in clean(page).to_dict()


@pytest.mark.parametrize("lines,want", [
    (["By", "Teodor Lindqvist"], ["Teodor Lindqvist"]),  # the prefix over the name
    (["* Ilse Marwitz, Talheimer Bote", "* 04.03.2024, 08:15"], ["Ilse Marwitz"]),  # name, outlet, over the date
    (["Nuria Basols y Pau Ferrán", "Hace 3 horas"], ["Nuria Basols", "Pau Ferrán"]),
    (["Digitale Transformation", "12.03.2024"], []),  # a section label over a date is no byline
    (["FAQ Service", "12.03.2024"], []),
    (["Brightwater Foods, Inc.", "May 02, 2024, 10:00 ET"], []),  # a company's release
    (["Harbour Gazette Weekend Edition", "March 2, 2024"], []),
    (["von Anfang", "an war alles anders"], []),
])
def test_a_byline_over_two_lines(lines, want):
    assert from_lines(lines, 0, len(lines)) == want


def test_a_credit_line_after_the_article_names_its_reporter():
    page = ("Storm closes the harbour\n\n" + "The harbour authority closed the port on Monday as winds reached "
            "90 km/h, and all ferries stayed in port for the rest of the day.\n" * 3
            + "\n(Reporting by Ines Valtonen; Editing by Bram Okafor)\n\n© Wire Service\n")
    assert clean(page).authors == ["Ines Valtonen"]


LINEISH = st.sampled_from(["By", "Von", "von", "Par", "Di", "Posted", "Published", "by", " ", ", ", " | ", " @jr",
                           "Jane", "Roe", "Li", "Wei", "de", "Reporter", "2024", "12.03.2024", "Nov", "18,", "3",
                           "٣", "²", "May", "hours", "ago", "vor", "Stunden", "* ", "• ", "–", ":", "Inc."])


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.lists(LINEISH, min_size=1, max_size=8).map("".join).map(str.strip).filter(bool),
                min_size=1, max_size=5))
@example(["Jane Roe", "* 12.03.2024"])  # a bullet before the date: the hint is the bullet's line's
@example(["Jane Roe", "• vor 3 Stunden"])
@example(["Jane Roe", "12.03.2024"])
@example(["By Jane Roe, 12 May 2024"])
def test_lines_hints_change_no_names(texts):
    """from_lines with the texts' Lines (their digit and timestamp fields) finds what it finds without."""
    lines = make_lines(texts, load_rules(), stopwords("en"))
    assert from_lines(texts, 0, len(texts), lines) == from_lines(texts, 0, len(texts))
    for text, line in zip(texts, lines):
        assert byline_names(text, line.digit) == byline_names(text)


def test_a_prefix_alone_is_never_longer_than_its_bound():
    from cleaner.authors import _patterns, _prefix_alone_max

    prefix = _patterns()[0]
    for word in vocabulary()["prefixes"]:
        for text in (word.replace(":?", ":"), word.replace(":?", ""), "-- " + word.replace(":?", ":").upper()):
            m = prefix.match(text + " x")
            assert m and m.group(1) == "x" and len(text) <= _prefix_alone_max(), text


CUTISH = st.sampled_from(["Jane", "Roe", "Nov", "März", "mai", "for", "on", "In", "in", "|", "·", "/", "(", ")", " - ",
                          "–", "am", "Le", "x", ",", "and", "\t", "\n", "\xa0", "ſ", "K"])


@settings(max_examples=2000, deadline=None)
@given(st.lists(CUTISH, max_size=10).map(" ".join))
def test_the_undated_cut_ends_names_where_the_cut_does(value):
    """names_in's cut without its digit and date branches, on a text with no digit."""
    from cleaner.authors import _CUT_UNDATED, _patterns

    value = " ".join(value.split())
    assert _CUT_UNDATED.sub("", value) == _patterns()[2].sub("", value)
