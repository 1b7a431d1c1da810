"""WARC files in a batch: `newsclean clean crawl.warc.gz more/*.warc.gz -o out --format jsonl` writes
every document into documents.jsonl with its record's id, offset, url and fetch date; skipped
records are counted by reason, damage is listed with its offset; the output is the same bytes
for -j 1 and -j 2, and a killed run resumes by file and record offset to the same bytes."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleaner import clean
from cleaner.warc import iter_records
from cleaner.warc_units import SEGMENT
from test_batch import cli, manifest_lines, records, tree

sys.path.insert(0, str(Path(__file__).parent))
import warcs  # noqa: E402
from test_warc import CP1252_PAGE, HTML_SEEDS, mixed_records  # noqa: E402

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
N = 4 * SEGMENT - 30  # four segments


def crawl(n: int) -> list[warcs.Rec]:
    """n records: the text seeds (as text/plain) and HTML seeds on 30 hosts, every seventh a 404."""
    seeds = [(p.read_bytes(), "text/html" if p.suffix == ".html" else "text/plain; charset=utf-8")
             for p in sorted(SEEDS.iterdir()) if p.suffix in (".txt", ".html")]
    recs = []
    for i in range(n):
        url = f"https://site{i % 30}.example/story/{i}"
        if i % 7 == 3:
            recs.append(warcs.Rec(url, b"<html><body>gone</body></html>", status="404 Not Found"))
        elif i == 50:
            recs.append(warcs.page(url, CP1252_PAGE, "text/html; charset=windows-1252"))
        else:
            body, ctype = seeds[i % len(seeds)]
            recs.append(warcs.page(url, body, ctype))
    return recs


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("warcs")
    warcs.write(root / "crawl.warc.gz", crawl(N))
    (root / "more").mkdir()
    warcs.write(root / "more" / "a.warc.gz", mixed_records())
    warcs.write(root / "more" / "b.warc", crawl(40), gzip=False)
    return root


def _args(root: Path) -> list[str]:
    return [str(root / "crawl.warc.gz"), str(root / "more" / "a.warc.gz"), str(root / "more" / "b.warc")]


@pytest.fixture(scope="module")
def full_run(inputs, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("full") / "out"
    done = cli(*_args(inputs), "-o", str(out), "--format", "jsonl", "-j", "2")
    assert done.returncode == 0, done.stderr.decode()
    return out


def test_every_document_of_every_file_in_order_with_its_record_fields(inputs, full_run):
    got = records(full_run)
    expected = [(name, d) for name in ("crawl.warc.gz", "a.warc.gz", "b.warc")
                for d in iter_records(inputs / "crawl.warc.gz" if name == "crawl.warc.gz" else inputs / "more" / name)]
    assert [(r["path"], r["id"], r["warc_offset"]) for r in got] == [(n, d.id, d.offset) for n, d in expected]
    for r, (_, d) in zip(got[:40], expected):
        want = clean(d.text, url=d.url)
        assert (r["url"], r["fetch_date"], r["text"], r["title"], r["language"]) == \
            (d.url, warcs.DATE, want.text, want.title, want.language)
    cafe = [r for r in got if r["url"].endswith("/story/50")][0]
    assert "\u20ac3.20" in cafe["text"]
    report = json.loads((full_run / "_report.json").read_text())
    assert report["skipped_records"]["status=404"] == sum(1 for i in range(N) if i % 7 == 3) + 1 + \
        sum(1 for i in range(40) if i % 7 == 3)
    assert report["skipped_records"]["record-type=request"] == len(HTML_SEEDS) and report["errors"] == 0
    assert report["documents"] == len(got)
    segments = [json.loads(x)["input"] for x in (full_run / "_manifest.jsonl").read_text().splitlines()]
    assert segments[0] == "crawl.warc.gz@0" and len([s for s in segments if s.startswith("crawl.")]) == 4


def test_the_same_bytes_for_any_jobs(inputs, full_run, tmp_path):
    out = tmp_path / "out"
    done = cli(*_args(inputs), "-o", str(out), "--format", "jsonl", "-j", "1")
    assert done.returncode == 0, done.stderr.decode()
    assert tree(out) == tree(full_run)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_killed_run_resumes_by_record_offset_to_the_same_bytes(inputs, full_run, tmp_path, sig):
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "cleaner.cli", "clean", *_args(inputs), "-o", str(out),
                             "-j", "1", "--format", "jsonl"],
                            env={**os.environ, "CI": "1"}, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while manifest_lines(out / "_manifest.jsonl") < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    os.kill(proc.pid, sig)
    proc.wait()
    assert proc.returncode == (-sig if sig == signal.SIGKILL else 130), "the run ended before it could be stopped"
    entries = [json.loads(x) for x in (out / "_manifest.jsonl").read_text().splitlines()]
    done = [e["input"] for e in entries]
    assert done[:2] == ["crawl.warc.gz@0", f"crawl.warc.gz@{entries[0]['warc_next']}"] and len(done) < 6
    resumed = cli(*_args(inputs), "-o", str(out), "-j", "2", "--format", "jsonl")
    assert resumed.returncode == 0, resumed.stderr.decode()
    assert int(resumed.stderr.decode().split(" files up to date")[0].rsplit(" ", 1)[1]) == len(done)
    assert tree(out) == tree(full_run)
    again = cli(*_args(inputs), "-o", str(out), "-j", "2", "--format", "jsonl")
    assert " 0 cleaned now" in again.stderr.decode() and tree(out) == tree(full_run)


def test_damage_is_listed_with_its_offset_and_the_rest_is_written(tmp_path):
    parts = list(warcs.members(crawl(12)))
    offsets = [sum(map(len, parts[:i])) for i in range(len(parts))]
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(b"".join(parts[:5]) + parts[5][:len(parts[5]) // 2] + b"".join(parts[6:]))
    out = tmp_path / "out"
    done = cli(str(path), "-o", str(out), "--format", "jsonl", "-j", "1")
    assert done.returncode == 1
    errors = [json.loads(x) for x in (out / "_errors.jsonl").read_text().splitlines()]
    assert errors == [{"path": str(path), "error": f"at byte offset {offsets[5]}: Gzip decompression error: data error"}]
    urls = [r["url"] for r in records(out)]
    assert urls == [d.url for i, d in enumerate(crawl(12)) if i != 5 and i % 7 != 3]


def test_warc_input_needs_the_jsonl_stream(inputs, tmp_path):
    done = cli(str(inputs / "crawl.warc.gz"), "-o", str(tmp_path / "out"))
    assert done.returncode == 2 and b"pass --format jsonl" in done.stderr
