/* The per-line passes of cleaner/lines.py and cleaner/rules.py, and langdetect's probability
 * update (cleaner/langdetect_fast.py), compiled.
 *
 * line_stats: for each line, how many words it has, how many of them are in the stoplist, how
 * many start upper-case, and its shape: ends like a sentence, ends with a colon, opens with a
 * quote, its first letter is lower-case; and whether it holds a digit (str.isdigit).
 *
 * It means exactly what lines.line_stats_python() computes (tests/test_lines.py holds the two
 * equal): words are re's findall of lines.WORD, [^\W\d_]+(?:['’][^\W\d_]+)?, whose letter is
 * what re's Unicode \w takes (str.isalnum) minus decimal digits and "_"; a word is a stopword
 * when its casefold() is in the stoplist; it is capitalised when its first letter isupper().
 * The shape tests take their characters from the caller (lines.py names them).
 * The regex engine spends about 40 ns a character here; this loop a few.
 *
 * normalise_all: rules.normalise() of each line (that function is the definition, held equal by
 * tests/test_rules.py): curly single quotes to "'", no-break spaces to " ", the lead
 * marks stripped at the start and the trail marks at the end, whitespace runs (str.isspace) to one
 * space, casefold().
 *
 * content_words: the set of WORD's findall of each line's casefold() that are min_len or longer
 * (lines.content_words_python() is the definition, held equal by tests/test_lines.py): the words
 * find_headline compares a candidate headline with the article's prose by. A line that is not
 * ASCII is casefolded whole first, as the definition does, then scanned.
 *
 * line_objects: the Line (cleaner/lines.py) of each line of a page with no ideographs, from the
 * same counts and shapes as line_stats and the rules' hits, with the bullet test in C and the
 * timestamp test called back in Python (lines.line_objects_python() is the definition, held equal
 * by tests/test_lines.py). One call per page instead of a Python loop over its new lines.
 *
 * scale_by: langdetect's per-n-gram update of its 55 language probabilities, with the same
 * double operations (tests/test_language.py holds it equal to the Python map, bit for bit).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static inline int is_letter(Py_UCS4 ch)
{
    if (ch < 128)  /* most text: skip the four Unicode-database lookups ISALNUM makes */
        return (ch | 32) >= 'a' && (ch | 32) <= 'z';
    return Py_UNICODE_ISALNUM(ch) && !Py_UNICODE_ISDECIMAL(ch);
}

static int is_in(Py_UCS4 ch, int kind, const void *data, Py_ssize_t n)
{
    for (Py_ssize_t i = 0; i < n; i++)
        if (PyUnicode_READ(kind, data, i) == ch)
            return 1;
    return 0;
}

/* The next WORD match at or after *pos (letters, then one apostrophe and more letters): its
   start in *start and *pos past its end, and 1; 0 when the text has no more words. */
static int next_word(int kind, const void *data, Py_ssize_t n, Py_ssize_t *pos, Py_ssize_t *start)
{
    Py_ssize_t i = *pos;
    while (i < n && !is_letter(PyUnicode_READ(kind, data, i)))
        i++;
    if (i >= n) {
        *pos = i;
        return 0;
    }
    *start = i;
    while (i < n && is_letter(PyUnicode_READ(kind, data, i)))
        i++;
    if (i + 1 < n) {
        Py_UCS4 mark = PyUnicode_READ(kind, data, i);
        if ((mark == '\'' || mark == 0x2019) && is_letter(PyUnicode_READ(kind, data, i + 1))) {
            i++;
            while (i < n && is_letter(PyUnicode_READ(kind, data, i)))
                i++;
        }
    }
    *pos = i;
    return 1;
}

/* text[start:end], all ASCII, lower-cased: casefold() on ASCII. NULL on error. */
static PyObject *ascii_lower(int kind, const void *data, Py_ssize_t start, Py_ssize_t end)
{
    PyObject *folded = PyUnicode_New(end - start, 127);
    if (folded == NULL)
        return NULL;
    Py_UCS1 *out = PyUnicode_1BYTE_DATA(folded);
    for (Py_ssize_t i = start; i < end; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        out[i - start] = (Py_UCS1)((ch >= 'A' && ch <= 'Z') ? ch + 32 : ch);
    }
    return folded;
}

