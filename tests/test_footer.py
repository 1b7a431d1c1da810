"""The footer guard (core._footer_guard, cleaner/footer.py): a page whose kept text is mostly its
legal/footer text while its article stands elsewhere is judged again; an article about data
protection, whose own prose holds the same words, stays as it is."""
from pathlib import Path

import pytest

from cleaner import clean
from cleaner.footer import footer_lines, is_footer, vocabularies

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
VOCABULARIES = vocabularies()


@pytest.mark.parametrize("terms", VOCABULARIES, ids=[t.lang for t in VOCABULARIES])
def test_footer_term_examples(terms):
    assert terms.matches and terms.keeps
    for text in terms.matches:
        assert footer_lines([text], terms.terms) == {0}, text
    for text in terms.keeps:
        assert not is_footer(text), text  # no language's terms


FOOTER = ("Newsletter\n"
          "Mit der Anmeldung zum Newsletter willigen Sie ein, dass wir Ihre E-Mail-Adresse speichern und Ihnen "
          "einmal in der Woche die wichtigsten Nachrichten aus dem Verein schicken. Sie können sich jederzeit abmelden.\n"
          "Hinweise zur Verarbeitung Ihrer Daten und zu Ihren Rechten auf Auskunft, Berichtigung und Löschung finden "
          "Sie in unserer Datenschutzerklärung, die Sie jederzeit auf dieser Seite abrufen können.\n"
          "Für die Inhalte externer Links übernehmen wir keine Haftung. Für den Inhalt der verlinkten Seiten sind "
          "ausschließlich deren Betreiber verantwortlich, auch wenn wir sie sorgfältig geprüft haben.\n")
# Short paragraphs cut by ad labels: each counts for less than a long footer paragraph.
SHORT_ARTICLE = ("Sommerfest am See fällt aus\n"
                 + "Anzeige\n".join(f"Der Vorstand hat das Sommerfest am See in diesem Jahr abgesagt, Punkt {n} der Sitzung.\n"
                                    f"Als Grund nannte er die Bauarbeiten am Ufer, die bis in den Herbst dauern.\n"
                                    for n in range(1, 7))
                 + "* Termine\n* Fotos\n* Kontakt\n* Mitglied werden\n")


def test_an_article_lost_to_the_footer_is_found_again():
    r = clean(SHORT_ARTICLE + FOOTER, input_format="text")
    assert "guard.footer" in r.notes
    assert r.body.count("Der Vorstand hat das Sommerfest") == 6
    assert "Datenschutzerklärung" not in r.text and "Haftung" not in r.text


def test_the_seed_of_that_kind_keeps_its_article_only():
    r = clean((SEEDS / "034_de_article_lost_to_footer.txt").read_text(encoding="utf-8"))
    assert "guard.footer" in [x.rule_id for x in r.removed if x.stage == "guard"]
    assert "Dort liegen auch gedruckte Fahrpläne" in r.body and "Newsletter" not in r.text


def test_an_article_about_data_protection_keeps_its_own_prose():
    article = ("Neue Regeln für Vereinsdaten\n"
               + "".join(f"Ab Mai muss jeder Verein erklären, wie er die personenbezogenen Daten seiner Mitglieder "
                         f"speichert, wer sie sehen darf und wann sie gelöscht werden; so steht es in Absatz {n} der "
                         f"neuen Datenschutz-Richtlinie, die der Landesverband am Montag vorgestellt hat.\n"
                         for n in range(1, 5))
               + "* Termine\n* Kontakt\n"
               + "Der Kassenwart stellte auf der Versammlung außerdem den neuen Haushaltsplan vor, der für das "
                 "kommende Jahr etwas höhere Beiträge für die Jugendabteilung vorsieht.\n")
    r = clean(article, input_format="text")
    assert "guard.footer" not in r.notes
    assert r.body.count("personenbezogenen Daten") == 4


def test_terms_match_where_a_word_starts_and_lines_are_told_apart():
    texts = ["Ein Artikel ohne solche Wörter.", "Siehe unsere Datenschutzerklärung.", "Newsletter-Abo", "Überhaftungen"]
    assert footer_lines(texts) == {1, 2}


def test_the_guard_leaves_pages_without_footer_text_alone():
    r = clean(SHORT_ARTICLE.replace("Anzeige\n", ""), input_format="text")
    assert not any(n.startswith("guard") for n in r.notes)



def test_the_guard_scans_the_longest_kept_lines_first_and_answers_as_a_full_scan():
    # core._footer_kept stops after the kept lines with the most words when they hold no footer
    # term and the rest could not reach the share: the same set as scanning every kept line.
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from cleaner.core import FOOTER_SHARE, Outcome, Verdict, _footer_kept
    from cleaner.lines import make_lines
    from cleaner.rules import load_rules

    parts = st.sampled_from(["Alle Rechte vorbehalten.", "Datenschutzerklärung", "All rights reserved",
                             "The council met on Monday to vote on the new budget for roads.", "Impressum", "x",
                             "We use cookies to improve your experience on our site.", "Short line", ""])

    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.lists(parts, min_size=1, max_size=4).map(" ".join).map(str.strip).filter(bool), max_size=10),
           st.lists(st.booleans(), max_size=10), st.none() | st.integers(0, 9))
    def check(texts, keeps, title):
        lines = make_lines(texts, load_rules(), frozenset())
        verdicts = {i: Verdict(keeps[i] if i < len(keeps) else True, "x") for i in range(len(lines))}
        outcome = Outcome(verdicts, title, None, None)
        kept = [i for i, v in verdicts.items() if v.keep and i != title]
        footer = {kept[k] for k in footer_lines([lines[i].text for i in kept])}
        full = set() if not footer or sum(lines[i].words for i in footer) < FOOTER_SHARE * sum(
            lines[i].words for i in kept) else footer
        assert _footer_kept(outcome, lines) == full

    check()
