"""Every rule's own examples: what it drops, it drops (with its id); what it keeps, no rule drops."""
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Options
from cleaner.rules import RuleError, RuleSet, example_failures, load_file, load_rules, normalise

RULES = load_rules()


def test_every_rule_has_examples():
    missing = [r.id for r in RULES.rules if not r.drop_examples or not r.keep_examples]
    assert not missing, f"rules without drop and keep examples: {missing}"


@pytest.mark.parametrize("rule", RULES.rules, ids=[r.id for r in RULES.rules])
def test_rule_examples(rule):
    problems = example_failures(RULES, [rule])
    assert not problems, "\n".join(problems)


def test_normalise_strips_markup_and_case():
    assert normalise("  ## **Editor’s Choice:** ") == "editor's choice"
    assert normalise("» MORE ON THEME") == "more on theme"


@pytest.mark.parametrize("body,reason", [
    ('[[rule]]\nid = "x.y"\nkind = "drop-line"\nmatch = "regex"\npattern = "(a+)+$"\n', "nested quantifier"),
    ('[[rule]]\nid = "x.y"\nkind = "drop-line"\nmatch = "regex"\npattern = "a|"\n', "empty line"),
    ('[[rule]]\nid = "x.y"\nkind = "drop-line"\nmatch = "regex"\npattern = "(unclosed"\n', "bad regex"),
    ('[[rule]]\nid = "x.y"\nkind = "drop-line"\nmatch = "phrase"\nphrases = ["a"]\ncolour = 1\n', "unknown field"),
    ('[[rule]]\nid = "x.y"\nkind = "sometimes"\nmatch = "phrase"\nphrases = ["a"]\n', "kind must be"),
    ('[[rule]]\nid = "x.y"\nkind = "drop-line"\nmatch = "phrase"\nphrases = [""]\n', "non-empty phrases"),
    ('[[rule]\nid = ', "not valid TOML"),
    ('[[rule]]\nid = "Bad Id"\nkind = "drop-line"\nmatch = "phrase"\nphrases = ["a"]\n', "id must be"),
])
def test_malformed_rules_are_refused_with_file_and_reason(tmp_path, body, reason):
    f = tmp_path / "mine.toml"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_file(f)
    assert str(f) in str(err.value) and reason in str(err.value)


def test_user_rules_folder_layers_over_packaged(tmp_path):
    (tmp_path / "site.toml").write_text(
        '[[rule]]\nid = "site.promo"\nkind = "drop-line"\nmatch = "phrase"\n'
        'phrases = ["win a free cruise today"]\nsite = "example.org"\n'
        'examples.drop = ["Win a free cruise today!"]\nexamples.keep = ["The cruise left port."]\n',
        encoding="utf-8")
    rules = load_rules((str(tmp_path),))
    assert rules.for_site("www.example.org").match("Win a free cruise today!").rule_id == "site.promo"
    assert rules.for_site("other.net").match("Win a free cruise today!") is None


@pytest.mark.parametrize("site", ["example.org", "www.example.org", "WWW.Example.org"])
def test_site_pack_applies_with_or_without_www(tmp_path, site):
    """A pack's host and a page's host are read alike (urls.host): 'www.' never decides."""
    from cleaner import clean
    (tmp_path / "site.toml").write_text(
        f'[[rule]]\nid = "site.promo"\nkind = "drop-line"\nmatch = "phrase"\n'
        f'phrases = ["win a free cruise today"]\nsite = "{site}"\n'
        'examples.drop = ["Win a free cruise today!"]\nexamples.keep = ["The cruise left port."]\n',
        encoding="utf-8")
    opts = Options(rules_dirs=(str(tmp_path),))
    text = ("The harbour board met on Tuesday to discuss the new terminal and its costs for the town.\n"
            "Win a free cruise today!\n"
            "Members agreed to publish the full budget before the vote next month, the chair said.\n")
    for url in ("https://example.org/a", "https://www.example.org/a", "https://news.example.org/a"):
        assert "cruise today" not in clean(text, url=url, options=opts).text, url
    assert "cruise today" in clean(text, url="https://other.net/a", options=opts).text


def test_duplicate_ids_are_refused(tmp_path):
    (tmp_path / "dup.toml").write_text(
        '[[rule]]\nid = "related.heading"\nkind = "drop-line"\nmatch = "phrase"\nphrases = ["zzz"]\n', encoding="utf-8")
    with pytest.raises(RuleError, match="duplicates"):
        load_rules((str(tmp_path),))


