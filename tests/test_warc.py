"""WARC input (cleaner/warc.py): which records become documents, how they are decoded, and what a
damaged file does. The files are built here with FastWARC's writer from the seeds (tests/warcs.py)."""
import gzip
import io
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Options, clean, clean_many
from cleaner.decode import decode_bytes
from cleaner.warc import Damaged, Skipped, WarcDocument, iter_records, read

sys.path.insert(0, str(Path(__file__).parent))
import warcs  # noqa: E402
from warcs import Rec, page  # noqa: E402

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
HTML_SEEDS = sorted(SEEDS.glob("*.html"))[:5]  # the first five: tests below count on five
TEXT_SEEDS = sorted(SEEDS.glob("*.txt"))[:3]

# A page in windows-1252 whose charset only the HTTP header gives (no BOM, no <meta>).
CP1252_PAGE = (
    "<html><head><title>Caf\u00e9 prices rise again</title></head><body><article>"
    "<h1>Caf\u00e9 prices rise again</h1>"
    "<p>The price of a cup at the caf\u00e9s on the square went up to \u20ac3.20 this week, "
    "the third rise since the spring, and owners say the cost of beans is to blame.</p>"
    "<p>\u201cWe held out as long as we could,\u201d said one owner \u2014 who asked not to be named "
    "\u2014 pointing at the na\u00efve hope of a cheaper harvest next year.</p>"
    "</article></body></html>").encode("cp1252")


def _url(path: Path) -> str:
    return f"https://news.example.org/{path.stem}"


def mixed_records() -> list[Rec]:
    """A crawl's worth of record kinds around the seed pages."""
    recs = [Rec("", kind="warcinfo")]
    for p in HTML_SEEDS:
        recs += [Rec(_url(p), kind="request"), page(_url(p), p.read_bytes()), Rec(_url(p), kind="metadata")]
    recs += [page(_url(p), p.read_bytes(), "text/plain; charset=utf-8") for p in TEXT_SEEDS]
    recs += [
        Rec("http://news.example.org/old", status="301 Moved Permanently",
            headers=(("Location", "https://news.example.org/new"), ("Content-Type", "text/html"))),
        Rec("https://news.example.org/gone", b"<html><body>Not found</body></html>", status="404 Not Found"),
        page("https://news.example.org/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png"),
        page("https://news.example.org/app.js", b"var x = 1;", "application/javascript"),
        Rec("https://news.example.org/again", kind="revisit"),
        page("https://news.example.org/cafe", CP1252_PAGE, "text/html; charset=windows-1252"),
    ]
    return recs


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    path = tmp_path_factory.mktemp("warc") / "crawl.warc.gz"
    return path, warcs.write(path, mixed_records())


def test_only_ok_html_and_text_responses_become_documents(mixed):
    path, offsets = mixed
    skipped = Counter()
    docs = list(iter_records(path, skipped=skipped))
    expected = [p for p in HTML_SEEDS] + TEXT_SEEDS
    assert [d.url for d in docs] == [_url(p) for p in expected] + ["https://news.example.org/cafe"]
    assert skipped == {"record-type=warcinfo": 1, "record-type=request": len(HTML_SEEDS),
                       "record-type=metadata": len(HTML_SEEDS), "record-type=revisit": 1,
                       "status=301": 1, "status=404": 1, "content-type=image/png": 1,
                       "content-type=application/javascript": 1}
    first = docs[0]
    assert first.id == warcs.record_id(2) and first.fetch_date == warcs.DATE
    assert first.offset == offsets[2] and first.content_type == "text/html"
    assert first.text == HTML_SEEDS[0].read_text(encoding="utf-8")
    assert docs[len(HTML_SEEDS)].content_type == "text/plain"


def test_http_header_charset_decodes_a_page_without_its_own(mixed):
    cafe = [d for d in iter_records(mixed[0]) if d.url.endswith("/cafe")][0]
    assert cafe.text == CP1252_PAGE.decode("cp1252")
    assert "\u20ac3.20" in cafe.text and "\u201cWe held out" in cafe.text
    result = clean(cafe.text, url=cafe.url)
    assert "\u20ac3.20" in result.text and "\ufffd" not in result.text and result.title == "Caf\u00e9 prices rise again"


