"""The batch job: parallel = sequential, resume after SIGKILL = uninterrupted, bad files listed,
JSONL in and out, language filter, cross-document templates."""
from __future__ import annotations

import errno
import gzip
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from cleaner import batch, clean, decode, sinks, templates
from cleaner.cli import main

EN = ("the council said on monday that new bridge would open in spring after years of delays and rising "
      "costs while residents who live near river have asked for more buses safer crossings during works "
      "officials expect traffic to ease once second lane is finished but some shop owners worry about "
      "their customers and parking").split()
DE = ("der rat sagte am montag dass die neue brücke im frühjahr nach jahren der verzögerung und steigender "
      "kosten öffnen werde während anwohner die am fluss leben mehr busse und sichere übergänge während "
      "der arbeiten gefordert haben").split()
SITE_LINE = "The Daily Planet is funded by readers like you, so thank you for your support."
QUOTE = "We have waited for this bridge for a very long time and we are glad that it is finally here, she said."


def _sentence(rng: random.Random, words: list[str]) -> str:
    s = " ".join(rng.choice(words) for _ in range(rng.randint(14, 22)))
    return s[0].upper() + s[1:] + "."


def page(i: int, lang: str = "en", extra: tuple[str, ...] = ()) -> str:
    """A small news page: menu, headline, date, paragraphs (extra lines after the second), related, footer."""
    rng = random.Random(i)
    words = DE if lang == "de" else EN
    title = " ".join(w.capitalize() for w in rng.sample(words, 6))
    lines = ["Home", "News", "Sport", "Subscribe", "", title, "", f"Published {1 + i % 28} March 2024, 10:{i % 60:02d}", ""]
    for p in range(rng.randint(3, 6)):
        lines += [" ".join(_sentence(rng, words) for _ in range(3)), ""]
        if p == 1:
            lines += [x for line in extra for x in (line, "")]
    lines += ["Related Posts", ""] + [" ".join(w.capitalize() for w in rng.sample(EN, 5)) for _ in range(3)]
    return "\n".join(lines + ["", "© 2024 Example Media. All Rights Reserved.", ""])


def make_corpus(root: Path, n: int) -> None:
    """n documents over three site folders (one nested), mostly .txt, some .html and .html.gz, some German."""
    for i in range(n):
        site = f"site{i % 3}" + ("/2024" if i % 3 == 1 else "")
        folder = root / site
        folder.mkdir(parents=True, exist_ok=True)
        text = page(i, "de" if i % 7 == 0 else "en", (SITE_LINE,) if i % 3 == 0 else ())
        if i % 10 == 5:
            (folder / f"doc-{i:04d}.html").write_text(f"<html><body>{text}</body></html>", encoding="utf-8")
        elif i % 25 == 7:
            (folder / f"doc-{i:04d}.html.gz").write_bytes(gzip.compress(text.encode(), mtime=0))
        else:
            (folder / f"doc-{i:04d}.txt").write_text(text, encoding="utf-8")


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def cli(*args: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "CI": "1"}
    return subprocess.run([sys.executable, "-m", "cleaner.cli", "clean", *args], capture_output=True,
                          env=env, **kwargs)


