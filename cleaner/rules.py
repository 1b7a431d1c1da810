"""Load rule packs (TOML data), validate them, compile them once, match lines against them.

The format is described in rules/README.md. All phrase rules become one dict lookup, all prefix
rules one dict lookup on the first words. Regex rules sit behind gates read from their parsed
patterns, which only skip work: a "^" rule is tried on a line only when its first three
characters can start a match (first_letters), any other (and a "^" rule that may start with any
character, or with any digit or capital and needs a word) only when the line holds a literal
every match must contain (required_literals, all found in one scan of the document). A line tries a few patterns, however many rules are loaded.
"""
from __future__ import annotations

import bisect
import functools
import re
import re._constants as _sre  # the parsed-pattern vocabulary, read by required_literals
import re._parser as _sre_parser
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from itertools import accumulate
from pathlib import Path

from .native import compiled

KINDS = ("drop-line", "opens-region", "closing")
MATCHES = ("phrase", "prefix", "regex")
FIELDS = {"id", "kind", "match", "phrases", "pattern", "max_words", "site", "examples", "note"}
_MAX_PREFIX_WORDS = 6
MAX_REGEX_CHARS = 2000

# What normalise strips: whitespace (str.isspace, as re's \s) and markers at the start, and
# those and end punctuation at the end. Plain str methods: five times faster than regexes here.
_SPACE_CHARS = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) \
    + "\u2028\u2029\u202f\u205f\u3000"
_LEAD_MARKS = _SPACE_CHARS + "#*•·▪►▶»›>|~=_+-–—:↑^→←➜➔⇒▸"
_TRAIL_MARKS = _LEAD_MARKS + ".!?,;…"


class RuleError(ValueError):
    """A rule pack that cannot be loaded; the message names the file and the rule."""


def normalise(line: str) -> str:
    """The form phrase and prefix rules match on: case-folded, markers and end punctuation off."""
    line = line.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")
    line = line.lstrip(_LEAD_MARKS).rstrip(_TRAIL_MARKS)
    return " ".join(line.split()).casefold()


_normalise_all = compiled("normalise_all")


def normalise_all(lines: list[str]) -> list[str]:
    """normalise() of each line; in C when built (cleaner/_kernel.c)."""
    if _normalise_all is None:
        return [normalise(line) for line in lines]
    return _normalise_all(lines, _LEAD_MARKS, _TRAIL_MARKS)


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    match: str
    phrases: tuple[str, ...] = ()
    pattern: str = ""
    max_words: int = 12
    site: str = ""
    drop_examples: tuple[str, ...] = ()
    keep_examples: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class Hit:
    rule_id: str
    kind: str


