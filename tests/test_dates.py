"""Timestamp lines: fast paths equal what they stand for."""
def test_has_digit_is_any_isdigit():
    # ASCII lines take re's \d; the rest keep str.isdigit, which also takes "²" and "①".
    from hypothesis import given
    from hypothesis import strategies as st

    from cleaner.dates import _has_digit

    @given(st.text(st.sampled_from(list("a 1²①٣x")), max_size=8) | st.text(max_size=8))
    def check(line):
        assert _has_digit(line) == any(map(str.isdigit, line))

    check()
