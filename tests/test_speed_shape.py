"""Cost grows linearly with input, and no rule pattern backtracks catastrophically.
Ratios against the same code on smaller input, never absolute timings."""
import re
import time

import pytest

from cleaner import clean
from cleaner.rules import load_rules

DUMP = ("Council Approves Budget\n\nThe council approved the budget on Monday after a long debate about "
        "schools, roads and the library, which will now stay open on Saturdays.\n* Home\n* News\n"
        "Share on Facebook\n© 2024 Example Media. All rights reserved.\n")


def best_of(fn, n=3):
    times = []
    for _ in range(n):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def test_cost_grows_linearly_with_document_size(monkeypatch):
    from cleaner import lines

    monkeypatch.setattr(lines, "LINE_CACHE_MAX", 0)  # measure the work, not the memo
    copies = ["\n".join(f"{line} {i}" if line else line for line in DUMP.split("\n")) for i in range(800)]
    small, large = "\n".join(copies[:200]), "\n".join(copies)  # no line repeats: each is computed
    clean(small)  # warm-up
    t_small = best_of(lambda: clean(small, input_format="text"))
    t_large = best_of(lambda: clean(large, input_format="text"))
    assert t_large <= 8 * t_small, (t_small, t_large)  # 4x the input within 8x the time


def _adversarial(pattern: str) -> list[str]:
    """Long runs of the characters the pattern itself is made of, and near-misses of its words."""
    letters = "".join(sorted(set(re.sub(r"\\.|[^\w ]", "", pattern))))[:40] or "a"
    words = re.findall(r"[a-zà-ÿ]{3,}", pattern)[:5] or ["x"]
    return [letters * 50, " ".join(words) * 20 + "!", ("a " * 30) + "\t" * 500, "/" * 1999, " " * 1999 + "x"]


REGEX_RULES = [r for r in load_rules().rules if r.match == "regex"]


@pytest.mark.parametrize("rule", REGEX_RULES, ids=[r.id for r in REGEX_RULES])
def test_no_rule_pattern_backtracks(rule):
    pattern = re.compile(rule.pattern, re.IGNORECASE)
    for text in _adversarial(rule.pattern):
        short, long_ = text[: len(text) // 4], text
        t_short = best_of(lambda: pattern.search(short)) + 1e-6
        t_long = best_of(lambda: pattern.search(long_))
        assert t_long < 50 * t_short + 0.01, (rule.id, len(text), t_short, t_long)  # ~linear, never exponential