/* Is text[start:end], casefolded, in stop? 1 or 0; -1 on error. */
static int in_stoplist(PyObject *text, int kind, const void *data, Py_ssize_t start, Py_ssize_t end,
                       PyObject *stop)
{
    Py_UCS4 maxchar = 0;
    for (Py_ssize_t i = start; i < end; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (ch > maxchar)
            maxchar = ch;
    }
    PyObject *folded;
    if (maxchar < 128) {  /* ASCII: casefold() is lower() */
        if ((folded = ascii_lower(kind, data, start, end)) == NULL)
            return -1;
    } else {
        PyObject *word = PyUnicode_Substring(text, start, end);
        if (word == NULL)
            return -1;
        folded = PyObject_CallMethod(word, "casefold", NULL);
        Py_DECREF(word);
        if (folded == NULL)
            return -1;
    }
    int found = PySet_Contains(stop, folded);
    Py_DECREF(folded);
    return found;
}

struct shape {
    long words, stops, caps;
    int sentence, colon, quote, lower_start, digit;
};

/* What shape_of reads besides the line: the stoplist and the character classes. */
struct shape_args {
    PyObject *stop, *closers, *sentence_ends, *quotes;
    Py_ssize_t max_stop_len;
};

/* The counts and shape of one line into *out: 0, or -1 on error. */
static int shape_of(PyObject *text, const struct shape_args *a, struct shape *out)
{
    PyObject *stop = a->stop, *closers = a->closers, *sentence_ends = a->sentence_ends, *quotes = a->quotes;
    Py_ssize_t max_stop_len = a->max_stop_len;
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0)
        return -1;
#endif
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    long words = 0, stops = 0, caps = 0;
    Py_ssize_t i = 0;
    Py_ssize_t start;
    while (next_word(kind, data, n, &i, &start)) {
        words++;
        Py_UCS4 head = PyUnicode_READ(kind, data, start);
        if (head < 128 ? (head >= 'A' && head <= 'Z') : Py_UNICODE_ISUPPER(head))
            caps++;
        /* casefold() never shortens a word: one longer than every stopword is none */
        if (i - start <= max_stop_len) {
            int found = in_stoplist(text, kind, data, start, i, stop);
            if (found < 0)
                return -1;
            stops += found;
        }
    }
    /* the shape: rstrip(closers), then the last character; the first character; the first letter */
    int ck = PyUnicode_KIND(closers), sk = PyUnicode_KIND(sentence_ends), qk = PyUnicode_KIND(quotes);
    const void *cd = PyUnicode_DATA(closers), *sd = PyUnicode_DATA(sentence_ends), *qd = PyUnicode_DATA(quotes);
    Py_ssize_t end = n;
    while (end > 0 && is_in(PyUnicode_READ(kind, data, end - 1), ck, cd, PyUnicode_GET_LENGTH(closers)))
        end--;
    Py_UCS4 last = end > 0 ? PyUnicode_READ(kind, data, end - 1) : 0;
    int sentence = end > 0 && is_in(last, sk, sd, PyUnicode_GET_LENGTH(sentence_ends));
    int colon = end > 0 && last == ':';
    int quote = n > 0 && is_in(PyUnicode_READ(kind, data, 0), qk, qd, PyUnicode_GET_LENGTH(quotes));
    int digit = 0; /* str.isdigit of some character ("²" is one, and a letter to WORD) */
    for (Py_ssize_t j = 0; j < n && !digit; j++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, j);
        digit = ch < 128 ? (ch >= '0' && ch <= '9') : Py_UNICODE_ISDIGIT(ch);
    }
    int lower_start = 0;
    for (Py_ssize_t j = 0; j < n; j++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, j);
        if (Py_UNICODE_ISALPHA(ch)) {
            lower_start = Py_UNICODE_ISLOWER(ch) != 0;
            break;
        }
    }
    out->words = words;
    out->stops = stops;
    out->caps = caps;
    out->sentence = sentence;
    out->colon = colon;
    out->quote = quote;
    out->lower_start = lower_start;
    out->digit = digit;
    return 0;
}

/* One Python object made from one line (its index k in the page), or NULL on error. */
typedef PyObject *(*per_line)(PyObject *text, Py_ssize_t k, void *ctx);

/* The loop line_stats and line_objects share: [make(text) for text in texts], every text a str. */
static PyObject *map_lines(PyObject *texts, const char *who, per_line make, void *ctx)
{
    Py_ssize_t count = PyList_GET_SIZE(texts);
    PyObject *out = PyList_New(count);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *text = PyList_GET_ITEM(texts, k);
        PyObject *item = NULL;
        if (!PyUnicode_Check(text))
            PyErr_Format(PyExc_TypeError, "%s: every line must be a str", who);
        else
            item = make(text, k, ctx);
        if (item == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, k, item);
    }
    return out;
}

