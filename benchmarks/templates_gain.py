"""What cross-document template removal (`newsclean clean --templates`) gains, in body F1.

    python benchmarks/templates_gain.py [-j 2]

1. The dev set: the 181 dumps laid out as <domain>/<id>.txt (domain of the ground-truth URL),
   so each site is one template source; cleaned without templates, with them (min_docs 3, the
   default) and with min_docs 2 (the set has at most 2 pages per site).
2. A synthetic multi-page site: 30 dev articles wrapped in one invented site's chrome (masthead,
   nav, ticker, section kicker; inside the article an ad label, a sign-up blurb, a series note
   and a "Related:" link; after it an author bio (3 authors), a tips line, a related block with
   times, a footer with a publisher paragraph); timestamps and picks vary per page. (a) the raw dumps wrapped (their
   own chrome stays), (b) the gold bodies wrapped under an invented headline.
Everything runs through the CLI (`--format jsonl`, body field) and the benchmark's measure.
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cleaner.evaluate import evaluate, load_predictions  # noqa: E402

BENCH = Path(os.environ.get("NEWSCLEAN_BENCH", ROOT.parent / "shared" / "bench" / "aeb"))
SITE = "The Harbour Herald"
RELATED = ["Harbour Authority Approves New Ferry Terminal", "Council Tax To Rise By Three Percent",
           "Local School Wins National Robotics Prize", "Storm Damage Bill Reaches Two Million",
           "Fishermen Protest Over New Quota Rules", "Theatre Reopens After Two Year Refit",
           "Police Appeal After Seafront Break-Ins", "New Cycle Path Links Town And Coast",
           "Hospital Car Park Charges Scrapped", "Lifeboat Crew Rescues Stranded Walkers",
           "Market Traders Fear Rent Increase", "Record Crowds At Summer Regatta"]
TICKER = ["Road closed after lorry crash on A39", "Ferry services cancelled due to high winds",
          "Water supply restored to 2,000 homes", "Election count delayed until Friday"]
SIGNUP = ("Sign up to our morning briefing to get the most important stories of the day "
          "delivered straight to your inbox.")
KICKERS = ["COASTAL NEWS", "TOWN HALL", "HARBOUR LIFE"]
SERIES = ("This story is part of Coastal Futures, our year-long series on how the region adapts to "
          "rising seas, supported by the Marine Trust.")
AUTHORS = [("Jane Porter", "courts and crime"), ("Tom Ashby", "the council and local politics"),
           ("Priya Nair", "health and the hospital trust")]
TIPS = "Got a story? Call the Herald newsdesk on 01234 567890 or message us on WhatsApp."
_RUNS = itertools.count()
PUBLISHER = ("The Harbour Herald is part of Coastline Media Group, which publishes more than forty "
             "local titles across the region.")


def site_page(i: int, article: list[str]) -> str:
    """One page of the invented site around `article` (its lines); details vary with i."""
    rng = random.Random(i)
    head = [SITE, "Home | World | Business | Sport | Culture | Opinion", f"Breaking: {rng.choice(TICKER)}",
            "Subscribe for £1 a week", "Sign in",
            f"Last updated {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d} GMT, {rng.randint(1, 28)} March 2024",
            rng.choice(KICKERS)]
    cut = min(len(article), 4)
    body = article[:cut] + ["Advertisement", SIGNUP, SERIES, f"Related: {rng.choice(RELATED)}"] + article[cut:]
    author, beat = AUTHORS[i % len(AUTHORS)]
    tail = [f"{author} is a reporter at {SITE}, covering {beat}.", TIPS, f"More from {SITE}"]
    for title in rng.sample(RELATED, 4):
        tail += [title, f"{rng.randint(1, 23)} hours ago"]
    foot = ["About us", "Contact", "Advertise with us", "Privacy policy", PUBLISHER,
            f"© 2024 {SITE} Ltd. All rights reserved."]
    return "\n\n".join(head + body + tail + foot) + "\n"


def run_cli(src: Path, out: Path, jobs: int, *flags: str) -> None:
    cmd = [sys.executable, "-m", "cleaner.cli", "clean", str(src), "-o", str(out), "--format", "jsonl",
           "-j", str(jobs), "--no-progress", *flags]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, env={**os.environ, "CI": "1"})
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr.decode())


def score(src: Path, work: Path, gold: dict[str, str], jobs: int, label: str, *flags: str) -> None:
    out = work / f"out-{next(_RUNS)}"
    run_cli(src, out, jobs, *flags)
    s = evaluate(load_predictions(out), gold)
    removed = json.loads((out / "_report.json").read_text())["removed"]["by_rule"].get("template.repeated", 0)
    print(f"  {label:<34} F1 {s.f1:.4f}  P {s.precision:.4f}  R {s.recall:.4f}  template lines dropped {removed}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--articles", type=int, default=30)
    args = ap.parse_args()
    truth = json.loads((BENCH / "ground-truth.json").read_text(encoding="utf-8"))
    gold = {k: v["articleBody"] for k, v in truth.items()}
    with tempfile.TemporaryDirectory(prefix="newsclean-templates-") as tmp:
        work = Path(tmp)
        dev = work / "dev"
        for doc_id, item in truth.items():
            site = dev / (urlsplit(item["url"]).hostname or "unknown")
            site.mkdir(parents=True, exist_ok=True)
            (site / f"{doc_id}.txt").write_bytes((BENCH / "dumps" / f"{doc_id}.txt").read_bytes())
        sites = len(list(dev.iterdir()))
        print(f"dev set: {len(truth)} dumps, {sites} sites")
        score(dev, work, gold, args.jobs, "no templates")
        score(dev, work, gold, args.jobs, "templates (min_docs 3)", "--templates")
        score(dev, work, gold, args.jobs, "templates (min_docs 2)", "--templates", "--template-min-docs", "2")

        chosen = sorted(truth)[: args.articles]
        sub_gold = {k: gold[k] for k in chosen}
        for label, article in [("dumps", lambda k: (BENCH / "dumps" / f"{k}.txt").read_text(encoding="utf-8").split("\n")),
                               ("gold bodies", lambda k: [_headline(gold[k])] + gold[k].split("\n"))]:
            src = work / f"site-{label.replace(' ', '-')}" / "harbourherald"
            src.mkdir(parents=True)
            for i, k in enumerate(chosen):
                (src / f"{k}.txt").write_text(site_page(i, [x for x in article(k) if x.strip()]), encoding="utf-8")
            print(f"synthetic site, {len(chosen)} {label} wrapped in one site's chrome:")
            score(src.parent, work, sub_gold, args.jobs, "no templates")
            score(src.parent, work, sub_gold, args.jobs, "templates (min_docs 3)", "--templates")


def _headline(body: str) -> str:
    words = body.split()[:8]
    return " ".join(w.capitalize() for w in words)


if __name__ == "__main__":
    main()