def test_a_line_tries_only_the_anchored_rules_its_first_letter_allows():
    # phrase and prefix rules are dict lookups; "^" rules are bucketed by their first letter
    anchored = len(RULES._anchored)
    assert anchored > 40
    assert len(RULES._bucket("r")) < anchored / 3 and len(RULES._bucket("中")) < 6


def test_narrowing_by_one_then_two_characters_never_drops_a_rule():
    # _bucket narrows by the key's first character, then its first two, then all three: the same
    # rules as testing every anchored rule's three-character start on the key.
    from cleaner.rules import lead_key

    keys = {lead_key(x) for x in _probe_lines()} | {"", "a", "A", "1", "by", "By ", "é", "中", "12 ", "no ", "ÜBE"}
    keys |= {key.upper() for key in keys} | {key[:1] for key in keys}
    fresh = RuleSet(list(RULES.rules))
    for key in sorted(keys):
        direct = tuple((rule, pattern) for rule, pattern, _, _, starts in fresh._anchored
                       if starts is None or (key and starts.match(key)))
        assert fresh._bucket(key) == direct, key


def test_a_rule_that_may_start_like_most_lines_waits_for_its_literal():
    # "^" rules whose first character is any capital or any digit would be tried on most lines:
    # they go with the searched rules, behind their literals (the naive test holds the matches).
    from cleaner.rules import _gated_by_literal

    assert _gated_by_literal(r"^(?-i:[A-Z][a-z]+) (is|was) a (reporter|editor)\b")
    assert _gated_by_literal(r"^\W{0,3}\d+ (comments|replies)$")
    assert not _gated_by_literal(r"^\W{0,3}(read more|continue reading)\b")  # its first letters gate it
    assert not _gated_by_literal(r"^(?-i:[a-z])[^,]{0,40}(, ?[^,]{1,40}){5,}$")  # "," stands on most lines
    assert not _gated_by_literal(r"^\W{0,3}\d+$")  # no literal to wait for


def _naive_regex_hit(ruleset, line):
    """The reference: every regex rule tried one by one, in load order, with no gate or bucket."""
    import re

    from cleaner.rules import MAX_REGEX_CHARS

    n_words = line.count(" ") + 1
    if n_words > 60 or len(line) > MAX_REGEX_CHARS:
        return None
    for rule in ruleset.rules:
        if rule.match != "regex" or n_words > rule.max_words:
            continue
        find = re.match if rule.pattern.startswith("^") else re.search
        if find(rule.pattern, line, re.IGNORECASE):
            return rule.id
    return None


def _probe_lines():
    from pathlib import Path

    seeds = Path(__file__).resolve().parents[1] / "seeds"
    lines = [x for r in RULES.rules for x in r.drop_examples + r.keep_examples]
    lines += [line for p in sorted(seeds.glob("*.txt")) for line in p.read_text(encoding="utf-8").splitlines()]
    marks = ["", "» ", "** ", "— ", "(", "1. "]
    return [m + x.strip() for x in lines for m in marks if x.strip()]


def test_gates_and_buckets_never_change_a_match():
    # Literal gates and the first-letters buckets only skip work: the first matching regex rule is
    # the one the naive loop finds.
    regex_only = RuleSet([r for r in RULES.rules if r.match == "regex"])
    lines = _probe_lines()
    expected = [_naive_regex_hit(regex_only, x) for x in lines]
    assert [(h.rule_id if (h := regex_only.match(x)) else None) for x in lines] == expected
    by_document = regex_only.match_lines(lines, [normalise(x) for x in lines])  # literals found once per document
    assert [h.rule_id if h else None for h in by_document] == expected


def test_a_start_lookahead_stands_only_before_free_alternations():
    from cleaner.rules import _alternatives, _search_compiled

    assert _search_compiled(r"(we use cookies|cookie settings)").pattern == \
        r"(?=(?:c|w)(?:e|o))(?:(we use cookies|cookie settings))"  # the first two characters' classes
    assert _search_compiled(r"(\b(we|you) agree|accept all)").pattern.startswith("(?=(?:a|w|y)(?:c|e|o))")
    assert _search_compiled(r"(a|b\d?)").pattern == r"(?=(?:a|b))(?:(a|b\d?))"  # a match may end after one
    assert _search_compiled(r"(^by |^von )").pattern == r"(^by |^von )"  # anchored: one place to try
    assert _search_compiled(r"(^\W{0,3}by |\b(we|you) agree|[(]c[)])").pattern == \
        r"(^\W{0,3}by |(?=(?:\(|w|y)(?:c|e|o))(?:\b(we|you) agree|[(]c[)]))"  # before the free branches only
    assert not _search_compiled(r"(?<!\w)(foo|bar)").pattern.startswith("(?=")  # a lookbehind: any start
    assert not _search_compiled(r"foo (bar|baz)").pattern.startswith("(?=")  # a literal first: re scans for it
    assert _alternatives(r"[|](a|b)|c") == ("", [r"[|](a|b)", "c"], "")  # a "|" in a class or a group parts nothing
    assert _alternatives(r"(a\||[]|]b|[^]|]c)") == ("(", [r"a\|", "[]|]b", "[^]|]c"], ")")
    assert _alternatives(r"(a)(b|c)") is None  # no one group around it all, no alternation at the top


