"""How well newsclean tells articles, listings and empty shells apart (issue 15).

The labelled set:
- the seeds, labelled by their goldens' `kind` (articles, five listings, two empty shells);
- listing dumps assembled from the dev sets: one dev page's own chrome (the lines before and
  after what newsclean kept of it) around the headlines, dates and first sentences of 20 other
  dev pages, in four shapes (teasers with dates, teasers without, an archive of headlines and
  dates, search results with cut snippets), and three held-out shapes no heuristic is tuned on
  (a section label over each teaser and a "read more" under it; headlines as list items; an
  author's byline between each headline and its blurb, added at stop 20);
- empty shells assembled the same way: a page's chrome with nothing in it, or with a
  "page not found" notice;
- the 687 dev pages themselves (aeb 181 + traf 506), every one an article, as text dumps and HTML.

The assembled set is frozen in benchmarks/kind_set.json: which dev page gives the frame (line
ranges of its dump) and which give the teasers (character spans of their dumps), never the dev
text itself (the dev pages stay out of the repo), so figures at different commits judge the same
documents. Each document is assembled at run time from ../shared/bench and checked against its
sha256. `--rebuild` draws the set again from newsclean's output at this commit, on purpose.

    python benchmarks/kind_eval.py [--bench ../shared/bench] [--json out.json] [--dump DIR]
    python benchmarks/kind_eval.py --rebuild [--listings 40]

Prints precision and recall of `listing` and `empty`, per half of the assembled set (split by a
hash of the chrome page's id), and every dev page called something other than an article.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import os
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cleaner import clean  # noqa: E402

SHAPES = ("dated", "plain", "archive", "search")
# Held out: shapes no heuristic was tuned on (issue 15, stop 19), reported on their own.
HELD_OUT = ("kicker", "bulleted", "byline")  # byline: added at stop 20, never tuned on
SECTIONS = {"en": ["Politics", "Business", "Sport", "Culture", "Science"],
            "de": ["Politik", "Wirtschaft", "Sport", "Kultur", "Wissen"],
            "fr": ["Politique", "Économie", "Sport", "Culture", "Sciences"],
            "es": ["Política", "Economía", "Deportes", "Cultura", "Ciencia"]}
READ_MORE = {"en": "Read more", "de": "Weiterlesen", "fr": "Lire la suite", "es": "Leer más"}
NOT_FOUND = {"en": "Page not found", "de": "Seite nicht gefunden", "fr": "Page introuvable",
             "es": "Página no encontrada", "it": "Pagina non trovata"}
# invented bylines for the held-out "byline" shape (no dev page's names)
BYLINES = {"en": "By", "de": "Von", "fr": "Par", "es": "Por"}
NAMES = ["Mara Quist", "Tobin Ferrow", "Ilse Brandt", "Noé Lavigne", "Lucía Ortal", "Devan Holt"]
SET_FILE = ROOT / "benchmarks" / "kind_set.json"
SENTENCE = re.compile(r"^(.{40,260}?[.!?])(\s|$)")


def dev_pages(bench: Path):
    """(set, id, dump path, html path) of every dev page."""
    for name in ("aeb", "traf"):
        for dump in sorted((bench / name / "dumps").glob("*.txt")):
            pid = dump.stem
            html = next(iter(sorted((bench / name / "html").glob(pid + ".*"))), None)
            yield name, pid, dump, html


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def teaser(result, text: str) -> dict | None:
    """A cleaned article's teaser as spans of its dump's text: its headline, its date and its
    first sentence; None when it lacks one or a part is not verbatim in the dump."""
    if not result.title or result.kind != "article":
        return None
    if not 4 <= len(result.title.split()) <= 20 or result.title.rstrip().endswith((".", ",", ":")):
        return None  # a caption or a byline taken for the headline is no teaser's headline
    first = next((line for line in result.body.split("\n") if len(line.split()) >= 8), None)
    if first is None:
        return None
    m = SENTENCE.match(first)
    sentence, cut = (m.group(1), False) if m else (first[:200].rsplit(" ", 1)[0], True)
    title_at, sentence_at = text.find(result.title), text.find(sentence)
    if title_at < 0 or sentence_at < 0:
        return None
    return {"title": [title_at, title_at + len(result.title)], "sentence": [sentence_at, sentence_at + len(sentence)],
            "cut": cut, "date": result.date.strftime("%d.%m.%Y") if result.date else None}


def chrome(lines: list[str], result, gold: list[str]) -> tuple[list[int], list[int]] | None:
    """Indexes of the lines before the first and after the last line newsclean kept: the site's
    chrome, less the lines of the article itself newsclean missed there (those the gold holds)."""
    kept = [d.line_no for d in result.decisions if d.keep]
    if not kept:
        return None

    def chrome_only(indexes):
        return [n for n in indexes
                if len(lines[n]) < 40 or not any(lines[n].strip() in g or g in lines[n] for g in gold)]
    return chrome_only(range(kept[0] - 1)), chrome_only(range(kept[-1], len(lines)))


def gold_texts(bench: Path) -> dict[str, list[str]]:
    """Each dev page's known article text: aeb's articleBody paragraphs, traf's 'with' snippets."""
    out = {}
    for key, value in json.loads((bench / "aeb" / "ground-truth.json").read_text()).items():
        out[key] = [p.strip() for p in value.get("articleBody", "").split("\n") if len(p.strip()) >= 40]
    for key, value in json.loads((bench / "traf" / "evaldata.json").read_text()).items():
        out[key] = [w for w in value.get("with", []) if len(w) >= 12]
    return out


