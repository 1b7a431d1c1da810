"""The command line as a new user meets it: no silent success, no stale output left unsaid, one
file to stdout, gzip everywhere, and the small things (issue 16)."""
from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest

from cleaner import __version__, clean, explain
from cleaner.cli import main
from test_batch import page


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cleaner.cli", *args], input=stdin, capture_output=True,
                          env={"CI": "1", "PATH": "/usr/bin:/bin"})


@pytest.mark.parametrize("layout, flags, says", [
    ({}, [], "holds no files"),
    ({"a.txt": "x"}, ["--glob", "*.html"], "--glob *.html matched none of its 1 file"),
    ({"a.pdf": "x", "b.pdf": "y", "c.docx": "z"}, [], "none of its 3 files is of a kind read here"),
])
def test_nothing_to_clean_says_why_and_exits_2(tmp_path, capsys, layout, flags, says):
    src = tmp_path / "in"
    src.mkdir()
    for name, text in layout.items():
        (src / name).write_text(text)
    assert main(["clean", str(src), "-o", str(tmp_path / "out"), "--no-progress", *flags]) == 2
    err = capsys.readouterr().err
    assert "nothing to clean" in err and says in err, err
    if layout.get("a.pdf"):
        assert ".pdf 2, .docx 1" in err
    assert not (tmp_path / "out").exists()


def test_stale_outputs_are_warned_listed_and_kept(tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for i in range(3):
        (src / f"d{i}.txt").write_text(page(i))
    assert main(["clean", str(src), "-o", str(out), "-j", "1", "--no-progress"]) == 0
    (out / "notes.md").write_text("mine")
    capsys.readouterr()
    assert main(["clean", str(src), "-o", str(out), "-j", "1", "--no-progress", "--format", "jsonl"]) == 0
    err = capsys.readouterr().err
    assert "warning: 4 files" in err and "not written by this run" in err
    report = json.loads((out / "_report.json").read_text())
    assert report["stale_outputs"] == ["d0.txt", "d1.txt", "d2.txt", "notes.md"]
    assert (out / "notes.md").read_text() == "mine" and (out / "d0.txt").is_file()  # never deleted
    assert main(["clean", str(src), "-o", str(tmp_path / "fresh"), "-j", "1", "--no-progress"]) == 0
    assert "stale_outputs" not in json.loads((tmp_path / "fresh" / "_report.json").read_text())


def test_an_empty_input_is_counted_not_an_error(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "blank.txt").write_text("  \n\n")
    (src / "d.txt").write_text(page(1))
    assert main(["clean", str(src), "-o", str(tmp_path / "out"), "-j", "1", "--no-progress"]) == 0
    report = json.loads((tmp_path / "out" / "_report.json").read_text())
    assert report["empty_inputs"] == 1 and report["documents"] == 2 and report["errors"] == 0
    assert "1 empty file, 0 errors" in capsys.readouterr().err


def test_one_file_without_o_goes_to_stdout_gzipped_too(tmp_path):
    text = page(3)
    (tmp_path / "page.txt").write_text(text)
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(f"<html><body>{text}</body></html>".encode(), mtime=0))
    plain = run("clean", str(tmp_path / "page.txt"))
    assert plain.returncode == 0 and plain.stdout.decode() == clean(text).text + "\n"
    zipped = run("clean", str(tmp_path / "page.html.gz"))
    assert zipped.returncode == 0, zipped.stderr.decode()
    assert zipped.stdout.decode() == clean(f"<html><body>{text}</body></html>").text + "\n"
    two = run("clean", str(tmp_path / "page.txt"), str(tmp_path / "page.html.gz"))
    assert two.returncode == 2 and b"-o OUTDIR" in two.stderr


def test_gzip_is_accepted_on_stdin_and_by_clean_and_bounded(tmp_path):
    text = page(4)
    data = gzip.compress(text.encode(), mtime=0)
    assert clean(data).text == clean(text).text
    piped = run("clean", "-", stdin=data)
    assert piped.returncode == 0 and piped.stdout.decode() == clean(text).text + "\n"
    bomb = run("clean", "-", stdin=gzip.compress(b" " * (65 << 20), compresslevel=9))
    assert bomb.returncode == 1 and b"gzip bomb" in bomb.stderr


def test_version_and_a_wrong_flag_shows_the_subcommand_usage():
    done = run("--version")
    assert done.returncode == 0 and done.stdout.decode().strip() == f"newsclean {__version__}"
    wrong = run("clean", "--no-such-flag", "x")
    assert wrong.returncode == 2
    err = wrong.stderr.decode()
    assert err.startswith("usage: newsclean clean") and "unrecognized arguments: --no-such-flag" in err


def test_explain_has_no_line_after_the_final_newline():
    trace = explain("Headline Of The Day\n\nA first paragraph of the story, long enough to read as prose.\n")
    assert [d.line_no for d in trace] == [1, 2, 3]
    out = run("clean", "--explain", "-", stdin=b"One line of text here.\n")
    lines = out.stdout.decode().split("\n")
    assert lines[-1] == "" and lines[-2].endswith("One line of text here.")  # no blank line 2 after it
    assert max(int(x.split()[0]) for x in lines[:-1]) == 1


def test_golden_counts_read_as_written(tmp_path, capsys):
    seeds, golden = tmp_path / "seeds", tmp_path / "golden"
    seeds.mkdir()
    (seeds / "one.txt").write_text(page(5))
    assert main(["golden", "check", "--seeds", str(seeds), "--golden", str(golden)]) == 1
    assert capsys.readouterr().out.strip() == "1 seed, 1 problem"


def test_eval_says_what_it_scores(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(page(6))
    gold = tmp_path / "gt.json"
    gold.write_text(json.dumps({"a": {"articleBody": clean(page(6)).body}}))
    for fmt, says in [("txt", "1 document, the whole .txt text, headline included"),
                      ("jsonl", "1 document, the body (headline left out)")]:
        out = tmp_path / fmt
        assert main(["clean", str(src), "-o", str(out), "-j", "1", "--no-progress", "--format", fmt]) == 0
        capsys.readouterr()
        assert main(["eval", str(out), "--gold", str(gold)]) == 0
        printed = capsys.readouterr().out
        assert says in printed, printed
    assert "F1 1.0000" in printed  # the body scored against the body
