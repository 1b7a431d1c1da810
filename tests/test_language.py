"""Language: the English shortcut answers only when langdetect would, and the seeded detector is stable."""
import pytest

from cleaner import language

ENGLISH = ("The council said that the new budget, which was approved with a large majority, would "
           "fund repairs to the roads and schools that they have been promising for years.")
OTHERS = {
    "fr": "Le conseil a dit que the budget, qui a été approuvé avec une large majorité, financera les routes et les écoles.",
    "de": "Der Rat sagte, dass das neue Budget, das mit großer Mehrheit angenommen wurde, die Straßen und Schulen finanziert.",
    "tl": "Sinabi ng konseho na ang bagong badyet ay inaprubahan ng malaking mayorya at popondohan ang mga kalsada at paaralan.",
    "nl": "De raad zei dat het nieuwe budget, dat met een grote meerderheid is goedgekeurd, de wegen en scholen financiert.",
    # ASCII-only languages whose common words ("in", "is", "as", "de", "at", "may") are in
    # jusText's English stoplist: they must not reach the stoplist test's share
    "af": ("Die raad het gister gesê dat die nuwe begroting, wat met 'n groot meerderheid goedgekeur is, "
           "die paaie en skole in die stad sal finansier, soos hulle al vir jare belowe het."),
    "id": ("Dewan kota mengatakan bahwa anggaran baru, yang disetujui dengan mayoritas besar, akan "
           "membiayai perbaikan jalan dan sekolah yang telah mereka janjikan selama bertahun tahun."),
}
# Plain English with few of the marker words: the stoplist test takes it.
ENGLISH_FEW_MARKERS = ("Police in Leeds arrested two men on Tuesday after a long car chase through the busy city "
                       "centre. Both men are due in court later next week, a police spokesman told reporters.")


def test_plain_english_takes_the_shortcut_and_agrees_with_langdetect(monkeypatch):
    assert language.plainly_english(ENGLISH)
    calls = []
    monkeypatch.setattr(language, "_langdetect", calls.append)  # (past its cache of answers)
    assert language.detect(ENGLISH) == "en" and not calls


@pytest.mark.parametrize("code", sorted(OTHERS))
def test_other_languages_go_to_langdetect(code):
    assert not language.plainly_english(OTHERS[code])
    assert language.detect(OTHERS[code]) == code


def test_english_with_few_marker_words_takes_the_stoplist_test():
    words = language._WORDS.findall(ENGLISH_FEW_MARKERS)
    assert sum(w.lower() in language.ENGLISH_MARKERS for w in words) < language.ENGLISH_SHARE * len(words)
    assert language.plainly_english(ENGLISH_FEW_MARKERS)
    assert language.detect(ENGLISH_FEW_MARKERS) == "en"


def test_short_samples_are_not_called_english():
    assert not language.plainly_english("the and that with this")
    assert language.detect("the news") is None


def test_detection_is_seeded():
    text = OTHERS["nl"]
    assert len({language.detect(text) for _ in range(5)}) == 1


SCRIPT_SAMPLES = {
    "ko": "서울시 의회는 어제 열린 회의에서 새로운 예산안을 큰 표차로 통과시켰으며, 이 예산은 도로와 학교를 고치는 데 쓰일 것이라고 밝혔다.",
    "ja": "市議会は昨日の会議で、新しい予算案を大差で可決しました。この予算は道路や学校の修理に使われる予定だと、市の担当者は説明しました。",
    "zh": "市议会昨天在会议上以压倒性多数通过了新的预算案，这笔预算将用于修缮道路和学校，市政府发言人表示，工程将于明年春天开始。",
    "ru": "Городской совет вчера одобрил новый бюджет большинством голосов; эти деньги пойдут на ремонт дорог и школ, сообщил представитель мэрии.",
    "el": "Το δημοτικό συμβούλιο ενέκρινε χθες τον νέο προϋπολογισμό με μεγάλη πλειοψηφία, και τα χρήματα θα πάνε στην επισκευή δρόμων και σχολείων.",
}
# Cyrillic that is not Russian goes to langdetect: Ukrainian has its own letters, Bulgarian has neither ы nor э.
CYRILLIC_OTHERS = {
    "uk": "Міська рада вчора схвалила новий бюджет більшістю голосів; ці гроші підуть на ремонт доріг і шкіл, повідомив представник мерії.",
    "bg": "Градският съвет вчера одобри новия бюджет с голямо мнозинство; тези пари ще отидат за ремонт на пътища и училища, каза говорител.",
}


@pytest.mark.parametrize("code", sorted(SCRIPT_SAMPLES))
def test_a_script_one_language_writes_settles_it_as_langdetect_would(code, monkeypatch):
    text = SCRIPT_SAMPLES[code]
    assert language.by_script("".join(language._WORDS.findall(text))) == code
    detector = language._factory().create()
    detector.seed, detector.n_trial = 0, language.N_TRIAL
    detector.append(text)
    assert detector.detect().split("-")[0] == code
    monkeypatch.setattr(language, "_langdetect", lambda sample: pytest.fail("langdetect called"))
    assert language.detect(text) == code


@pytest.mark.parametrize("code", sorted(CYRILLIC_OTHERS))
def test_cyrillic_other_than_russian_goes_to_langdetect(code):
    text = CYRILLIC_OTHERS[code]
    assert language.by_script("".join(language._WORDS.findall(text))) is None
    assert language.detect(text) == code


