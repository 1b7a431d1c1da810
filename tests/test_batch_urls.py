"""URLs in a batch: a NAME.url sidecar, --url, or a JSONL field (--url-field) gives a document
its URL; site rule packs then apply by host, and cross-document templates group by host."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from cleaner.cli import main
from test_batch import QUOTE, SITE_LINE, page

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "user-rules"
PROMO = "Harbour Times readers get"


def _run(*args: str) -> int:
    return main(["clean", *args, "-j", "1", "--no-progress"])


def test_site_pack_applies_in_a_batch_through_the_sidecar(tmp_path):
    rules = str(EXAMPLE / "rules")
    assert _run("--rules", rules, str(EXAMPLE / "seeds"), "-o", str(tmp_path / "out")) == 0
    assert (tmp_path / "out" / "harbour.txt").read_text() == (EXAMPLE / "golden" / "harbour.txt").read_text()

    bare = tmp_path / "bare"  # the same seed without its sidecar: the site pack does not apply
    bare.mkdir()
    shutil.copy(EXAMPLE / "seeds" / "harbour.txt", bare)
    url = (EXAMPLE / "seeds" / "harbour.txt.url").read_text().strip()
    assert _run("--rules", rules, str(bare), "-o", str(tmp_path / "o2")) == 0
    assert PROMO in (tmp_path / "o2" / "harbour.txt").read_text()
    assert _run("--rules", rules, "--url", url, str(bare), "-o", str(tmp_path / "o3"), "--format", "json") == 0
    doc = json.loads((tmp_path / "o3" / "harbour.json").read_text())
    assert doc["url"] == url and PROMO not in doc["text"]

    (bare / "harbour.txt.url").write_text(url + "\n")  # a sidecar added later: the re-run cleans it again
    assert _run("--rules", rules, str(bare), "-o", str(tmp_path / "o2")) == 0
    assert (tmp_path / "o2" / "harbour.txt").read_text() == (EXAMPLE / "golden" / "harbour.txt").read_text()


def test_site_pack_applies_to_jsonl_lines_by_their_url_field(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    text = (EXAMPLE / "seeds" / "harbour.txt").read_text()
    url = (EXAMPLE / "seeds" / "harbour.txt.url").read_text().strip()
    lines = [{"id": 1, "link": url, "text": text}, {"id": 2, "link": "https://other.example/x", "text": text}]
    (src / "feed.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))
    assert _run("--rules", str(EXAMPLE / "rules"), "--jsonl-in", "--url-field", "link", str(src),
                "-o", str(tmp_path / "out")) == 0
    got = [json.loads(x) for x in (tmp_path / "out" / "feed.jsonl").read_text().splitlines()]
    assert [PROMO in g["text"] for g in got] == [False, True]


def _two_sites_flat(root: Path, sidecars: bool) -> None:
    """Six pages of two sites in one folder. Each site's three pages carry its own line; QUOTE is
    on one page of a.example and two of b.example: three pages, but never three of one site."""
    root.mkdir(parents=True)
    for i in range(6):
        host = "a.example" if i < 3 else "b.example"
        own = f"Thank you for reading {host}, the news site funded by people like you."
        extra = (own,) + ((QUOTE,) if i in (0, 3, 4) else ())
        (root / f"p{i}.txt").write_text(page(200 + i, extra=extra), encoding="utf-8")
        if sidecars:
            (root / f"p{i}.txt.url").write_text(f"https://www.{host}/story/{i}\n")


def _template_drops(out: Path) -> dict[str, set[str]]:
    drops = {}
    for f in sorted(out.glob("p*.json")):
        doc = json.loads(f.read_text())
        drops[f.stem] = {r["text"] for r in doc["removed"] if r["rule_id"] == "template.repeated"}
    return drops


def test_templates_group_by_host_when_urls_are_known(tmp_path):
    flat, out = tmp_path / "flat", tmp_path / "out"
    _two_sites_flat(flat, sidecars=True)
    assert _run(str(flat), "-o", str(out), "--templates", "--format", "json") == 0
    drops = _template_drops(out)
    assert all(QUOTE not in d for d in drops.values())  # three pages, but of two sites: kept
    assert drops["p0"] == {"Thank you for reading a.example, the news site funded by people like you."}
    assert json.loads((out / "_report.json").read_text())["templates"]["sources"] == 2

    nourl, out2 = tmp_path / "nourl", tmp_path / "out2"  # no URLs: the folder is the group
    _two_sites_flat(nourl, sidecars=False)
    assert _run(str(nourl), "-o", str(out2), "--templates", "--format", "json") == 0
    assert QUOTE in _template_drops(out2)["p0"]
