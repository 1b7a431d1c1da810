"""Exact agreement of CleanResult.authors with 60 hand-judged dev pages (benchmarks/authors_labels.json).

    python benchmarks/authors_eval.py [--bench ../shared/bench]

A page agrees when the list of names is exactly the labelled one (order and spelling as the page
writes them; [] agrees with []). Both paths: the text dump and the HTML page. Every disagreement
is printed, so a site name or a sentence taken as a name shows.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cleaner import clean  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    args = ap.parse_args(argv)
    bench = Path(args.bench)
    labels = json.loads((ROOT / "benchmarks" / "authors_labels.json").read_text(encoding="utf-8"))["labels"]
    agree = {"text": 0, "html": 0}
    for key, want in sorted(labels.items()):
        name, prefix = key.split("/")
        dump = next((bench / name / "dumps").glob(prefix + "*.txt"))
        page = next((bench / name / "html").glob(prefix + "*"))
        raw = page.read_bytes()
        raw = gzip.decompress(raw) if page.suffix == ".gz" else raw
        for path, result in (("text", clean(dump.read_bytes(), input_format="text")),
                             ("html", clean(raw, input_format="html"))):
            if result.authors == want:
                agree[path] += 1
            else:
                print(f"  {path:4} {key}: got {result.authors} want {want}")
    for path, n in agree.items():
        print(f"{path}: {n}/{len(labels)} = {n / len(labels):.1%} exact agreement")
    return 0


if __name__ == "__main__":
    sys.exit(main())
