"""Folders and JSONL: walk the inputs, clean in parallel, write atomically, resume, report.

One step per function, each taking items in and yielding items out, in input order:
  _units      walk the inputs (sorted, lazily) -> one Unit per input file, or its error
  _plan       per unit: skip it when the manifest has it up to date, else its documents
  _ordered    clean the documents in worker processes; results in input order, bounded in flight
  _Writer     write each unit's output atomically, then append its manifest line; fold its stats
Writing files atomically is sinks.py; what is done, manifest.py; gunzip (bounded), decode.py;
a WARC file's records, in segments that resume by offset, warc_units.py.
The report is folded from the manifest lines of the current units (the ones written now and the
ones skipped as up to date), so a resumed run reports exactly what an uninterrupted one does.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import time
import zlib
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from fnmatch import fnmatch
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator, NamedTuple

from . import __version__, interrupt, language, preflight, sinks, templates, urls, warc, warc_units
from .api import clean
from .decode import decode_bytes, inflate
from .kind import KINDS
from .manifest import MANIFEST, Manifest
from .options import Options
from .result import BadInput, CleanResult
from .rules import load_rules, packaged_root
from .sinks import remove_stale_temps, write_atomic

DOC_SUFFIXES = (".html.gz", ".html", ".htm", ".txt")
JSONL_SUFFIXES = (".jsonl.gz", ".jsonl")
REPORT, ERRORS = "_report.json", "_errors.jsonl"
UNDECODABLE_SHARE = 0.25  # more replacement characters than this: the bytes are not text
CHUNK = 8  # documents per task sent to a worker
WINDOW_PER_JOB = 4  # chunks in flight per worker: enough to keep them busy, few enough to stay flat


class UsageError(ValueError):
    """A command line that cannot run (exit code 2); the message says why."""


# ---------------------------------------------------------------- settings: what outputs depend on

@dataclass(frozen=True)
class Settings:
    options: Options
    input_format: str = "auto"
    fmt: str = "txt"  # output format: sinks.FORMATS
    keep_lang: frozenset[str] | None = None
    text_field: str = "text"
    url_field: str = "url"
    profile: templates.Profile | None = None
    keep_kind: frozenset[str] | None = None
    url: str | None = None  # --url: the URL of every document that has none of its own

    def digest(self, source: str | None = None) -> str:
        """Everything a unit's output depends on besides its bytes (source: its template table)."""
        parts = [__version__, self.options.fingerprint(), rules_hash(self.options.rules_dirs),
                 self.input_format, self.fmt, sorted(self.keep_lang or ()), self.text_field, self.url_field,
                 self.profile.digest(source) if self.profile else "", sorted(self.keep_kind or ()), self.url]
        return _sha(json.dumps(parts).encode())[:16]


def settings_from(args, options: Options, profile: templates.Profile | None = None) -> Settings:
    keep = frozenset(x.strip() for x in args.keep_lang.split(",") if x.strip()) if args.keep_lang else None
    if keep and not options.detect_language:
        raise UsageError("--keep-lang needs language detection (drop --no-language)")
    kinds = frozenset(x.strip() for x in args.keep_kind.split(",") if x.strip()) if getattr(args, "keep_kind", None) else None
    if kinds and kinds - set(KINDS):
        raise UsageError(f"--keep-kind takes {', '.join(KINDS)}, not {', '.join(sorted(kinds - set(KINDS)))}")
    return Settings(options, args.input_format, args.format, keep, args.text_field, args.url_field, profile, kinds,
                    getattr(args, "url", None))


def rules_hash(dirs: tuple[str, ...]) -> str:
    """Hash of the rule files' content (packaged, then user folders): editing a rule re-runs all."""
    h = hashlib.sha256()
    for root in [packaged_root(), *map(Path, dirs)]:
        for name, data in _tree_files(root):
            h.update(name.encode() + b"\0" + data + b"\0")
    return h.hexdigest()[:16]


def _tree_files(folder, prefix: str = "") -> Iterator[tuple[str, bytes]]:
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_dir():
            yield from _tree_files(entry, f"{prefix}{entry.name}/")
        elif entry.name.endswith((".toml", ".txt")):
            yield prefix + entry.name, entry.read_bytes()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------- units: the input files, walked

@dataclass(frozen=True)
class Unit:
    """One input file: a document, or a JSONL file of documents. Resumed and written as a whole."""

    path: Path  # as the user gave it, joined with the path under its root
    rel: str  # posix path naming it in the manifest ("site/a.html")
    out: str  # its output, relative to OUTDIR
    source: str  # template group when no URL is known: the file's folder
    jsonl: bool = False
    error: str | None = None  # found while walking: it is listed, not read