@dataclass
class RuleSet:
    rules: list[Rule]
    _phrase: dict[str, Rule] = field(default_factory=dict)
    _prefix: dict[str, Rule] = field(default_factory=dict)
    # "^..." rules in load order, each with regexes for the first character, the first two and the
    # first three a match can start with (None: any)
    _anchored: list[tuple[Rule, re.Pattern, re.Pattern | None, re.Pattern | None, re.Pattern | None]] = \
        field(default_factory=list)
    _by_first: dict[str, tuple] = field(default_factory=dict)
    _by_two: dict[str, tuple] = field(default_factory=dict)
    _buckets: dict[str, tuple[tuple[Rule, re.Pattern], ...]] = field(default_factory=dict)
    _searched: list[tuple[int, Rule, re.Pattern, re.Pattern | None]] = field(default_factory=list)  # the rest
    _any_searched: re.Pattern | None = None
    _needles: tuple[str, ...] = ()
    _needle_rules: tuple[tuple[int, ...], ...] = ()  # for each needle, the _searched rules it may let match
    _prefix_first: frozenset[str] = frozenset()
    _order: dict[str, int] = field(default_factory=dict)
    _hits: dict[str, Hit] = field(default_factory=dict)  # one Hit per rule, shared by the lines it drops
    _has_site_rules: bool = False
    _menu_words: frozenset[str] | None = None
    _held_by_word: tuple[tuple[int, ...], ...] | None = None  # _word_rules()

    def __post_init__(self) -> None:
        for order, rule in enumerate(self.rules):
            self._order[rule.id] = order
            self._hits[rule.id] = Hit(rule.id, rule.kind)
            if rule.match == "phrase":
                for p in rule.phrases:
                    self._phrase.setdefault(normalise(p), rule)
            elif rule.match == "prefix":
                for p in rule.phrases:
                    self._prefix.setdefault(normalise(p), rule)
            elif rule.pattern.startswith("^") and not _gated_by_literal(rule.pattern):
                self._anchored.append((rule, _compiled(rule.pattern), *(_start_regex(rule.pattern, n) for n in (1, 2, PREFIX_CHARS))))
            else:
                # A "^" rule that may start anywhere but needs a literal ("... on 3 May 2024 said:")
                # is gated like the searched ones: search() with "^" matches at the start only.
                # Searched patterns run one by one: each keeps re's literal-prefix scan, which one
                # big alternation loses (measured: 45 us a line apart, 100 us together).
                self._searched.append((order, rule, _search_compiled(rule.pattern), _gate(rule.pattern)))
        if self._searched and all(gate is not None for *_, gate in self._searched):
            # One scan for every searched rule's literals: most lines hold none and skip them all.
            needles = {n for _, rule, _, _ in self._searched for n in required_literals(rule.pattern)}
            # "newsletter sign" is found wherever "newsletter" is looked for: keep the shortest.
            self._needles = tuple(sorted(n for n in needles if not any(m != n and m in n for m in needles)))
            self._any_searched = re.compile("|".join(map(re.escape, self._needles)))
            # A rule's literal holds some kept needle: where no needle of a rule stands, none of its
            # literals does, and the rule cannot match.
            literals = [required_literals(rule.pattern) for _, rule, _, _ in self._searched]
            self._needle_rules = tuple(
                tuple(k for k, found in enumerate(literals) if any(needle in literal for literal in found))
                for needle in self._needles)
        self._prefix_first = frozenset(p.partition(" ")[0] for p in self._prefix)
        self._has_site_rules = any(r.site for r in self.rules)

    def menu_words(self) -> frozenset[str]:
        """The one-word phrases of the drop-line phrase rules ('menü', 'impressum', 'twitter'): a
        menu item or a button alone (core.find_headline: a line made of them is a menu run together)."""
        if self._menu_words is None:
            self._menu_words = frozenset(key for key, rule in self._phrase.items()
                                         if rule.kind != "closing" and key.isalpha())
        return self._menu_words

    def for_site(self, host: str | None) -> "RuleSet":
        """Drop site packs that do not apply to this host (cached per host)."""
        if not self._has_site_rules:
            return self
        return _site_view(self, (host or "").lower())

    def match(self, line: str, key: str | None = None) -> Hit | None:
        """The first rule that matches a stripped line: phrase, then prefix, then regex."""
        key = normalise(line) if key is None else key
        return self._match(line, key, None)

    def match_lines(self, lines: list[str], keys: list[str]) -> list[Hit | None]:
        """match() of each stripped line (keys: their normalise()), with the searched rules'
        literals looked for once in the whole document: a line tries only the searched rules
        whose literals it holds. The per-line loop runs in C when built (cleaner/_kernel.c);
        match_lines_python() is its definition."""
        candidates = self._searched_candidates(lines)
        if candidates is None:
            return [self._match(line, key, None) for line, key in zip(lines, keys)]
        if _match_loop is None:
            return self._match_loop_python(lines, keys, candidates)
        return _match_loop(lines, keys, candidates, self._phrase, self._prefix_first if self._prefix else None,
                           self._hits, self._match_prefix, self._buckets, self._by_two, self._new_bucket, _MAX_BUCKETS,
                           self._searched_after, MAX_REGEX_CHARS, bool(self._anchored or self._searched), self._by_first)

    def match_lines_python(self, lines: list[str], keys: list[str]) -> list[Hit | None]:
        """match_lines() with the per-line loop in Python: the definition the C loop is held to."""
        candidates = self._searched_candidates_python(lines)
        if candidates is None:
            return [self._match(line, key, None) for line, key in zip(lines, keys)]
        return self._match_loop_python(lines, keys, candidates)

    def _match_loop_python(self, lines: list[str], keys: list[str],
                           candidates: dict[int, tuple[int, ...]]) -> list[Hit | None]:
        # _match(), inlined: a call less for each line
        phrase, hits, match_regex = self._phrase.get, self._hits, self._match_regex
        prefix_first = self._prefix_first if self._prefix else ()
        regex = bool(self._anchored or self._searched)
        out = []
        for i, (line, key) in enumerate(zip(lines, keys)):
            if not key:
                out.append(None)
                continue
            rule = phrase(key)
            if rule is None and key.partition(" ")[0] in prefix_first:
                rule = self._match_prefix(key)
            if rule is None and regex:
                rule = match_regex(line, candidates.get(i, ()))
            out.append(hits[rule.id] if rule else None)
        return out

    def _match(self, line: str, key: str, candidates: tuple[int, ...] | None) -> Hit | None:
        if not key:
            return None
        rule = self._phrase.get(key)
        if rule is None and self._prefix and key.partition(" ")[0] in self._prefix_first:
            rule = self._match_prefix(key)
        if rule is None and (self._anchored or self._searched):
            rule = self._match_regex(line, candidates)
        return self._hits[rule.id] if rule else None

    def _match_prefix(self, key: str) -> Rule | None:
        words = key.split(" ")
        for n in range(min(len(words), _MAX_PREFIX_WORDS), 0, -1):
            rule = self._prefix.get(" ".join(words[:n]))
            if rule is not None and len(words) <= rule.max_words:
                return rule
        return None

    def _match_regex(self, line: str, candidates: tuple[int, ...] | None = None) -> Rule | None:
        """The first regex rule, in load order, that matches and allows the line's length.
        `candidates`: the positions in _searched of the rules whose literals the line holds, in
        order (None: not known, each rule's literal gate is tried)."""
        n_words = line.count(" ") + 1
        if n_words > 60 or len(line) > MAX_REGEX_CHARS:  # _regex_sized(), with n_words kept
            return None
        best = self._first_anchored(line, n_words)
        if candidates is not None and not candidates:
            return best
        if candidates is None:
            lowered = line.lower()
            if self._any_searched is not None and not self._any_searched.search(lowered):
                return best
            candidates = tuple(k for k, (*_, gate) in enumerate(self._searched)
                               if gate is None or gate.search(lowered))  # a literal scan rules out most
        return self._searched_after(line, n_words, best, candidates)

    def _searched_after(self, line: str, n_words: int, best: Rule | None, candidates: tuple[int, ...]) -> Rule | None:
        """The first of the candidate searched rules that matches before `best` (the anchored
        rule found, or None) in load order; else best."""
        limit = self._order[best.id] if best else len(self.rules)
        for k in candidates:
            order, rule, pattern, _ = self._searched[k]
            if order >= limit:
                break
            if n_words <= rule.max_words and pattern.search(line):
                return rule
        return best

    def _searched_candidates(self, lines: list[str]) -> dict[int, tuple[int, ...]] | None:
        """_searched_candidates_python(), with the loops before and after the scan in C when built."""
        if self._any_searched is None:
            return None if self._searched else {}
        automaton, indexes, empty = _automaton(self._needles)
        if _held_rules is None or automaton is None or empty:
            return self._searched_candidates_python(lines)
        sized = _sized_lines(lines, MAX_REGEX_CHARS)
        joined, texts = joined_texts([lines[i] for i in sized], True)
        matches = automaton.find_matches_as_indexes(joined, overlapping=True)
        return _held_rules(texts, matches, self._word_rules(), sized, len(self._searched))

    def _searched_candidates_python(self, lines: list[str]) -> dict[int, tuple[int, ...]] | None:
        """For each line that holds a searched rule's literal, those rules (positions in _searched,
        in order); None when some searched rule has no literal to look for. The definition."""
        if self._any_searched is None:
            return None if self._searched else {}
        sized = [i for i, line in enumerate(lines)  # _regex_sized, inlined: long prose is not scanned
                 if len(line) < 60 or (len(line) <= MAX_REGEX_CHARS and line.count(" ") < 60)]
        rules_of = self._needle_rules
        return {sized[k]: tuple(sorted(set().union(*map(rules_of.__getitem__, held))))
                for k, held in needles_held([lines[i] for i in sized], self._needles, lower=True).items()}

    def _word_rules(self) -> tuple[tuple[int, ...], ...]:
        """For each word of the needles' automaton, the searched rules its needles may let match, ascending."""
        if self._held_by_word is None:
            _, indexes, _ = _automaton(self._needles)
            self._held_by_word = tuple(tuple(sorted({rule for n in needles for rule in self._needle_rules[n]}))
                                       for needles in indexes)
        return self._held_by_word

    def _first_anchored(self, line: str, n_words: int) -> Rule | None:
        key = line[:PREFIX_CHARS] if line[:1].isalnum() else lead_key(line)  # its fast path inlined
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._new_bucket(key)
        for rule, pattern in bucket:
            if n_words <= rule.max_words and pattern.match(line):
                return rule
        return None

    def _new_bucket(self, key: str) -> tuple[tuple[Rule, re.Pattern], ...]:
        """_bucket(key), remembered in _buckets (a bounded table)."""
        if len(self._buckets) >= _MAX_BUCKETS:
            self._buckets.clear()
        bucket = self._buckets[key] = self._bucket(key)
        return bucket

    def _bucket(self, key: str) -> tuple[tuple[Rule, re.Pattern], ...]:
        """The anchored rules a line whose first word starts with `key` can match, in load order:
        a line tries one or two patterns instead of fifty. Three-character keys are many (a page
        brings dozens the process has not seen), so the rules are first narrowed by the key's first
        character, then by its first two (tables of their own): a new key tests a handful of rules.
        A rule the first n characters allow is one the first n - 1 allow: narrowing never drops one."""
        head, two = key[:1], key[:2]
        narrowed = self._by_two.get(two)
        if narrowed is None:
            first = self._by_first.get(head)
            if first is None:
                first = self._by_first[head] = tuple(
                    (rule, pattern, starts2, starts3) for rule, pattern, starts1, starts2, starts3 in self._anchored
                    if starts1 is None or (head and starts1.match(head)))
            if len(self._by_two) >= _MAX_BUCKETS:
                self._by_two.clear()
            narrowed = self._by_two[two] = tuple(
                (rule, pattern, starts3) for rule, pattern, starts2, starts3 in first
                if starts2 is None or (two and starts2.match(two)))
        return tuple((rule, pattern) for rule, pattern, starts in narrowed
                     if starts is None or (key and starts.match(key)))


