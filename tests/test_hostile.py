"""Hostile input: properties over random and mutated documents, a corpus of bad inputs with the
outcome each must have, odd paths, and a batch killed ten times that still ends complete."""
from __future__ import annotations

import gzip
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import BadInput, clean, clean_many
from cleaner.decode import to_text
from test_batch import cli, make_corpus, manifest_lines, tree

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*"))
SEED_LINES = [line for p in SEEDS if p.suffix == ".txt" for line in p.read_text(encoding="utf-8").split("\n")]
CHROME = ["Editor's Choice", "Leave a Reply", "© 2024 Example. All rights reserved.", "Share on Facebook",
          "Tue, 20 May 2025 10:30:53 GMT", "* Home", "Advertisement", "Read more: other story", "## Heading"]


def _safe_clean(raw):
    try:
        return clean(raw)
    except BadInput:
        return None  # a clear, named refusal is an allowed outcome; any other exception is not


def _subsequence(out: str, raw: str) -> bool:
    source = iter(line.strip() for line in to_text(raw).split("\n"))
    return all(any(line == s for s in source) for line in out.split("\n") if line)


mutated_dumps = st.lists(st.one_of(st.sampled_from(SEED_LINES), st.sampled_from(CHROME), st.text(max_size=80),
                                   st.just("")), max_size=60).map("\n".join)
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # examples: tests/conftest.py profiles


@SETTINGS
@given(mutated_dumps)
def test_text_properties(raw):
    r = _safe_clean(raw)
    if r is None:
        return
    assert _subsequence(r.text, raw)
    assert clean(r.text).text == r.text  # clean twice = clean once
    assert clean(raw).text == r.text  # same input, same output


@SETTINGS
@given(st.binary(max_size=3000))
def test_random_bytes_never_escape(raw):
    _safe_clean(raw)


html_fragments = st.lists(st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<nav>", "</nav>", "<script>x</script>",
                                           "<article>", "</article>", "<ul><li>", "</li></ul>", "<!--", "-->", "<",
                                           ">", "&amp;", "&#0;", "<br/>"]) | st.sampled_from(SEED_LINES),
                          max_size=80).map(lambda parts: "<html><body>" + "".join(parts))


@SETTINGS
@given(html_fragments)
def test_mutated_html_never_escapes_and_is_stable(raw):
    r = _safe_clean(raw)
    if r is not None:
        assert clean(raw).text == r.text


def test_same_output_across_processes():
    raws = [p.read_bytes() for p in SEEDS]
    assert [r.text for r in clean_many(raws, jobs=2, chunksize=3)] == [clean(r).text for r in raws]


PROSE = "The council approved the budget on Monday after a long debate about schools and roads. "
CORPUS = {
    "empty": (b"", "result"),
    "whitespace only": (b" \n\t\n   \n", "result"),
    "png": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "binary"),
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n" + bytes(range(256)) * 8, "binary"),
    "nul bytes": (b"\x00" * 4000, "binary"),
    "nul inside text": ((PROSE * 3).encode().replace(b"budget", b"bud\x00get"), "result"),
    "utf-16 with bom": ((PROSE * 3).encode("utf-16"), "result"),
    "utf-16 without bom": ((PROSE * 3).encode("utf-16-le"), "result"),
    "cp1252": (("Le conseil a approuvé le budget lundi après un long débat sur les écoles. " * 3).encode("cp1252"), "result"),
    "latin-1 mojibake": ((PROSE * 2).encode() + "café crème".encode("utf-8").decode("latin-1").encode("utf-8"), "result"),
    "invalid utf-8": ((PROSE * 3).encode() + b"\xff\xfe\xc3\x28\xa0\xa1", "result"),
    "crlf": ((PROSE + "\r\n") * 4, "result"),
    "lone cr": ((PROSE + "\r") * 4, "result"),
    "5 MB single line": (b"word " * 1_000_000, "result"),
    "superscript digit in a dateline": (("Published: June \u00b2 2020\n" + PROSE * 3).encode(), "result"),
    "50 MB file": (PROSE.encode() * (50_000_000 // len(PROSE) + 1), "over the limit"),
    "deeply nested html": ("<html><body>" + "<div>" * 100_000 + "<p>" + PROSE + "</p>" + "</div>" * 100_000, "result"),
}


@pytest.mark.parametrize("name", list(CORPUS))
def test_bad_input_corpus(name):
    raw, expected = CORPUS[name]
    started = time.perf_counter()
    if expected == "result":
        r = clean(raw)
        assert isinstance(r.text, str) and "\r" not in r.text and "\x00" not in r.text
    else:
        with pytest.raises(BadInput, match=expected):
            clean(raw)
    assert time.perf_counter() - started < 60


def test_gzip_bomb_is_refused_and_the_batch_goes_on(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "bomb.html.gz").write_bytes(gzip.compress(b"<p>" + b"a" * 200_000_000 + b"</p>", compresslevel=9))
    (src / "fine.txt").write_text(PROSE * 3, encoding="utf-8")
    done = cli(str(src), "-o", str(out), "-j", "1")
    assert done.returncode == 1
    assert "bomb.html.gz" in (out / "_errors.jsonl").read_text() and (out / "fine.txt").is_file()
    assert not (out / "bomb.txt").exists()


def test_odd_file_names(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    names = ["space name.txt", "ünïcødé.txt", "quote'and\"dq.txt", "-starts-with-dash.txt", "semi;colon&amp.txt",
             "new\nline.txt", "x" * 200 + ".txt"]
    src.mkdir()
    for n in names:
        (src / n).write_text(PROSE * 3, encoding="utf-8")
    before = tree(src)
    done = cli(str(src), "-o", str(out), "-j", "2")
    assert done.returncode == 0, done.stderr.decode()
    assert sorted(p.name for p in out.glob("*.txt")) == sorted(names)
    assert tree(src) == before  # inputs never touched


def test_killed_ten_times_at_random_points_still_ends_identical(tmp_path):
    src = tmp_path / "in"
    make_corpus(src, 120)
    reference = tmp_path / "ref"
    assert cli(str(src), "-o", str(reference), "-j", "2").returncode == 0
    out = tmp_path / "out"
    rng = random.Random(7)
    for _ in range(10):
        proc = subprocess.Popen([sys.executable, "-m", "cleaner.cli", "clean", str(src), "-o", str(out), "-j",
                                 str(rng.choice([1, 2]))], env={**os.environ, "CI": "1"},
                                stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(rng.uniform(0.05, 1.5))
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        assert manifest_lines(out / "_manifest.jsonl") <= 120
    assert cli(str(src), "-o", str(out), "-j", "2").returncode == 0
    assert tree(out) == tree(reference)
    assert not list(out.rglob("*.tmp"))