/* (words, stopwords, capitalised, sentence, colon, quote, lower_start, digit) of one line, or NULL. */
static PyObject *stats_of(PyObject *text, Py_ssize_t k, void *ctx)
{
    (void)k;
    struct shape_args *a = ctx;
    struct shape sh;
    if (shape_of(text, a, &sh) < 0)
        return NULL;
    return Py_BuildValue("(lllNNNNN)", sh.words, sh.stops, sh.caps, PyBool_FromLong(sh.sentence),
                         PyBool_FromLong(sh.colon), PyBool_FromLong(sh.quote), PyBool_FromLong(sh.lower_start),
                         PyBool_FromLong(sh.digit));
}

static PyObject *line_stats(PyObject *self, PyObject *args)
{
    PyObject *texts;
    struct shape_args a;
    if (!PyArg_ParseTuple(args, "O!O!nUUU", &PyList_Type, &texts, &PyFrozenSet_Type, &a.stop, &a.max_stop_len,
                          &a.closers, &a.sentence_ends, &a.quotes))
        return NULL;
    return map_lines(texts, "line_stats", stats_of, &a);
}

/* lines._BULLET, ^(?:[*+•...-]|o(?= )|\d{1,2}[.)])\s+: a mark, or "o" before a space, or one or two
   decimal digits and "." or ")", then whitespace (re's \s and \d: Py_UNICODE_ISSPACE, ISDECIMAL). */
static int is_bullet(int kind, const void *data, Py_ssize_t n, int mk, const void *md, Py_ssize_t n_marks)
{
    Py_UCS4 c0 = PyUnicode_READ(kind, data, 0);
    if (is_in(c0, mk, md, n_marks))
        return n > 1 && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, 1));
    if (c0 == 'o')
        return n > 1 && PyUnicode_READ(kind, data, 1) == ' ';
    if (!Py_UNICODE_ISDECIMAL(c0))
        return 0;
    /* \d{1,2} is greedy: two digits are tried first, then one */
    if (n > 3 && Py_UNICODE_ISDECIMAL(PyUnicode_READ(kind, data, 1))) {
        Py_UCS4 c = PyUnicode_READ(kind, data, 2);
        if ((c == '.' || c == ')') && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, 3)))
            return 1;
    }
    if (n > 2) {
        Py_UCS4 c = PyUnicode_READ(kind, data, 1);
        return (c == '.' || c == ')') && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, 2));
    }
    return 0;
}

/* What line_object reads besides the line. */
struct line_args {
    struct shape_args shape;
    PyObject *line_type, *keys, *hits, *is_timestamp;
    int mk;  /* the bullet marks as a str's kind, data and length */
    const void *md;
    Py_ssize_t n_marks;
};

/* The Line of one line, or NULL. */
static PyObject *line_object(PyObject *text, Py_ssize_t k, void *ctx)
{
    struct line_args *a = ctx;
    struct shape sh;
    if (shape_of(text, &a->shape, &sh) < 0)
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int bullet = n > 0 && is_bullet(PyUnicode_KIND(text), PyUnicode_DATA(text), n, a->mk, a->md, a->n_marks);
    PyObject *timestamp;
    if (sh.digit || n < 40) {
        timestamp = PyObject_CallFunctionObjArgs(a->is_timestamp, text, sh.digit ? Py_True : Py_False, NULL);
        if (timestamp == NULL)
            return NULL;
    } else {
        timestamp = Py_NewRef(Py_False);
    }
    PyObject *fields[14] = {
        text, PyList_GET_ITEM(a->keys, k), PyLong_FromSsize_t(n), PyLong_FromLong(sh.words),
        PyFloat_FromDouble(sh.words ? (double)sh.stops / (double)sh.words : 0.0),
        sh.sentence ? Py_True : Py_False, sh.colon ? Py_True : Py_False, bullet ? Py_True : Py_False,
        sh.quote ? Py_True : Py_False, timestamp, PyList_GET_ITEM(a->hits, k),
        PyFloat_FromDouble(sh.words ? (double)sh.caps / (double)sh.words : 0.0),
        sh.lower_start ? Py_True : Py_False, sh.digit ? Py_True : Py_False,
    };
    PyObject *line = NULL;
    if (fields[2] && fields[3] && fields[4] && fields[11])
        line = PyObject_Vectorcall(a->line_type, fields, 14, NULL);
    Py_XDECREF(fields[2]);
    Py_XDECREF(fields[3]);
    Py_XDECREF(fields[4]);
    Py_XDECREF(fields[11]);
    Py_DECREF(timestamp);
    return line;
}

