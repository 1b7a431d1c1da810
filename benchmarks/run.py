"""Side-by-side figures on the dev set: F1, docs/s, MB/s and peak RSS, as ratios to anchors
measured in the same run.

    python benchmarks/run.py [--bench ../shared/bench/aeb] [--quick] [--skip-batch] [--skip-warc]

Each system runs in its own subprocess (so peak RSS is its own) and several times (text three,
HTML two), interleaved with its anchor; the best time counts. Results: a table on stdout and
benchmarks/results/latest.json (with the machine it ran on).
"""
from __future__ import annotations

import argparse
import html as htmlmod
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BENCH = ROOT.parent / "shared" / "bench" / "aeb"
DEFAULT_TRAF = ROOT.parent / "shared" / "bench" / "traf"


# ---- workers (run in a subprocess: `run.py --worker NAME --bench DIR`) ---------------------------

def _load(bench: Path, kind: str, limit: int | None):
    gold_raw = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(gold_raw)[:limit] if limit else sorted(gold_raw)
    if kind == "text":
        docs = {k: (bench / "dumps" / f"{k}.txt").read_text(encoding="utf-8") for k in keys}
    else:
        docs = {k: read_page(bench / "html" / f"{k}.html.gz") for k in keys}
    return docs, {k: gold_raw[k]["articleBody"] for k in keys}, {k: gold_raw[k]["url"] for k in keys}


def read_page(path: Path) -> str:
    """A dev page as the CLI reads it (gzip inflated, charset from BOM, header or meta): some traf
    pages are not UTF-8, and a blind UTF-8 decode mangled them (HTML F1 0.940 here vs the CLI's 0.944)."""
    from cleaner.decode import decode_bytes

    return decode_bytes(path.read_bytes())


def _justext(doc: str) -> str:
    import justext

    page = "<html><body>" + "".join(f"<p>{htmlmod.escape(line)}</p>" for line in doc.splitlines() if line.strip()) \
        + "</body></html>"
    paragraphs = justext.justext(page, justext.get_stoplist("English"))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def _system(name: str):
    if name == "newsclean-text":
        from cleaner import clean
        return "text", lambda doc, url: clean(doc, input_format="text").body
    if name == "newsclean-text-nolang":
        from cleaner import Options, clean
        opts = Options(detect_language=False)
        return "text", lambda doc, url: clean(doc, input_format="text", options=opts).body
    if name == "newsclean-text-floor":
        # Not a product: the text path with the rule regexes and the timestamp test switched off,
        # to show what the rest (the core, output, language, compiled passes) costs on its own.
        from cleaner import clean, lines, rules
        rules.RuleSet._match_regex = lambda self, line, candidates=None: None
        loop = rules._match_loop  # the compiled loop runs the regexes itself: its 14th argument, regex, switches them off
        if loop is not None:
            rules._match_loop = lambda *args: loop(*args[:13], False, *args[14:])
        lines.is_timestamp = lambda line, has_digit=None: False
        return "text", lambda doc, url: clean(doc, input_format="text").body
    if name == "justext":
        return "text", lambda doc, url: _justext(doc)
    if name == "newsclean-html":
        from cleaner import clean
        return "html", lambda doc, url: clean(doc, url=url, input_format="html").body
    if name == "trafilatura":
        import trafilatura
        return "html", lambda doc, url: trafilatura.extract(doc, url=url) or ""
    raise SystemExit(f"unknown system {name}")


def warm_up(fn, kind: str) -> None:
    """Steady state, as on a long batch: every system first cleans the repository's seeds (not the
    dev pages), so imports, rule packs, detector profiles and stoplists are loaded before timing."""
    for p in sorted((ROOT / "seeds").glob("*.txt" if kind == "text" else "*.html")):
        fn(p.read_text(encoding="utf-8"), None)


