"""WARC input against the HTML path on the same pages, and the two WARC readers side by side.

    python benchmarks/warc_speed.py [--bench ../shared/bench/aeb] [--rounds 2] [--json]

Builds a .warc.gz of the dev set's HTML pages (each a 200 text/html response at its own URL,
with FastWARC's writer: tests/warcs.py), then times in one process, after a warm-up on the seeds,
best of the interleaved rounds:
  html    clean(page bytes, url) for every page: the HTML path
  warc    clean(doc.text, url=doc.url) for doc in cleaner.warc.iter_records(file): the WARC path
  reader  iter_records alone (reading, HTTP parsing, decoding): its share of the WARC path's time
and checks both paths give the same text. Then FastWARC and warcio read the same file raw (status,
content type, payload), and each reads it again with one gzip member cut in half: how many of the
records after the cut it returns, and what it says.
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
import warcs  # noqa: E402  (the tests' WARC builder)

DEFAULT_BENCH = ROOT.parent / "shared" / "bench" / "aeb"


def load_pages(bench: Path) -> list[tuple[str, bytes]]:
    gold = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))
    return [(gold[k]["url"], gzip.decompress((bench / "html" / f"{k}.html.gz").read_bytes())) for k in sorted(gold)]


def build(path: Path, pages: list[tuple[str, bytes]], copies: int = 1) -> list[int]:
    recs = [warcs.page(url if c == 0 else f"{url}?copy={c}", body) for c in range(copies) for url, body in pages]
    return warcs.write(path, recs)


def _best(fn, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def paths_figures(pages, path: Path, rounds: int) -> dict:
    from cleaner import clean
    from cleaner.warc import iter_records

    for seed in sorted((ROOT / "seeds").glob("*.html")):  # warm-up: rule packs, stoplists, lxml
        clean(seed.read_bytes())
    html_out, warc_out = [], []
    times = {"html": float("inf"), "warc": float("inf"), "reader": float("inf")}
    for _ in range(rounds):  # interleaved: a slow spell of the machine hits both paths alike
        times["html"] = min(times["html"], _best(lambda: html_out.append([clean(b, url=u).text for u, b in pages]), 1))
        times["warc"] = min(times["warc"], _best(
            lambda: warc_out.append([clean(d.text, url=d.url).text for d in iter_records(path)]), 1))
        times["reader"] = min(times["reader"], _best(lambda: sum(1 for _ in iter_records(path)), 3))
    n = len(pages)
    return {"records": n, "identical_text": html_out[-1] == warc_out[-1],
            "html_docs_per_s": n / times["html"], "warc_records_per_s": n / times["warc"],
            "reader_records_per_s": n / times["reader"], "reader_share_of_warc_time": times["reader"] / times["warc"],
            "warc_vs_html": times["html"] / times["warc"]}


def _fastwarc_raw(data: bytes) -> tuple[int, str]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    n = 0
    try:
        for r in ArchiveIterator(io.BytesIO(data), record_types=WarcRecordType.response, parse_http=True):
            r.http_headers.status_code, r.http_content_type, r.reader.read()
            n += 1
    except OSError as exc:
        return n, f"OSError: {exc}"
    return n, "no error"


def _warcio_raw(data: bytes) -> tuple[int, str]:
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    try:
        for r in ArchiveIterator(io.BytesIO(data)):
            if r.rec_type == "response":
                r.http_headers.get_statuscode(), r.http_headers.get_header("Content-Type"), r.content_stream().read()
                n += 1
    except Exception as exc:  # noqa: BLE001 - what it raises is the finding
        return n, f"{type(exc).__name__}: {str(exc)[:60]!r}"
    return n, "no error"


def _ours(data: bytes) -> tuple[int, str]:
    from cleaner.warc import Damaged, WarcDocument, read

    items = list(read(io.BytesIO(data)))
    damage = [f"Damaged at offset {i.offset}: {i.error}" for i in items if type(i) is Damaged]
    return sum(type(i) is WarcDocument for i in items), "; ".join(damage) or "no error"


def readers_figures(path: Path, offsets: list[int], rounds: int) -> dict:
    data = path.read_bytes()
    readers = {"fastwarc": _fastwarc_raw, "cleaner.warc (fastwarc + resync)": _ours}
    try:
        import warcio  # noqa: F401
        readers["warcio"] = _warcio_raw
    except ImportError:
        pass
    speed = {name: len(offsets) / _best(lambda: fn(data), rounds * 2) for name, fn in readers.items()}
    mid = len(offsets) // 2  # cut the middle member in half
    cut = data[: offsets[mid] + (offsets[mid + 1] - offsets[mid]) // 2] + data[offsets[mid + 1]:]
    tail = data[: offsets[-1] + (len(data) - offsets[-1]) // 2]  # the last member cut in half
    behaviour = {name: {"cut_middle_member": fn(cut), "cut_last_member": fn(tail)} for name, fn in readers.items()}
    return {"records": len(offsets), "records_per_s": speed, "expected_after_cuts": [len(offsets) - 1] * 2,
            "cut_member_offset": offsets[mid], "behaviour": behaviour}


def table(report: dict) -> str:
    p, r = report["paths"], report["readers"]
    rows = [f"WARC path vs HTML path on the same {p['records']} pages (same text: {p['identical_text']}):",
            f"  html {p['html_docs_per_s']:.1f} docs/s, warc {p['warc_records_per_s']:.1f} records/s "
            f"({p['warc_vs_html']:.2f}x the HTML path)",
            f"  reader alone {p['reader_records_per_s']:.0f} records/s: {p['reader_share_of_warc_time']:.1%} of the "
            f"WARC path's time (target under 10%)",
            f"readers on the same file ({r['records']} records), raw: "
            + ", ".join(f"{k} {v:.0f} records/s" for k, v in r["records_per_s"].items()),
            f"one member cut in half (at offset {r['cut_member_offset']}) / the last member cut in half; "
            f"{r['expected_after_cuts'][0]} records are whole:"]
    for name, b in r["behaviour"].items():
        rows.append(f"  {name}: {b['cut_middle_member'][0]} records ({b['cut_middle_member'][1]}) / "
                    f"{b['cut_last_member'][0]} records ({b['cut_last_member'][1]})")
    return "\n".join(rows)


def run(bench: Path, rounds: int) -> dict:
    pages = load_pages(bench)
    with tempfile.TemporaryDirectory(prefix="newsclean-warc-") as tmp:
        path = Path(tmp) / "dev.warc.gz"
        offsets = build(path, pages)
        return {"paths": paths_figures(pages, path, rounds), "readers": readers_figures(path, offsets, rounds)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON (benchmarks/run.py reads it)")
    args = ap.parse_args()
    if not (args.bench / "ground-truth.json").is_file():
        print(f"dev set not found at {args.bench} (pass --bench ../shared/bench/aeb)", file=sys.stderr)
        return 2
    report = run(args.bench, args.rounds)
    print(json.dumps(report) if args.json else table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