def listing_body(teasers, shape: str, lang: str | None = None) -> list[str]:
    out = []
    for n, (head, date, sentence) in enumerate(teasers):
        date = date or f"{(n % 27) + 1:02d}.03.2024"
        if shape == "kicker":  # a section label over each teaser, a "read more" link under it
            label = SECTIONS.get(lang or "", SECTIONS["en"])[n % 5]
            out += [label, head, sentence, READ_MORE.get(lang or "", READ_MORE["en"]), ""]
        elif shape == "bulleted":  # headlines as list items, each with its blurb
            out += ["* " + head, sentence, ""]
        elif shape == "byline":  # an author's byline between the headline and the blurb
            out += [head, f"{BYLINES.get(lang or '', 'By')} {NAMES[n % len(NAMES)]}", sentence, ""]
        elif shape == "dated":
            out += [head, date, sentence, ""]
        elif shape == "plain":
            out += [head, sentence, ""]
        elif shape == "archive":
            out += [head, date, ""]
        else:  # search: the snippet cut short, the date after it
            out += [head, sentence[:120].rsplit(" ", 1)[0] + " …", date, ""]
    return out


def _dump(where: str | None, name: str, doc: str) -> None:
    if where:
        Path(where).mkdir(parents=True, exist_ok=True)
        (Path(where) / (name + ".txt")).write_text(doc, encoding="utf-8")


def half(pid: str) -> int:
    return hashlib.sha256(pid.encode()).digest()[0] % 2


def _ranges(indexes: list[int]) -> list[list[int]]:
    """[[first, last], ...] of runs of consecutive indexes."""
    out: list[list[int]] = []
    for n in indexes:
        if out and out[-1][1] == n - 1:
            out[-1][1] = n
        else:
            out.append([n, n])
    return out


def _unranges(ranges: list[list[int]]) -> list[int]:
    return [n for a, b in ranges for n in range(a, b + 1)]


class Dumps:
    """The dev dumps' text, read once each."""

    def __init__(self, bench: Path):
        self.bench, self.texts = bench, {}

    def text(self, name: str, pid: str) -> str:
        if (name, pid) not in self.texts:
            raw = (self.bench / name / "dumps" / (pid + ".txt")).read_bytes()
            self.texts[(name, pid)] = raw.decode("utf-8", "replace")
        return self.texts[(name, pid)]