def test_decode_order_bom_utf8_header_then_page():
    meta_latin2 = '<meta charset="iso-8859-2"><p>\u0142\u00f3d\u017a</p>'.encode("iso-8859-2")
    assert decode_bytes(meta_latin2) == meta_latin2.decode("iso-8859-2")  # the page's own word
    assert decode_bytes(CP1252_PAGE, declared="windows-1252") == CP1252_PAGE.decode("cp1252")
    # the header before the page's <meta>
    assert decode_bytes(meta_latin2, declared="iso-8859-2") == meta_latin2.decode("iso-8859-2")
    assert decode_bytes(b'<meta charset="utf-8">\xe9t\xe9', declared="cp1252") == "<meta charset=\"utf-8\">\u00e9t\u00e9"
    # valid UTF-8 is UTF-8 whatever a single-byte header says (a server default)
    assert decode_bytes("caf\u00e9 \u2014 ok".encode(), declared="iso-8859-1") == "caf\u00e9 \u2014 ok"
    # ISO-8859-1 is read as browsers read it: windows-1252
    assert decode_bytes(b"\x93quoted\x94 \x80", declared="ISO-8859-1") == "\u201cquoted\u201d \u20ac"
    # a header the bytes contradict, or an unknown label, gives way to the page's own
    assert decode_bytes(meta_latin2, declared="no-such-charset") == meta_latin2.decode("iso-8859-2")
    assert decode_bytes(b"\xef\xbb\xbfhi \xc3\xa9", declared="cp1252") == "hi \u00e9"  # a BOM first


def test_clean_many_takes_records_as_they_come(mixed):
    docs = list(iter_records(mixed[0]))
    got = list(clean_many(iter_records(mixed[0])))
    assert [r.text for r in got] == [clean(d.text, url=d.url).text for d in docs]
    assert got[0].text == clean(HTML_SEEDS[0].read_bytes()).text


def test_site_rules_apply_by_the_record_host(tmp_path):
    example = SEEDS.parent / "examples" / "user-rules"
    body = (example / "seeds" / "harbour.txt").read_bytes()
    path = tmp_path / "two.warc"
    warcs.write(path, [page((example / "seeds" / "harbour.txt.url").read_text().strip(), body, "text/plain"),
                       page("https://other.example.net/news/ferry", body, "text/plain")], gzip=False)
    on_site, elsewhere = clean_many(iter_records(path), options=Options(rules_dirs=(str(example / "rules"),)))
    assert any(r.rule_id == "site.harbourtimes.promo" for r in on_site.removed)
    assert not any(r.rule_id == "site.harbourtimes.promo" for r in elsewhere.removed)


# ---------------------------------------------------------------- damage

def _five() -> list[Rec]:
    return [page(f"https://news.example.org/{p.stem}", p.read_bytes()) for p in HTML_SEEDS]


def _summary(items) -> list[tuple]:
    return [(type(i).__name__, i.offset) for i in items]


def _build(tmp_path, parts: list[bytes], name: str = "d.warc.gz") -> Path:
    path = tmp_path / name
    path.write_bytes(b"".join(parts))
    return path


