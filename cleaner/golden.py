"""Golden files: each seed's expected clean text and metadata, checked and (on request) rewritten.

Shared by tests/test_golden.py and `newsclean golden check|update`, so both judge the same way.
"""
from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from pathlib import Path

from .api import clean, replay
from . import urls
from .options import Options

SEED_SUFFIXES = (".txt", ".html", ".htm")


@dataclass
class GoldenCase:
    name: str
    seed: Path
    golden_text: Path
    golden_meta: Path


@dataclass
class Problem:
    name: str
    message: str


def seed_url(seed: Path) -> str | None:
    """A seed's page URL, from an optional sidecar `NAME.url` (site rule packs apply by host)."""
    return urls.sidecar(seed)


def cases(seeds: Path, golden: Path) -> tuple[list[GoldenCase], list[Problem]]:
    """Pair seeds with goldens; a seed without a golden, or a golden without a seed, is a problem."""
    found = sorted(p for p in seeds.iterdir() if p.is_file() and p.name.endswith(SEED_SUFFIXES))
    out, problems = [], []
    stems = set()
    for seed in found:
        stem = seed.name.rsplit(".", 1)[0]
        stems.add(stem)
        out.append(GoldenCase(seed.name, seed, golden / f"{stem}.txt", golden / f"{stem}.json"))
    for g in sorted(golden.glob("*")) if golden.is_dir() else []:
        if g.suffix in (".txt", ".json") and g.stem not in stems:
            problems.append(Problem(g.name, f"golden {g} has no seed in {seeds}"))
    return out, problems


def expected_meta(result) -> dict:
    """What a golden's .json holds: title, date, language, kind, and the authors when there are any."""
    meta = {"title": result.title, "date": result.date.isoformat() if result.date else None,
            "language": result.language, "kind": result.kind}
    if result.authors:
        meta["authors"] = list(result.authors)
    return meta


def render_meta(meta: dict) -> str:
    return json.dumps(meta, ensure_ascii=False, indent=2) + "\n"


def check_case(case: GoldenCase, options: Options | None = None) -> list[str]:
    """Every way this seed's output can be wrong, as readable messages (empty: all good)."""
    raw = case.seed.read_bytes()
    url = seed_url(case.seed)
    result = clean(raw, url=url, options=options, explain=True)
    errors = []
    if not case.golden_text.is_file() or not case.golden_meta.is_file():
        return [f"{case.name}: no golden ({case.golden_text.name} and {case.golden_meta.name} needed)"]
    want = case.golden_text.read_text(encoding="utf-8")
    got = result.text + "\n" if result.text else ""
    if got != want:
        diff = difflib.unified_diff(want.splitlines(), got.splitlines(), str(case.golden_text),
                                    f"clean({case.name})", lineterm="")
        errors.append("text differs from golden:\n" + "\n".join(diff))
    want_meta = json.loads(case.golden_meta.read_text(encoding="utf-8"))
    want_meta.setdefault("kind", "article")  # goldens written before pages had kinds are articles
    if expected_meta(result) != want_meta:
        errors.append(f"metadata {expected_meta(result)} != golden {want_meta}")
    again = clean(result.text, url=url, options=options, input_format="text")
    if again.text != result.text:
        errors.append("not idempotent: cleaning the output again changes it")
    if result.input_format == "text" and not _is_subsequence(result.text, raw):
        errors.append("output lines are not a subsequence of the input lines")
    if result.decisions is not None and replay(result.decisions) != result.text:
        errors.append("the explain trace does not replay to the output")
    return errors


def _is_subsequence(text: str, raw: bytes) -> bool:
    from .decode import to_text

    source = iter(line.strip() for line in to_text(raw).split("\n"))
    return all(any(line == s for s in source) for line in text.split("\n") if line)


def update_case(case: GoldenCase, options: Options | None = None) -> bool:
    """Rewrite this case's golden files from today's output; True when anything changed."""
    result = clean(case.seed.read_bytes(), url=seed_url(case.seed), options=options)
    changed = False
    for path, content in ((case.golden_text, result.text + "\n" if result.text else ""),
                          (case.golden_meta, render_meta(expected_meta(result)))):
        old = path.read_text(encoding="utf-8") if path.is_file() else None
        if old != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
            changed = True
    return changed