_match_loop = compiled("match_loop")
_sized_lines = compiled("sized_lines")
_held_rules = compiled("held_rules")


def first_places(texts: list[str], needles: tuple[str, ...], lower: bool = False):
    """(needle index, text index, offset) of the first place each needle stands in each text that
    holds it. The texts (no newline in them) are joined once and scanned once for all needles by
    an Aho-Corasick automaton (ahocorasick_rs, as a DFA): a scan per needle with str.find cost
    sixty times the text, a regex alternation of many literals crawls. `lower`: look in the
    lower-cased texts."""
    joined, texts = joined_texts(texts, lower)
    starts = line_starts(texts)
    automaton, indexes, empty = _automaton(tuple(needles))
    for n in empty:  # "" stands at the start of every text
        yield from ((n, k, 0) for k in range(len(texts)))
    seen: set[tuple[int, int]] = set()
    # Overlapping matches come in order of their ends: a needle's first place in a text comes first.
    for word, pos, _ in automaton.find_matches_as_indexes(joined, overlapping=True) if automaton else ():
        k = bisect.bisect_right(starts, pos) - 1
        for n in indexes[word]:
            if (n, k) not in seen:
                seen.add((n, k))
                yield n, k, pos - starts[k]


def needles_held(texts: list[str], needles: tuple[str, ...], lower: bool = False) -> dict[int, set[int]]:
    """{text index: the indexes of the needles it holds}, for the texts that hold one: what
    first_places finds, without the places (one scan, no pair made per needle and text)."""
    joined, texts = joined_texts(texts, lower)
    starts = line_starts(texts)
    automaton, indexes, empty = _automaton(tuple(needles))
    found: dict[int, set[int]] = {k: set(empty) for k in range(len(texts))} if empty else {}
    for word, pos, _ in automaton.find_matches_as_indexes(joined, overlapping=True) if automaton else ():
        k = bisect.bisect_right(starts, pos) - 1
        held = found.get(k)
        if held is None:
            held = found[k] = set()
        held.update(indexes[word])
    return found


