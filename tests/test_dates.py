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


def test_a_first_word_no_timestamp_has_skips_only_tests_that_fail():
    # _first_word_rules_out lets is_timestamp skip its labels, relative phrases, dateline and token
    # tests; with the shortcut switched off, every line gets the same answer.
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from cleaner import dates

    parts = st.sampled_from(["12", "3", "2019", "10:42", "10h30", "5m", "ago", "hours", "Hours", "a", "An", "one",
                             "vor", "Uhr", "am", "pm", "Published", "updated:", "last", "posted on", "Posted", "by",
                             "Jane", "Roe", "Top", "photos", "comments", "min", "read", "March", "mar.", "Mon", "Monday",
                             "t12", "z", "st", "th", "|", "·", "-", "/", ".", ",", ":", "(", ")", "»", "_", "²", "ſ",
                             "\u212a", "İ", "Mär", "hace", "il y a", "fa", "geleden", "é", "  "])

    shapes = ["3 hours ago", "1 Day ago", "5m ago", "12 mins ago", "2 hrs ago", "3 minuti fa", "4 uur geleden",
              "10 minuten geleden", "a minute ago", "An hour ago", "one week ago", "vor 3 Minuten", "il y a 2 heures",
              "hace 5 horas", "há 3 dias", "10:42", "10.42am GMT", "10h30 Uhr", "Published 12 March 2019",
              "Updated: 2019-03-12", "Last updated 12/03/2019", "Posted on March 12, 2019 by Jane Roe",
              "Mon, 12 Mar 2019", "Monday 5:30PM", "12 Mar 2019 | 5 min read", "2019-03-12T10:42:00Z",
              "Top 10 photos of 2019", "12 comments", "Stand: 12.03.2019", "am 12. März 2019", "5 things to know"]

    @settings(max_examples=400, deadline=None)
    @given(st.sampled_from(shapes) | st.lists(parts, min_size=1, max_size=7).map(" ".join)
           | st.lists(parts, max_size=5).map("".join))
    def check(line):
        fast = dates.is_timestamp(line)
        shortcut = dates._first_word_rules_out
        dates._first_word_rules_out = lambda text: False
        try:
            assert fast == dates.is_timestamp(line), line
        finally:
            dates._first_word_rules_out = shortcut

    check()


def test_weekday_or_zone_equals_its_two_regexes():
    from hypothesis import given
    from hypothesis import strategies as st

    from cleaner.dates import _WEEKDAY_RE, _ZONE_LETTER, _weekday_or_zone

    words = st.sampled_from(["mon", "monday", "montag", "segunda-feira", "śr", "środa", "sábado", "thu", "thurs",
                             "t", "z", "t1", "12t", "1z", "x", "", "mo", "tuesdays", "zo", "zondag", "ma", "ſun", "ſat", "ſ"])

    @given(words | st.text(st.sampled_from(list("mondaytzs1śá-ſ")), max_size=8))
    def check(low):
        assert _weekday_or_zone(low) == bool(_WEEKDAY_RE.match(low) or _ZONE_LETTER.fullmatch(low))

    check()


def test_a_date_without_four_figures_is_read_as_d_m_y_only():
    # parse_date skips the ISO and month-name finders on a line with no four figures in a row:
    # both need such a year; the answer is the three finders' in order.
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from cleaner import dates

    parts = st.sampled_from(["12", "3", "2019", "19", "1990", "99", ".", "/", "-", " ", "March", "Mar.", "12.03.19",
                             "5/6/21", "2019-03-12", "٢٠١٩", "١٢", "Nov", "of", "3.5", "million", "T10:42", "Z"])

    @settings(max_examples=400, deadline=None)
    @given(st.lists(parts, max_size=8).map("".join) | st.lists(parts, max_size=8).map(" ".join))
    def check(line):
        expected = None
        if dates.DATE_HINT.search(line):
            expected = next((found for finder in (dates._iso, dates._named_month, dates._numeric)
                             if (found := finder(line))), None)
        assert dates.parse_date(line) == expected, line

    check()
