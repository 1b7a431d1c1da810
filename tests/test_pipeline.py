"""clean_many: in order, streaming, same bytes for any number of processes, bad items reported."""
import itertools
from pathlib import Path

import pytest

from cleaner import BadInput, clean, clean_many
from cleaner.pipeline import CleanError

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))


def test_results_in_order_and_equal_to_clean():
    raws = [p.read_bytes() for p in SEEDS]
    got = [r.text for r in clean_many(raws)]
    assert got == [clean(r).text for r in raws]


def test_two_processes_give_identical_output():
    raws = [p.read_bytes() for p in SEEDS] * 3
    one = [(r.text, r.title, r.language) for r in clean_many(raws, jobs=1)]
    two = [(r.text, r.title, r.language) for r in clean_many(raws, jobs=2, chunksize=4)]
    assert one == two


def test_streams_an_endless_generator():
    text = SEEDS[0].read_text(encoding="utf-8")
    endless = (text for _ in itertools.count())
    first = list(itertools.islice(clean_many(endless, jobs=2, chunksize=2), 5))
    assert len(first) == 5 and all(r.text == first[0].text for r in first)


def test_items_can_carry_urls_and_bad_items_do_not_stop_the_stream():
    items = ["Plain text that is a paragraph of its own, long enough for the cleaner to keep it whole.",
             b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20,
             {"text": "Another paragraph that stands on its own and reads like a short article body.", "url": "https://x.org/a"},
             ("A third document given with its address, as a pair of raw text and url.", "https://x.org/b")]
    out = list(clean_many(items))
    assert isinstance(out[1], CleanError) and out[1].index == 1 and "binary" in out[1].error
    assert [isinstance(o, CleanError) for o in out] == [False, True, False, False]
    with pytest.raises(BadInput, match="document 1"):
        list(clean_many(items, errors="raise"))
