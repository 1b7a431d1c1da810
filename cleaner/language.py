"""Language: langdetect, seeded, on a bounded sample; stoplists from jusText's packaged data.

langdetect is random unless seeded and costs milliseconds per call, so we build its factory once
per process, seed every detector, and feed it one short sample of the most prose-like lines.
A sample that is plainly English (plain ASCII letters, enough English function words or
stopwords), or written in a script that settles its language (Hangul, kana, Han, Russian's
Cyrillic, Greek, ...), skips it: a count in microseconds instead of a millisecond of n-gram
sampling. On every dev, seed and gold sample a shortcut takes, langdetect gives the same answer.
"""
from __future__ import annotations

import bisect
import functools
import re
from collections import Counter

SAMPLE_CHARS = 300
N_TRIAL = 1  # one trial on a 300-char sample agrees with full-text detect() as often as 7 (dev set: 179/181)
MIN_SAMPLE_LETTERS = 40

# ISO 639-1 -> jusText stoplist name (the languages langdetect knows and jusText has lists for).
JUSTEXT_NAMES = {
    "af": "Afrikaans", "ar": "Arabic", "bg": "Bulgarian", "bn": "Bengali", "ca": "Catalan", "cs": "Czech",
    "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek", "en": "English", "es": "Spanish",
    "et": "Estonian", "fa": "Persian", "fi": "Finnish", "fr": "French", "gu": "Gujarati", "he": "Hebrew",
    "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "id": "Indonesian", "it": "Italian", "kn": "Kannada",
    "ko": "Korean", "lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian", "ml": "Malayalam", "mr": "Marathi",
    "ne": "Nepali", "nl": "Dutch", "no": "Norwegian_Bokmal", "pl": "Polish", "pt": "Portuguese",
    "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "sq": "Albanian", "sv": "Swedish",
    "sw": "Swahili", "ta": "Tamil", "te": "Telugu", "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian",
    "ur": "Urdu", "vi": "Vietnamese",
}
_WORDS = re.compile(r"[^\W\d_]+")
_NON_ASCII_LETTERS = re.compile(r"[^\W\d_a-zA-Z]")
# Frequent English words that are not common words of another language ("of", "to", "in", "is",
# "was", "for", "on", "die" are). On the dev set (text and HTML paths) and seeds every sample
# plainly_english calls English, langdetect does too (324 of 389 samples; none in another language).
ENGLISH_MARKERS = frozenset("the and that with this from which were their they been would have what there about said".split())
ENGLISH_SHARE = 0.08
# jusText's English stoplist covers 0.13 to 0.45 of the words of the English samples the marker test
# leaves to langdetect, and at most 0.09 of Latin-script samples in other languages (dev set).
ENGLISH_STOP_SHARE = 0.25
ENGLISH_MIN_WORDS = 20


@functools.lru_cache(maxsize=None)
def _factory():
    from langdetect import DetectorFactory
    from langdetect.detector_factory import init_factory

    DetectorFactory.seed = 0
    init_factory()
    from langdetect import detector_factory

    factory = detector_factory._factory
    # Its profile maps ~88,000 n-grams each to a list of 55 probabilities, read and never changed:
    # as tuples of floats the garbage collector stops walking them (it untracks such tuples). Held
    # as lists, they were two thirds of the objects a full collection walks (88 ms once per aeb pass).
    factory.word_lang_prob_map = {gram: tuple(row) for gram, row in factory.word_lang_prob_map.items()}
    return factory


UNDECIDED = ""  # detect(..., slow=False) when no shortcut settles the language


def detect(sample: str, slow: bool = True) -> str | None:
    """ISO 639-1 code of `sample`, or None when it has too few letters to tell. slow=False: the
    shortcuts only, UNDECIDED where langdetect would be needed."""
    head = sample[:SAMPLE_CHARS]
    words = _WORDS.findall(head)  # runs of letters: their lengths add up to the letters
    if sum(map(len, words)) < MIN_SAMPLE_LETTERS:
        return None
    if plainly_english(head, words):
        return "en"
    code = by_script("".join(words))
    if code is not None or not slow:
        return code or UNDECIDED
    return _langdetect(head)


@functools.lru_cache(maxsize=1024)  # a crawl repeats pages and a site its blurbs: same sample, same answer
def _langdetect(sample: str) -> str | None:
    from langdetect.lang_detect_exception import LangDetectException

    from .langdetect_fast import FastDetector

    detector = FastDetector(_factory())  # langdetect's Detector, its answers bit for bit, half the cost
    detector.seed = 0  # every call starts from the same random state: same text, same answer
    detector.n_trial = N_TRIAL
    detector.append(sample)
    try:
        code = detector.detect()
    except LangDetectException:
        return None
    return None if code == "unknown" else code.split("-")[0]