def assemble(case: dict, dumps: Dumps) -> str:
    """A frozen case's document, from the frame's lines and the teasers' spans."""
    frame = case["frame"]
    lines = dumps.text(frame["set"], frame["id"]).split("\n")
    head = [lines[n] for n in _unranges(frame["head"])]
    tail = [lines[n] for n in _unranges(frame["tail"])]
    if case["expect"] == "empty":
        notice = [NOT_FOUND.get(frame["lang"] or "", NOT_FOUND["en"]), ""] if case["notice"] else []
        return "\n".join(head + [""] + notice + tail)
    teasers = []
    for t in case["teasers"]:
        text = dumps.text(t["set"], t["id"])
        sentence = text[slice(*t["sentence"])] + (" …" if t["cut"] else "")
        teasers.append((text[slice(*t["title"])], t["date"], sentence))
    return "\n".join(head + [""] + listing_body(teasers, case["shape"], frame["lang"]) + tail)


def rebuild(bench: Path, listings: int) -> dict:
    """Draw the assembled set from newsclean's output at this commit (frames: the lines around what
    it keeps; teasers: its titles and first sentences), as references into the dumps."""
    rng = random.Random(15)
    pages, teasers, golds = [], {}, gold_texts(bench)
    for name, pid, dump, _ in dev_pages(bench):
        text = dump.read_bytes().decode("utf-8", "replace")
        r = clean(dump.read_bytes(), input_format="text", explain=True)
        t = teaser(r, text)
        if t:
            teasers[pid] = dict(t, set=name, id=pid, lang=r.language)
        frame = chrome(text.split("\n"), r, golds.get(pid, []))
        if frame:
            pages.append({"set": name, "id": pid, "head": _ranges(frame[0]), "tail": _ranges(frame[1]),
                          "lang": r.language})
    by_lang: dict[str, list[str]] = {}
    for i, t in sorted(teasers.items()):
        by_lang.setdefault(t["lang"], []).append(i)
    sites = [p for p in pages if len(by_lang.get(p["lang"], ())) > 20]  # a site speaks one language

    def pick(stream, frame):
        ids = stream.sample([i for i in by_lang[frame["lang"]] if i != frame["id"]], 20)
        return [{k: v for k, v in teasers[i].items() if k != "lang"} for i in ids]
    cases = []
    for n in range(listings):
        frame = sites[rng.randrange(len(sites))]
        shape = SHAPES[n % len(SHAPES)]
        cases.append({"source": f"listing-{shape}", "expect": "listing", "shape": shape, "frame": frame,
                      "teasers": pick(rng, frame)})
    held = random.Random(1915)  # its own stream: the tuned cases above stay as they were
    for n in range(listings // 2):
        frame = sites[held.randrange(len(sites))]
        shape = HELD_OUT[n % 2]
        cases.append({"source": f"heldout-{shape}", "expect": "listing", "shape": shape, "frame": frame,
                      "teasers": pick(held, frame)})
    for n in range(listings // 2):
        frame = pages[rng.randrange(len(pages))]
        cases.append({"source": "shell-" + ("not-found" if n % 2 else "bare"), "expect": "empty",
                      "notice": bool(n % 2), "frame": frame})
    byline = random.Random(2015)  # the byline shape (stop 20): its own stream too
    for n in range(listings // 4):
        frame = sites[byline.randrange(len(sites))]
        cases.append({"source": "heldout-byline", "expect": "listing", "shape": "byline", "frame": frame,
                      "teasers": pick(byline, frame)})
    dumps = Dumps(bench)
    for case in cases:
        case["sha256"] = hashlib.sha256(assemble(case, dumps).encode()).hexdigest()
    return {"about": "The assembled listings and shells of benchmarks/kind_eval.py, frozen: frames are line "
                     "ranges [first, last] of a dev dump, teasers character spans [start, end) of dev dumps "
                     "(cut: the snippet was cut, ' …' follows), sha256 of each assembled document. No dev "
                     "text is stored. Redraw on purpose with --rebuild.",
            "cases": cases}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", default=str(ROOT.parent / "shared" / "bench"))
    ap.add_argument("--rebuild", action="store_true", help=f"draw the assembled set again into {SET_FILE.name}")
    ap.add_argument("--listings", type=int, default=40, help="with --rebuild: listings (and half as many shells)")
    ap.add_argument("--json", help="write the figures here")
    ap.add_argument("--show-heldout", action="store_true", help="list the held-out shapes' misses too")
    ap.add_argument("--dump", help="write each assembled document here (to read the misses)")
    args = ap.parse_args(argv)
    bench = Path(args.bench)
    if not (bench / "aeb" / "dumps").is_dir() or not (bench / "traf" / "dumps").is_dir():
        print(f"skipped: the dev sets are not at {bench} (the assembled set is built from their dumps)")
        return 0
    if args.rebuild:
        data = rebuild(bench, args.listings)
        tmp = SET_FILE.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace('{"source"', '\n{"source"')
                       + "\n", encoding="utf-8")
        os.replace(tmp, SET_FILE)
        print(f"wrote {SET_FILE} ({len(data['cases'])} cases)")
    frozen = json.loads(SET_FILE.read_text(encoding="utf-8"))["cases"]

    cases = []  # (source, id, expected, got, reason, half)
    # 1. seeds, labelled by their goldens
    for seed in sorted((ROOT / "seeds").iterdir()):
        meta = ROOT / "golden" / (seed.name.rsplit(".", 1)[0] + ".json")
        if seed.suffix in (".txt", ".html") and meta.is_file():
            want = json.loads(meta.read_text()).get("kind", "article")
            r = clean(seed.read_bytes())
            cases.append(("seed", seed.name, want, r.kind, r.kind_reason, half(seed.name)))
    # 2. the dev pages, as text and HTML: all articles
    for name, pid, dump, html in dev_pages(bench):
        r = clean(dump.read_bytes(), input_format="text")
        cases.append((f"{name}-text", pid, "article", r.kind, r.kind_reason, half(pid)))
        if html is not None:
            h = clean(_read(html), input_format="html")
            cases.append((f"{name}-html", pid, "article", h.kind, h.kind_reason, half(pid)))
    # 3. the frozen assembled listings and shells: one page's chrome, other pages' teasers
    dumps = Dumps(bench)
    for n, case in enumerate(frozen):
        doc = assemble(case, dumps)
        if hashlib.sha256(doc.encode()).hexdigest() != case["sha256"]:
            raise SystemExit(f"{SET_FILE}: case {n} ({case['source']}) no longer assembles to its sha256: "
                             f"the dumps under {bench} differ from those it was drawn from")
        frame = case["frame"]
        r = clean(doc, input_format="text")
        _dump(args.dump, f"{case['source']}-{frame['id'][:12]}-{n}", doc)
        cases.append((case["source"], f"{frame['set']}:{frame['id']}", case["expect"], r.kind, r.kind_reason,
                      half(frame["id"])))

    figures = {"cases": len(cases), "by_source": dict(Counter(c[0] for c in cases))}
    tuned = [c for c in cases if not c[0].startswith("heldout-")]
    heldout = [c for c in cases if c[0].startswith("heldout-")]
    for kind in ("listing", "empty"):
        parts = [("all", tuned), ("half0", [c for c in tuned if c[5] == 0]), ("half1", [c for c in tuned if c[5] == 1])]
        if kind == "listing":
            parts += [("heldout", heldout)] + [(c, [r for r in heldout if r[0] == c])
                                                for c in sorted({r[0] for r in heldout})]
        for part, rows in parts:
            if not rows:
                continue
            tp = sum(1 for c in rows if c[2] == kind and c[3] == kind)
            fp = sum(1 for c in rows if c[2] != kind and c[3] == kind)
            fn = sum(1 for c in rows if c[2] == kind and c[3] != kind)
            figures[f"{kind}.{part}"] = {"precision": tp / (tp + fp) if tp + fp else None,
                                         "recall": tp / (tp + fn) if tp + fn else None, "tp": tp, "fp": fp, "fn": fn}
    dev = [c for c in cases if c[0].endswith(("-text", "-html"))]
    for fmt in ("text", "html"):
        rows = [c for c in dev if c[0].endswith(fmt)]
        figures[f"dev.{fmt}.not_article"] = sum(1 for c in rows if c[3] != "article")
        figures[f"dev.{fmt}.pages"] = len(rows)
    figures["misjudged"] = [list(c[:5]) for c in cases if c[2] != c[3] and (args.show_heldout or c in tuned)]
    for key, value in figures.items():
        if key != "misjudged":
            print(f"{key:22} {value}")
    print("misjudged:")
    for row in figures["misjudged"]:
        print("  ", *row)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