_PLUS_ONE = (1).__add__


def line_starts(texts: list[str]) -> list[int]:
    """Where each text starts in "\n".join(texts), and one more: the end plus one, past every place
    (bisect_right(starts, place) - 1 is the text a place is in)."""
    return list(accumulate(map(_PLUS_ONE, map(len, texts)), initial=0))


def joined_texts(texts: list[str], lower: bool) -> tuple[str, list[str]]:
    """The texts joined by newlines (each lower-cased, with lower), and the texts as joined, whose
    lengths give each one's place in it ("İ" lengthens under lower()). Lower-casing line by line is
    lower() of the whole (a newline is neither cased nor case-ignorable: no final sigma crosses it)
    and quicker: the ASCII lines of a page with one curly quote keep their fast path."""
    if not lower:
        return "\n".join(texts), texts
    lowered = [text.lower() for text in texts]
    return "\n".join(lowered), lowered


@functools.lru_cache(maxsize=64)
def _automaton(needles: tuple[str, ...]):
    """The automaton of the distinct non-empty needles (None when there are none), for each of
    them every index it has in `needles`, and the indexes of the empty ones."""
    import ahocorasick_rs

    indexes: dict[str, list[int]] = {}
    for n, needle in enumerate(needles):
        indexes.setdefault(needle, []).append(n)
    words = [needle for needle in indexes if needle]
    if not words:
        return None, (), tuple(indexes.get("", ()))
    automaton = ahocorasick_rs.AhoCorasick(words, matchkind=ahocorasick_rs.MatchKind.Standard,
                                           implementation=ahocorasick_rs.Implementation.DFA)
    return automaton, tuple(tuple(indexes[word]) for word in words), tuple(indexes.get("", ()))


