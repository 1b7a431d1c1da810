"""The two dev-set measures, per document and overall.

- The article-extraction-benchmark measure (shingles of 4 `\\w+` tokens; ../shared/bench/aeb/README.md):
  precision and recall are averaged over documents, then F1 is taken of the two means.
- trafilatura's snippet measure (../shared/bench/traf/README.md): a page's `with` snippets must be
  in the output, its `without` snippets must not; counts are summed over pages.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text or "")
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


@dataclass(frozen=True)
class DocScore:
    doc_id: str
    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp > 0 else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn > 0 else None

    @property
    def f1(self) -> float:
        p, r = self.precision or 0.0, self.recall or 0.0
        if self.fp == 0 and self.fn == 0:
            return 1.0
        return 2 * p * r / (p + r) if p + r else 0.0


def score_document(doc_id: str, predicted: str, gold: str) -> DocScore:
    pred, true = shingles(predicted), shingles(gold)
    tp = sum((pred & true).values())
    fp = sum(pred.values()) - tp
    fn = sum(true.values()) - tp
    total = tp + fp + fn
    if total == 0:
        return DocScore(doc_id, 0.0, 0.0, 0.0)
    return DocScore(doc_id, tp / total, fp / total, fn / total)


@dataclass(frozen=True)
class Summary:
    f1: float
    precision: float
    recall: float
    documents: int
    per_document: list[DocScore]


def summarize(scores: list[DocScore]) -> Summary:
    precisions, recalls = [], []
    for s in scores:
        if s.fp == 0 and s.fn == 0:
            precisions.append(1.0)
            recalls.append(1.0)
            continue
        if s.precision is not None:
            precisions.append(s.precision)
        if s.recall is not None:
            recalls.append(s.recall)
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    worst_first = sorted(scores, key=lambda s: (s.f1, s.doc_id))
    return Summary(f1, p, r, len(scores), worst_first)


def load_gold(path: str | Path) -> dict[str, str]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {k: v.get("articleBody", "") for k, v in data.items()}


def load_predictions(path: str | Path, scored: Counter | None = None) -> dict[str, str]:
    """A folder of `<id>.txt`, `<id>.json` (with a `body`/`text` field) and JSONL files (the
    `documents.jsonl` of `--format jsonl`), or one JSONL file; a JSONL record names its document
    by `id`, else by its `path`'s file name without suffixes. `scored` counts what was taken
    from each document: "body", "text" (a record without a body) or "txt" (a .txt file's whole
    text, its headline included)."""
    path = Path(path)
    preds: dict[str, str] = {}
    scored = Counter() if scored is None else scored
    if not path.is_dir():
        _load_jsonl(path, preds, scored)
        return preds
    for p in sorted(path.rglob("*")):
        if p.name.startswith(("_", ".")):
            continue
        if p.suffix == ".txt":
            preds[p.name[: -len(".txt")]] = p.read_text(encoding="utf-8")
            scored["txt"] += 1
        elif p.suffix == ".json":
            preds[p.name[: -len(".json")]] = _field(json.loads(p.read_text(encoding="utf-8")), scored)
        elif p.suffix == ".jsonl":
            _load_jsonl(p, preds, scored)
    return preds


def _load_jsonl(path: Path, preds: dict[str, str], scored: Counter) -> None:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                obj = json.loads(line)
                key = obj.get("id") or Path(obj.get("path", "")).name.split(".")[0]
                preds[key] = _field(obj, scored)


def _field(obj: dict, scored: Counter) -> str:
    which = "body" if "body" in obj else "text"
    scored[which] += 1
    return obj.get(which, "")


def scored_note(scored: Counter) -> str:
    """What the score is of, said plainly (a .txt output holds the headline, the body does not)."""
    parts = {"body": "the body (headline left out)", "text": "the text field",
             "txt": "the whole .txt text, headline included (--format json or jsonl carry the body)"}
    return "scored: " + "; ".join(f"{n} document{'' if n == 1 else 's'}, {parts[k]}" for k, n in sorted(scored.items()))


def evaluate(predictions: dict[str, str], gold: dict[str, str]) -> Summary:
    """Score every gold document; a missing prediction counts as empty."""
    return summarize([score_document(k, predictions.get(k, ""), gold[k]) for k in sorted(gold)])


# The snippet measure (../shared/bench/traf/README.md)

def snippet_text(text: str) -> str:
    """Lower-case `\\w+` tokens joined by single spaces: how snippets and outputs are compared."""
    return " ".join(_TOKEN.findall((text or "").lower()))


@dataclass(frozen=True)
class SnippetScore:
    doc_id: str
    tp: int  # `with` snippets found
    fn: int  # `with` snippets missed
    fp: int  # `without` snippets found
    tn: int  # `without` snippets absent
    missed: tuple[str, ...] = ()  # the `with` snippets not found
    leaked: tuple[str, ...] = ()  # the `without` snippets found

    @property
    def f1(self) -> float:
        """The page's own F1 (1.0 when it has no error): only to rank pages."""
        if self.fp == 0 and self.fn == 0:
            return 1.0
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)


@dataclass(frozen=True)
class SnippetSummary:
    tp: int
    fp: int
    fn: int
    tn: int
    documents: int
    per_document: list[SnippetScore]  # worst first

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy(self) -> float:
        total = self.tp + self.fp + self.fn + self.tn
        return (self.tp + self.tn) / total if total else 0.0


def score_snippets(doc_id: str, predicted: str, with_: list[str], without: list[str]) -> SnippetScore:
    out = snippet_text(predicted)
    missed = tuple(s for s in with_ if snippet_text(s) not in out)
    leaked = tuple(s for s in without if snippet_text(s) in out)
    return SnippetScore(doc_id, len(with_) - len(missed), len(missed), len(leaked), len(without) - len(leaked),
                        missed, leaked)


def load_snippets(path: str | Path) -> dict[str, dict]:
    """evaldata.json: {id: {"url": ..., "with": [...], "without": [...]}}."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def evaluate_snippets(predictions: dict[str, str], snippets: dict[str, dict]) -> SnippetSummary:
    """Score every page of the snippet file; a missing prediction counts as empty. Pages are
    listed worst first (lowest page F1, then most errors)."""
    scores = [score_snippets(k, predictions.get(k, ""), snippets[k].get("with", []), snippets[k].get("without", []))
              for k in sorted(snippets)]
    worst_first = sorted(scores, key=lambda s: (s.f1, -(s.fp + s.fn), s.doc_id))
    return SnippetSummary(sum(s.tp for s in scores), sum(s.fp for s in scores), sum(s.fn for s in scores),
                          sum(s.tn for s in scores), len(scores), worst_first)