# Blocks of the scripts that settle a language: (first, last code point, script). Hangul, Thai,
# Greek, Hebrew and these Indic scripts are each written by one of langdetect's languages.
_BLOCKS = sorted([
    (0x0370, 0x03FF, "el"), (0x0400, 0x04FF, "cyrillic"), (0x0590, 0x05FF, "he"), (0x0980, 0x09FF, "bn"),
    (0x0A00, 0x0A7F, "pa"), (0x0A80, 0x0AFF, "gu"), (0x0B80, 0x0BFF, "ta"), (0x0C00, 0x0C7F, "te"),
    (0x0C80, 0x0CFF, "kn"), (0x0D00, 0x0D7F, "ml"), (0x0E00, 0x0E7F, "th"), (0x1100, 0x11FF, "ko"),
    (0x1F00, 0x1FFF, "el"), (0x3040, 0x30FF, "kana"), (0x3130, 0x318F, "ko"), (0x31F0, 0x31FF, "kana"),
    (0x3400, 0x4DBF, "han"), (0x4E00, 0x9FFF, "han"), (0xAC00, 0xD7AF, "ko"),
])
_BLOCK_STARTS = [lo for lo, _, _ in _BLOCKS]
# Russian writes ы and э; Ukrainian, Belarusian, Serbian, Macedonian and the Turkic languages
# have letters of their own, Bulgarian has neither ы nor э.
_RUSSIAN_ONLY = frozenset("ыэЫЭ")
_NOT_RUSSIAN = frozenset("іїєґўјљњђћџѓќѕәғқңөұүһІЇЄҐЎЈЉЊЂЋЏЃЌЅӘҒҚҢӨҰҮҺ")
SCRIPT_SHARE = 0.6


def by_script(letters: str) -> str | None:
    """The language the sample's letters (in order, nothing else) say without doubt: a script only one language writes
    (Hangul, Thai, Greek, Hebrew, the Indic scripts with one language each), Japanese (kana),
    Chinese (Han, no kana), Russian (Cyrillic with ы or э and no other language's letters).
    None: langdetect decides."""
    codes = [ord(c) for c in letters if c > "\u036f"]  # past Latin
    if len(codes) < SCRIPT_SHARE * len(letters):
        return None
    counts = Counter()
    for code in codes:
        lo, hi, script = _BLOCKS[max(0, bisect.bisect_right(_BLOCK_STARTS, code) - 1)]
        if lo <= code <= hi:
            counts[script] += 1
    enough = SCRIPT_SHARE * len(letters)
    script, n = counts.most_common(1)[0] if counts else ("", 0)
    if counts["kana"] >= 0.1 * len(letters) and counts["kana"] + counts["han"] >= enough:
        return "ja"
    if n < enough:
        return None
    if script == "han":
        return "zh" if not counts["kana"] else None
    if script == "cyrillic":
        found = set(letters)
        return "ru" if found & _RUSSIAN_ONLY and not found & _NOT_RUSSIAN else None
    return None if script == "kana" else script


def plainly_english(sample: str, words: list[str] | None = None) -> bool:
    """English beyond doubt: enough words, almost no letters outside ASCII, and either English
    function words at least ENGLISH_SHARE of them, or some function word and jusText's English
    stoplist a quarter of them (other languages in ASCII reach a tenth). Anything less goes to
    langdetect. `words`: _WORDS.findall(sample), when the caller has it."""
    words = _WORDS.findall(sample) if words is None else words
    if len(words) < ENGLISH_MIN_WORDS:
        return False
    if not sample.isascii() and len(_NON_ASCII_LETTERS.findall(sample)) > len(sample) // 100:
        return False
    lowered = list(map(str.lower, words))
    markers = sum(map(ENGLISH_MARKERS.__contains__, lowered))
    if markers >= ENGLISH_SHARE * len(words):
        return True
    return markers >= 1 and sum(map(stopwords("en").__contains__, lowered)) >= ENGLISH_STOP_SHARE * len(words)


@functools.lru_cache(maxsize=None)
def stopwords(code: str | None) -> frozenset[str]:
    """jusText's stoplist for a language (English when unknown or unlisted)."""
    name = JUSTEXT_NAMES.get(code or "en", "English")
    try:
        return stoplist(name)
    except ValueError:
        return stoplist("English")


@functools.lru_cache(maxsize=None)  # languages with no list of their own share English's: read once
def stoplist(name: str) -> frozenset[str]:
    """frozenset(w.casefold() for w in justext.get_stoplist(name)), the file decoded and its case
    folded whole rather than word by word (a third of the time: a list holds up to 13,000 words,
    read once per language in a process), split where bytes.splitlines splits. Case mappings
    are per character, the final sigma's too at a line's end; tests/test_language.py holds the two
    equal for every language."""
    import pkgutil

    try:
        data = pkgutil.get_data("justext", f"stoplists/{name}.txt")
    except OSError:
        raise ValueError(f"no jusText stoplist for {name!r}") from None
    words = data.decode("utf8").lower().casefold().replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if words[-1] == "":
        words.pop()  # bytes.splitlines gives no empty last line
    return frozenset(words)
