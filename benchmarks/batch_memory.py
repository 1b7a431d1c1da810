"""Peak memory of `newsclean clean` on a large synthetic corpus: it must stay flat as the corpus grows.

    python benchmarks/batch_memory.py --docs 10000 100000 [-j 2] [--templates] [--warc] [--keep]

Synthesises N documents by mutating the dev-set dumps (numbers changed, lines dropped and
repeated, spread over 100 site folders) into a temp folder, runs the CLI on it as a subprocess
and samples the RSS of its whole process tree (main + workers) with psutil every 50 ms.
With --warc the same documents are the records of one .warc.gz (text/plain responses on 100
hosts, written by tests/warcs.py) cleaned into documents.jsonl. Prints one line per size: wall time, documents/s, peak RSS of the main process, of the largest
worker, and of the tree (sum), in MB.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
DUMPS = Path(os.environ.get("NEWSCLEAN_BENCH", ROOT.parent / "shared" / "bench" / "aeb")) / "dumps"
_DIGITS = re.compile(r"\d+")


def mutate(text: str, rng: random.Random) -> str:
    """A new page from an old one: other numbers, a few lines dropped or doubled."""
    out = []
    for line in text.split("\n"):
        r = rng.random()
        if r < 0.03:
            continue
        line = _DIGITS.sub(lambda m: str(rng.randint(0, 10 ** len(m.group()))), line) if r < 0.3 else line
        out.append(line)
        if r > 0.98:
            out.append(line)
    return "\n".join(out)


def synthesise(folder: Path, n: int, seed: int = 0) -> int:
    dumps = [p.read_text(encoding="utf-8") for p in sorted(DUMPS.glob("*.txt"))]
    rng = random.Random(seed)
    size = 0
    for i in range(n):
        site = folder / f"site{i % 100:03d}"
        site.mkdir(parents=True, exist_ok=True)
        data = mutate(dumps[i % len(dumps)], rng).encode("utf-8")
        (site / f"doc{i:07d}.txt").write_bytes(data)
        size += len(data)
    return size


def synthesise_warc(path: Path, n: int, seed: int = 0) -> int:
    """The same documents as synthesise(), as the 200 text/plain responses of one WARC file."""
    sys.path.insert(0, str(ROOT / "tests"))
    import warcs

    dumps = [p.read_text(encoding="utf-8") for p in sorted(DUMPS.glob("*.txt"))]
    rng, size = random.Random(seed), 0

    def records():
        nonlocal size
        for i in range(n):
            data = mutate(dumps[i % len(dumps)], rng).encode("utf-8")
            size += len(data)
            yield warcs.page(f"https://site{i % 100:03d}.example/doc{i:07d}", data, "text/plain; charset=utf-8")

    path.parent.mkdir(parents=True, exist_ok=True)
    warcs.write(path, records(), level=1)
    return size


def measure(cmd: list[str], interval: float = 0.05) -> dict:
    """Run `cmd`; peak RSS (bytes) of the main process, of the largest child, and of the tree."""
    started = time.perf_counter()
    proc = psutil.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "CI": "1"})
    peak = {"main": 0, "worker": 0, "tree": 0}
    while proc.poll() is None:
        try:
            main = proc.memory_info().rss
            children = [c.memory_info().rss for c in proc.children(recursive=True)]
        except psutil.Error:
            continue
        peak["main"] = max(peak["main"], main)
        peak["worker"] = max([peak["worker"], *children])
        peak["tree"] = max(peak["tree"], main + sum(children))
        time.sleep(interval)
    peak["seconds"] = time.perf_counter() - started
    peak["returncode"] = proc.returncode
    peak["stderr"] = proc.stderr.read().decode(errors="replace")
    return peak


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--templates", action="store_true", help="also learn and drop templates (two passes)")
    ap.add_argument("--warc", action="store_true", help="the documents as records of one .warc.gz (--format jsonl)")
    ap.add_argument("--keep", action="store_true", help="keep the temp folders")
    ap.add_argument("--tmp", default=None, help="where to put the corpus (default: the system temp folder)")
    args = ap.parse_args()
    mb = 1 / (1 << 20)
    for n in args.docs:
        work = Path(tempfile.mkdtemp(prefix=f"newsclean-mem-{n}-", dir=args.tmp))
        try:
            if args.warc:
                size = synthesise_warc(work / "in" / "crawl.warc.gz", n)
                source = [str(work / "in" / "crawl.warc.gz"), "--format", "jsonl"]
            else:
                size, source = synthesise(work / "in", n), [str(work / "in")]
            cmd = [sys.executable, "-m", "cleaner.cli", "clean", *source, "-o", str(work / "out"),
                   "-j", str(args.jobs), "--no-progress"] + (["--templates"] if args.templates else [])
            peak = measure(cmd)
            if peak["returncode"] != 0:
                print(peak["stderr"], file=sys.stderr)
            print(f"{n:>7} docs ({size * mb:.0f} MB{', one WARC file' if args.warc else ''}) -j {args.jobs}"
                  f"{' --templates' if args.templates else ''}: "
                  f"{peak['seconds']:.0f} s, {n / peak['seconds']:.0f} docs/s, peak RSS main "
                  f"{peak['main'] * mb:.0f} MB, largest worker {peak['worker'] * mb:.0f} MB, "
                  f"tree {peak['tree'] * mb:.0f} MB (exit {peak['returncode']})", flush=True)
        finally:
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