def test_a_truncated_member_is_reported_at_its_offset_and_the_rest_is_read(tmp_path):
    m = list(warcs.members(_five()))
    offs = [sum(map(len, m[:i])) for i in range(len(m))]
    cut = m[:2] + [m[2][: len(m[2]) // 2]] + m[3:]
    items = list(read(_build(tmp_path, cut)))
    shift = len(m[2]) - len(m[2]) // 2
    assert _summary(items) == [("WarcDocument", offs[0]), ("WarcDocument", offs[1]), ("Damaged", offs[2]),
                               ("WarcDocument", offs[3] - shift), ("WarcDocument", offs[4] - shift)]
    assert [d.url for d in items if type(d) is WarcDocument] == [r.url for i, r in enumerate(_five()) if i != 2]


def test_corrupt_bytes_inside_a_member(tmp_path):
    m = list(warcs.members(_five()))
    offs = [sum(map(len, m[:i])) for i in range(len(m))]
    bad = m[1][:60] + bytes(b ^ 0x5A for b in m[1][60:120]) + m[1][120:]
    items = list(read(_build(tmp_path, [m[0], bad, *m[2:]])))
    assert _summary(items) == [("WarcDocument", offs[0]), ("Damaged", offs[1]),
                               *[("WarcDocument", o) for o in offs[2:]]]
    assert "Gzip" in items[1].error or "gzip" in items[1].error


def test_garbage_between_members(tmp_path):
    m = list(warcs.members(_five()))
    junk = b"<html>not a warc record</html>\n" * 20
    items = list(read(_build(tmp_path, [m[0], m[1], junk, *m[2:]])))
    offs = [sum(map(len, m[:i])) for i in range(len(m))]
    assert _summary(items) == [("WarcDocument", offs[0]), ("WarcDocument", offs[1]), ("Damaged", offs[2]),
                               *[("WarcDocument", o + len(junk)) for o in offs[2:]]]


@pytest.mark.parametrize("keep", [0.3, 0.7, 0.97])
def test_a_file_cut_short_reports_its_last_record(tmp_path, keep):
    m = list(warcs.members(_five()))
    last = sum(map(len, m[:-1]))
    items = list(read(_build(tmp_path, [*m[:-1], m[-1][: int(len(m[-1]) * keep)]])))
    assert _summary(items) == [*[("WarcDocument", sum(map(len, m[:i]))) for i in range(4)], ("Damaged", last)]


def test_an_uncompressed_file_cut_short_and_shifted(tmp_path):
    m = list(warcs.members(_five(), gzip=False))
    offs = [sum(map(len, m[:i])) for i in range(len(m))]
    items = list(read(_build(tmp_path, [*m[:-1], m[-1][:-400]], "p.warc")))
    assert _summary(items)[-1] == ("Damaged", offs[-1]) and "truncated record" in items[-1].error
    items = list(read(_build(tmp_path, [m[0], m[1][:-50], *m[2:]], "q.warc")))  # record 1 loses 50 bytes
    assert [type(i).__name__ for i in items].count("WarcDocument") == 4
    assert any(type(i) is Damaged and offs[1] <= i.offset <= offs[2] for i in items)


def test_trailing_padding_is_not_damage(tmp_path):
    m = list(warcs.members(_five()))
    assert not [i for i in read(_build(tmp_path, [*m, b"\0" * 512])) if type(i) is Damaged]


def test_reading_from_a_record_offset_resumes_there(mixed):
    path, offsets = mixed
    whole = list(read(path))
    at = whole.index(next(i for i in whole if type(i) is WarcDocument and i.offset > offsets[6]))
    assert list(read(path, start=whole[at].offset)) == whole[at:]


def test_a_huge_record_is_skipped_not_read(tmp_path):
    path = tmp_path / "big.warc.gz"
    warcs.write(path, [page("https://x.example/big", b"<p>" + b"word " * 40_000 + b"</p>"), *_five()[:1]])
    items = list(read(path, max_bytes=100_000))
    assert [(type(i).__name__, getattr(i, "reason", None)) for i in items] == [("Skipped", "too-large"),
                                                                                ("WarcDocument", None)]


def test_gzip_encoded_and_chunked_payloads_are_undone(tmp_path):
    body = HTML_SEEDS[0].read_bytes()
    packed = gzip.compress(body, mtime=0)
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(packed[i:i + 700]), packed[i:i + 700])
                       for i in range(0, len(packed), 700)) + b"0\r\n\r\n"
    path = tmp_path / "enc.warc.gz"
    warcs.write(path, [
        Rec("https://x.example/gz", packed, headers=(("Content-Type", "text/html"), ("Content-Encoding", "gzip"))),
        Rec("https://x.example/ch", chunked, headers=(("Content-Type", "text/html"), ("Content-Encoding", "gzip"),
                                                       ("Transfer-Encoding", "chunked")))])
    assert [d.text for d in iter_records(path)] == [body.decode()] * 2


_WHOLE = {True: b"".join(warcs.members(mixed_records())), False: b"".join(warcs.members(mixed_records(), gzip=False))}


@settings(deadline=None)  # a shared machine's timing is no property of the reader
@given(st.booleans(), st.lists(st.tuples(st.integers(0, 3), st.floats(0, 1), st.binary(max_size=300)),
                               min_size=1, max_size=4))
def test_any_damage_ends_in_records_and_reports_never_an_exception(gz, edits):
    """Bit flips, cuts, insertions and truncations anywhere: read() yields items, each inside the file."""
    data = bytearray(_WHOLE[gz])
    for op, where, junk in edits:
        at = int(where * (len(data) - 1))
        if not data:
            break
        if op == 0:
            data[at] ^= 0x20
        elif op == 1:
            del data[at:at + 1 + len(junk) * 10]
        elif op == 2:
            data[at:at] = junk
        else:
            del data[at:]
    items = list(read(io.BytesIO(bytes(data))))
    assert all(type(i) in (WarcDocument, Skipped, Damaged) and 0 <= i.offset < max(len(data), 1) for i in items)
    docs = [i for i in items if type(i) is WarcDocument]
    assert [d.offset for d in docs] == sorted(d.offset for d in docs)


# ---------------------------------------------------------------- memory

