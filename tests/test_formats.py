"""Output formats: txt, json (one file each, naming its source), jsonl (every document in one
documents.jsonl), each keeping the batch's guarantees: atomic, resumable after SIGKILL to the
uninterrupted run's bytes, the same bytes for -j 1 and -j N."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner import clean
from cleaner.cli import main
from test_batch import cli, kill_after, make_corpus, page, records, tree

N = 300


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus") / "in"
    make_corpus(root, N)
    return root


@pytest.fixture(scope="module")
def stream_run(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("stream") / "out"
    done = cli(str(corpus), "-o", str(out), "-j", "2", "--format", "jsonl")
    assert done.returncode == 0, done.stderr.decode()
    return out


def test_jsonl_streams_every_document_into_one_file_in_input_order(corpus, stream_run):
    got = records(stream_run)
    inputs = [json.loads(x)["input"] for x in (stream_run / "_manifest.jsonl").read_text().splitlines()]
    assert [r["path"] for r in got] == inputs == sorted(inputs) and len(got) == N
    assert sorted(p.name for p in stream_run.iterdir()) == [
        "_errors.jsonl", "_manifest.jsonl", "_report.json", "documents.jsonl"]
    first = got[0]
    assert {"path", "url", "title", "date", "language", "text", "body"} <= first.keys()
    assert "removed" not in first  # the per-line removals stay in the json format
    expected = clean((corpus / first["path"]).read_bytes())
    assert (first["text"], first["title"], first["language"]) == (expected.text, expected.title, expected.language)
    assert first["url"] is None


def test_jsonl_killed_run_resumes_to_the_uninterrupted_bytes(corpus, stream_run, tmp_path):
    out = tmp_path / "out"
    kill_after([str(corpus), "-j", "1", "--format", "jsonl"], out)
    assert not (out / "documents.jsonl").exists()  # the stream is only visible once whole
    with (out / ".documents.jsonl.part").open("ab") as fh:
        fh.write(b'{"path": "site0/doc-02')  # a record torn by the kill mid-write

    resumed = cli(str(corpus), "-o", str(out), "-j", "2", "--format", "jsonl")
    assert resumed.returncode == 0, resumed.stderr.decode()
    up_to_date = int(resumed.stderr.decode().split(" files up to date")[0].rsplit(" ", 1)[1])
    assert up_to_date >= 40  # the done units were not redone
    assert tree(out) == tree(stream_run)


def test_jsonl_rerun_after_an_input_changes_matches_a_fresh_run(tmp_path):
    src, out, fresh = tmp_path / "in", tmp_path / "out", tmp_path / "fresh"
    make_corpus(src, 12)
    (src / "site0" / "empty.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))  # fails every run
    args = ["-j", "1", "--no-progress", "--format", "jsonl"]
    assert main(["clean", str(src), "-o", str(out), *args]) == 1
    (src / "site1" / "2024" / "doc-0004.txt").write_text(page(40), encoding="utf-8")  # a middle unit changes
    (src / "site2" / "doc-0011.txt").unlink()  # the last one goes
    assert main(["clean", str(src), "-o", str(out), *args]) == 1
    assert main(["clean", str(src), "-o", str(fresh), *args]) == 1
    assert tree(out) == tree(fresh)
    assert "doc-0011" not in (out / "documents.jsonl").read_text()


def test_jsonl_rerun_skips_everything_even_past_a_failed_file(tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    make_corpus(src, 6)
    (src / "site0" / "a-binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    args = ["clean", str(src), "-o", str(out), "-j", "1", "--no-progress", "--format", "jsonl"]
    assert main(args) == 1
    before = tree(out)
    capsys.readouterr()
    assert main(args) == 1  # the failure is remembered: same bytes, same settings, same error
    err = capsys.readouterr().err
    assert " 0 cleaned now" in err and " 7 files up to date" in err
    assert tree(out) == before


def test_json_writes_one_file_per_document_naming_its_source(corpus, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    assert main(["clean", str(corpus), "-o", str(one), "-j", "1", "--no-progress", "--format", "json"]) == 0
    done = cli(str(corpus), "-o", str(two), "-j", "2", "--format", "json")
    assert done.returncode == 0, done.stderr.decode()
    assert tree(one) == tree(two)
    doc = json.loads((one / "site1" / "2024" / "doc-0001.json").read_text())
    assert doc["path"] == "site1/2024/doc-0001.txt" and doc["removed"] and doc["text"]
    assert not list(one.rglob("*.txt")) and not (one / "documents.jsonl").exists()


def test_txt_is_the_default_and_text_still_names_it(corpus, tmp_path):
    src = corpus / "site0"
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["clean", str(src), "-o", str(a), "-j", "1", "--no-progress"]) == 0
    assert main(["clean", str(src), "-o", str(b), "-j", "1", "--no-progress", "--format", "text"]) == 0
    assert tree(a) == tree(b)
    name = sorted(p for p in a.iterdir() if p.suffix == ".txt")[0]
    assert name.read_text() == clean((src / name.name).read_bytes()).text + "\n"