def test_first_letters_reads_leading_marks_alternations_and_classes():
    from cleaner.rules import first_letters

    assert first_letters(r"^\W{0,3}(read more|continue reading)\b") == "con|rea"
    assert first_letters(r"^\W{0,2}(\(?(photo|image) by|getty)") == "get|ima|pho"
    assert first_letters(r"^\W{0,3}(please )?fill in") == "fil|ple"
    assert first_letters(r"^\W{0,3}\d+ comments") == r"[\d]"  # after a repeat, anything may follow
    assert first_letters(r"^\W{0,3}[^.!?]{1,60} said:$") is None  # any character may come first
    assert first_letters(r"^\W{0,3}\(c\) \d{4}") is None  # a mark after the skipped ones: no word start
    assert first_letters(r"^(?-i:[a-z])x") == "(?-i:[a-z])x"  # a case-sensitive start keeps its case
    assert not re.match(first_letters(r"^(?-i:[a-z])x"), "Ax", re.IGNORECASE)


def test_required_literals_reads_alternations_and_skips_optional_parts():
    from cleaner.rules import required_literals

    assert required_literals(r"(we|they) use cookies") == (" use cookies",)
    assert required_literals(r"(all rights reserved|tous droits réservés)") == ("all rights reserved", "tous droits réservés")
    assert required_literals(r"(\d+ comments|x?)") == ()  # an empty alternative guarantees nothing


def test_normalise_equals_its_regex_definition():
    # normalise uses str methods for speed; the regexes below are what it means.
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from cleaner.rules import _SPACE_CHARS, normalise_all

    markers = re.compile(r"^[\s#*•·▪►▶»›>|~=_+\-–—:↑^]+|[\s#*•·▪►▶»›>|~=_+\-–—:.!?,;…↑^]+$")

    def reference(line):
        line = line.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")
        return re.sub(r"\s+", " ", markers.sub("", line)).casefold()

    assert set(_SPACE_CHARS) == {c for c in map(chr, range(0x110000)) if re.match(r"\s", c)}
    alphabet = st.sampled_from(list("aZß .!?#*-–—:;…,^↑_|>»\u00a0\u2019\u2018\t\n\r\x85\u3000\u2028"))

    @settings(max_examples=3000, deadline=None)
    @given(st.text(alphabet, max_size=14) | st.text(max_size=14))
    def check(line):
        assert normalise(line) == reference(line)
        assert normalise_all([line, line.upper()]) == [reference(line), reference(line.upper())]  # C, when built

    check()


def test_first_places_equals_a_find_per_needle_and_text():
    # first_places scans once with an automaton; what it means is a find for each needle in each
    # text (lower-cased, when asked: "İ" lengthens under lower(), which must not shift lines).
    from hypothesis import given
    from hypothesis import strategies as st

    from cleaner.rules import first_places, needles_held

    alphabet = "abcA İ©/x"
    texts_st = st.lists(st.text(alphabet, max_size=12), max_size=6)
    needles_st = st.lists(st.text(alphabet, max_size=3), max_size=6).map(tuple)

    @given(texts_st, needles_st, st.booleans())
    def check(texts, needles, lower):
        seen = [text.lower() if lower else text for text in texts]
        expected = {(n, k, seen[k].find(needle)) for n, needle in enumerate(needles)
                    for k in range(len(texts)) if needle in seen[k]}
        got = list(first_places(texts, needles, lower=lower))
        assert len(got) == len(set(got)) and set(got) == expected
        held: dict[int, set[int]] = {}  # needles_held: the same finds, by text, without the places
        for n, k, _ in expected:
            held.setdefault(k, set()).add(n)
        assert needles_held(texts, needles, lower=lower) == held

    check()