def output_name(rel: str, fmt: str, jsonl: bool = False) -> str:
    if jsonl:
        return rel[: -len(".gz")] if rel.endswith(".gz") else rel
    for suffix in DOC_SUFFIXES:
        if rel.endswith(suffix):
            rel = rel[: -len(suffix)]
            break
    else:
        rel = str(Path(rel).with_suffix(""))
    return rel + (".json" if fmt == "json" else ".txt")


def check_layout(inputs: list[str], outdir: Path, allow_inside: bool) -> None:
    """Refuse outputs that would land among the inputs (and be read back as inputs)."""
    out = outdir.resolve()
    for item in inputs:
        if not os.path.exists(item):
            raise UsageError(f"{item}: no such file or folder")
        real = Path(item).resolve()
        if real == out:
            raise UsageError(f"output folder {outdir} is the input folder {item}")
        if out in real.parents:
            raise UsageError(f"input {item} is inside the output folder {outdir}")
        if real.is_dir() and real in out.parents and not allow_inside:
            raise UsageError(f"output folder {outdir} is inside input folder {item} "
                             "(pass --allow-inside to allow it; the output folder is then not read)")
    clash = sorted(n for n, k in Counter(_label(Path(i)) for i in inputs).items() if k > 1)
    if clash:
        raise UsageError(f"two inputs would share the output folder name {clash[0]!r}")


def _label(path: Path) -> str:
    return path.resolve().name or "root"


def _units(inputs: list[str], outdir: Path, fmt: str, jsonl: bool, globs: list[str]) -> Iterator[Unit]:
    """Every input file, sorted, lazily; several inputs each go under their own name in OUTDIR."""
    suffixes = JSONL_SUFFIXES if jsonl else DOC_SUFFIXES + warc.SUFFIXES
    exclude = str(outdir.resolve())
    for item in inputs:
        root = Path(item)
        prefix = f"{_label(root)}/" if len(inputs) > 1 and root.is_dir() else ""
        if not root.is_dir():
            rel = _label(root)
            yield Unit(root, rel, output_name(rel, fmt, jsonl), _label(root.resolve().parent), jsonl)
            continue

        def wanted(rel: str, name: str) -> bool:
            if globs:
                return any(fnmatch(rel, g) or fnmatch(name, g) for g in globs)
            return name.endswith(suffixes)

        for path, rel, error in _walk(root, exclude, wanted):
            folder = prefix + rel.rsplit("/", 1)[0] if "/" in rel else _label(root)
            yield Unit(path, prefix + rel, prefix + output_name(rel, fmt, jsonl), folder, jsonl, error)


def _walk(root: Path, exclude: str, wanted) -> Iterator[tuple[Path, str, str | None]]:
    """(path, relative posix path, error) for the wanted files under root, depth first by name.
    Hidden entries and the output folder are skipped; symlinks leaving the tree are refused;
    two files that would write the same output name are refused (the later one)."""
    real_root = os.path.realpath(root)
    stack = [(root, "")]
    while stack:
        folder, base = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield Path(folder), base.rstrip("/") or ".", f"cannot list folder: {exc.strerror or exc}"
            continue
        subfolders, outputs = [], {}
        for e in entries:
            if e.name.startswith("."):
                continue
            rel, path = base + e.name, Path(folder) / e.name
            if e.is_symlink():
                target = os.path.realpath(e.path)
                if os.path.commonpath([target, real_root]) != real_root:
                    if e.is_dir() or wanted(rel, e.name):
                        yield path, rel, f"symlink points outside the input tree (to {target}); refused"
                    continue
                if e.is_dir():  # inside the tree: its files are walked where they really are
                    continue
            if e.is_dir(follow_symlinks=False):
                if os.path.realpath(e.path) != exclude:
                    subfolders.append((path, rel + "/"))
            elif e.is_file() and wanted(rel, e.name):  # regular files only: a FIFO would block
                name = output_name(e.name, "txt")
                clash = outputs.setdefault(name, e.name)
                yield path, rel, None if clash == e.name else f"its output would overwrite the one of {clash}"
        stack.extend(reversed(subfolders))


# ---------------------------------------------------------------- reading (main process, capped)

def _read_capped(path: Path, cap: int) -> bytes:
    with open(path, "rb") as fh:
        data = fh.read(cap + 1)
    if len(data) > cap:
        raise BadInput(f"file is over the limit of {cap} bytes")
    return data