@functools.lru_cache(maxsize=None)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


@functools.lru_cache(maxsize=None)
def _search_compiled(pattern: str) -> re.Pattern:
    """_compiled(pattern) for search(), with a lookahead for the characters a match may start with
    (_match_starts) before the pattern's opening alternation, or before its branches that are not "^"-anchored:
    search() tries every place of a line, and at each one re runs every branch (IGNORECASE letters
    get no prefix scan), where one class test rules most places out. It matches where the plain
    pattern does: the class is what every match of those branches starts with (_starts, as the
    anchored rules' buckets read it), and the order of the branches does not change whether one
    matches. (A "^" branch fails at once past a line's start.)"""
    split = _alternatives(pattern)
    if split is None:
        return _compiled(pattern)
    head, branches, tail = split
    opens = list(map(_opens_anchored, branches))
    anchored = [b for b, at_start in zip(branches, opens) if at_start]
    free = [b for b, at_start in zip(branches, opens) if not at_start]
    ahead = _match_starts("|".join(free)) if free else None
    if not ahead:
        return _compiled(pattern)
    if not anchored:
        return _compiled(f"{ahead}(?:{pattern})")
    return _compiled(head + "|".join(anchored) + f"|{ahead}(?:" + "|".join(free) + ")" + tail)


def _alternatives(pattern: str) -> tuple[str, list[str], str] | None:
    """The pattern as head + "|".join(branches) + tail, its opening alternation split into its
    branches: the pattern itself, or inside one group around it all ("(a|b)"); None when it is
    neither, or when re reads the parts otherwise (a split inside a class or a group)."""
    for head, tail in (("", ""), ("(", ")")):
        if not (pattern.startswith(head) and pattern.endswith(tail)):
            continue
        inner = pattern[len(head):len(pattern) - len(tail)]
        branches = _split_top(inner)
        if branches is None or len(branches) < 2:
            continue
        parsed = list(_sre_parser.parse(pattern))
        if head:
            if len(parsed) != 1 or parsed[0][0] is not _sre.SUBPATTERN:
                continue
            parsed = list(parsed[0][1][3])
        if len(parsed) == 1 and parsed[0][0] is _sre.BRANCH and len(parsed[0][1][1]) == len(branches):
            return head, branches, tail
    return None


def _split_top(text: str) -> list[str] | None:
    """text split at its "|"s outside groups and classes; None when its brackets do not close."""
    out, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            i += 1 + (text[i + 1:i + 2] == "^")
            i += text[i:i + 1] == "]"  # "[]...]" and "[^]...]": a first "]" is a member
            continue
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth < 0:
                return None
        elif c == "|" and depth == 0:
            out.append(text[start:i])
            start = i + 1
        i += 1
    return None if depth or in_class else out + [text[start:]]


def _opens_anchored(branch: str) -> bool:
    """The branch (inside its groups) opens with "^"."""
    items = list(_sre_parser.parse(branch))
    while items and items[0][0] is _sre.SUBPATTERN:
        items = list(items[0][1][3])
    return bool(items) and items[0][0] is _sre.AT and items[0][1] in (_sre.AT_BEGINNING, _sre.AT_BEGINNING_STRING)


def _match_starts(pattern: str) -> str | None:
    """A lookahead for the first two characters of every match of `pattern`: a class for the first
    and, when every match has a second from a known class, one for the second (together they
    admit more pairs than the pattern's, never fewer). None: a match may start with any character."""
    found = _starts(list(_sre_parser.parse(pattern)), 2, lead=False)
    if any(not seq or seq[0] is None for seq in found):
        return None
    first = "|".join(sorted({seq[0] for seq in found}))
    if any(len(seq) < 2 or not seq[1] for seq in found):
        return f"(?=(?:{first}))"
    return f"(?=(?:{first})(?:{'|'.join(sorted({seq[1] for seq in found}))}))"


@functools.lru_cache(maxsize=None)
def _gate(pattern: str) -> re.Pattern | None:
    needles = required_literals(pattern)
    return re.compile("|".join(map(re.escape, needles))) if needles else None


@functools.lru_cache(maxsize=None)
def _start_regex(pattern: str, n: int) -> re.Pattern | None:
    """first_letters(pattern, n), compiled (None: any start)."""
    starts = first_letters(pattern, n)
    return re.compile(starts, re.IGNORECASE) if starts else None


MIN_GATE_LETTERS = 4


