"""Line features: the fast str-method tests equal their regex definitions."""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.language import stopwords
from cleaner.lines import make_lines
from cleaner.rules import load_rules

SENTENCE = re.compile(r"[.!?…。！？][\"'”’»)\]*_]*$")
COLON = re.compile(r":[\"'”’»)\]*_]*$")
BULLET = re.compile(r"^(?:[*+•·▪►‣◦–-]|o(?= )|\d{1,2}[.)])\s+")
QUOTE = re.compile(r"^[\"“„«‘'‹「]")
WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
ALPHABET = st.sampled_from(list("aZo1٣ .!?…:;\"'”’»)]*_-–•“„«‘‹「\t。") + ["The", "and", "of", "Über"])


@settings(max_examples=2000, deadline=None)
@given(st.lists(ALPHABET, min_size=1, max_size=12).map("".join).map(str.strip).filter(bool))
def test_shape_features_equal_their_regex_definitions(text):
    stop = stopwords("en")
    line = make_lines([text], load_rules(), stop)[0]
    words = WORDS.findall(text)
    assert line.sentence == bool(SENTENCE.search(text))
    assert line.colon == bool(COLON.search(text))
    assert line.bullet == bool(BULLET.match(text))
    assert line.quote == bool(QUOTE.match(text))
    assert line.words == len(words)
    assert line.stop == (sum(1 for w in words if w.casefold() in stop) / len(words) if words else 0.0)
    assert line.capitalised == (sum(1 for w in words if w[0].isupper()) / len(words) if words else 0.0)
    assert line.lower_start == next((c for c in text if c.isalpha()), "").islower()


def test_line_table_never_changes_a_result_and_stays_bounded(monkeypatch):
    from pathlib import Path

    from cleaner import clean, lines

    seeds = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
    docs = [p.read_text(encoding="utf-8") for p in seeds]
    warm = [clean(d).text for d in docs]
    lines._TABLES.clear()
    lines._OWNERS.clear()
    monkeypatch.setattr(lines, "LINE_CACHE_MAX", 100)  # cleared again and again on the way
    cold = [clean(d).text for d in docs]
    assert cold == warm
    assert lines.table_size() <= 100


WORDISH = st.sampled_from(list("aZß_'’1٣²ǅİ .-:!?…。\"“«)]*") + ["STRASSE", "Straße", "the", "ΣΑΣ", "don't", "x’y"])
STOPLISTS = st.frozensets(st.sampled_from(["the", "strasse", "σας", "don't", "a", "x’y", "i̇"]), max_size=5)


@given(st.lists(st.lists(WORDISH, max_size=10).map("".join) | st.text(max_size=20), max_size=5), STOPLISTS)
def test_compiled_line_stats_equal_their_python_definition(texts, stop):
    # cleaner/_kernel.c re-implements re's \w, \d, str.casefold/isupper/isalpha/islower and the
    # shape tests; any character decides.
    from cleaner.lines import _longest, line_stats, line_stats_python

    assert line_stats(texts, stop, _longest(stop)) == line_stats_python(texts, stop, _longest(stop))


def test_the_compiled_kernel_is_built():
    # pip install builds cleaner/_kernel.c; a silent fallback to Python would cost a quarter of
    # the speed. NEWSCLEAN_PURE_PYTHON=1 runs the suite on the Python definitions on purpose.
    import os

    import pytest

    from cleaner import lines

    if os.environ.get("NEWSCLEAN_PURE_PYTHON"):
        pytest.skip("NEWSCLEAN_PURE_PYTHON is set: the Python definitions run")
    from cleaner import langdetect_fast, rules

    assert lines._line_stats is not None and rules._normalise_all is not None and lines._content_words is not None
    assert lines._line_objects is not None and lines._stop_table is not None and rules._match_loop is not None
    assert langdetect_fast._scale_by is not None
    from cleaner import core

    assert core._main_span is not None


@given(st.lists(st.lists(WORDISH, max_size=10).map("".join) | st.text(max_size=20), max_size=5), st.integers(0, 6))
def test_compiled_content_words_equal_their_python_definition(texts, min_len):
    # find_headline's article words: WORD's findall of the casefolded text, in C
    from cleaner.lines import content_words, content_words_python

    assert content_words(texts, min_len) == content_words_python(texts, min_len)


LINEISH = st.sampled_from(list("aZo1٣²_ .,:!?…-–•*+·)\"“«\t\u3000\xa0") + [
    "o ", "12. ", "1) ", "123. ", "• ", "10:42", "an hour ago", "2 hours ago", "Published ", "May 3, 2024", "By ",
    "Straße", "The", "and", "ΣΑΣ", "don't", "2019-09-27", "Updated", "vor 2 Stunden", "comments", "Share"])


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.lists(LINEISH, min_size=1, max_size=10).map("".join).map(str.strip).filter(bool), max_size=6),
       STOPLISTS | st.just(stopwords("en")))
def test_compiled_line_objects_equal_their_python_definition(texts, stop):
    # cleaner/_kernel.c builds each Line (counts, shares, the bullet test, the timestamp call-back)
    # as lines.line_objects_python() does: every field equal, of the same type.
    *_, compiled_fields, python_fields = _line_objects_both(texts, stop)
    assert compiled_fields == python_fields


