"""Folders: walk the inputs, clean each document, write outputs atomically, list errors, report."""
from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from .api import clean
from .options import Options
from .result import BadInput

INPUT_SUFFIXES = (".txt", ".html", ".htm", ".html.gz")


def output_name(rel: Path, fmt: str) -> Path:
    name = rel.name
    for suffix in (".html.gz", ".html", ".htm", ".txt"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    return rel.with_name(name + (".json" if fmt == "jsonl" else ".txt"))


def walk(inputs: list[str]) -> list[tuple[Path, Path]]:
    """(file, path relative to its input root) for every input document, sorted for determinism."""
    found = []
    for item in inputs:
        root = Path(item)
        if root.is_dir():
            for p in sorted(root.rglob("*")):
                if p.is_file() and p.name.endswith(INPUT_SUFFIXES):
                    found.append((p, p.relative_to(root)))
        else:
            found.append((root, Path(root.name)))
    return found


def write_atomic(path: Path, data: str) -> None:
    """Write to a temp file beside the target, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_document(path: Path) -> bytes:
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        import gzip

        data = gzip.decompress(data)
    return data


def render(result, fmt: str) -> str:
    if fmt == "jsonl":
        return json.dumps(result.to_dict(), ensure_ascii=False) + "\n"
    return result.text + "\n" if result.text else ""


def run_batch(args, options: Options) -> int:
    outdir = Path(args.output)
    started = time.perf_counter()
    counts: Counter = Counter()
    errors = []
    for path, rel in walk(args.inputs):
        try:
            result = clean(read_document(path), url=None, input_format=args.input_format, options=options)
        except (BadInput, OSError, ValueError) as exc:
            errors.append({"path": str(path), "error": f"{type(exc).__name__}: {exc}"})
            print(f"newsclean: {path}: {exc}", file=sys.stderr)
            continue
        write_atomic(outdir / output_name(rel, args.format), render(result, args.format))
        counts["documents"] += 1
        counts["removed_lines"] += sum(1 for r in result.removed if r.line_no)
        counts.update(f"rule:{r.rule_id}" for r in result.removed)
    report = {"documents": counts.pop("documents", 0), "errors": len(errors),
              "removed_lines": counts.pop("removed_lines", 0),
              "removed_by_rule": dict(sorted((k[5:], v) for k, v in counts.items())),
              "seconds": round(time.perf_counter() - started, 3)}
    write_atomic(outdir / "_errors.jsonl", "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in errors))
    write_atomic(outdir / "_report.json", json.dumps(report, indent=2) + "\n")
    print(f"{report['documents']} documents cleaned, {report['errors']} errors -> {outdir}", file=sys.stderr)
    return 1 if errors else 0