def _probabilities(detector_class, text):
    from langdetect.lang_detect_exception import LangDetectException

    detector = detector_class(language._factory())
    detector.seed, detector.n_trial = 0, language.N_TRIAL
    detector.append(text)
    try:
        return [(p.lang, p.prob) for p in detector.get_probabilities()]
    except LangDetectException as error:
        return repr(error)


def test_fast_detector_gives_langdetects_probabilities_bit_for_bit():
    # The same floating-point operations in the same order: equal floats, not close ones.
    from pathlib import Path

    from hypothesis import given, settings
    from hypothesis import strategies as st
    from langdetect.detector import Detector

    from cleaner.langdetect_fast import FastDetector

    seeds = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8")[:400] for p in seeds]
    texts += [ENGLISH, ENGLISH_FEW_MARKERS, *OTHERS.values(), *SCRIPT_SAMPLES.values(), *CYRILLIC_OTHERS.values()]
    for text in texts:
        assert _probabilities(FastDetector, text) == _probabilities(Detector, text)

    pieces = st.sampled_from(texts).map(lambda t: t[:40]) | st.text(max_size=30)

    @settings(max_examples=60, deadline=None)
    @given(st.lists(pieces, max_size=6).map(" ".join))
    def check(text):
        assert _probabilities(FastDetector, text) == _probabilities(Detector, text)

    check()


def test_scaling_in_c_equals_the_python_map():
    # langdetect_fast's probability update: the kernel's scale_by against its Python definition,
    # compared as floats (bit for bit), on any finite values.
    from itertools import repeat
    from operator import add, mul

    import pytest
    from hypothesis import given
    from hypothesis import strategies as st

    from cleaner.native import compiled

    scale_by = compiled("scale_by")
    if scale_by is None:
        pytest.skip("the kernel is not built (tests/test_lines.py says why)")
    floats = st.floats(allow_nan=False, allow_infinity=False, width=64)

    @given(st.lists(st.tuples(floats, floats), max_size=60), floats)
    def check(pairs, weight):
        prob, row = [p for p, _ in pairs], [m for _, m in pairs]
        expected = list(map(mul, prob, map(add, repeat(weight), row)))
        scale_by(prob, weight, row)
        assert [x.hex() for x in prob] == [x.hex() for x in expected]

    check()


def test_stoplists_read_whole_equal_justexts_word_by_word():
    import justext

    for name in sorted(set(language.JUSTEXT_NAMES.values()) | justext.get_stoplists()):
        assert language.stoplist(name) == frozenset(w.casefold() for w in justext.get_stoplist(name)), name
    with pytest.raises(ValueError):
        language.stoplist("Klingon")


def test_an_english_disclaimer_on_a_german_page_does_not_set_its_language():
    # text_path: the longest sentence, the sample, is an English trade-mark notice in the footer; once
    # it is dropped, the kept text is German and is judged again with the German stoplist.
    from cleaner import clean

    notice = ("© 1997-2022 Example Media GmbH · This website is unofficial and is not associated in any way "
              "with the racing companies. The trade mark RACING is used under licence. All rights reserved.")
    paragraphs = ["Das Team wird sein neues Auto erst nach dem ersten Test der Saison zeigen, wie es am Mittwoch "
                  "mitteilte. Zum Einsatz kommt der Wagen dann schon in der ersten Woche.",
                  "Damit ist es das siebte Team, das seine Pläne für die Vorstellung bekannt gegeben hat, und "
                  "es bleibt bei der neuen Fahrerpaarung, die im Winter verpflichtet wurde.",
                  "Beide Fahrer werden das Auto während der Tests fahren können, bevor es in der Wüste zum "
                  "ersten Rennen des Jahres antritt."]
    page = "\n".join(["Neues Auto kommt erst nach dem Test", *paragraphs, "* nächste News", "* vorherige News", notice])
    result = clean(page, input_format="text")
    assert result.language == "de"
    assert all(p in result.body for p in paragraphs) and notice not in result.body


def test_ngrams_in_c_equal_their_python_definition():
    # FastDetector._extract_ngrams runs cleaner/_kernel.c's extract_ngrams; _extract_ngrams_python
    # is what it means: the same n-grams in the same order (capitalised words, marks, other scripts).
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from cleaner.langdetect_fast import FastDetector

    detector = FastDetector(language._factory())
    chars = st.sampled_from(list("aAbBzZ ,.-'’éÉßøŁșțàÀ中ひカ한ДдΣσ\u06cc\u1ea1 1_\n\t"))

    @settings(max_examples=300, deadline=None)
    @given(st.text(chars, max_size=40) | st.text(max_size=40))
    def check(text):
        detector.text = text
        assert detector._extract_ngrams() == detector._extract_ngrams_python()

    check()


def test_the_trial_loop_in_c_is_the_one_the_bit_for_bit_test_runs():
    # FastDetector._detect_block hands each trial to the kernel's trial_loop when it is built, so the
    # bit-for-bit comparison with langdetect's Detector above holds the C loop to langdetect's.
    from cleaner import langdetect_fast

    if langdetect_fast._trial_loop is None:
        pytest.skip("the kernel is not built (NEWSCLEAN_PURE_PYTHON or no compiler): the Python loop runs")
    calls = []
    loop = langdetect_fast._trial_loop
    langdetect_fast._trial_loop = lambda *args: calls.append(1) or loop(*args)
    try:
        assert _probabilities(langdetect_fast.FastDetector, OTHERS["de"]) and calls
    finally:
        langdetect_fast._trial_loop = loop