def worker(name: str, bench: Path, limit: int | None) -> dict:
    kind, fn = _system(name)
    docs, gold, urls = _load(bench, kind, limit)
    warm_up(fn, kind)
    language_clock = _clock_language() if name == "newsclean-text" else None
    started = time.perf_counter()
    preds = {k: fn(docs[k], urls[k]) for k in docs}
    seconds = time.perf_counter() - started
    from cleaner.evaluate import evaluate

    s = evaluate(preds, gold)
    out = {"system": name, "docs": len(docs), "seconds": seconds, "mb": sum(len(d.encode()) for d in docs.values()) / 1e6,
           "f1": s.f1, "precision": s.precision, "recall": s.recall,
           "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    if language_clock is not None:
        out["language_seconds"] = language_clock[0]
    return out


def _clock_language() -> list[float]:
    """Time spent in the language step (choosing sample lines, the shortcuts, langdetect), summed
    inside the timed pass itself, second detections included: its share of the text path's time
    measured directly rather than as the gap to a run without it."""
    from cleaner import language, text_path

    total = [0.0]

    def clocked(fn):
        def run(*args, **kwargs):
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                total[0] += time.perf_counter() - started
        return run

    text_path._sample_lines = clocked(text_path._sample_lines)
    language.detect = clocked(language.detect)
    return total


# ---- the parent ----------------------------------------------------------------------------------

def run_worker(name: str, bench: Path, limit: int | None) -> dict:
    cmd = [sys.executable, __file__, "--worker", name, "--bench", str(bench)] + (["--limit", str(limit)] if limit else [])
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(out.strip().splitlines()[-1])


def best_of(pair: list[str], bench: Path, limit: int | None, rounds: int = 2) -> dict[str, dict]:
    """Run the systems alternately; keep each one's fastest round (machine noise only slows)."""
    best: dict[str, dict] = {}
    for _ in range(rounds):
        for name in pair:
            r = run_worker(name, bench, limit)
            if name not in best or r["seconds"] < best[name]["seconds"]:
                best[name] = r
    return best


def batch_figures(bench: Path, n_docs: int) -> dict:
    """`newsclean clean DIR -o OUT -j N` on n_docs dumps (the dev dumps repeated, every line of each
    copy made unique)."""
    dumps = sorted((bench / "dumps").glob("*.txt"))
    tmp = Path(tempfile.mkdtemp(prefix="newsclean-bench-"))
    try:
        src = tmp / "in"
        for i in range(n_docs):
            p = dumps[i % len(dumps)]
            target = src / f"{i // 1000:03d}" / f"{i:06d}_{p.name}"
            target.parent.mkdir(parents=True, exist_ok=True)
            # a marker word in every line: no two documents share a line, as the dev dumps repeated
            # would (then the line table does the work, and the batch measures only its parent)
            text = p.read_text(encoding="utf-8")
            target.write_text("\n".join(_marked(line, i) for line in text.split("\n")), encoding="utf-8")
        result = {}
        for jobs in (1, 2):
            out = tmp / f"out{jobs}"
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "cleaner.cli", "clean", str(src), "-o", str(out), "-j", str(jobs),
                            "--input-format", "text", "--no-progress"], check=True, capture_output=True, cwd=ROOT)
            result[f"j{jobs}_docs_per_s"] = n_docs / (time.perf_counter() - started)
        result["docs"] = n_docs
        result["speedup_j2"] = result["j2_docs_per_s"] / result["j1_docs_per_s"]
        return result
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def warc_figures(bench: Path) -> dict:
    """benchmarks/warc_speed.py in its own process: the WARC path against the HTML path on the
    same pages, and the reader's share of the WARC path's time."""
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "warc_speed.py"), "--bench", str(bench), "--json"],
                         check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(out.strip().splitlines()[-1])


def size_growth(bench: Path) -> list[dict]:
    """Cost per MB for documents from 1 KB to 5 MB (dumps concatenated): linear means flat. Each
    copy of the dumps past the first gets a marker word in every line, so that no line repeats:
    this measures the work, not the table of line features (off here) or a document's own
    repeated lines (computed once)."""
    from cleaner import clean, lines

    lines.LINE_CACHE_MAX = 0
    base = [p.read_text(encoding="utf-8") for p in sorted((bench / "dumps").glob("*.txt"))[:120]]
    text = "\n".join(base)
    clean(text[:20_000], input_format="text")  # warm-up: rule packs and detector loaded
    copies = [text] + ["\n".join(_marked(line, c) for line in text.split("\n")) for c in range(1, 6)]
    corpus = "\n".join(copies)
    rows = []
    for size in (1_000, 10_000, 100_000, 1_000_000, 5_000_000):
        doc = corpus[:size]
        seconds = float("inf")
        for _ in range(3 if size <= 1_000_000 else 1):  # the best of three: noise only slows
            started = time.perf_counter()
            clean(doc, input_format="text")
            seconds = min(seconds, time.perf_counter() - started)
        rows.append({"bytes": size, "seconds": seconds, "ms_per_mb": seconds / size * 1e6 * 1000 / 1000})
    return rows


def _marked(line: str, copy: int) -> str:
    """The line with a marker word after its first word: unique, still the same shape."""
    first, _, rest = line.partition(" ")
    return f"{first} v{copy} {rest}" if rest else line + (f" v{copy}" if line else "")


def language_figures(bench: Path) -> dict:
    """Our bounded, seeded call against langdetect's default detect() on the gold article body."""
    from langdetect import DetectorFactory, detect

    from cleaner import clean

    DetectorFactory.seed = 0
    gold = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))
    agree = total = 0
    for k in sorted(gold):
        body = gold[k]["articleBody"]
        if len(body) < 200:
            continue
        ours = clean((bench / "dumps" / f"{k}.txt").read_bytes(), input_format="text").language
        total += 1
        agree += ours == detect(body).split("-")[0]
    return {"documents": total, "agree_with_full_detect": agree / total if total else None}


