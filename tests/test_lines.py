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
    line = make_lines([(1, text)], load_rules(), stop)[0]
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
    lines._CACHE.clear()
    lines._OWNERS.clear()
    monkeypatch.setattr(lines, "LINE_CACHE_MAX", 100)  # cleared again and again on the way
    cold = [clean(d).text for d in docs]
    assert cold == warm
    assert len(lines._CACHE) <= 100