_PEAK = """
import resource, sys
from collections import Counter
from cleaner.warc import iter_records
skipped, n, chars = Counter(), 0, 0
for doc in iter_records(sys.argv[1], skipped=skipped):
    n += 1
    chars += len(doc.text)
print(n, chars, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def test_memory_is_flat_in_the_number_of_records(tmp_path):
    """Peak RSS reading 5,000 records is the one of 500: the reader holds one record at a time."""
    seeds = [(p, p.read_bytes()) for p in sorted(SEEDS.iterdir()) if p.suffix in (".txt", ".html")]

    def records(n):
        for i in range(n):
            p, body = seeds[i % len(seeds)]
            yield page(f"https://site{i % 40}.example/{i}", body,
                       "text/html" if p.suffix == ".html" else "text/plain")

    peaks = {}
    for n in (500, 5000):
        path = tmp_path / f"{n}.warc.gz"
        warcs.write(path, records(n), level=1)
        out = subprocess.run([sys.executable, "-c", _PEAK, str(path)], capture_output=True, text=True, check=True)
        count, chars, peak_kb = map(int, out.stdout.split())
        assert count == n
        peaks[n] = (chars, peak_kb)
    text_mb = peaks[5000][0] / 1e6
    growth_mb = (peaks[5000][1] - peaks[500][1]) / 1024
    assert text_mb > 10  # holding the documents would cost this much more (the limit below is 3 MB)
    print(f"peak RSS {peaks[500][1] // 1024} MB at 500 records, {peaks[5000][1] // 1024} MB at 5,000; text {text_mb:.1f} MB")
    assert growth_mb < 3, f"peak RSS grew by {growth_mb:.1f} MB from 500 to 5,000 records"


# ---------------------------------------------------------------- datatrove

def _run_pipeline(tmp_path, reader) -> tuple[list[dict], str]:
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.writers import JsonlWriter

    from cleaner.integrations.datatrove import NewscleanStep

    out, logs = tmp_path / "out", tmp_path / "logs"
    LocalPipelineExecutor(pipeline=[reader, NewscleanStep(), JsonlWriter(str(out), compression=None)],
                          tasks=1, logging_dir=str(logs)).run()
    rows = [json.loads(line) for f in sorted(out.glob("*.jsonl")) for line in f.open(encoding="utf-8")]
    return rows, next((logs / "stats").glob("*.json")).read_text()


def test_datatrove_newsclean_warc_reader_reads_as_the_cli_does(tmp_path, mixed):
    pytest.importorskip("datatrove")
    from cleaner.integrations.datatrove import NewscleanWarcReader

    path = mixed[0]
    rows, stats = _run_pipeline(tmp_path, NewscleanWarcReader(str(path.parent), glob_pattern="*.warc.gz"))
    docs = list(iter_records(path))
    expected = [(d, r) for d, r in zip(docs, clean_many(iter_records(path))) if r.text]
    assert [row["id"] for row in rows] == [d.id for d, _ in expected]
    for row, (d, r) in zip(rows, expected):
        assert row["text"] == r.text and row["metadata"]["url"] == d.url
        assert row["metadata"]["fetch_date"] == warcs.DATE and row["metadata"]["title"] == r.title
    assert '"skipped.status=404"' in stats and '"skipped.record-type=request"' in stats


def test_datatrove_step_takes_iter_records_directly(mixed):
    pytest.importorskip("datatrove")
    from cleaner.integrations.datatrove import NewscleanStep

    out = list(NewscleanStep().run(iter_records(mixed[0])))
    assert [d.metadata["url"] for d in out][:2] == [_url(HTML_SEEDS[0]), _url(HTML_SEEDS[1])]
    assert out[0].text == clean(HTML_SEEDS[0].read_bytes()).text and out[0].id == warcs.record_id(2)


def test_datatrove_warc_reader_pipeline_from_the_readme(tmp_path, mixed):
    """datatrove's own WarcReader -> NewscleanStep -> JsonlWriter: its records carry the record id,
    and url and the WARC-Date in the metadata; the step keeps that date as fetch_date."""
    pytest.importorskip("datatrove")
    for module in ("warcio", "cchardet", "magic"):  # WarcReader's own needs (the datatrove extra has them)
        pytest.importorskip(module)
    from datatrove.pipeline.readers import WarcReader

    path = mixed[0]
    rows, _ = _run_pipeline(tmp_path, WarcReader(str(path.parent), glob_pattern="*.warc.gz"))
    by_url = {row["metadata"]["url"]: row for row in rows}
    for d, r in zip(iter_records(path), clean_many(iter_records(path))):
        if d.content_type == "text/html" and r.text:
            assert by_url[d.url]["text"] == r.text and by_url[d.url]["id"] == d.id
            assert by_url[d.url]["metadata"]["fetch_date"] == warcs.DATE