def _file_sha(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# ---------------------------------------------------------------- the worker side

class Cleaned(NamedTuple):
    output: str | None  # rendered output; None when filtered by language or failed
    stats: dict
    error: str | None = None


_S: Settings | None = None  # this worker's settings (set once per process by _init)


def _init(settings: Settings) -> None:
    global _S
    _S = settings


def _init_worker(settings: Settings) -> None:
    interrupt.ignore_in_worker()
    _init(settings)


class Task(NamedTuple):
    """One document for a worker."""

    action: str  # "clean", or "learn" (templates' first pass)
    raw: bytes | str | None  # the file's bytes or the JSONL line; None: a line over the size limit;
    #                          str: a WARC record's text, decoded by its reader
    gz: bool  # the bytes are gzipped
    line_no: int  # the JSONL line number; 0 for a document file
    source: str  # template group
    path: str = ""  # the unit's path as the manifest names it (outputs name their source)
    url: str | None = None  # the page's URL when known outside the document
    fields: dict | None = None  # more fields for the output record (a WARC record's id, offset, fetch date)


def _work_many(tasks: list[Task]) -> list:
    return [_work(t) for t in tasks]


def _work(task: Task):
    """One document: its Cleaned result, or for "learn" (source, its line hashes)."""
    try:
        text, url, source, obj = _open(task)
        if task.action == "learn":
            return source, templates.document_hashes(_document_lines(text))
        return _clean_one(text, url, source, obj, task.path, task.fields)
    except Exception as exc:  # noqa: BLE001 - one bad document never stops the batch
        return None if task.action == "learn" else Cleaned(None, {}, _describe(exc))


def _describe(exc: Exception) -> str:
    return str(exc) if isinstance(exc, BadInput) else f"{type(exc).__name__}: {exc}"


def _open(task: Task) -> tuple[str, str | None, str, dict | None]:
    """(text, url, template group, JSON object) of a document file or of one JSONL line; a JSONL
    line's URL field wins over the task's URL, and a URL's host is the line's group."""
    raw, gz, url, source = task.raw, task.gz, task.url, task.source
    cap = _S.options.max_bytes
    if raw is None:
        raise BadInput(f"line is over the limit of {cap} bytes")
    if isinstance(raw, str):  # a WARC record, decoded by cleaner.warc (the HTTP charset first)
        return raw, url, source, None
    if task.line_no:
        obj = json.loads(raw)
        if not isinstance(obj, dict):
            raise BadInput("the line is not a JSON object")
        text, own = obj.get(_S.text_field), obj.get(_S.url_field)
        if not isinstance(text, str):
            raise BadInput(f"no string field {_S.text_field!r}")
        url = own if isinstance(own, str) and own.strip() else url
        source = urls.host(url) or source
    else:
        obj = None
        text = decode_bytes(inflate(raw, cap) if gz else raw, max_bytes=cap)
        if text.count("\ufffd") > UNDECODABLE_SHARE * len(text):
            raise BadInput("undecodable: most bytes are not text in any encoding tried")
    return text, url, source, obj


def _document_lines(text: str) -> list[str]:
    """The lines templates are learnt on: the input lines, or for HTML the extracted ones."""
    from .api import _resolve_format  # the same format decision clean() makes

    if _resolve_format(text, _S.input_format) != "html":
        return text.split("\n")
    result = clean(text, input_format="html", options=_S.options, explain=True)
    return [d.text for d in result.decisions or ()]


def _clean_one(text: str, url: str | None, source: str, obj: dict | None, path: str,
               fields: dict | None = None) -> Cleaned:
    s = _S
    result = clean(text, url=url, input_format=s.input_format, options=s.options,
                   explain=s.profile is not None)
    decisions: Counter = Counter()
    if s.profile is not None:
        stop = language.stopwords(result.language)
        result = templates.apply(result, s.profile.for_source(source), s.profile.thresholds, stop, decisions)
    lang = result.language or "und"
    counted = {"documents": 1, "languages": {lang: 1}, "kinds": {result.kind: 1}}  # a document not written
    if s.keep_lang is not None and lang not in s.keep_lang:
        return Cleaned(None, {**counted, "filtered_by_language": {lang: 1}})
    if s.keep_kind is not None and result.kind not in s.keep_kind:
        return Cleaned(None, {**counted, "filtered_by_kind": {result.kind: 1}})
    stats = _stats(result, lang)
    if not text.strip():  # counted, not an error: the output is empty too
        stats["empty_inputs"] = 1
    if decisions:
        stats["template_decisions"] = dict(decisions)
    if obj is not None:
        return Cleaned(_render_line(result, obj, stats), stats)
    return Cleaned(sinks.render(result, s.fmt, path, url, fields), stats)


def _stats(result: CleanResult, lang: str) -> dict:
    lines = [r for r in result.removed if r.line_no]
    notes = Counter(r.rule_id for r in result.removed if not r.line_no)
    stats = {"documents": 1, "written": 1, "languages": {lang: 1}, "kinds": {result.kind: 1},
             "kept_lines": sum(1 for x in result.text.split("\n") if x.strip()),
             "kept_bytes": len(result.text.encode("utf-8")),
             "removed_lines": len(lines), "removed_bytes": sum(len(r.text.encode("utf-8")) for r in lines),
             "removed_by_rule": dict(Counter(r.rule_id for r in lines))}
    if notes:
        stats["notes"] = dict(notes)
    return stats


def _render_line(result: CleanResult, obj: dict, stats: dict) -> str:
    """A JSONL line: the other fields untouched, the text field cleaned."""
    obj[_S.text_field] = result.text
    obj["newsclean"] = {"title": result.title, "date": result.date.isoformat() if result.date else None,
                        "language": result.language, "kind": result.kind, "kind_reason": result.kind_reason,
                        "authors": result.authors, "site_name": result.site_name, "kept_lines": stats["kept_lines"],
                        "removed_lines": stats["removed_lines"], "removed_by_rule": stats["removed_by_rule"]}
    return json.dumps(obj, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------- planning: what each unit needs

class Event(NamedTuple):
    """One step of the stream. doc: a document file; begin, line*, end: a JSONL file;
    skip: a unit up to date; error: a unit that cannot be read."""

    kind: str
    unit: Unit
    data: object = None  # doc/line: the task, then its Cleaned result; skip: (offset, entry);
    #                      error: the message; end: a read error that fails the unit, or None
    extra: object = None  # doc/begin: (sha256, settings digest); line: the line number;
    #                       end of a WARC segment: its (stats, errors, manifest fields)


WORK = ("doc", "line")  # the events whose task a worker does


def _plan(units: Iterable[Unit], settings: Settings, manifest: Manifest,
          sink: sinks.FileSink | sinks.StreamSink) -> Iterator[Event]:
    """Per unit: its error, a skip when the manifest has it up to date, else its documents."""
    cap = settings.options.max_bytes
    digests: dict[str | None, str] = {}
    for unit in units:
        if unit.error:
            yield Event("error", unit, unit.error)
            continue
        url, source = _outside_url(unit, settings)
        if unit.jsonl or warc.is_warc(unit.rel):
            source = None  # a JSONL file's lines, a WARC file's records: of any source
        config = digests.get(source) or digests.setdefault(source, settings.digest(source))
        if url != settings.url:  # a sidecar URL changes the output: it is part of the settings
            config = _sha(f"{config}\0{url}".encode())[:16]
        if warc.is_warc(unit.rel):  # its records, in segments that resume by offset
            yield from warc_units.plan(unit, settings, manifest, sink, config)
            continue
        try:
            raw = None if unit.jsonl else _read_capped(unit.path, cap)
            sha = _file_sha(unit.path) if unit.jsonl else _sha(raw)
        except (OSError, BadInput) as exc:
            yield Event("error", unit, _read_error(exc))
            continue
        done = manifest.lookup(unit.rel, sha, config)
        if sink.plan(done[1] if done else None):
            yield Event("skip", unit, done)
        elif unit.jsonl:
            yield Event("begin", unit, None, (sha, config))
            yield from _line_events(unit, "clean", cap, url=settings.url)
        else:
            yield Event("doc", unit, _doc_task("clean", unit, raw, settings), (sha, config))


def _outside_url(unit: Unit, settings: Settings) -> tuple[str | None, str]:
    """A document file's URL (its NAME.url sidecar, else --url) and its template group: the
    URL's host, else the unit's folder."""
    url = (None if unit.jsonl or warc.is_warc(unit.rel) else urls.sidecar(unit.path)) or settings.url
    return url, urls.host(url) or unit.source


def _doc_task(action: str, unit: Unit, raw: bytes, settings: Settings) -> Task:
    url, source = _outside_url(unit, settings)
    return Task(action, raw, unit.path.name.endswith(".gz"), 0, source, unit.rel, url)


def _line_events(unit: Unit, action: str, cap: int, stream: IO[bytes] | None = None,
                 url: str | None = None) -> Iterator[Event]:
    """A JSONL unit's lines as tasks, then its end (carrying the read error that fails it, if any)."""
    try:
        with stream or _open_jsonl(unit.path) as fh:
            for n, line in _jsonl_lines(fh, cap):
                yield Event("line", unit, Task(action, line, False, n, unit.source, unit.rel, url), n)
    except (OSError, EOFError, zlib.error) as exc:
        yield Event("end", unit, _read_error(exc))
        return
    yield Event("end", unit)


def _open_jsonl(path: Path) -> IO[bytes]:
    if path.name.endswith(".gz"):
        import gzip

        return gzip.open(path, "rb")
    return open(path, "rb")


def _jsonl_lines(fh: IO[bytes], cap: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) for the non-blank lines; None for a line over the size limit."""
    n = 0
    while line := fh.readline(cap + 1):
        n += 1
        if len(line) > cap and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # skip the rest of the oversized line
                line = fh.readline(cap)
            yield n, None
        elif line.strip():
            yield n, line


def _read_error(exc: Exception) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return f"cannot read: {exc.strerror}"
    return _describe(exc)


# ---------------------------------------------------------------- ordered parallel map

def _ordered(events: Iterable[Event], settings: Settings, jobs: int) -> Iterator[Event]:
    """The same events in the same order, each task replaced by its result. Tasks go to `jobs`
    processes in chunks; at most WINDOW_PER_JOB chunks per process are in flight and the input is
    pulled only as results leave, so memory stays flat however long the stream."""
    if jobs <= 1:
        _init(settings)
        for ev in events:
            yield ev._replace(data=_work(ev.data)) if ev.kind in WORK else ev
        return
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(settings,)) as pool:
        try:
            yield from _ordered_in(pool, events, jobs)
        finally:  # also when the consumer stops early: what has not started is dropped
            pool.shutdown(wait=True, cancel_futures=True)


def _ordered_in(pool: ProcessPoolExecutor, events: Iterable[Event], jobs: int) -> Iterator[Event]:
    pending: deque = deque()  # (events, Future of their tasks' results, or None when no work)
    batch: list[Event] = []
    for ev in events:
        if ev.kind in WORK:
            batch.append(ev)
        if batch and (ev.kind not in WORK or len(batch) >= CHUNK):
            pending.append((batch, pool.submit(_work_many, [e.data for e in batch])))
            batch = []
        if ev.kind not in WORK:
            pending.append(([ev], None))
        while len(pending) > WINDOW_PER_JOB * jobs:
            yield from _settle(*pending.popleft())
    if batch:
        pending.append((batch, pool.submit(_work_many, [e.data for e in batch])))
    while pending:
        yield from _settle(*pending.popleft())


def _settle(events: list[Event], running) -> Iterator[Event]:
    if running is None:
        yield from events
    else:
        yield from (ev._replace(data=r) for ev, r in zip(events, running.result()))


class _UnitFailed(Exception):
    pass


class _Stopped(Exception):
    """A stop was asked for in the middle of a multi-document unit: the unit is not committed."""


class _Writer:
    """Consumes the cleaned events in input order: writes outputs, appends manifest lines, folds
    the stats of every current unit, lists errors."""

    def __init__(self, sink: sinks.FileSink | sinks.StreamSink, manifest: Manifest, tick=lambda n=1: None,
                 stop: interrupt.Stop | None = None):
        self.sink, self.manifest, self.tick = sink, manifest, tick
        self.stop = stop or interrupt.Stop()
        self.stopped = False  # a unit was left for a re-run
        self.outputs: set[str] = set()  # the current units' outputs, relative to OUTDIR
        self.totals: dict = {}
        self.errors: list[tuple[str, int, str]] = []  # (path, line, message)
        self.run: Counter = Counter()  # this run only, for the printout: documents, up_to_date, failed

    def consume(self, events: Iterator[Event]) -> bool:
        """Write every event's unit; False when a stop was asked for (the rest is left to a re-run)."""
        for ev in events:
            if self.stop.requested:
                self.stopped = True
            if self.stopped:
                return False
            if ev.kind == "begin":
                self._jsonl(ev, events)
            elif ev.kind == "doc":
                self._document(ev)
            elif ev.kind == "skip":
                offset, entry = ev.data
                self.sink.skip(entry)
                self.manifest.order.append(offset)
                self._fold(ev.unit, entry)
                self.run["up_to_date"] += 1
                self.tick(entry["stats"].get("documents", 1))
            else:
                self._fail(ev.unit, ev.data)
        return not self.stopped

    def _step(self) -> None:
        self.run["documents"] += 1
        self.tick()

    def _document(self, ev: Event) -> None:
        unit, result = ev.unit, ev.data
        self._step()
        try:
            if result.output is None:  # filtered by language, or failed
                entry = self.sink.drop(unit.out)
            else:
                entry = self.sink.write(unit.out, [result.output])
        except OSError as exc:  # not recorded: the next run tries again
            return self._fail(unit, f"cannot write {unit.out}: {exc.strerror or exc}")
        entry["stats"] = result.stats
        if result.error:  # recorded: the same bytes and settings fail the same way
            entry["errors"] = [{"line": 0, "error": result.error}]
            self.run["failed"] += 1
        self._finish(unit, entry, ev.extra)

    def _jsonl(self, begin: Event, events: Iterator[Event]) -> None:
        """Stream a JSONL unit's cleaned lines into its output; the unit is done at its end."""
        unit, stats, errors, fields = begin.unit, {}, [], {}
        lines = self._unit_lines(events, stats, errors, fields)
        try:
            entry = self.sink.write(unit.out, lines)
        except _Stopped:
            self.stopped = True
            return
        except (OSError, _UnitFailed) as exc:
            _drain(lines)
            message = str(exc) if isinstance(exc, _UnitFailed) else f"cannot write {unit.out}: {exc.strerror or exc}"
            return self._fail(unit, message)
        entry.update(stats=stats, errors=[{"line": n, "error": msg} for n, msg in errors], **fields)
        self._finish(unit, entry, begin.extra)

    def _unit_lines(self, events: Iterator[Event], stats: dict, errors: list, fields: dict) -> Iterator[str]:
        for ev in events:
            if ev.kind == "end":
                if ev.data:
                    raise _UnitFailed(ev.data)
                if ev.extra:  # a WARC segment's own account: records skipped, damage, where the next starts
                    _merge(stats, ev.extra[0])
                    errors.extend((e["line"], e["error"]) for e in ev.extra[1])
                    fields.update(ev.extra[2])
                return
            if self.stop.requested:
                raise _Stopped
            self._step()
            result = ev.data
            if result.error:
                errors.append((ev.extra, result.error))
                continue
            _merge(stats, result.stats)
            if result.output is not None:
                yield result.output

    def _finish(self, unit: Unit, entry: dict, extra: tuple[str, str]) -> None:
        entry["input"], (entry["sha256"], entry["config"]) = unit.rel, extra
        self.manifest.append(entry)
        self._fold(unit, entry)

    def _fold(self, unit: Unit, entry: dict) -> None:
        _merge(self.totals, entry["stats"])
        if entry.get("output"):
            self.outputs.add(entry["output"])
        for e in entry.get("errors", ()):
            self.errors.append((str(unit.path), e["line"], e["error"]))

    def _fail(self, unit: Unit, message: str) -> None:
        self.errors.append((str(unit.path), 0, message))
        self.run["failed"] += 1


def _drain(lines: Iterator[str]) -> None:
    """Pull the rest of a failed JSONL unit's events, up to its end."""
    try:
        for _ in lines:
            pass
    except _UnitFailed:
        pass


def _merge(total: dict, stats: dict) -> None:
    for key, value in stats.items():
        if isinstance(value, dict):
            _merge(total.setdefault(key, {}), value)
        else:
            total[key] = total.get(key, 0) + value


# ---------------------------------------------------------------- report

def build_report(totals: dict, errors: int, profile: templates.Profile | None) -> dict:
    """What the batch did, from the current units' stats only: byte-identical across -j and resumes."""
    report = {
        "documents": totals.get("documents", 0),
        "written": totals.get("written", 0),
        "filtered_by_language": totals.get("filtered_by_language", {}),
        "filtered_by_kind": totals.get("filtered_by_kind", {}),
        "kinds": totals.get("kinds", {}),
        "kept": {"lines": totals.get("kept_lines", 0), "bytes": totals.get("kept_bytes", 0)},
        "removed": {"lines": totals.get("removed_lines", 0), "bytes": totals.get("removed_bytes", 0),
                    "by_rule": totals.get("removed_by_rule", {})},
        "languages": totals.get("languages", {}),
        "notes": totals.get("notes", {}),
        "empty_inputs": totals.get("empty_inputs", 0),
        "errors": errors,
    }
    if totals.get("skipped_records"):  # WARC records that are not documents, by reason
        report["skipped_records"] = totals["skipped_records"]
    if profile is not None:
        report["templates"] = {"sources": len(profile.sites), "template_lines": profile.template_lines(),
                               "approximate": profile.approximate,
                               "decisions": totals.get("template_decisions", {})}
    return report


def _kinds(report: dict) -> str:
    kinds = report["kinds"]
    shown = ", ".join(f"{kinds[k]} {k}" for k in KINDS if kinds.get(k))
    dropped = sum(report["filtered_by_kind"].values())
    return shown + (f"; {dropped} filtered by kind" if dropped else "")


def _summary(report: dict, run: Counter, seconds: float, outdir: Path) -> str:
    docs = report["documents"]
    rules = sorted(report["removed"]["by_rule"].items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    filtered = sum(report["filtered_by_language"].values())
    lines = [
        f"newsclean: {sinks.plural(docs, 'document')} ({_kinds(report)}), {report['written']} written, "
        f"{filtered} filtered by language, {sinks.plural(report['empty_inputs'], 'empty file')}, {sinks.plural(report['errors'], 'error')}; "
        f"{run['documents']} cleaned now in {seconds:.1f} s "
        f"({run['documents'] / seconds if seconds else 0:.1f} documents/s), "
        f"{sinks.plural(run['up_to_date'], 'file')} up to date",
        f"  kept {report['kept']['lines']} lines ({report['kept']['bytes']} bytes), removed "
        f"{report['removed']['lines']} lines ({report['removed']['bytes']} bytes)"
        + (": " + ", ".join(f"{k} {v}" for k, v in rules) if rules else ""),
    ]
    skipped = sorted(report.get("skipped_records", {}).items(), key=lambda kv: (-kv[1], kv[0]))
    if skipped:
        lines.append(f"  {sum(n for _, n in skipped)} WARC records skipped: " + ", ".join(f"{k} {v}" for k, v in skipped[:5]))
    if report["errors"]:
        lines.append(f"  errors listed in {outdir / ERRORS}")
    stale = report.get("stale_outputs")
    if stale:
        lines.append(f"  warning: {sinks.plural(len(stale), 'file')} in {outdir} not written by this run (another "
                     f"--format, other inputs, or not ours; left in place, listed in {REPORT}): "
                     + ", ".join(stale[:5]) + (", ..." if len(stale) > 5 else ""))
    return "\n".join(lines)



# ---------------------------------------------------------------- the commands

def run_batch(args, options: Options) -> int:
    """`newsclean clean INPUT... -o OUTDIR`: 0 when every file was cleaned, 1 when some failed,
    2 for a command line that cannot run."""
    started = time.perf_counter()
    outdir = Path(args.output)
    try:
        check_layout(args.inputs, outdir, args.allow_inside)
        warc_units.check_inputs(args.inputs, args.format)
        load_rules(options.rules_dirs)  # a broken rule pack stops the batch here, once
        settings = settings_from(args, options, _load_profile(args))
    except UsageError as exc:
        print(f"newsclean: clean: {exc}", file=sys.stderr)
        return 2
    jobs = _jobs(args.jobs)

    def units() -> Iterator[Unit]:
        return _units(args.inputs, outdir, args.format, args.jsonl_in, args.glob)

    if next(units(), None) is None:
        suffixes = JSONL_SUFFIXES if args.jsonl_in else DOC_SUFFIXES + warc.SUFFIXES
        print(f"newsclean: clean: nothing to clean: {preflight.nothing_to_clean(args.inputs, args.glob, suffixes)}",
              file=sys.stderr)
        return 2
    outdir.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(outdir)

    quiet = _quiet(args)
    with interrupt.Stop() as stop:
        if args.templates and settings.profile is None:
            profile = _learn(units, settings, jobs, quiet, args, stop)
            if profile is None:
                print("newsclean: stopped while learning templates; nothing written. "
                      "Run the same command again to start over.", file=sys.stderr)
                return interrupt.EXIT_CODE
            settings = replace(settings, profile=profile)
        if args.save_profile and settings.profile is not None:
            write_atomic(Path(args.save_profile), settings.profile.to_json())
        writer, complete = _clean_pass(units, settings, jobs, quiet, outdir, args.jsonl_in, stop)
    errors = sorted(writer.errors)
    write_atomic(outdir / ERRORS, "".join(
        json.dumps({"path": p, "line": n, "error": e} if n else {"path": p, "error": e}, ensure_ascii=False) + "\n"
        for p, n, e in errors))
    report = build_report(writer.totals, len(errors), settings.profile)
    stale = sinks.stale(outdir, writer.outputs | {ERRORS, REPORT, MANIFEST}) if complete else []
    if stale:
        report["stale_outputs"] = stale
    if not complete:
        report["interrupted"] = True  # a re-run that finishes writes the report without it
    write_atomic(outdir / REPORT, json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    print(_summary(report, writer.run, time.perf_counter() - started, outdir), file=sys.stderr)
    if not complete:
        print(f"newsclean: stopped: {writer.run['documents']} documents cleaned now and "
              f"{writer.run['up_to_date']} files up to date are committed; run the same command again "
              "to resume where it stopped", file=sys.stderr)
        return interrupt.EXIT_CODE
    return 1 if errors else 0


def _clean_pass(units: Callable[[], Iterator[Unit]], settings: Settings, jobs: int, quiet: bool,
                outdir: Path, jsonl_in: bool, stop: interrupt.Stop) -> tuple[_Writer, bool]:
    """Pass 2: clean and write every unit not up to date; (the writer, whether every unit was reached)."""
    manifest = Manifest(outdir)
    sink = sinks.for_format(settings.fmt, outdir, jsonl_in)
    with _progress(quiet, units, "clean") as bar:
        writer = _Writer(sink, manifest, bar.update, stop)
        events = _ordered(_plan(units(), settings, manifest, sink), settings, jobs)
        complete = writer.consume(events)
        events.close()  # a stop: the documents not started are dropped, the ones running finish
    sink.close(complete)
    manifest.close(complete)
    return writer, complete


def _learn(units: Callable[[], Iterator[Unit]], settings: Settings, jobs: int, quiet: bool, args,
           stop: interrupt.Stop) -> templates.Profile | None:
    """Pass 1: the document frequency of every line hash per source (None: stopped)."""
    thresholds = templates.Thresholds(min_docs=args.template_min_docs, min_share=args.template_min_share)
    learner = templates.Learner()
    cap = settings.options.max_bytes

    def tasks() -> Iterator[Event]:
        for unit in units():
            if unit.error:
                continue
            if unit.jsonl:
                yield from (ev for ev in _line_events(unit, "learn", cap, url=settings.url) if ev.kind == "line")
                continue
            if warc.is_warc(unit.rel):
                yield from warc_units.learn_events(unit, cap)
                continue
            try:
                raw = _read_capped(unit.path, cap)
            except (OSError, BadInput):
                continue  # pass 2 lists it
            yield Event("doc", unit, _doc_task("learn", unit, raw, settings))

    with _progress(quiet, units, "learn templates") as bar:
        events = _ordered(tasks(), settings, jobs)
        for ev in events:
            if stop.requested:
                events.close()
                return None
            bar.update()
            if ev.data is not None:
                learner.add(*ev.data)
    return learner.profile(thresholds)


def _load_profile(args) -> templates.Profile | None:
    if not args.profile:
        return None
    try:
        return templates.Profile.load(args.profile)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def clean_jsonl_stream(data: bytes | IO[bytes], args, options: Options, out: IO[str]) -> int:
    """`newsclean clean --jsonl-in -`: JSONL in, JSONL out in the same order (lines that fail
    or are filtered by language are left out; failures are named on stderr)."""
    try:
        settings = settings_from(args, options, _load_profile(args))
        if args.templates and settings.profile is None:
            raise UsageError("--templates on stdin needs --profile FILE (learning takes a pass over files)")
    except UsageError as exc:
        print(f"newsclean: clean: {exc}", file=sys.stderr)
        return 2
    import io

    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    unit = Unit(Path("<stdin>"), "<stdin>", "-", "stdin", jsonl=True)
    failed = 0
    events = _line_events(unit, "clean", settings.options.max_bytes, stream, settings.url)
    for ev in _ordered(events, settings, _jobs(args.jobs)):
        if ev.kind == "end":
            if ev.data:
                print(f"newsclean: <stdin>: {ev.data}", file=sys.stderr)
                failed += 1
        elif ev.data.error:
            print(f"newsclean: <stdin>:{ev.extra}: {ev.data.error}", file=sys.stderr)
            failed += 1
        elif ev.data.output is not None:
            out.write(ev.data.output)
    out.flush()
    return 1 if failed else 0


def _jobs(requested: int) -> int:
    if requested > 0:
        return requested
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _quiet(args) -> bool:
    return bool(args.no_progress or os.environ.get("CI") or not sys.stderr.isatty())


def _progress(quiet: bool, units: Callable[[], Iterator[Unit]] | None, what: str):
    """A tqdm bar (documents/s, ETA) on a terminal; a silent stand-in otherwise."""
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: worker processes are forked after the bar starts
    total = _count(units()) if units and not quiet else None
    return tqdm(total=total, desc=what, unit="doc", disable=quiet, file=sys.stderr, dynamic_ncols=True)


def _count(units: Iterable[Unit]) -> int | None:
    """Documents to go, for the ETA: a walk, plus a line count of JSONL files. None (no ETA) with
    a WARC file: counting its records means reading it."""
    n = 0
    for unit in units:
        if warc.is_warc(unit.rel) and not unit.error:
            return None
        if not unit.jsonl or unit.error:
            n += 1
            continue
        try:
            with _open_jsonl(unit.path) as fh:
                n += sum(1 for line in fh if line.strip())
        except (OSError, EOFError, zlib.error):
            n += 1
    return n