def _gated_by_literal(pattern: str) -> bool:
    """Whether a "^" rule is tried only on the lines holding one of its literals (with the
    searched rules) rather than on the lines its first characters allow: when it may start with
    any character, or with any digit or any letter of a class ("[\\d]", "(?-i:[A-Z])": most lines
    then), and its literals are words (MIN_GATE_LETTERS letters or more), which few lines hold."""
    starts, literals = first_letters(pattern), required_literals(pattern)
    if not literals:
        return False
    return starts is None or ("[" in first_letters(pattern, 1) and min(len(x.strip()) for x in literals) >= MIN_GATE_LETTERS)


def _regex_sized(line: str) -> bool:
    """Short enough for regex rules: chrome lines are short; long prose is not scanned."""
    return len(line) <= MAX_REGEX_CHARS and line.count(" ") < 60


_FIRST_WORD = re.compile(r"\W*(\w.?.?)", re.DOTALL)  # a line's first word character and the two after

PREFIX_CHARS = 3
_MAX_BUCKETS = 50_000
_SKIPPED_AT = (_sre.AT_BEGINNING, _sre.AT_BEGINNING_STRING, _sre.AT_BOUNDARY)


def lead_key(line: str) -> str:
    """_FIRST_WORD's group: the line's first word character and the two after it ("" if none)."""
    if line[:1].isalnum() or line[:1] == "_":  # re's \w; most lines start with one: no regex
        return line[:PREFIX_CHARS]
    lead = _FIRST_WORD.match(line)
    return lead.group(1) if lead else ""


def first_letters(pattern: str, n: int = PREFIX_CHARS) -> str | None:
    """A regex for the first n characters of every line `pattern` matches, from its first word
    character on (the pattern may skip leading non-word characters before it), or None when the
    pattern guarantees no such start. Read from the parsed pattern, like required_literals; it is
    compiled with IGNORECASE, so case folds exactly as in the rule itself."""
    found = _starts(list(_sre_parser.parse(pattern)), n, lead=True)
    if any(not seq or seq[0] is None for seq in found):
        return None  # some match may start with any character
    return "|".join(sorted("".join(x for x in seq if x) for seq in found))


def _starts(items: list, n: int, lead: bool) -> set[tuple]:
    """Sequences of one-character regexes (None: any character) that start every string `items`
    can match; `lead`: still before the first word character, where marks are skipped."""
    if n == 0 or not items:
        return {("",)}  # anything may follow
    (op, arg), rest = items[0], items[1:]
    if (op is _sre.AT and arg in _SKIPPED_AT) or (lead and _marks_only(op, arg)):
        return _starts(rest, n, lead)  # "^", "\W{0,3}", "\(?", "\s*": marks a line may open with
    if op is _sre.SUBPATTERN:
        if arg[2] & _sre.SRE_FLAG_IGNORECASE:  # "(?-i:[a-z])": its letters keep their case
            return _starts(_cased(list(arg[3])) + rest, n, lead)
        return _starts(list(arg[3]) + rest, n, lead)
    if op is _sre.BRANCH:
        return set().union(*(_starts(list(branch) + rest, n, lead) for branch in arg[1]))
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
        low, _, sub = arg
        once = {seq + ("",) for seq in _starts(list(sub), n, lead)}  # what follows a round: left open
        return once | (_starts(rest, n, lead) if low == 0 else set())
    char = _one_char(op, arg, word_only=lead)
    if char is None:
        return {(None,)}
    return {(char,) + seq for seq in _starts(rest, n - 1, False)}


_CASED = object()  # the op of a LITERAL or IN inside "(?-i:...)"


def _cased(items: list) -> list:
    """items with each LITERAL and IN, at any depth, marked as matched case-sensitively."""
    out = []
    for op, arg in items:
        if op in (_sre.LITERAL, _sre.IN):
            out.append((_CASED, (op, arg)))
        elif op is _sre.SUBPATTERN:
            out.append((op, (*arg[:3], _cased(list(arg[3])))))
        elif op is _sre.BRANCH:
            out.append((op, (arg[0], [_cased(list(branch)) for branch in arg[1]])))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
            out.append((op, (*arg[:2], _cased(list(arg[2])))))
        else:
            out.append((op, arg))
    return out


def _one_char(op, arg, word_only: bool) -> str | None:
    """A regex for the one character a LITERAL or simple class matches (None: not simple, or
    `word_only` and it may match a non-word character)."""
    if op is _CASED:
        char = _one_char(*arg, word_only)
        return f"(?-i:{char})" if char else None
    if op is _sre.LITERAL:
        c = chr(arg)
        return re.escape(c) if not word_only or c.isalnum() or c == "_" else None
    if op is not _sre.IN:
        return None
    parts = []
    for sub_op, sub_arg in arg:
        if sub_op is _sre.LITERAL and (not word_only or chr(sub_arg).isalnum()):
            parts.append(re.escape(chr(sub_arg)))
        elif sub_op is _sre.RANGE and (not word_only or all(chr(c).isalnum() for c in range(sub_arg[0], sub_arg[1] + 1))):
            parts.append(f"{re.escape(chr(sub_arg[0]))}-{re.escape(chr(sub_arg[1]))}")
        elif sub_op is _sre.CATEGORY and sub_arg in _CATEGORIES and (not word_only or sub_arg in _WORD_CATEGORIES):
            parts.append(_CATEGORIES[sub_arg])
        else:
            return None
    return "[" + "".join(parts) + "]"