/* line_objects(line_type, texts, keys, hits, stop, max_stop_len, closers, sentence_ends, quotes,
   bullet_marks, is_timestamp) -> [Line] */
static PyObject *line_objects(PyObject *self, PyObject *args)
{
    PyObject *texts, *marks;
    struct line_args a;
    struct shape_args *sa = &a.shape;
    if (!PyArg_ParseTuple(args, "OO!O!O!O!nUUUUO", &a.line_type, &PyList_Type, &texts, &PyList_Type, &a.keys,
                          &PyList_Type, &a.hits, &PyFrozenSet_Type, &sa->stop, &sa->max_stop_len, &sa->closers,
                          &sa->sentence_ends, &sa->quotes, &marks, &a.is_timestamp))
        return NULL;
    Py_ssize_t count = PyList_GET_SIZE(texts);
    if (PyList_GET_SIZE(a.keys) != count || PyList_GET_SIZE(a.hits) != count) {
        PyErr_SetString(PyExc_ValueError, "line_objects: texts, keys and hits differ in length");
        return NULL;
    }
    a.mk = PyUnicode_KIND(marks);
    a.md = PyUnicode_DATA(marks);
    a.n_marks = PyUnicode_GET_LENGTH(marks);
    return map_lines(texts, "line_objects", line_object, &a);
}

static inline Py_UCS4 unified(Py_UCS4 ch)
{
    if (ch == 0x2019 || ch == 0x2018)
        return '\'';
    return ch == 0xA0 ? ' ' : ch;
}

static PyObject *normalise_one(PyObject *text, PyObject *lead, PyObject *trail, Py_UCS4 *buf)
{
    int kind = PyUnicode_KIND(text), lead_kind = PyUnicode_KIND(lead), trail_kind = PyUnicode_KIND(trail);
    const void *data = PyUnicode_DATA(text), *lead_data = PyUnicode_DATA(lead), *trail_data = PyUnicode_DATA(trail);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), n_lead = PyUnicode_GET_LENGTH(lead), n_trail = PyUnicode_GET_LENGTH(trail);
    Py_ssize_t start = 0, end = n, size = 0;
    while (start < n && is_in(unified(PyUnicode_READ(kind, data, start)), lead_kind, lead_data, n_lead))
        start++;
    while (end > start && is_in(unified(PyUnicode_READ(kind, data, end - 1)), trail_kind, trail_data, n_trail))
        end--;
    Py_UCS4 maxchar = 0;
    int space = 0;
    for (Py_ssize_t i = start; i < end; i++) {
        Py_UCS4 ch = unified(PyUnicode_READ(kind, data, i));
        if (Py_UNICODE_ISSPACE(ch)) {
            space = 1;
            continue;
        }
        if (space && size > 0)
            buf[size++] = ' ';
        space = 0;
        if (ch > maxchar)
            maxchar = ch;
        buf[size++] = (ch >= 'A' && ch <= 'Z') ? ch + 32 : ch;  /* casefold() on ASCII */
    }
    PyObject *out = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, size);
    if (out == NULL || maxchar < 128)
        return out;
    PyObject *folded = PyObject_CallMethod(out, "casefold", NULL);
    Py_DECREF(out);
    return folded;
}

static PyObject *normalise_all(PyObject *self, PyObject *args)
{
    PyObject *texts, *lead, *trail;
    if (!PyArg_ParseTuple(args, "O!UU", &PyList_Type, &texts, &lead, &trail))
        return NULL;
    Py_ssize_t count = PyList_GET_SIZE(texts), longest = 1;
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *text = PyList_GET_ITEM(texts, k);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "normalise_all: every line must be a str");
            return NULL;
        }
#if PY_VERSION_HEX < 0x030C0000
        if (PyUnicode_READY(text) < 0)
            return NULL;
#endif
        if (PyUnicode_GET_LENGTH(text) > longest)
            longest = PyUnicode_GET_LENGTH(text);
    }
    Py_UCS4 *buf = PyMem_Malloc(sizeof(Py_UCS4) * longest);
    PyObject *out = buf ? PyList_New(count) : NULL;
    if (out == NULL) {
        PyMem_Free(buf);
        return PyErr_NoMemory();
    }
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *key = normalise_one(PyList_GET_ITEM(texts, k), lead, trail, buf);
        if (key == NULL) {
            Py_DECREF(out);
            PyMem_Free(buf);
            return NULL;
        }
        PyList_SET_ITEM(out, k, key);
    }
    PyMem_Free(buf);
    return out;
}