def _line_objects_both(texts, stop):
    """The texts deduplicated, their keys and hits, then the fields of line_objects' Lines and of
    line_objects_python's, each value with its type."""
    from dataclasses import fields

    from cleaner.lines import line_objects, line_objects_python
    from cleaner.rules import normalise_all

    texts = list(dict.fromkeys(texts))
    keys = normalise_all(texts)
    hits = load_rules().match_lines(texts, keys)

    def seen(made):
        return [[(type(v), v) for v in (getattr(line, f.name) for f in fields(line))] for line in made]

    compiled_made, python_made = line_objects(texts, keys, hits, stop), line_objects_python(texts, keys, hits, stop)
    return texts, keys, hits, seen(compiled_made), seen(python_made)


SCORES = st.lists(st.floats(-1e6, 1e6, allow_nan=False) | st.sampled_from([0.0, -0.0, -40.0, -150.0, 0.5, 200.0, 1e-300])
                  | st.integers(-300, 300), max_size=30)


@settings(max_examples=1500, deadline=None)
@given(SCORES)
def test_compiled_main_span_equals_its_python_definition(scores):
    # the core's article span: the same double additions and comparisons in C
    from cleaner.core import main_span, main_span_python

    assert main_span(scores) == main_span_python(scores)


@given(st.lists(st.lists(WORDISH, max_size=10).map("".join) | st.text(max_size=20), max_size=5), STOPLISTS)
def test_an_equal_stoplist_gets_its_own_stop_table(texts, stop):
    # the kernel's table of a stoplist's ASCII words belongs to that frozenset object: an equal one
    # (made anew) gets a table of its own, and the same counts
    from cleaner.lines import _longest, line_stats, line_stats_python

    again = frozenset(set(stop))
    assert line_stats(texts, again, _longest(again)) == line_stats(texts, stop, _longest(stop)) \
        == line_stats_python(texts, stop, _longest(stop))


@given(st.lists(st.lists(LINEISH | st.sampled_from(["中文", "東京", "ひらがな", "한국어", "ภาษาไทย", "ã€"]), min_size=1,
                         max_size=8).map("".join).map(str.strip).filter(bool), max_size=6))
def test_a_page_with_ideographs_gets_the_python_counts(texts):
    # the kernel says None for a page holding kana, CJK, Hangul or Thai (lines._NO_SPACE_SCRIPTS),
    # and line_objects then counts it as the Python definition does
    from cleaner.lines import _NO_SPACE_SCRIPTS, _line_objects

    stop = stopwords("en")
    texts, keys, hits, compiled_fields, python_fields = _line_objects_both(texts, stop)
    assert compiled_fields == python_fields
    if _line_objects is not None:
        from cleaner.lines import _BULLET_MARKS, _QUOTE_CHARS, _SENTENCE_ENDS, CLOSERS, Line, _longest, is_timestamp

        made = _line_objects(Line, texts, keys, hits, stop, _longest(stop), CLOSERS, _SENTENCE_ENDS, _QUOTE_CHARS,
                             _BULLET_MARKS, is_timestamp)
        assert (made is None) == bool(_NO_SPACE_SCRIPTS.search("\n".join(texts)))


def test_alt_text_is_plain_words_never_code_or_a_link():
    from cleaner.lines import is_alt_text

    def alt(text):
        return is_alt_text(make_lines([text], load_rules(), stopwords("en"))[0])

    # An image's alt text: lower-case keywords with no sentence shape.
    assert alt("protesters outside parliament")
    assert alt("a dog on the beach at sunset")
    # Code, a command line and a link between paragraphs are the article's, not a caption.
    assert not alt("from django.conf import settings")
    assert not alt("set-option -s set-clipboard off")
    assert not alt("aes(x = Groups, y = Probability)) +")
    assert not alt("http://example.org/report.html")
    assert not alt("small files 2.4 GB/s 0.08 GB/s")  # a table row's figures
    assert alt("lunch on the terrace 12.6.2019")  # a date is no figure


def test_ideograph_pairs_are_the_pairs_of_each_run_of_a_spaceless_script():
    from cleaner.lines import ideograph_pairs
    assert ideograph_pairs(["港が閉鎖", "Harbour closed"]) == {"港が", "が閉", "閉鎖"}
    assert ideograph_pairs(["Harbour closed", "Straße"]) == set()
    assert ideograph_pairs(["旅客、港"]) == {"旅客"}  # a run of one character has no pair


def test_a_line_in_a_spaceless_script_is_spaceless():
    from cleaner.lines import spaceless
    lines = make_lines(["港が閉鎖、旅客はフェリーを待つ", "Harbour closed"], load_rules(), stopwords("ja"))
    assert [spaceless(line) for line in lines] == [True, False]


def test_lines_hold_no_container_that_could_lead_back_to_them():
    # The kernel takes the Lines it makes off the collector's lists (no cycle can run through one):
    # after a page is judged, every field of every Line is a string, a number, a Hit or a tuple of them.
    import gc
    from pathlib import Path

    from cleaner.core import decide
    from cleaner.lines import _NO_SPACE_SCRIPTS, Line
    from cleaner.native import compiled
    from cleaner.rules import Hit

    seed = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))[0]
    texts = [t.strip() for t in seed.read_text(encoding="utf-8").splitlines() if t.strip()]
    assert not _NO_SPACE_SCRIPTS.search("\n".join(texts))  # (a page with ideographs takes the Python definition)
    lines = make_lines(texts, load_rules(), stopwords("en"))
    decide(lines)
    atoms = (str, int, float, bool, type(None))
    for line in lines:
        for name in Line.__slots__:
            value = getattr(line, name)
            assert isinstance(value, atoms + (Hit,)) or (
                isinstance(value, tuple) and all(isinstance(v, atoms) for v in value)), name
        assert compiled("line_objects") is None or not gc.is_tracked(line)
