"""Bad input gets a clear error or a clean result: never a traceback, never a hang."""
import time

import pytest

from cleaner import BadInput, Options, clean


def test_empty_and_whitespace():
    for raw in (b"", b"\n\n", "   \t \n"):
        r = clean(raw)
        assert r.text == "" and r.body == "" and r.title is None


@pytest.mark.parametrize("raw", [
    b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40,
    b"%PDF-1.7\n" + bytes(range(256)) * 40,
    bytes(range(32)) * 500,
])
def test_binary_is_refused_with_a_clear_message(raw):
    with pytest.raises(BadInput, match="binary"):
        clean(raw)


def test_undecodable_bytes_are_replaced_not_fatal():
    raw = "Le conseil municipal s'est réuni lundi pour discuter du budget des écoles. ".encode("cp1252") * 5
    r = clean(raw + b"\xff\xfe\x81 broken tail")
    assert "conseil municipal" in r.text


def test_utf16_and_crlf_are_decoded():
    text = "Storm Hits Coast\r\n\r\nThe storm hit the coast on Sunday, closing the harbour and cutting power to thousands of homes across the region.\r\n"
    for raw in (text.encode("utf-16"), text.encode("utf-16-le"), text.replace("\r\n", "\r").encode()):
        r = clean(raw)
        assert "closing the harbour" in r.text and "\r" not in r.text


def test_oversized_input_is_refused_naming_the_limit():
    with pytest.raises(BadInput, match="over the limit"):
        clean(b"a" * 2048, options=Options(max_bytes=1024))
    big = b"The council met on Monday to discuss the budget.\n" * (50 * 1024 * 1024 // 50 + 1)
    with pytest.raises(BadInput, match="over the limit"):
        clean(big)  # 50 MB: over the default limit


@pytest.mark.parametrize("line", [b"a" * 5_000_000, b"word " * 1_000_000, b"#*> " * 1_250_000,
                                  b"1, " * 1_600_000, b"http://x.y/" * 450_000])
def test_one_five_megabyte_line_finishes(line):
    started = time.perf_counter()
    clean(line)
    assert time.perf_counter() - started < 30  # a generous bound: the point is no hang
