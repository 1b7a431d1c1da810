"""cleaner/core.py's compiled passes (cleaner/_kernel.c, the h25 block) equal their Python definitions."""
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import core
from cleaner.lines import content_words_python

WORDISH = st.sampled_from(list("aZß_'’1٣²ǅİ .-:!?…。\"“«)]*µÀÞÿ×÷ªº¼–\u2028\u00a0") + [
    "STRASSE", "Straße", "strasse", "the", "ΣΑΣ", "σας", "don't", "x’y", "Über", "über", "ÉTÉ", "été", "word", "Words",
    "x" * 70])
TEXTS = st.lists(st.lists(WORDISH, max_size=10).map("".join) | st.text(max_size=20), max_size=5)


def test_core_passes_are_compiled():
    if os.environ.get("NEWSCLEAN_PURE_PYTHON"):
        pytest.skip("NEWSCLEAN_PURE_PYTHON is set: the Python definitions run")
    assert core._held_words is not None


@settings(max_examples=1500, deadline=None)
@given(TEXTS, st.integers(0, 6), st.data())
def test_compiled_held_words_equal_their_python_definition(texts, min_len, data):
    # find_headline's candidates' words that the article holds: some of the texts' own words, some not
    own = sorted(content_words_python(texts, 0))
    wanted = set(data.draw(st.lists(st.sampled_from(own), max_size=8))) if own else set()
    wanted |= set(data.draw(st.lists(st.lists(WORDISH, max_size=3).map("".join) | st.text(max_size=6), max_size=4)))
    assert core.held_words(texts, min_len, wanted) == core.held_words_python(texts, min_len, wanted)


def test_held_words_fold_latin1_and_punctuation_lines_as_casefold_does():
    # held_words folds a line of Latin-1 and general punctuation word by word (its fold_simple), not whole
    chars = [chr(c) for c in (*range(0x80, 0x100), *range(0x2000, 0x2070))]
    texts = [f"Ab{ch}cd X{ch}{ch}YZ {ch}Wörd ÀÉÎ{ch}" for ch in chars] + ["".join(chars), "ÅNGSTRÖM Ærø ÞÓR straße µm"]
    wanted = content_words_python(texts, 0) | {"ab", "ångström", "ærø", "þór", "strasse", "μm", "wörd"}
    for min_len in (0, 2, 4):
        assert core.held_words(texts, min_len, wanted) == core.held_words_python(texts, min_len, wanted)
        for text in texts:
            assert core.held_words([text], min_len, wanted) == core.held_words_python([text], min_len, wanted)