_CATEGORIES = {_sre.CATEGORY_DIGIT: r"\d", _sre.CATEGORY_WORD: r"\w", _sre.CATEGORY_SPACE: r"\s",
               _sre.CATEGORY_NOT_WORD: r"\W", _sre.CATEGORY_NOT_DIGIT: r"\D", _sre.CATEGORY_NOT_SPACE: r"\S"}
_WORD_CATEGORIES = (_sre.CATEGORY_DIGIT, _sre.CATEGORY_WORD)


def _marks_only(op, arg) -> bool:
    """A repeat or optional of non-word characters only (it can match nothing but marks)."""
    if op not in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
        return False
    return all(_is_mark(sub_op, sub_arg) for sub_op, sub_arg in arg[2])


def _is_mark(op, arg) -> bool:
    if op is _sre.LITERAL:
        return not (chr(arg).isalnum() or chr(arg) == "_")
    if op is _sre.IN:
        return all(_is_mark(o, a) for o, a in arg)
    return op is _sre.CATEGORY and arg in (_sre.CATEGORY_NOT_WORD, _sre.CATEGORY_SPACE)


@functools.lru_cache(maxsize=None)
def required_literals(pattern: str) -> tuple[str, ...]:
    """Lower-case strings one of which every match of `pattern` must contain (empty: no such set
    found, the regex always runs). Read from the parsed pattern: literals, groups, alternations
    and repeats of at least one; anything else guarantees nothing."""
    found = _literals(_sre_parser.parse(pattern))
    return tuple(sorted({x.lower() for x in found})) if found else ()


def _literals(items) -> set[str] | None:
    candidates, run = [], ""
    for op, arg in items:
        if op is _sre.LITERAL:
            run += chr(arg)
            continue
        if run:
            candidates.append({run})
            run = ""
        if op is _sre.SUBPATTERN:
            part = _literals(arg[3])
        elif op is _sre.BRANCH:
            alternatives = [_literals(branch) for branch in arg[1]]
            part = None if any(a is None for a in alternatives) else set().union(*alternatives)
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and arg[0] >= 1:
            part = _literals(arg[2])
        else:
            part = None
        if part is not None:
            candidates.append(part)
    if run:
        candidates.append({run})
    useful = [c for c in candidates if c and min(map(len, c)) >= 1]
    return max(useful, key=_strength) if useful else None


def _strength(literals: set[str]) -> tuple[int, int, int]:
    """How well a set of literals rules lines out: by its shortest literal's letters (spaces
    around " you " do not make it rare), then its shortest length, then fewer literals."""
    return min(len(x.strip()) for x in literals), min(map(len, literals)), -len(literals)


_SITE_VIEWS: dict[tuple[int, str], tuple[RuleSet, RuleSet]] = {}


def _site_view(ruleset: RuleSet, host: str) -> RuleSet:
    """The rules of `ruleset` that apply to `host`, compiled once per (ruleset, host). The entry
    holds its ruleset, so a later ruleset given the same id() is not answered with a stale view."""
    entry = _SITE_VIEWS.get((id(ruleset), host))
    if entry is None or entry[0] is not ruleset:
        keep = [r for r in ruleset.rules if not r.site or host == r.site or host.endswith("." + r.site)]
        entry = _SITE_VIEWS[(id(ruleset), host)] = (ruleset, RuleSet(keep))
    return entry[1]


def _site(value) -> str:
    """A pack's host as urls.host() gives a page's: lower case, no leading 'www.'."""
    site = str(value).strip().lower()
    return site[4:] if site.startswith("www.") else site


