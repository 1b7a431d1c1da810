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
- site name / section label: a page whose every reference is one (an h1 sharing no word with the
  page's <title> or og:title: a logo; an og:title opening with a one- or two-word label and " | ")
  is counted in "title equal" and again left out of it (the second figure); nothing is tuned on it.
- Each figure is also given per half of the set: sha1 of the page id, even or odd.
"""
from __future__ import annotations

import argparse
import hashlib
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
    """The page as the CLI reads it: some traf pages are not UTF-8 (a blind decode mangles their h1)."""
    from cleaner.decode import decode_bytes

    return decode_bytes((bench / "html" / f"{key}.html.gz").read_bytes())


def references(html: str) -> tuple[set[str], bool]:
    """The page's own headline, normalised: its first non-empty h1, og:title, og:title less a site
    tail; and whether every one of them is a site name or a section label (see chrome_reference)."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    found = set()
    h1 = next((t for t in (n.text(separator=" ", strip=True) for n in tree.css("h1")) if t.strip()), None)
    og = tree.css_first('meta[property="og:title"]')
    og_text = (og.attributes.get("content") or "") if og is not None else ""
    title_node = tree.css_first("title")
    title = title_node.text(strip=True) if title_node is not None else ""
    chrome = []
    if h1:
        found.add(norm(h1))
        chrome.append(_site_name(h1, title, _SECTION_LABEL.sub("", " ".join(og_text.split()))))
    if og_text.strip():
        found.add(norm(og_text))
        chrome.append(_SECTION_LABEL.match(" ".join(og_text.split())) is not None)
        m = _SITE_TAIL.match(" ".join(og_text.split()))
        if m and m.group(1).count(" ") >= 2:
            found.add(norm(m.group(1)))
    found.discard("")
    return found, bool(chrome) and all(chrome)


# "Opinion | Is ...", "Review: ...": a section label of one or two words before the headline
_SECTION_LABEL = re.compile(r"^\w+(?: \w+)? \| (?=\S)")


def _site_name(h1: str, title: str, og_title: str) -> bool:
    """An h1 that shares no word with the page's <title> or og:title names the site or a section
    (a logo in an h1), not the article: the headline is elsewhere on the page."""
    own = set(norm(h1).split())
    return bool(title or og_title) and not own & set(norm(f"{title} {og_title}").split())


def half(key: str) -> int:
    """The hash half a page is in: sha1 of its id, even (0) or odd (1)."""
    return int(hashlib.sha1(key.encode()).hexdigest(), 16) % 2


def measure(bench: Path, listing: list | None = None) -> list[dict]:
    """One record per page: its id, half, and what the dump's title, text and date got right."""
    from cleaner import clean

    records = []
    for key, url in pages(bench):
        html = read_html(bench, key)
        dump = (bench / "dumps" / f"{key}.txt").read_text(encoding="utf-8")
        refs, chrome_ref = references(html)
        ours = clean(dump, url=url, input_format="text")
        page_date = clean(html, url=url, input_format="html").date
        equal = bool(refs) and norm(ours.title) in refs
        holds = bool(refs) and any(norm(line) in refs for line in dump.splitlines())
        records.append({"key": key, "half": half(key), "ref": bool(refs), "chrome_ref": chrome_ref,
                        "equal": equal, "holds": holds,
                        "kept": holds and any(norm(line) in refs for line in ours.text.splitlines()),
                        "html_dated": page_date is not None, "dated": ours.date is not None,
                        "date_equal": page_date is not None and ours.date == page_date})
        if listing is not None and refs and not equal:
            listing.append((bench.name, key, ours.title, sorted(refs), "site-name/label" if chrome_ref else ""))
    return records


def summary(records: list[dict]) -> dict:
    with_ref = [r for r in records if r["ref"]]
    plain = [r for r in with_ref if not r["chrome_ref"]]
    holds = [r for r in with_ref if r["holds"]]
    dated = [r for r in records if r["html_dated"]]

    def share(rows, field):
        return sum(r[field] for r in rows) / max(len(rows), 1)

    return {"pages": len(records), "with_headline": len(with_ref), "title_equal": share(with_ref, "equal"),
            "plain_headline": len(plain), "title_equal_plain": share(plain, "equal"),
            "dump_holds_headline": len(holds), "headline_kept": share(holds, "kept"),
            "html_dated": len(dated), "date_found": share(dated, "dated"),
            "date_equal": share(dated, "date_equal"), "date_any": share(records, "dated")}


def line(name: str, m: dict) -> str:
    return (f"{name}: title equal {m['title_equal']:.1%} of {m['with_headline']} pages with a headline "
            f"({m['title_equal_plain']:.1%} of the {m['plain_headline']} whose reference is no site name or "
            f"section label); headline kept {m['headline_kept']:.1%} of {m['dump_holds_headline']} dumps "
            f"holding it; date found {m['date_found']:.1%} (equal {m['date_equal']:.1%}) of {m['html_dated']} "
            f"pages the HTML path dates; any date {m['date_any']:.1%} of {m['pages']}")


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
        records = measure(bench, listing)
        print(line(bench.name, summary(records)))
        for h in (0, 1):
            print("  " + line(f"{bench.name} {('even', 'odd')[h]} half", summary([r for r in records if r["half"] == h])))
    for row in listing or []:
        print(json.dumps(row, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
