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


def test_a_line_with_no_digit_is_relative_only_with_ago():
    # is_timestamp skips the relative-date regex on digit-free lines that hold no "ago".
    from hypothesis import given
    from hypothesis import strategies as st

    from cleaner.dates import _RELATIVE, is_timestamp

    words = st.sampled_from(["a", "an", "one", "An", "ONE", "hour", "days", "minute", "ago", "AGO", "Ago", "vor",
                             "il y a", "hace", "fa", "há", "geleden", "uur", "—", "»", " ", "  ", ".", "x"])

    @given(st.lists(words, max_size=6).map(" ".join) | st.text(max_size=12))
    def check(line):
        if any(map(str.isdigit, line)):
            return
        assert is_timestamp(line) == (len(line) < 40 and _RELATIVE.match(line) is not None)

    check()


def test_a_weekday_and_a_clock_time_is_a_weekday_time():
    from cleaner.dates import is_weekday_time
    for row in ("Monday 5:30PM", "Fri, 10:42 am", "Tuesday at 9:15 a.m. ET", "Montag, 12:30 Uhr"):
        assert is_weekday_time(row), row
    for row in ("Monday night football at 5:30", "Wed 20", "5:30PM", "Monday"):
        assert not is_weekday_time(row), row
