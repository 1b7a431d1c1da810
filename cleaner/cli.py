"""Command line: `newsclean clean`, `newsclean golden check|update`, `newsclean eval`."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from .options import Options
from .result import BadInput
from .rules import RuleError
from .sinks import FORMATS, plural, render


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # the subcommand's usage, not the top level's: that is where the flag was wrong
        parser.commands[args.command].error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        return args.func(args)
    except RuleError as exc:
        print(f"newsclean: rules: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `newsclean clean - | head`: the reader left, nothing to report
        return 0
    except KeyboardInterrupt:  # a batch stops cleanly on the first signal; this is a second one
        print("\nnewsclean: interrupted", file=sys.stderr)
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsclean", description=__doc__)
    parser.add_argument("--version", action="version", version=f"newsclean {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    parser.commands = sub.choices  # name -> subcommand parser

    c = sub.add_parser("clean", help="clean files, folders, or stdin ('-')")
    c.add_argument("inputs", nargs="+", help="files or folders; '-' reads stdin and writes stdout")
    c.add_argument("-o", "--output", help="output folder (mirrors the input tree)")
    c.add_argument("--format", choices=FORMATS, default="txt", type=lambda s: "txt" if s == "text" else s,
                   help="txt: one .txt per document; json: one .json per document (metadata, removals, its "
                        "source path); jsonl: every document in one documents.jsonl (--jsonl-in always "
                        "mirrors each input file as JSONL)")
    c.add_argument("--input-format", choices=["auto", "text", "html"], default="auto")
    c.add_argument("--explain", action="store_true", help="print every line with KEEP/DROP and the reason")
    c.add_argument("--url", help="the page's URL (site rule packs apply by host); in a batch, the URL of every "
                                 "document without its own (NAME.url sidecar, JSONL URL field)")
    c.add_argument("--rules", action="append", default=[], metavar="DIR", help="extra rules folder (repeatable)")
    c.add_argument("--no-language", action="store_true", help="skip language detection")
    c.add_argument("-j", "--jobs", type=int, default=0, help="processes for folders (0: all cores)")
    c.add_argument("--glob", action="append", default=[], help="only files matching this pattern (repeatable)")
    c.add_argument("--jsonl-in", action="store_true", help="inputs are JSONL, one document per line")
    c.add_argument("--text-field", default="text", help="JSONL field holding the document")
    c.add_argument("--url-field", default="url", help="JSONL field holding the URL")
    c.add_argument("--keep-lang", help="keep only documents in these languages (comma-separated ISO codes; "
                                       "'und' for undetermined)")
    c.add_argument("--keep-kind", help="keep only documents of these kinds (comma-separated: article, listing, empty)")
    c.add_argument("--keep-listings", action="store_true",
                   help="a listing page writes its headline list (one teaser a line) instead of nothing")
    c.add_argument("--templates", action="store_true",
                   help="learn the lines repeated across a site's pages in a first pass, and drop them; pages "
                        "are grouped by URL host (NAME.url sidecar, JSONL URL field, --url), else by folder")
    c.add_argument("--template-min-docs", type=int, default=3, metavar="N",
                   help="a template line is on at least N documents of its site (default 3)")
    c.add_argument("--template-min-share", type=float, default=0.3, metavar="F",
                   help="a prose-like template line is on at least this share of them (default 0.3)")
    c.add_argument("--save-profile", metavar="FILE", help="save the learnt templates as JSON")
    c.add_argument("--profile", metavar="FILE", help="drop the templates of a saved profile (no learning pass)")
    c.add_argument("--allow-inside", action="store_true", help="allow the output folder inside an input folder")
    c.add_argument("--no-progress", action="store_true")
    c.set_defaults(func=cmd_clean)

    g = sub.add_parser("golden", help="check or update golden files")
    g.add_argument("action", choices=["check", "update"])
    g.add_argument("--seeds", default="seeds")
    g.add_argument("--golden", default="golden")
    g.add_argument("--rules", action="append", default=[], metavar="DIR")
    g.set_defaults(func=cmd_golden)

    e = sub.add_parser("eval", help="score predictions with a dev set's measure (aeb shingles or traf snippets)")
    e.add_argument("predictions", help="folder of <id>.txt / <id>.json, or a JSONL file with id and body")
    gold = e.add_mutually_exclusive_group(required=True)
    gold.add_argument("--gold", help="ground-truth.json (the article-extraction-benchmark measure)")
    gold.add_argument("--snippets", help="evaldata.json (trafilatura's snippet measure, summed over pages)")
    e.add_argument("--worst", type=int, default=10, help="show this many worst documents")
    e.add_argument("--json", action="store_true", help="print the full report as JSON")
    e.set_defaults(func=cmd_eval)
    return parser


def options_from(args) -> Options:
    return Options(rules_dirs=tuple(args.rules), detect_language=not getattr(args, "no_language", False),
                   keep_listings=getattr(args, "keep_listings", False))


def cmd_clean(args) -> int:
    options = options_from(args)
    if args.inputs == ["-"]:
        return _clean_to_stdout(args, options, None)
    if not args.output:
        if len(args.inputs) == 1 and Path(args.inputs[0]).is_file():  # one file: to stdout, like '-'
            return _clean_to_stdout(args, options, Path(args.inputs[0]))
        print("newsclean: clean: -o OUTDIR is required for folders and several files (one file, or '-', "
              "goes to stdout)", file=sys.stderr)
        return 2
    from .batch import run_batch

    return run_batch(args, options)


def _clean_to_stdout(args, options: Options, path: Path | None) -> int:
    """stdin (path None) or one file, cleaned to stdout; gzip is inflated, bounded as in a batch."""
    from .api import clean
    from .urls import sidecar

    name = str(path) if path else "<stdin>"
    try:
        stream = open(path, "rb") if path else sys.stdin.buffer
    except OSError as exc:
        print(f"newsclean: {name}: cannot read: {exc.strerror or exc}", file=sys.stderr)
        return 1
    with stream:
        if args.jsonl_in:
            from .batch import clean_jsonl_stream

            if path and path.name.endswith(".gz"):
                import gzip

                stream = gzip.open(stream)
            return clean_jsonl_stream(stream, args, options, sys.stdout)
        data = stream.read(options.max_bytes + 1)
    url = (sidecar(path) if path else None) or args.url
    try:
        if len(data) > options.max_bytes:
            raise BadInput(f"input is over the limit of {options.max_bytes} bytes")
        result = clean(data, url=url, input_format=args.input_format, options=options, explain=args.explain)
    except BadInput as exc:
        print(f"newsclean: {name}: {exc}", file=sys.stderr)
        return 1
    if args.explain:
        sys.stdout.write(result.explain_text() + "\n")
    else:
        sys.stdout.write(render(result, args.format, path.name if path else "-", url))
    return 0


def cmd_golden(args) -> int:
    from .golden import cases, check_case, update_case

    from .rules import example_failures, load_rules

    options = Options(rules_dirs=tuple(args.rules))
    ruleset = load_rules(options.rules_dirs)
    user_rules = [r for r in ruleset.rules if not r.source.startswith("rules/")]
    found, problems = cases(Path(args.seeds), Path(args.golden))
    failed = [f"{p.name}: {p.message}" for p in problems] + example_failures(ruleset, user_rules)
    for case in found:
        if args.action == "update":
            if update_case(case, options):
                print(f"updated golden for {case.name} (review it: git diff {args.golden})")
        errors = check_case(case, options)
        failed += [f"{case.name}: {e}" for e in errors]
    for msg in failed:
        print(msg, file=sys.stderr)
    print(f"{plural(len(found), 'seed')}, {plural(len(failed), 'problem')}")
    return 1 if failed else 0


def cmd_eval(args) -> int:
    from collections import Counter

    from .evaluate import evaluate, load_gold, load_predictions, scored_note

    if args.snippets:
        return _eval_snippets(args)
    scored: Counter = Counter()
    summary = evaluate(load_predictions(args.predictions, scored), load_gold(args.gold))
    if args.json:
        print(json.dumps({"f1": summary.f1, "precision": summary.precision, "recall": summary.recall,
                          "documents": summary.documents, "scored": dict(scored),
                          "per_document": [{"id": s.doc_id, "f1": s.f1, "precision": s.precision,
                                            "recall": s.recall} for s in summary.per_document]}, indent=2))
        return 0
    print(f"documents {summary.documents}  F1 {summary.f1:.4f}  P {summary.precision:.4f}  R {summary.recall:.4f}")
    print(scored_note(scored))
    for s in summary.per_document[: args.worst]:
        p = "-" if s.precision is None else f"{s.precision:.3f}"
        r = "-" if s.recall is None else f"{s.recall:.3f}"
        print(f"  {s.doc_id}  F1 {s.f1:.3f}  P {p}  R {r}")
    return 0


def _eval_snippets(args) -> int:
    from .evaluate import evaluate_snippets, load_predictions, load_snippets

    summary = evaluate_snippets(load_predictions(args.predictions), load_snippets(args.snippets))
    totals = {"tp": summary.tp, "fp": summary.fp, "fn": summary.fn, "tn": summary.tn}
    if args.json:
        print(json.dumps({"f1": summary.f1, "precision": summary.precision, "recall": summary.recall,
                          "accuracy": summary.accuracy, "documents": summary.documents, **totals,
                          "per_document": [{"id": s.doc_id, "f1": s.f1, "tp": s.tp, "fp": s.fp, "fn": s.fn,
                                            "tn": s.tn, "missed": list(s.missed), "leaked": list(s.leaked)}
                                           for s in summary.per_document]}, indent=2, ensure_ascii=False))
        return 0
    print(f"documents {summary.documents}  F1 {summary.f1:.4f}  P {summary.precision:.4f}  R {summary.recall:.4f}  "
          f"accuracy {summary.accuracy:.4f}  " + "  ".join(f"{k} {v}" for k, v in totals.items()))
    for s in summary.per_document[: args.worst]:
        print(f"  {s.doc_id}  F1 {s.f1:.3f}  tp {s.tp} fp {s.fp} fn {s.fn} tn {s.tn}")
        for text in s.missed:
            print(f"      missed: {text[:100]}")
        for text in s.leaked:
            print(f"      leaked: {text[:100]}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