def manifest_lines(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus") / "in"
    make_corpus(root, 300)
    return root


@pytest.fixture(scope="module")
def full_run(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("full") / "out"
    done = cli(str(corpus), "-o", str(out), "-j", "2")
    assert done.returncode == 0, done.stderr.decode()
    return out


def kill_after(args: list[str], out: Path, units: int = 40) -> None:
    """Run `newsclean clean ARGS -o OUT` and SIGKILL it once the manifest holds `units` lines."""
    proc = subprocess.Popen([sys.executable, "-m", "cleaner.cli", "clean", *args, "-o", str(out)],
                            env={**os.environ, "CI": "1"}, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while manifest_lines(out / "_manifest.jsonl") < units and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the run ended before it could be killed"


def records(out: Path) -> list[dict]:
    """The records of OUT/documents.jsonl (--format jsonl)."""
    return [json.loads(x) for x in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]


def test_killed_run_resumes_to_byte_identical_output(corpus, full_run, tmp_path):
    out = tmp_path / "out"
    kill_after([str(corpus), "-j", "1"], out)
    assert 40 <= manifest_lines(out / "_manifest.jsonl") < 300
    (out / "site0" / ".doc-9999.txt.x1y2.tmp").write_text("half a file")  # what a kill mid-write leaves
    with (out / "_manifest.jsonl").open("ab") as fh:
        fh.write(b'{"input": "site0/doc-0')  # a line torn by a kill mid-append

    resumed = cli(str(corpus), "-o", str(out), "-j", "2")
    assert resumed.returncode == 0, resumed.stderr.decode()
    assert "up to date" in resumed.stderr.decode()
    assert tree(out) == tree(full_run)
    assert not list(out.rglob("*.tmp"))


@pytest.mark.parametrize("sig, group, jobs", [(signal.SIGINT, True, "2"), (signal.SIGTERM, False, "1")])
def test_signal_stops_cleanly_and_a_rerun_resumes(corpus, full_run, tmp_path, sig, group, jobs):
    """Ctrl-C (the terminal signals the whole process group, workers too) or a scheduler's SIGTERM:
    no traceback, exit 130, every finished document committed, the re-run ends as an uninterrupted run."""
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "cleaner.cli", "clean", str(corpus), "-o", str(out), "-j", jobs],
                            env={**os.environ, "CI": "1"}, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while manifest_lines(out / "_manifest.jsonl") < 30 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    (os.killpg if group else os.kill)(proc.pid, sig)
    err = proc.communicate(timeout=60)[1].decode()
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "run the same command again to resume" in err
    done = manifest_lines(out / "_manifest.jsonl")
    assert 30 <= done < 300 and f"{done} documents cleaned now" in err
    assert json.loads((out / "_report.json").read_text())["interrupted"] is True
    assert len(list(out.rglob("doc-*.txt"))) == done and not list(out.rglob("*.tmp"))

    resumed = cli(str(corpus), "-o", str(out), "-j", "2")
    assert resumed.returncode == 0, resumed.stderr.decode()
    assert f"{300 - done} cleaned now" in resumed.stderr.decode()  # nothing done twice
    assert tree(out) == tree(full_run)


def test_rerun_skips_everything_and_changes_nothing(corpus, full_run, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for rel, data in tree(full_run).items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    assert main(["clean", str(corpus), "-o", str(out), "-j", "1", "--no-progress"]) == 0
    assert tree(out) == tree(full_run)
    report = json.loads((out / "_report.json").read_text())
    assert report["documents"] == 300 and report["written"] == 300 and report["errors"] == 0
    assert set(report["languages"]) == {"en", "de"}
    assert "seconds" not in report


@pytest.mark.parametrize("flags", [["--format", "jsonl", "--templates"], ["--keep-lang", "en"]])
def test_parallel_output_is_byte_identical_to_sequential(corpus, tmp_path, flags):
    one, two = tmp_path / "one", tmp_path / "two"
    assert main(["clean", str(corpus), "-o", str(one), "-j", "1", "--no-progress", *flags]) == 0
    done = cli(str(corpus), "-o", str(two), "-j", "2", *flags)
    assert done.returncode == 0, done.stderr.decode()
    assert tree(one) == tree(two)


def test_keep_lang_filters_and_counts(corpus, full_run, tmp_path):
    out = tmp_path / "out"
    assert main(["clean", str(corpus), "-o", str(out), "-j", "1", "--no-progress", "--keep-lang", "en"]) == 0
    german = [i for i in range(300) if i % 7 == 0]
    report = json.loads((out / "_report.json").read_text())
    assert report["filtered_by_language"] == {"de": len(german)}
    assert report["written"] == 300 - len(german)
    assert not list(out.rglob("doc-0000.*")) and list(full_run.rglob("doc-0000.*"))


def _bad_tree(root: Path) -> dict[str, str]:
    """A folder of good and bad files; returns {bad file name: what its error must say}."""
    root.mkdir(parents=True)
    for i in range(4):
        (root / f"good-{i}.txt").write_text(page(i), encoding="utf-8")
    (root / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (root / "undecodable.txt").write_bytes(bytes(range(128, 256)) * 40)
    (root / "empty.txt").write_bytes(b"")
    (root / "bomb.html.gz").write_bytes(gzip.compress(b" " * (65 << 20), compresslevel=9, mtime=0))
    (root.parent / "outside.txt").write_text(page(9), encoding="utf-8")
    (root / "link.txt").symlink_to(root.parent / "outside.txt")
    (root / "good-0.html").write_text("<p>same output name as good-0.txt</p>", encoding="utf-8")
    return {"binary.txt": "looks binary", "undecodable.txt": "undecodable",
            "bomb.html.gz": "gzip bomb", "link.txt": "symlink points outside the input tree",
            "good-0.txt": "would overwrite"}


def test_bad_files_are_listed_and_the_rest_is_cleaned(tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    expected = _bad_tree(src)
    assert main(["clean", str(src), "-o", str(out), "-j", "1", "--no-progress"]) == 1
    errors = [json.loads(x) for x in (out / "_errors.jsonl").read_text().splitlines()]
    assert [e["path"] for e in errors] == sorted(e["path"] for e in errors)
    assert {Path(e["path"]).name: e["error"] for e in errors}.keys() == expected.keys()
    for e in errors:
        assert expected[Path(e["path"]).name] in e["error"], e
    assert "outside.txt" in next(e["error"] for e in errors if e["path"].endswith("link.txt"))
    assert sorted(p.name for p in out.glob("*.txt")) == ["empty.txt", "good-0.txt", "good-1.txt", "good-2.txt",
                                                         "good-3.txt"]
    assert (out / "empty.txt").read_bytes() == b""  # an empty input is counted, not an error
    report = json.loads((out / "_report.json").read_text())
    assert report["errors"] == len(expected) and report["documents"] == 5 and report["empty_inputs"] == 1
    assert f"{len(expected)} errors" in capsys.readouterr().err


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file_is_listed(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "ok.txt").write_text(page(1), encoding="utf-8")
    locked = src / "locked.txt"
    locked.write_text(page(2), encoding="utf-8")
    locked.chmod(0)
    try:
        assert main(["clean", str(src), "-o", str(out), "-j", "1", "--no-progress"]) == 1
    finally:
        locked.chmod(0o644)
    errors = [json.loads(x) for x in (out / "_errors.jsonl").read_text().splitlines()]
    assert [(Path(e["path"]).name, "Permission denied" in e["error"]) for e in errors] == [("locked.txt", True)]
    assert (out / "ok.txt").is_file()


def test_full_disk_fails_one_document_without_partial_output(tmp_path, monkeypatch):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for i in range(5):
        (src / f"doc-{i}.txt").write_text(page(i), encoding="utf-8")
    real = sinks._write

    def full_disk(fh, data):
        if Path(fh.name).name.startswith(".doc-2.txt."):
            fh.write(data[:10])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fh, data)

    monkeypatch.setattr(sinks, "_write", full_disk)
    assert main(["clean", str(src), "-o", str(out), "-j", "1", "--no-progress"]) == 1
    errors = [json.loads(x) for x in (out / "_errors.jsonl").read_text().splitlines()]
    assert len(errors) == 1 and errors[0]["path"].endswith("doc-2.txt") and "No space left" in errors[0]["error"]
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith("_")) == [
        "doc-0.txt", "doc-1.txt", "doc-3.txt", "doc-4.txt"]
    assert not list(out.rglob("*.tmp"))

    monkeypatch.setattr(sinks, "_write", real)  # space again: the re-run does just the missing one
    assert main(["clean", str(src), "-o", str(out), "-j", "1", "--no-progress"]) == 0
    assert (out / "doc-2.txt").read_text() == clean(page(2)).text + "\n"


def test_output_inside_input_needs_allow_inside_and_is_never_read(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(3):
        (src / f"doc-{i}.txt").write_text(page(i), encoding="utf-8")
    out = src / "cleaned"
    assert main(["clean", str(src), "-o", str(out), "--no-progress"]) == 2
    assert "--allow-inside" in capsys.readouterr().err and not out.exists()
    for _ in range(2):
        assert main(["clean", str(src), "-o", str(out), "-j", "1", "--no-progress", "--allow-inside"]) == 0
    assert json.loads((out / "_report.json").read_text())["documents"] == 3
    inputs = [json.loads(x)["input"] for x in (out / "_manifest.jsonl").read_text().splitlines()]
    assert inputs == ["doc-0.txt", "doc-1.txt", "doc-2.txt"]


def test_jsonl_in_keeps_other_fields_and_lists_bad_lines(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    (src / "feed").mkdir(parents=True)
    docs = [{"id": i, "url": f"https://www.planet.example/{i}", "text": page(i), "meta": {"n": [i]}} for i in range(4)]
    lines = [json.dumps(d) for d in docs[:2]] + ["not json", json.dumps({"id": 9}), ""] + [json.dumps(d) for d in docs[2:]]
    (src / "feed" / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["clean", str(src), "-o", str(out), "--jsonl-in", "-j", "1", "--no-progress"]) == 1
    got = [json.loads(x) for x in (out / "feed" / "a.jsonl").read_text().splitlines()]
    assert [g["id"] for g in got] == [0, 1, 2, 3]
    for doc, g in zip(docs, got):
        assert g["url"] == doc["url"] and g["meta"] == doc["meta"]
        assert g["text"] == clean(doc["text"]).text and g["newsclean"]["language"] == "en"
    errors = [json.loads(x) for x in (out / "_errors.jsonl").read_text().splitlines()]
    assert [(e["line"], "text" in e["error"] or "JSON" in e["error"]) for e in errors] == [(3, True), (4, True)]

    piped = cli("--jsonl-in", "-", "-j", "2", input="".join(json.dumps(d) + "\n" for d in docs).encode())
    assert piped.returncode == 0, piped.stderr.decode()
    assert piped.stdout.decode() == (out / "feed" / "a.jsonl").read_text()


def _site(root: Path, n: int, quote_every: int) -> None:
    """One site whose pages all carry SITE_LINE, and every `quote_every`-th page the same QUOTE."""
    (root / "planet").mkdir(parents=True)
    for i in range(n):
        extra = (SITE_LINE,) + ((QUOTE,) if i % quote_every == 0 else ())
        (root / "planet" / f"p{i:02d}.txt").write_text(page(100 + i, extra=extra), encoding="utf-8")


def test_templates_drop_site_lines_keep_minority_prose_and_headline(tmp_path):
    src = tmp_path / "in"
    _site(src, 12, quote_every=4)  # the quote is on 3 of 12 pages: a minority
    assert SITE_LINE in clean((src / "planet" / "p00.txt").read_text()).text  # the heuristics keep it
    out = tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out), "-j", "1", "--no-progress", "--templates",
                 "--format", "json", "--save-profile", str(tmp_path / "profile.json")]) == 0
    doc = json.loads((out / "planet" / "p00.json").read_text())
    assert SITE_LINE not in doc["text"] and QUOTE in doc["text"]
    assert doc["text"].split("\n")[0] == doc["title"]
    dropped = [r for r in doc["removed"] if r["rule_id"] == "template.repeated"]
    assert [(r["text"], r["stage"]) for r in dropped] == [(SITE_LINE, "template")]
    report = json.loads((out / "_report.json").read_text())
    assert report["removed"]["by_rule"]["template.repeated"] == 12
    assert report["templates"]["decisions"]["template.kept_prose"] == 3

    again = tmp_path / "again"  # a saved profile gives the same output without learning
    assert main(["clean", str(src), "-o", str(again), "-j", "1", "--no-progress", "--format", "json",
                 "--profile", str(tmp_path / "profile.json")]) == 0
    assert tree(again) == tree(out)


def test_templates_drop_prose_on_most_pages(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    _site(src, 6, quote_every=2)  # the quote is on half the pages: boilerplate-like
    assert main(["clean", str(src), "-o", str(out), "-j", "1", "--no-progress", "--templates"]) == 0
    assert QUOTE not in (out / "planet" / "p00.txt").read_text()


def test_learner_stays_bounded_and_still_finds_templates():
    learner = templates.Learner(max_entries=2000)
    rng = random.Random(1)
    for d in range(500):
        lines = ["Home", "Sign in to comment", f"Updated {d % 24}:00"] + ["".join(rng.choices("abcdefghij", k=12)) for _ in range(30)]
        learner.add("site", templates.document_hashes(lines))
        assert learner.entries <= 2000
    profile = learner.profile(templates.Thresholds())
    found = profile.sites["site"].lines
    assert {templates.line_hash(x) for x in ("Home", "Sign in to comment", "Updated 7:00")} <= found.keys()
    assert profile.approximate and found[templates.line_hash("Home")] <= 500


def test_line_hash_folds_case_digits_and_punctuation():
    assert templates.line_hash("Updated 12:30 — Read more!") == templates.line_hash("updated 07:45 read MORE")
    assert templates.line_hash("—") is None


def test_inflate_refuses_past_the_cap():
    with pytest.raises(decode.BadInput, match="gzip bomb"):
        decode.inflate(gzip.compress(b"a" * 5000), 4000)
    assert decode.inflate(gzip.compress(b"ab") + gzip.compress(b"cd"), 4000) == b"abcd"


def test_progress_is_quiet_off_a_terminal_and_in_ci(monkeypatch):
    args = type("Args", (), {"no_progress": False})()
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    monkeypatch.delenv("CI", raising=False)
    assert batch._quiet(args) is False
    monkeypatch.setenv("CI", "true")
    assert batch._quiet(args) is True
    monkeypatch.delenv("CI")
    args.no_progress = True
    assert batch._quiet(args) is True


def test_report_is_folded_from_the_manifest(full_run):
    entries = [json.loads(x) for x in (full_run / "_manifest.jsonl").read_text().splitlines()]
    totals = Counter()
    for e in entries:
        totals.update(e["stats"]["removed_by_rule"])
    report = json.loads((full_run / "_report.json").read_text())
    assert report["removed"]["by_rule"] == dict(totals)
    assert [e["input"] for e in entries] == sorted(e["input"] for e in entries)
