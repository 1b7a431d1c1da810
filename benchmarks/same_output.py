"""Output fingerprint for speed work: to_dict() of every dev page (with its url, without, and with the
explain trace), to compare before and after a change that must not change any output.

    python benchmarks/same_output.py OUT.json [--html]     # aeb dumps, traf dumps, traf lite (and both HTML sets)
    python benchmarks/same_output.py --cmp BEFORE.json AFTER.json

Pages are cleaned in one process in a fixed order, as a batch would (the line table fills on the way).
--cmp compares the entries both files hold and exits 1 when any differs.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT.parent / "shared" / "bench"


def pages(html: bool):
    gold = json.loads((BENCH / "aeb" / "ground-truth.json").read_text(encoding="utf-8"))
    snippets = json.loads((BENCH / "traf" / "evaldata.json").read_text(encoding="utf-8"))
    for k in sorted(gold):
        yield "aeb", k, BENCH / "aeb" / "dumps" / f"{k}.txt", gold[k]["url"], "text"
    for folder, name in (("dumps", "traf"), ("lite", "lite")):
        for k in sorted(snippets):
            yield name, k, BENCH / "traf" / folder / f"{k}.txt", snippets[k].get("url"), "text"
    if html:
        for k in sorted(gold):
            yield "aeb-html", k, BENCH / "aeb" / "html" / f"{k}.html.gz", gold[k]["url"], "html"
        for k in sorted(snippets):
            yield "traf-html", k, BENCH / "traf" / "html" / f"{k}.html.gz", snippets[k].get("url"), "html"


def fingerprint(html: bool) -> dict:
    from cleaner import clean
    from cleaner.decode import decode_bytes

    out = {}
    for name, k, path, url, fmt in pages(html):
        doc = decode_bytes(path.read_bytes()) if fmt == "html" else path.read_text(encoding="utf-8")
        out[f"{name}/{k}/url"] = clean(doc, url=url, input_format=fmt).to_dict()
        out[f"{name}/{k}/nourl"] = clean(doc, input_format=fmt).to_dict()
        traced = clean(doc, url=url, input_format=fmt, explain=True)
        out[f"{name}/{k}/explain"] = [traced.to_dict(), [str(d) for d in traced.decisions or []]]
    return out


def main(argv: list[str]) -> int:
    if argv[:1] == ["--cmp"] and len(argv) == 3:
        before, after = (json.loads(Path(p).read_text(encoding="utf-8")) for p in argv[1:])
        common = sorted(set(before) & set(after))
        differ = [k for k in common if before[k] != after[k]]
        print(f"{len(common)} entries compared ({len(before)} / {len(after)} held); {len(differ)} differ")
        for k in differ[:20]:
            print("  ", k)
        return 1 if differ else 0
    if not argv or argv[0].startswith("-"):
        print(__doc__, file=sys.stderr)
        return 2
    found = fingerprint("--html" in argv)
    Path(argv[0]).write_text(json.dumps(found, sort_keys=True, ensure_ascii=False), encoding="utf-8")
    print(f"{len(found)} entries written to {argv[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
