"""langdetect's Detector with its hot loops done by C-level maps, inlined, and memoised.

The answers and probabilities are langdetect's own, bit for bit: the same floating-point
operations in the same order (tests/test_language.py compares both detectors on every dev, seed
and drawn sample). What changes is the cost of a call, under half (0.35 ms against 0.9 ms on a
dev sample): langdetect multiplies 55 language probabilities one Python statement at a time for
each n-gram it draws (here one call of the kernel's scale_by, or C-level maps without it), and
normalises every character of the sample through a Unicode-block lookup (here memoised).
"""
from __future__ import annotations

import builtins
import functools
import random
from itertools import repeat
from operator import add, mul, truediv

from langdetect.detector import Detector
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.utils.ngram import NGram

from .native import compiled


_scale_by = compiled("scale_by")
_normalize = functools.lru_cache(maxsize=65_536)(NGram.normalize)  # depends on the character alone


_extract = compiled("extract_ngrams")
_trial_loop = compiled("trial_loop")


class FastDetector(Detector):
    def _detect_block(self):
        """Detector._detect_block (its definition) with each trial's loop in C when built
        (trial_loop: the draws, updates and normalisations, the same double operations), for
        langdetect's own random.Random only: its choice() is _randbelow_with_getrandbits."""
        if (_trial_loop is None or self.verbose or type(self.random) is not random.Random
                or random.Random._randbelow is not random.Random._randbelow_with_getrandbits):
            return super()._detect_block()
        self.cleaning_text()
        ngrams = self._extract_ngrams()
        if not ngrams:
            raise LangDetectException(ErrorCode.CantDetectError, 'No features in text.')
        self.langprob = [0.0] * len(self.langlist)
        self.random.seed(self.seed)
        for _ in range(self.n_trial):
            prob = self._init_probability()
            alpha = self.alpha + self.random.gauss(0.0, 1.0) * self.ALPHA_WIDTH
            _trial_loop(prob, ngrams, self.word_lang_prob_map, alpha / self.BASE_FREQ, self.random.getrandbits,
                        self.CONV_THRESHOLD, self.ITERATION_LIMIT, builtins.sum)
            for j in range(len(self.langprob)):
                self.langprob[j] += prob[j] / self.n_trial

    def _extract_ngrams(self):
        """_extract_ngrams_python(), in C when built (cleaner/_kernel.c): a third of a call's time."""
        if _extract is None or NGram.N_GRAM != 3:
            return self._extract_ngrams_python()
        return _extract(self.text, _normalize, self.word_lang_prob_map)

    def _extract_ngrams_python(self):
        """Detector._extract_ngrams with NGram.add_char inlined and its normalize() memoised:
        after each character, the last 1, 2 and 3 characters of the current word that langdetect
        has profiles for, unless the word is in capitals."""
        known = self.word_lang_prob_map
        result = []
        append = result.append
        grams, capitalword = " ", False
        for ch in self.text:
            ch = _normalize(ch)
            last = grams[-1]
            if last == " ":
                grams, capitalword = " ", False
                if ch == " ":
                    continue
            elif len(grams) >= NGram.N_GRAM:
                grams = grams[1:]
            grams += ch
            if ch.isupper():
                if last.isupper():
                    capitalword = True
            else:
                capitalword = False
            if capitalword:
                continue
            if ch != " " and ch in known:
                append(ch)
            if len(grams) >= 2:
                if grams[-2:] in known:
                    append(grams[-2:])
                if len(grams) >= 3 and grams in known:
                    append(grams)
        return result

    def _update_lang_prob(self, prob, word, alpha):
        """prob[i] *= weight + lang_prob_map[i], for all i at once."""
        lang_prob_map = self.word_lang_prob_map.get(word) if word is not None else None
        if lang_prob_map is None:
            return False
        weight = alpha / self.BASE_FREQ
        if _scale_by is None:
            prob[:] = map(mul, prob, map(add, repeat(weight), lang_prob_map))
        else:
            _scale_by(prob, weight, lang_prob_map)  # the same in C: a tenth of the cost
        return True

    def _normalize_prob(self, prob):
        """prob[i] /= sum(prob), for all i at once; the largest after (as langdetect finds it)."""
        sump = sum(prob)
        prob[:] = map(truediv, prob, repeat(sump))
        maxp = 0.0
        for p in prob:
            if maxp < p:
                maxp = p
        return maxp
