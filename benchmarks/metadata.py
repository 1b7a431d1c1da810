"""Title accuracy and date recall on text dumps, against the page the dump was made from.

    python benchmarks/metadata.py [--bench ../shared/bench/aeb ../shared/bench/traf] [--list]

The reference headline is read from the HTML beside each dump: the page's first non-empty <h1>
and its og:title (and og:title without a trailing " | Site" / " - Site" part of one to three
words). Both sides are normalised: Unicode NFKC, case folded, curly quotes and dashes made plain,
whitespace runs made one space and none left before : ; , . ! ?, markdown marks ('#', '*', '_') and spaces trimmed at the ends.

- title equal: the dump's `title` normalised equals one of the page's normalised references.
- headline kept: some line of the dump's cleaned `text` equals a reference (as above), counted
  over the pages whose dump holds such a line at all (a dump cannot keep what it lacks).
- date found: the dump's `date` is set, over the pages whose HTML path finds a date; date equal:
  the dump's date is that same date.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCHES = (ROOT.parent / "shared" / "bench" / "aeb", ROOT.parent / "shared" / "bench" / "traf")
_PLAIN = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
                        "–": "-", "—": "-", "‐": "-", "‑": "-", "\u00a0": " "})
_BEFORE_MARK = re.compile(r" ([:;,.!?])")  # "Covid-19 : Lässt sich..." as "Covid-19: Lässt sich..."
_SITE_TAIL = re.compile(r"^(.+?)\s+[|\-–—:·]\s+\S+(?:\s+\S+){0,2}$")


def norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").translate(_PLAIN).casefold()
    return _BEFORE_MARK.sub(r"\1", " ".join(text.split())).strip("#*_ ")


def pages(bench: Path) -> list[tuple[str, str]]:
    """(id, url) of every page of a dev set (aeb: ground-truth.json, traf: evaldata.json)."""
    for name in ("ground-truth.json", "evaldata.json"):
        if (bench / name).is_file():
            data = json.loads((bench / name).read_text(encoding="utf-8"))
            return [(k, data[k].get("url")) for k in sorted(data)]
    raise SystemExit(f"no ground-truth.json or evaldata.json in {bench}")


def read_html(bench: Path, key: str) -> str:
    return gzip.decompress((bench / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8", "replace")


def references(html: str) -> set[str]:
    """The page's own headline, normalised: its first non-empty h1, og:title, og:title less a site tail."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    found = set()
    h1 = next((t for t in (n.text(separator=" ", strip=True) for n in tree.css("h1")) if t.strip()), None)
    if h1:
        found.add(norm(h1))
    og = tree.css_first('meta[property="og:title"]')
    og_text = (og.attributes.get("content") or "") if og is not None else ""
    if og_text.strip():
        found.add(norm(og_text))
        m = _SITE_TAIL.match(" ".join(og_text.split()))
        if m and m.group(1).count(" ") >= 2:
            found.add(norm(m.group(1)))
    found.discard("")
    return found


def measure(bench: Path, listing: list | None = None) -> dict:
    from cleaner import clean

    n = with_ref = title_equal = dump_holds = kept = html_dated = dump_dated = date_equal = dated_any = 0
    for key, url in pages(bench):
        html = read_html(bench, key)
        dump = (bench / "dumps" / f"{key}.txt").read_text(encoding="utf-8")
        refs = references(html)
        ours = clean(dump, url=url, input_format="text")
        page_date = clean(html, url=url, input_format="html").date
        n += 1
        dated_any += ours.date is not None
        equal = bool(refs) and norm(ours.title) in refs
        if refs:
            with_ref += 1
            title_equal += equal
            if any(norm(line) in refs for line in dump.splitlines()):
                dump_holds += 1
                kept += any(norm(line) in refs for line in ours.text.splitlines())
        if page_date is not None:
            html_dated += 1
            dump_dated += ours.date is not None
            date_equal += ours.date == page_date
        if listing is not None and refs and not equal:
            listing.append((bench.name, key, ours.title, sorted(refs)))
    return {"pages": n, "with_headline": with_ref, "title_equal": title_equal / max(with_ref, 1),
            "dump_holds_headline": dump_holds, "headline_kept": kept / max(dump_holds, 1),
            "html_dated": html_dated, "date_found": dump_dated / max(html_dated, 1),
            "date_equal": date_equal / max(html_dated, 1), "date_any": dated_any / max(n, 1)}


def line(name: str, m: dict) -> str:
    return (f"{name}: title equal {m['title_equal']:.1%} of {m['with_headline']} pages with a headline; "
            f"headline kept {m['headline_kept']:.1%} of {m['dump_holds_headline']} dumps holding it; "
            f"date found {m['date_found']:.1%} (equal {m['date_equal']:.1%}) of {m['html_dated']} pages "
            f"the HTML path dates; any date {m['date_any']:.1%} of {m['pages']}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", type=Path, nargs="+", default=list(BENCHES))
    ap.add_argument("--list", action="store_true", help="print every page whose title is not equal")
    args = ap.parse_args()
    listing: list | None = [] if args.list else None
    for bench in args.bench:
        if not (bench / "dumps").is_dir():
            print(f"dev set not found at {bench}", file=sys.stderr)
            return 2
        print(line(bench.name, measure(bench, listing)))
    for row in listing or []:
        print(json.dumps(row, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