def metadata_figures() -> dict:
    """Title accuracy and date recall on both dev sets' dumps (benchmarks/metadata.py)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import metadata

    return {bench.name: metadata.summary(metadata.measure(bench)) for bench in metadata.BENCHES if (bench / "dumps").is_dir()}


def _justext_german(doc: str) -> str:
    import justext

    page = "<html><body>" + "".join(f"<p>{htmlmod.escape(line)}</p>" for line in doc.splitlines() if line.strip()) \
        + "</body></html>"
    return "\n".join(p.text for p in justext.justext(page, justext.get_stoplist("German")) if not p.is_boilerplate)


def traf_quality(traf: Path, limit: int | None) -> dict:
    """The second dev set (../shared/bench/traf), scored with trafilatura's snippet measure on the
    body: our text path on dumps and lite dumps, our HTML path, and the anchors on the same pages
    in the same run (no cleaning, jusText with the German stoplist, trafilatura and favor_precision).
    Per-language rows use the language our HTML path reads for the page."""
    import trafilatura

    from cleaner import clean
    from cleaner.evaluate import evaluate_snippets, load_snippets

    snippets = load_snippets(traf / "evaldata.json")
    keys = sorted(snippets)[:limit] if limit else sorted(snippets)
    snippets = {k: snippets[k] for k in keys}
    dumps = {k: (traf / "dumps" / f"{k}.txt").read_text(encoding="utf-8") for k in keys}
    lite = {k: (traf / "lite" / f"{k}.txt").read_text(encoding="utf-8") for k in keys}
    pages = {k: read_page(traf / "html" / f"{k}.html.gz") for k in keys}
    urls = {k: snippets[k].get("url") for k in keys}
    html_results = {k: clean(pages[k], url=urls[k], input_format="html") for k in keys}
    systems = {
        "newsclean, dumps": {k: clean(dumps[k], url=urls[k], input_format="text").body for k in keys},
        "newsclean, lite dumps": {k: clean(lite[k], url=urls[k], input_format="text").body for k in keys},
        "no cleaning, dumps": dumps,
        "no cleaning, lite dumps": lite,
        "jusText (German stoplist), dumps": {k: _justext_german(dumps[k]) for k in keys},
        "newsclean, HTML": {k: html_results[k].body for k in keys},
        "trafilatura, HTML": {k: trafilatura.extract(pages[k], url=urls[k]) or "" for k in keys},
        "trafilatura favor_precision, HTML": {k: trafilatura.extract(pages[k], url=urls[k], favor_precision=True) or ""
                                              for k in keys},
    }
    rows = {}
    for name, preds in systems.items():
        s = evaluate_snippets(preds, snippets)
        rows[name] = {"f1": s.f1, "precision": s.precision, "recall": s.recall, "pages": s.documents}
    by_lang: dict[str, dict] = {}
    for lang in ("de", "en", "es", "fr", "pl"):
        picked = {k: snippets[k] for k in keys if html_results[k].language == lang}
        if not picked:
            continue
        by_lang[lang] = {"pages": len(picked)}
        for name in ("newsclean, dumps", "newsclean, HTML", "trafilatura, HTML"):
            by_lang[lang][name] = evaluate_snippets(systems[name], picked).f1
    return {"systems": rows, "by_language": by_lang}


def machine() -> dict:
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor()
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    ap.add_argument("--worker")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--quick", action="store_true", help="60 pages, 1,000 batch documents")
    ap.add_argument("--skip-batch", action="store_true")
    ap.add_argument("--batch-docs", type=int, default=10_000)
    ap.add_argument("--skip-warc", action="store_true", help="skip benchmarks/warc_speed.py (WARC vs HTML path)")
    ap.add_argument("--traf", type=Path, default=DEFAULT_TRAF, help="the second dev set (snippet measure)")
    args = ap.parse_args()
    if not (args.bench / "ground-truth.json").is_file():
        print(f"dev set not found at {args.bench} (pass --bench ../shared/bench/aeb)", file=sys.stderr)
        return 2
    if args.worker:
        print(json.dumps(worker(args.worker, args.bench, args.limit)))
        return 0
    limit = 60 if args.quick else None
    text = best_of(["newsclean-text", "justext", "newsclean-text-nolang", "newsclean-text-floor"], args.bench, limit,
                   rounds=3)  # a text pass takes a second: a third round costs little and steadies the ratios
    html = best_of(["newsclean-html", "trafilatura"], args.bench, limit)
    report = {"machine": machine(), "text": text, "html": html}
    report["ratios"] = {
        "text_docs_per_s_vs_justext": _rate(text["newsclean-text"]) / _rate(text["justext"]),
        "html_docs_per_s_vs_trafilatura": _rate(html["newsclean-html"]) / _rate(html["trafilatura"]),
        "language_share_of_text_time": text["newsclean-text"]["language_seconds"] / text["newsclean-text"]["seconds"],
        "text_time_saved_without_language": 1 - text["newsclean-text-nolang"]["seconds"] / text["newsclean-text"]["seconds"],
        "text_floor_vs_justext": _rate(text["newsclean-text-floor"]) / _rate(text["justext"]),
    }
    if not args.skip_batch:
        report["batch"] = batch_figures(args.bench, 1_000 if args.quick else args.batch_docs)
    if not args.skip_warc:
        report["warc"] = warc_figures(args.bench)
    report["size_growth"] = size_growth(args.bench)
    report["language"] = language_figures(args.bench)
    report["metadata"] = metadata_figures()
    if (args.traf / "evaldata.json").is_file():
        report["traf"] = traf_quality(args.traf, 100 if args.quick else None)
    else:
        print(f"second dev set not found at {args.traf}: its rows are skipped", file=sys.stderr)
    out = ROOT / "benchmarks" / "results" / "latest.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(table(report))
    print(f"\nwritten to {out.relative_to(ROOT)}")
    return 0


def _rate(r: dict) -> float:
    return r["docs"] / r["seconds"]


def table(report: dict) -> str:
    rows = ["| path | system | F1 | P | R | docs/s | MB/s | peak RSS MB |", "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for path in ("text", "html"):
        for r in report[path].values():
            rows.append(f"| {path} | {r['system']} | {r['f1']:.3f} | {r['precision']:.3f} | {r['recall']:.3f} | "
                        f"{_rate(r):.1f} | {r['mb'] / r['seconds']:.2f} | {r['peak_rss_mb']:.0f} |")
    ratios = report["ratios"]
    rows.append("")
    rows.append(f"text: newsclean / jusText docs/s = {ratios['text_docs_per_s_vs_justext']:.2f}x (target 5x)")
    rows.append(f"text floor (no rule regexes, no timestamp test; not a product): "
                f"{ratios['text_floor_vs_justext']:.2f}x jusText")
    rows.append(f"html: newsclean / trafilatura.extract docs/s = {ratios['html_docs_per_s_vs_trafilatura']:.2f}x (target 1.1x)")
    rows.append(f"language detection share of text time: {ratios['language_share_of_text_time']:.1%} measured directly "
                f"(a run without it is {ratios['text_time_saved_without_language']:.1%} faster: its English stoplist "
                f"also changes the work on other languages' pages)")
    if "batch" in report:
        b = report["batch"]
        rows.append(f"batch on {b['docs']} docs: -j 2 / -j 1 = {b['speedup_j2']:.2f}x (target 1.8x)")
    if "warc" in report:
        w = report["warc"]["paths"]
        rows.append(f"warc: {w['warc_records_per_s']:.1f} records/s against the HTML path's {w['html_docs_per_s']:.1f} "
                    f"docs/s on the same pages; the reader is {w['reader_share_of_warc_time']:.1%} of the time "
                    f"(target under 10%)")
    growth = report["size_growth"]
    base = growth[2]["ms_per_mb"]
    rows.append("cost per MB relative to 100 KB documents: "
                + ", ".join(f"{g['bytes'] // 1000} KB {g['ms_per_mb'] / base:.2f}x" for g in growth))
    lang = report["language"]
    rows.append(f"language: our bounded call agrees with full detect() on the gold body for "
                f"{lang['agree_with_full_detect']:.1%} of {lang['documents']} pages")
    for name, m in report.get("metadata", {}).items():
        rows.append(f"metadata {name}: title equal {m['title_equal']:.1%}, headline kept {m['headline_kept']:.1%}, "
                    f"date found {m['date_found']:.1%} (equal {m['date_equal']:.1%})")
    if "traf" in report:
        rows.append("")
        rows.append(f"second dev set ({next(iter(report['traf']['systems'].values()))['pages']} pages, snippet measure, body):")
        rows.append("| system, input | F1 | P | R |")
        rows.append("| --- | --- | --- | --- |")
        for name, r in report["traf"]["systems"].items():
            rows.append(f"| {name} | {r['f1']:.3f} | {r['precision']:.3f} | {r['recall']:.3f} |")
        rows.append("| language (pages) | newsclean dumps | newsclean HTML | trafilatura HTML |")
        rows.append("| --- | --- | --- | --- |")
        for lang, r in report["traf"]["by_language"].items():
            rows.append(f"| {lang} ({r['pages']}) | {r['newsclean, dumps']:.3f} | {r['newsclean, HTML']:.3f} | "
                        f"{r['trafilatura, HTML']:.3f} |")
    return "\n".join(rows)


if __name__ == "__main__":
    sys.exit(main())
