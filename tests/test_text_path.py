"""The text path's result assembly (cleaner/text_path.py): its compiled pass equals its definition,
and the body and text it joins are join_lines' of the kept lines."""
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import text_path
from cleaner.core import Outcome, Verdict
from cleaner.language import stopwords
from cleaner.lines import make_lines
from cleaner.result import Removal
from cleaner.rules import load_rules

TEXTS = st.lists(st.sampled_from(["Home", "By Jane Roe", "The port closed on Monday.", "Ä", "中文", "x" * 500]),
                 min_size=0, max_size=12)
VERDICTS = st.sampled_from([Verdict(True, "keep.span"), Verdict(False, "rule.nav"), Verdict(False, "chrome.x")])


def _page(data):
    texts = data.draw(TEXTS)
    lines = make_lines(texts, load_rules(), stopwords("en"))
    gaps = data.draw(st.lists(st.integers(0, 2), min_size=len(texts), max_size=len(texts)))
    numbers, n = [], 0
    for gap in gaps:  # blank input lines between them
        n += 1 + gap
        numbers.append(n)
    judged = data.draw(st.lists(VERDICTS, min_size=len(texts), max_size=len(texts)))
    return texts, lines, numbers, judged


@settings(max_examples=1000, deadline=None)
@given(st.data(), st.sampled_from(["line", "extract"]))
def test_removals_in_c_equal_their_definition(data, stage):
    if text_path._removals is None:
        pytest.skip("the kernel is not built" if not os.environ.get("NEWSCLEAN_PURE_PYTHON") else "pure Python")
    texts, _, numbers, judged = _page(data)
    want = text_path.removals_python(Removal, numbers, texts, judged, stage)
    got = text_path._removals(Removal, numbers, texts, judged, stage)
    assert [type(r) for r in got] == [Removal] * len(want) and got == want
    assert [r._asdict() for r in got] == [r._asdict() for r in want]


@settings(max_examples=1000, deadline=None)
@given(st.data())
def test_text_and_body_are_join_lines_of_the_kept_lines(data):
    texts, lines, numbers, judged = _page(data)
    title = data.draw(st.none() | st.integers(0, max(0, len(texts) - 1)))
    outcome = Outcome(dict(enumerate(judged)), title, None, None, [])
    result = text_path._assemble([""] * (numbers[-1] if numbers else 0), numbers, texts, lines, outcome, None,
                                 False, "text", "line")
    blanks = sorted(set(range(1, (numbers[-1] if numbers else 0) + 1)) - set(numbers))
    kept = [(numbers[i], texts[i]) for i, v in enumerate(judged) if v.keep]
    title_no = numbers[title] if title is not None and texts else None
    assert result.text == text_path.join_lines(kept, blanks)
    assert result.body == text_path.join_lines([(no, text) for no, text in kept if no != title_no], blanks)
