"""Cross-document templates on the dev set (skipped without it): the 181 pages of 126 sites flat
in one folder must not lose F1 (grouped by host from NAME.url sidecars, or all in one folder
group), and a 30-page one-site folder must gain."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from cleaner.evaluate import evaluate, load_predictions

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from templates_gain import site_page  # noqa: E402


def _f1(src: Path, out: Path, gold: dict[str, str], *flags: str) -> tuple[float, int]:
    done = subprocess.run([sys.executable, "-m", "cleaner.cli", "clean", str(src), "-o", str(out), "-j", "2",
                           "--no-progress", "--input-format", "text", "--format", "jsonl", *flags],
                          capture_output=True)
    assert done.returncode == 0, done.stderr.decode()
    dropped = json.loads((out / "_report.json").read_text())["removed"]["by_rule"].get("template.repeated", 0)
    return evaluate(load_predictions(out), gold).f1, dropped


def test_templates_on_the_dev_set_flat_and_on_one_site(bench_dir, tmp_path):
    truth = json.loads((bench_dir / "ground-truth.json").read_text(encoding="utf-8"))
    gold = {k: v["articleBody"] for k, v in truth.items()}
    dumps = bench_dir / "dumps"
    base, _ = _f1(dumps, tmp_path / "none", gold)

    flat = tmp_path / "flat"  # the dumps with their URLs as sidecars: grouped by host
    flat.mkdir()
    for k, item in truth.items():
        (flat / f"{k}.txt").write_bytes((dumps / f"{k}.txt").read_bytes())
        (flat / f"{k}.txt.url").write_text(item["url"] + "\n")
    with_urls, _ = _f1(flat, tmp_path / "urls", gold)  # site packs apply by host now
    by_host, dropped = _f1(flat, tmp_path / "by-host", gold, "--templates")
    assert by_host >= with_urls and dropped == 0  # at most two pages a site: nothing repeats within one
    by_folder, _ = _f1(dumps, tmp_path / "by-folder", gold, "--templates")  # no URLs: one folder, one group
    assert by_folder >= base

    chosen = sorted(truth)[:30]
    site = tmp_path / "site" / "herald"
    site.mkdir(parents=True)
    for i, k in enumerate(chosen):
        lines = [" ".join(gold[k].split()[:8]).title()] + [x for x in gold[k].split("\n") if x.strip()]
        (site / f"{k}.txt").write_text(site_page(i, lines), encoding="utf-8")
    sub = {k: gold[k] for k in chosen}
    plain, _ = _f1(site.parent, tmp_path / "site-none", sub)
    learnt, dropped = _f1(site.parent, tmp_path / "site-templates", sub, "--templates")
    assert learnt > plain + 0.02 and dropped > 0