def _parse_rule(raw: dict, source: str) -> Rule:
    rid = raw.get("id")
    where = f"{source}: rule {rid!r}"
    if not isinstance(rid, str) or not re.fullmatch(r"[a-z0-9_-]+(\.[a-z0-9_-]+)+", rid):
        raise RuleError(f"{where}: id must be dotted lower-case words like 'related.heading'")
    unknown = set(raw) - FIELDS
    if unknown:
        raise RuleError(f"{where}: unknown field(s) {sorted(unknown)}")
    kind, match = raw.get("kind"), raw.get("match", "phrase")
    if kind not in KINDS:
        raise RuleError(f"{where}: kind must be one of {KINDS}, not {kind!r}")
    if match not in MATCHES:
        raise RuleError(f"{where}: match must be one of {MATCHES}, not {match!r}")
    phrases = tuple(raw.get("phrases", ()))
    pattern = raw.get("pattern", "")
    if match == "regex":
        _check_pattern(pattern, where)
    elif not phrases or not all(isinstance(p, str) and normalise(p) for p in phrases):
        raise RuleError(f"{where}: a {match} rule needs non-empty phrases")
    examples = raw.get("examples", {})
    default_words = 40 if match == "regex" else 12
    return Rule(
        id=rid, kind=kind, match=match, phrases=phrases, pattern=pattern,
        max_words=int(raw.get("max_words", default_words)), site=_site(raw.get("site", "")),
        drop_examples=tuple(examples.get("drop", ())), keep_examples=tuple(examples.get("keep", ())),
        source=source,
    )


def _check_pattern(pattern: str, where: str) -> None:
    if not isinstance(pattern, str) or not pattern.strip():
        raise RuleError(f"{where}: a regex rule needs a non-empty pattern")
    try:
        compiled = re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise RuleError(f"{where}: bad regex: {exc}") from None
    if compiled.groups and "(?P<" in pattern:
        raise RuleError(f"{where}: named groups are reserved for the matcher")
    if compiled.search("") is not None:
        raise RuleError(f"{where}: pattern matches the empty line, so it would match everything")
    if re.search(r"\([^()]*[+*][^()]*\)(\+|\*|\{\d*,\})", pattern):
        raise RuleError(f"{where}: nested quantifier (catastrophic backtracking risk)")


def load_file(path: Path | resources.abc.Traversable, label: str | None = None) -> list[Rule]:
    label = label or str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RuleError(f"{label}: not valid TOML: {exc}") from None
    if set(data) - {"rule"}:
        raise RuleError(f"{label}: only [[rule]] tables are allowed, found {sorted(set(data) - {'rule'})}")
    return [_parse_rule(raw, label) for raw in data.get("rule", [])]


def _pack_files(root) -> list[tuple[object, str]]:
    """(file, label) for each pack under root: top level, lang/<code>.toml, sites/."""
    files = []
    for sub in ("", "lang", "sites"):
        folder = root.joinpath(sub) if sub else root
        if folder.is_dir():
            for f in sorted((f for f in folder.iterdir() if f.name.endswith(".toml")
                             and f.name != "selectors.toml"), key=lambda f: f.name):
                files.append((f, f"{sub}/{f.name}" if sub else f.name))
    return files


@functools.lru_cache(maxsize=None)
def packaged_root():
    """The packaged rules: `rules/` beside the code in a source checkout, `cleaner/rulepacks` in a wheel."""
    source = Path(__file__).resolve().parent.parent / "rules"
    if (source / "README.md").is_file() and (source / "related.toml").is_file():
        return source
    return resources.files("cleaner.rulepacks")


@functools.lru_cache(maxsize=32)
def load_rules(extra_dirs: tuple[str, ...] = ()) -> RuleSet:
    """Packaged rules, then each user folder in order. Duplicate ids are refused."""
    rules: list[Rule] = []
    for f, label in _pack_files(packaged_root()):
        rules += load_file(f, f"rules/{label}")
    for d in extra_dirs:
        folder = Path(d)
        if not folder.is_dir():
            raise RuleError(f"{d}: rules folder not found")
        for f, _ in _pack_files(folder):
            rules += load_file(f)
    seen: dict[str, str] = {}
    for r in rules:
        if r.id in seen:
            raise RuleError(f"{r.source}: rule {r.id!r} duplicates the id already defined in {seen[r.id]}")
        seen[r.id] = r.source
    return RuleSet(rules)


def example_failures(ruleset: RuleSet, rules: list[Rule] | None = None) -> list[str]:
    """Every rule's own examples, checked: drops must hit that rule (on its site), keeps no rule."""
    problems = []
    for rule in rules if rules is not None else ruleset.rules:
        view = ruleset.for_site(rule.site or None)
        for line in rule.drop_examples:
            hit = view.match(line.strip())
            if hit is None or hit.rule_id != rule.id:
                problems.append(f"{rule.source}: rule {rule.id!r} should drop {line!r} but {hit and hit.rule_id or 'no rule'} matched")
        for line in rule.keep_examples:
            hit = view.match(line.strip())
            if hit is not None:
                problems.append(f"{rule.source}: rule {rule.id!r} keep example {line!r} is dropped by {hit.rule_id!r}")
    return problems
