"""Bylines: names only, never a sentence, a role, an agency or the site's name."""
import pytest

from cleaner import clean
from cleaner.authors import byline_names, from_markup, vocabulary

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
