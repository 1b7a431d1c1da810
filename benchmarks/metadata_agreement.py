"""How often our `title` and `date` (HTML path) agree with trafilatura's own metadata.

    python benchmarks/metadata_agreement.py [--bench ../shared/bench/aeb]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def norm(title: str | None) -> str:
    return " ".join((title or "").casefold().split())


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench" / "aeb")
    args = ap.parse_args()
    if not (args.bench / "ground-truth.json").is_file():
        print(f"dev set not found at {args.bench}", file=sys.stderr)
        return 2
    import trafilatura

    from cleaner import clean
    from cleaner.decode import decode_bytes

    gold = json.loads((args.bench / "ground-truth.json").read_text(encoding="utf-8"))
    n = title_same = title_within = date_same = date_both = date_ours_only = date_theirs_only = 0
    for key in sorted(gold):
        html = decode_bytes((args.bench / "html" / f"{key}.html.gz").read_bytes())
        ours = clean(html, url=gold[key]["url"], input_format="html")
        meta = trafilatura.extract_metadata(html, default_url=gold[key]["url"])
        theirs_title = meta.title if meta else None
        theirs_date = (meta.date or "")[:10] if meta else ""
        n += 1
        title_same += norm(ours.title) == norm(theirs_title)
        title_within += bool(ours.title) and bool(theirs_title) and (norm(ours.title) in norm(theirs_title)
                                                                     or norm(theirs_title) in norm(ours.title))
        if ours.date and theirs_date:
            date_both += 1
            date_same += ours.date.isoformat() == theirs_date
        elif ours.date:
            date_ours_only += 1
        elif theirs_date:
            date_theirs_only += 1
    print(f"pages: {n}")
    print(f"title identical to trafilatura's: {title_same / n:.1%}; one contains the other: {title_within / n:.1%}")
    print(f"date: both found on {date_both} pages, identical on {date_same} ({date_same / max(date_both, 1):.1%}); "
          f"only ours {date_ours_only}, only trafilatura's {date_theirs_only}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