def test_lead_key_equals_its_regex():
    from hypothesis import given
    from hypothesis import strategies as st

    from cleaner.rules import _FIRST_WORD, lead_key

    @given(st.text(st.sampled_from(list("aZ1_ -»\n²①٣ǅ中ß")), max_size=6) | st.text(max_size=6))
    def check(line):
        lead = _FIRST_WORD.match(line)
        assert lead_key(line) == (lead.group(1) if lead else "")

    check()


PROBE_PARTS = st.sampled_from(["", " ", "» ", "** ", "1. ", "(", ")", "/", "©", ":", "Read more", "read more", "Share",
                               "By ", "by Jane Roe", "Foto: dpa", "Getty Images", "cookies", "newsletter", "subscribe to our",
                               "Abonnez-vous", "Page 2 of 5", "Related", "The", "und", "a, b, c, d, e, f", "é", "中", "İ",
                               "\u2019", "\xa0", "x" * 30, "word " * 12])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(PROBE_PARTS | st.sampled_from(["word " * 61, "x" * 2001, "y" * 70]), min_size=1, max_size=8)
                .map("".join), max_size=10)
       | st.lists(st.sampled_from(_probe_lines()), max_size=12))
def test_compiled_searched_candidates_equal_their_python_definition(lines):
    # sized_lines and held_rules (cleaner/_kernel.c) do the loops around the literal scan: the same
    # rules for the same lines, long lines (60 spaces, over MAX_REGEX_CHARS) left out as in Python.
    for ruleset in (RULES, RuleSet([r for r in RULES.rules if r.match != "prefix"])):
        assert ruleset._searched_candidates(lines) == ruleset._searched_candidates_python(lines)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(PROBE_PARTS, min_size=1, max_size=8).map("".join).map(str.strip).filter(bool), max_size=8)
       | st.lists(st.sampled_from(_probe_lines()), max_size=12))
def test_compiled_match_loop_equals_its_python_definition(lines):
    # cleaner/_kernel.c runs RuleSet.match_lines' per-line loop (phrase, prefix, anchored bucket,
    # searched candidates) as _match_loop_python does: the same hit for every line.
    keys = [normalise(x) for x in lines]
    for ruleset in (RULES, RuleSet([r for r in RULES.rules if r.match != "prefix"])):
        assert ruleset.match_lines(lines, keys) == ruleset.match_lines_python(lines, keys)


@settings(max_examples=200, deadline=None)
@given(st.lists(PROBE_PARTS, min_size=1, max_size=8).map("".join) | st.sampled_from(_probe_lines()))
def test_a_start_lookahead_never_changes_a_search(line):
    # _search_compiled puts a class of the first characters before an alternation that opens a
    # searched rule: it finds a match exactly where the plain pattern does.
    from cleaner.rules import _compiled, _search_compiled

    for rule in RULES.rules:
        if rule.match == "regex":
            assert bool(_search_compiled(rule.pattern).search(line)) == bool(_compiled(rule.pattern).search(line)), rule.id


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(PROBE_PARTS, min_size=1, max_size=8).map("".join).map(str.strip).filter(bool), max_size=8)
       | st.lists(st.sampled_from(_probe_lines()), max_size=12))
def test_tables_the_kernel_makes_are_the_ones_python_makes(lines):
    # The kernel makes a two-character table itself when the first character's exists: on fresh
    # rule sets, the C loop and the Python loop leave the same tables and find the same hits.
    keys = [normalise(x) for x in lines]
    compiled, python = RuleSet(list(RULES.rules)), RuleSet(list(RULES.rules))
    for _ in range(2):  # the second round finds the first round's one-character tables
        assert compiled.match_lines(lines, keys) == python.match_lines_python(lines, keys)
    assert compiled._by_two == python._by_two and compiled._buckets == python._buckets
    assert compiled._by_first == python._by_first


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(st.sampled_from(list("aΣσςΑ İIıﬀ'’.\u0345x")), max_size=6), max_size=6))
def test_lines_lowered_one_by_one_join_as_the_whole_lowered(texts):
    # joined_texts lower-cases line by line: the same string as lower() of the joined lines (final
    # sigma, "İ" and the other context and length changes included), and its lengths are the joined ones'.
    from cleaner.rules import joined_texts

    joined, lowered = joined_texts(texts, True)
    assert joined == "\n".join(texts).lower()
    assert [len(x) for x in joined.split("\n")] == ([len(x) for x in lowered] if texts else [0])