/* Add the words of `text` (already casefolded, or ASCII) of min_len characters or more to `out`,
   lower-casing ASCII letters on the way (casefold() on ASCII). 0, or -1 on error. */
static int add_words(PyObject *text, Py_ssize_t min_len, PyObject *out)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0;
    int ascii = PyUnicode_IS_ASCII(text);
    Py_ssize_t start;
    while (next_word(kind, data, n, &i, &start)) {
        if (i - start < min_len)
            continue;
        PyObject *word = ascii ? ascii_lower(kind, data, start, i) : PyUnicode_Substring(text, start, i);
        if (word == NULL)
            return -1;
        int failed = PySet_Add(out, word);
        Py_DECREF(word);
        if (failed)
            return -1;
    }
    return 0;
}

static PyObject *content_words(PyObject *self, PyObject *args)
{
    PyObject *texts;
    Py_ssize_t min_len;
    if (!PyArg_ParseTuple(args, "O!n", &PyList_Type, &texts, &min_len))
        return NULL;
    PyObject *out = PySet_New(NULL);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(texts); k++) {
        PyObject *text = PyList_GET_ITEM(texts, k);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "content_words: every line must be a str");
            Py_DECREF(out);
            return NULL;
        }
#if PY_VERSION_HEX < 0x030C0000
        if (PyUnicode_READY(text) < 0) {
            Py_DECREF(out);
            return NULL;
        }
#endif
        PyObject *folded;
        if (PyUnicode_IS_ASCII(text)) {
            Py_INCREF(text);
            folded = text;
        } else if ((folded = PyObject_CallMethod(text, "casefold", NULL)) == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        int failed = add_words(folded, min_len, out);
        Py_DECREF(folded);
        if (failed) {
            Py_DECREF(out);
            return NULL;
        }
    }
    return out;
}

/* scale_by(prob, weight, row): prob[i] = prob[i] * (weight + row[i]) for every i, in place: the
   same two double operations as langdetect's loop, so the same results bit for bit. */
static PyObject *scale_by(PyObject *self, PyObject *args)
{
    PyObject *prob, *row;
    double weight;
    if (!PyArg_ParseTuple(args, "O!dO", &PyList_Type, &prob, &weight, &row))
        return NULL;
    PyObject *seq = PySequence_Fast(row, "row must be a sequence");
    if (seq == NULL)
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(prob);
    if (PySequence_Fast_GET_SIZE(seq) != n) {
        Py_DECREF(seq);
        PyErr_SetString(PyExc_ValueError, "prob and row differ in length");
        return NULL;
    }
    PyObject **items = PySequence_Fast_ITEMS(seq);
    for (Py_ssize_t i = 0; i < n; i++) {
        double p = PyFloat_AsDouble(PyList_GET_ITEM(prob, i));
        double m = PyFloat_AsDouble(items[i]);
        if ((p == -1.0 || m == -1.0) && PyErr_Occurred()) {
            Py_DECREF(seq);
            return NULL;
        }
        PyObject *value = PyFloat_FromDouble(p * (weight + m));
        if (value == NULL) {
            Py_DECREF(seq);
            return NULL;
        }
        PyList_SetItem(prob, i, value);
    }
    Py_DECREF(seq);
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"line_stats", line_stats, METH_VARARGS,
     "line_stats(lines, stoplist, max_stop_len, closers, sentence_ends, quotes) -> "
     "[(words, stopwords, capitalised, sentence, colon, quote, lower_start, digit)] for each line"},
    {"line_objects", line_objects, METH_VARARGS,
     "line_objects(line_type, lines, keys, hits, stoplist, max_stop_len, closers, sentence_ends, quotes, "
     "bullet_marks, is_timestamp) -> [Line] for each line (lines.line_objects_python)"},
    {"normalise_all", normalise_all, METH_VARARGS,
     "normalise_all(lines, lead_marks, trail_marks) -> [rules.normalise(line)] for each line"},
    {"content_words", content_words, METH_VARARGS,
     "content_words(lines, min_len) -> the set of WORD's findall of each line's casefold(), min_len or longer"},
    {"scale_by", scale_by, METH_VARARGS,
     "scale_by(prob, weight, row): prob[i] *= weight + row[i] for every i, in place"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_kernel", NULL, -1, methods};

PyMODINIT_FUNC PyInit__kernel(void)
{
    return PyModule_Create(&module);
}
