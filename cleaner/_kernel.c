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
 * timestamp test called back in Python (not for a line over 90 characters, nor one with no digit
 * and no "ago") (lines.line_objects_python() is the definition, held equal
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

/* A stoplist's ASCII words in an open-addressing table (stop_table): an ASCII word is looked up
   there from its bytes, with no str made for it. The frozenset is held: it owns the words. */
struct stop_table {
    PyObject *owner;
    size_t mask;
    PyObject **slots;  /* NULL: empty */
};

#define STOP_TABLE_NAME "cleaner._kernel.stop_table"
#define STOP_WORD_MAX 64  /* longer ASCII words are looked up as before */

static size_t fnv1a(const Py_UCS1 *s, Py_ssize_t n)
{
    size_t h = (size_t)14695981039346656037ULL;
    for (Py_ssize_t i = 0; i < n; i++)
        h = (h ^ s[i]) * (size_t)1099511628211ULL;
    return h;
}

static int table_has(const struct stop_table *t, const Py_UCS1 *word, Py_ssize_t n)
{
    for (size_t k = fnv1a(word, n) & t->mask;; k = (k + 1) & t->mask) {
        PyObject *slot = t->slots[k];
        if (slot == NULL)
            return 0;
        if (PyUnicode_GET_LENGTH(slot) == n && memcmp(PyUnicode_1BYTE_DATA(slot), word, (size_t)n) == 0)
            return 1;
    }
}

static void stop_table_free_table(struct stop_table *t)
{
    Py_XDECREF(t->owner);
    PyMem_Free(t->slots);
    PyMem_Free(t);
}

static void stop_table_free(PyObject *capsule)
{
    struct stop_table *t = PyCapsule_GetPointer(capsule, STOP_TABLE_NAME);
    if (t != NULL)
        stop_table_free_table(t);
}

/* stop_table(stoplist) -> the capsule line_stats and line_objects read its ASCII words from */
static PyObject *stop_table(PyObject *self, PyObject *args)
{
    PyObject *stop;
    if (!PyArg_ParseTuple(args, "O!", &PyFrozenSet_Type, &stop))
        return NULL;
    size_t size = 8;
    while (size < 2 * (size_t)PySet_GET_SIZE(stop) + 2)
        size *= 2;
    struct stop_table *t = PyMem_Calloc(1, sizeof(*t));
    PyObject **slots = PyMem_Calloc(size, sizeof(PyObject *));
    if (t == NULL || slots == NULL) {
        PyMem_Free(t);
        PyMem_Free(slots);
        return PyErr_NoMemory();
    }
    t->slots = slots;
    t->mask = size - 1;
    t->owner = Py_NewRef(stop);
    PyObject *words = PyObject_GetIter(stop), *word;
    if (words == NULL) {
        stop_table_free_table(t);
        return NULL;
    }
    while ((word = PyIter_Next(words)) != NULL) {
        if (PyUnicode_Check(word) && PyUnicode_IS_ASCII(word)) {  /* the others are looked up in the set itself */
            const Py_UCS1 *w = PyUnicode_1BYTE_DATA(word);
            Py_ssize_t n = PyUnicode_GET_LENGTH(word);
            size_t k = fnv1a(w, n) & t->mask;
            while (slots[k] != NULL)
                k = (k + 1) & t->mask;
            slots[k] = word;  /* borrowed: the frozenset, held in owner, holds it */
        }
        Py_DECREF(word);
    }
    Py_DECREF(words);
    if (PyErr_Occurred()) {
        stop_table_free_table(t);
        return NULL;
    }
    PyObject *capsule = PyCapsule_New(t, STOP_TABLE_NAME, stop_table_free);
    if (capsule == NULL)
        stop_table_free_table(t);
    return capsule;
}

/* Is text[start:end], casefolded, in stop? 1 or 0; -1 on error. table: stop's ASCII words, or NULL. */
static int in_stoplist(PyObject *text, int kind, const void *data, Py_ssize_t start, Py_ssize_t end,
                       PyObject *stop, const struct stop_table *table)
{
    Py_UCS4 maxchar = 0;
    for (Py_ssize_t i = start; i < end; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (ch > maxchar)
            maxchar = ch;
    }
    if (maxchar < 128 && table != NULL && end - start <= STOP_WORD_MAX) {  /* casefold() is lower() */
        Py_UCS1 word[STOP_WORD_MAX];
        for (Py_ssize_t i = start; i < end; i++) {
            Py_UCS4 ch = PyUnicode_READ(kind, data, i);
            word[i - start] = (Py_UCS1)((ch >= 'A' && ch <= 'Z') ? ch + 32 : ch);
        }
        return table_has(table, word, end - start);
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
    const struct stop_table *table;  /* stop's ASCII words (stop_table), or NULL */
};

/* The table a stop_table capsule holds (NULL for None), checked to be stop's. 0, or -1 on error. */
static int table_of(PyObject *capsule, PyObject *stop, const struct stop_table **table)
{
    *table = NULL;
    if (capsule == NULL || capsule == Py_None)
        return 0;
    struct stop_table *t = PyCapsule_GetPointer(capsule, STOP_TABLE_NAME);
    if (t == NULL)
        return -1;
    if (t->owner != stop) {
        PyErr_SetString(PyExc_ValueError, "the stop table is another stoplist's");
        return -1;
    }
    *table = t;
    return 0;
}

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
            int found = in_stoplist(text, kind, data, start, i, stop, a->table);
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
    PyObject *table = NULL;
    if (!PyArg_ParseTuple(args, "O!O!nUUU|O", &PyList_Type, &texts, &PyFrozenSet_Type, &a.stop, &a.max_stop_len,
                          &a.closers, &a.sentence_ends, &a.quotes, &table) || table_of(table, a.stop, &a.table) < 0)
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

/* "ago" in text.lower(), or a text that is not ASCII (then Python looks): a line with no digit
   is a timestamp only as "an hour ago" (dates.is_timestamp). */
static int may_say_ago(PyObject *text)
{
    if (!PyUnicode_IS_ASCII(text))
        return 1;
    const Py_UCS1 *data = PyUnicode_1BYTE_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    for (Py_ssize_t i = 0; i + 2 < n; i++)
        if ((data[i] | 32) == 'a' && (data[i + 1] | 32) == 'g' && (data[i + 2] | 32) == 'o')
            return 1;
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
    if (n <= 90 && (sh.digit || (n < 40 && may_say_ago(text)))) {  /* a longer line is no timestamp */
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
    if (line != NULL && PyObject_GC_IsTracked(line))
        PyObject_GC_UnTrack(line);  /* strings, numbers and a shared Hit: no cycle runs through a Line */
    Py_XDECREF(fields[2]);
    Py_XDECREF(fields[3]);
    Py_XDECREF(fields[4]);
    Py_XDECREF(fields[11]);
    Py_DECREF(timestamp);
    return line;
}

/* Whether the text holds a character of lines._NO_SPACE_SCRIPTS (kana, CJK, Hangul, Thai): 1 or 0,
   -1 on error. A text of one-byte characters holds none. */
static int no_space_script(PyObject *text)
{
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0)
        return -1;
#endif
    int kind = PyUnicode_KIND(text);
    if (kind == PyUnicode_1BYTE_KIND)
        return 0;
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(text); i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if ((ch >= 0x3040 && ch <= 0x30FF) || (ch >= 0x3400 && ch <= 0x9FFF) || (ch >= 0xAC00 && ch <= 0xD7AF)
            || (ch >= 0x0E00 && ch <= 0x0E7F))
            return 1;
    }
    return 0;
}

/* line_objects(line_type, texts, keys, hits, stop, max_stop_len, closers, sentence_ends, quotes,
   bullet_marks, is_timestamp[, stop_table]) -> [Line], or None for a page with a _NO_SPACE_SCRIPTS
   character (whose counts are the Python definition's alone) */
static PyObject *line_objects(PyObject *self, PyObject *args)
{
    PyObject *texts, *marks;
    struct line_args a;
    struct shape_args *sa = &a.shape;
    PyObject *table = NULL;
    if (!PyArg_ParseTuple(args, "OO!O!O!O!nUUUUO|O", &a.line_type, &PyList_Type, &texts, &PyList_Type, &a.keys,
                          &PyList_Type, &a.hits, &PyFrozenSet_Type, &sa->stop, &sa->max_stop_len, &sa->closers,
                          &sa->sentence_ends, &sa->quotes, &marks, &a.is_timestamp, &table)
        || table_of(table, sa->stop, &sa->table) < 0)
        return NULL;
    Py_ssize_t count = PyList_GET_SIZE(texts);
    if (PyList_GET_SIZE(a.keys) != count || PyList_GET_SIZE(a.hits) != count) {
        PyErr_SetString(PyExc_ValueError, "line_objects: texts, keys and hits differ in length");
        return NULL;
    }
    a.mk = PyUnicode_KIND(marks);
    a.md = PyUnicode_DATA(marks);
    a.n_marks = PyUnicode_GET_LENGTH(marks);
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *text = PyList_GET_ITEM(texts, k);
        int found = PyUnicode_Check(text) ? no_space_script(text) : 0;
        if (found < 0)
            return NULL;
        if (found)
            Py_RETURN_NONE;  /* the Python definition counts such a page's words */
    }
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

static int folds_simply(PyObject *text);

/* A line as content_words and held_words read it: the text itself when it is ASCII (or, with
   `simple`, when it folds character by character: folds_simply, and *simple is set), else its
   casefold(). A new reference, NULL (with the caller named) when the line is not a str. */
static PyObject *folded_line(PyObject *text, const char *who, int *simple)
{
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "%s: every line must be a str", who);
        return NULL;
    }
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0)
        return NULL;
#endif
    if (simple != NULL)
        *simple = !PyUnicode_IS_ASCII(text) && folds_simply(text);
    if (PyUnicode_IS_ASCII(text) || (simple != NULL && *simple))
        return Py_NewRef(text);
    return PyObject_CallMethod(text, "casefold", NULL);
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
        PyObject *folded = folded_line(PyList_GET_ITEM(texts, k), "content_words", NULL);
        if (folded == NULL) {
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

/* What match_loop reads besides the lines: RuleSet's tables and the methods it calls back. */
struct match_args {
    PyObject *candidates, *phrase, *prefix_first, *hits, *match_prefix, *buckets, *by_two, *new_bucket,
        *searched_after, *s_match, *s_id, *s_max_words;
    PyObject *by_first;  /* RuleSet._by_first, or NULL: then _new_bucket makes every two-character table */
    Py_ssize_t max_regex_chars, max_buckets;
    int regex;
};

/* The entries of `table` (a tuple of tuples `width` long) whose start test, item 2 (a start regex,
   or None: any start), allows `text`, each as the tuple of its items `take`, in order, stored in
   `store` under `text` (cleared when full, as RuleSet._bucket does). A borrowed reference (store
   holds it), NULL on error. An empty text starts no rule that needs a start. */
static PyObject *narrow_into(PyObject *table, Py_ssize_t width, const Py_ssize_t *take, Py_ssize_t n_take,
                             PyObject *text, PyObject *store, const struct match_args *a)
{
    if (!PyTuple_Check(table)) {
        PyErr_SetString(PyExc_TypeError, "a start table must be a tuple");
        return NULL;
    }
    PyObject *kept = PyList_New(0);
    if (kept == NULL)
        return NULL;
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(table); k++) {
        PyObject *entry = PyTuple_GET_ITEM(table, k);
        if (!PyTuple_Check(entry) || PyTuple_GET_SIZE(entry) != width) {
            PyErr_SetString(PyExc_TypeError, "a start table's entries are (rule, pattern, starts...) tuples");
            goto fail;
        }
        PyObject *starts = PyTuple_GET_ITEM(entry, 2);
        int allowed = starts == Py_None;
        if (!allowed && PyUnicode_GET_LENGTH(text) > 0) {
            PyObject *m = PyObject_CallMethodOneArg(starts, a->s_match, text);
            if (m == NULL)
                goto fail;
            allowed = m != Py_None;
            Py_DECREF(m);
        }
        if (!allowed)
            continue;
        PyObject *items = PyTuple_New(n_take);
        if (items == NULL)
            goto fail;
        for (Py_ssize_t t = 0; t < n_take; t++)
            PyTuple_SET_ITEM(items, t, Py_NewRef(PyTuple_GET_ITEM(entry, take[t])));
        int failed = PyList_Append(kept, items);
        Py_DECREF(items);
        if (failed < 0)
            goto fail;
    }
    PyObject *narrowed = PyList_AsTuple(kept);
    Py_DECREF(kept);
    if (narrowed == NULL)
        return NULL;
    if (PyDict_GET_SIZE(store) >= a->max_buckets)
        PyDict_Clear(store);
    int failed = PyDict_SetItem(store, text, narrowed);
    Py_DECREF(narrowed);
    return failed ? NULL : PyDict_GetItemWithError(store, text);
fail:
    Py_DECREF(kept);
    return NULL;
}

/* RuleSet._bucket's two-character table for `two` (key[:2]) when the key's first character has its
   table (_by_first): its (rule, pattern, starts3) whose two-character start allows `two`. Borrowed
   (by_two holds it); Py_None when the first character has no table yet (then _new_bucket makes
   both); NULL on error. */
static PyObject *new_two_table(PyObject *key, PyObject *two, const struct match_args *a)
{
    if (a->by_first == NULL)
        return Py_None;
    PyObject *head = PyUnicode_Substring(key, 0, PyUnicode_GET_LENGTH(key) < 1 ? 0 : 1);
    if (head == NULL)
        return NULL;
    PyObject *first = PyDict_GetItemWithError(a->by_first, head);  /* (rule, pattern, starts2, starts3) */
    Py_DECREF(head);
    if (first == NULL)
        return PyErr_Occurred() ? NULL : Py_None;
    static const Py_ssize_t take[] = {0, 1, 3};
    return narrow_into(first, 4, take, 3, two, a->by_two, a);
}

/* RuleSet._new_bucket(key) when the key's first two characters have their table (_by_two), or
   the first character has its own (new_two_table): its rules whose three-character start allows
   the key, as (rule, pattern) pairs in order, remembered in buckets. Else _new_bucket itself,
   which makes the tables. A new reference, NULL on error. */
static PyObject *new_bucket(PyObject *key, const struct match_args *a)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(key);
    PyObject *two = PyUnicode_Substring(key, 0, n < 2 ? n : 2);
    if (two == NULL)
        return NULL;
    PyObject *narrowed = PyDict_GetItemWithError(a->by_two, two);  /* (rule, pattern, starts3) */
    if (narrowed == NULL && !PyErr_Occurred())
        narrowed = new_two_table(key, two, a);  /* borrowed, as the table's own */
    Py_DECREF(two);
    if (narrowed == Py_None)
        return PyObject_CallOneArg(a->new_bucket, key);
    if (narrowed == NULL)
        return NULL;
    static const Py_ssize_t take[] = {0, 1};
    return Py_XNewRef(narrow_into(narrowed, 3, take, 2, key, a->buckets, a));
}

/* RuleSet._first_anchored(line, n_words): the first rule of the line's bucket that allows its
   word count and whose pattern matches; a new reference, Py_None when none, NULL on error. */
static PyObject *first_anchored(PyObject *line, long n_words, const struct match_args *a)
{
    /* rules.lead_key: the first word character (re's \w: ISALNUM or "_") and the two after it */
    Py_ssize_t n = PyUnicode_GET_LENGTH(line), first = 0;
    int kind = PyUnicode_KIND(line);
    const void *data = PyUnicode_DATA(line);
    while (first < n) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, first);
        if (ch == '_' || Py_UNICODE_ISALNUM(ch))
            break;
        first++;
    }
    PyObject *key = PyUnicode_Substring(line, first, first + 3 < n ? first + 3 : n);  /* rules.PREFIX_CHARS */
    if (key == NULL)
        return NULL;
    PyObject *bucket = PyDict_GetItemWithError(a->buckets, key);
    if (bucket != NULL)
        Py_INCREF(bucket);
    else if (!PyErr_Occurred())
        bucket = new_bucket(key, a);
    Py_DECREF(key);
    if (bucket == NULL)
        return NULL;
    PyObject *seq = PySequence_Fast(bucket, "a bucket must be a tuple");
    Py_DECREF(bucket);
    if (seq == NULL)
        return NULL;
    PyObject *found = NULL;
    for (Py_ssize_t k = 0; k < PySequence_Fast_GET_SIZE(seq); k++) {
        PyObject *pair = PySequence_Fast_GET_ITEM(seq, k);
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
            PyErr_SetString(PyExc_TypeError, "a bucket holds (rule, pattern) pairs");
            goto done;
        }
        PyObject *rule = PyTuple_GET_ITEM(pair, 0), *pattern = PyTuple_GET_ITEM(pair, 1);
        PyObject *max_words = PyObject_GetAttr(rule, a->s_max_words);
        if (max_words == NULL)
            goto done;
        long most = PyLong_AsLong(max_words);
        Py_DECREF(max_words);
        if (most == -1 && PyErr_Occurred())
            goto done;
        if (n_words > most)
            continue;
        PyObject *m = PyObject_CallMethodOneArg(pattern, a->s_match, line);
        if (m == NULL)
            goto done;
        int matched = m != Py_None;
        Py_DECREF(m);
        if (matched) {
            found = Py_NewRef(rule);
            goto done;
        }
    }
    found = Py_NewRef(Py_None);
done:
    Py_DECREF(seq);
    return found;
}

/* The rule one line matches (RuleSet._match_loop_python's loop body): a new reference, Py_None
   when none, NULL on error. */
static PyObject *rule_of(PyObject *line, PyObject *key, Py_ssize_t i, const struct match_args *a)
{
    if (PyUnicode_GET_LENGTH(key) == 0)
        return Py_NewRef(Py_None);
    PyObject *rule = PyDict_GetItemWithError(a->phrase, key);
    if (rule != NULL)
        return Py_NewRef(rule);
    if (PyErr_Occurred())
        return NULL;
    if (a->prefix_first != Py_None) {  /* key.partition(" ")[0] in prefix_first */
        Py_ssize_t space = PyUnicode_FindChar(key, ' ', 0, PyUnicode_GET_LENGTH(key), 1);
        if (space == -2)
            return NULL;
        PyObject *first = space < 0 ? Py_NewRef(key) : PyUnicode_Substring(key, 0, space);
        if (first == NULL)
            return NULL;
        int in = PySet_Contains(a->prefix_first, first);
        Py_DECREF(first);
        if (in < 0)
            return NULL;
        if (in) {
            rule = PyObject_CallOneArg(a->match_prefix, key);
            if (rule == NULL || rule != Py_None)
                return rule;
            Py_DECREF(rule);
        }
    }
    if (!a->regex)
        return Py_NewRef(Py_None);
    /* RuleSet._match_regex(line, candidates.get(i, ())) */
    Py_ssize_t n = PyUnicode_GET_LENGTH(line);
    int kind = PyUnicode_KIND(line);
    const void *data = PyUnicode_DATA(line);
    long n_words = 1;
    for (Py_ssize_t j = 0; j < n; j++)
        n_words += PyUnicode_READ(kind, data, j) == ' ';
    if (n_words > 60 || n > a->max_regex_chars)
        return Py_NewRef(Py_None);
    PyObject *best = first_anchored(line, n_words, a);
    if (best == NULL || PyDict_GET_SIZE(a->candidates) == 0)
        return best;
    PyObject *index = PyLong_FromSsize_t(i);
    if (index == NULL) {
        Py_DECREF(best);
        return NULL;
    }
    PyObject *cands = PyDict_GetItemWithError(a->candidates, index);
    Py_DECREF(index);
    if (cands == NULL || PyObject_Length(cands) == 0) {
        if (PyErr_Occurred()) {
            Py_DECREF(best);
            return NULL;
        }
        return best;
    }
    PyObject *words = PyLong_FromLong(n_words);
    if (words == NULL) {
        Py_DECREF(best);
        return NULL;
    }
    PyObject *args[4] = {line, words, best, cands};
    PyObject *out = PyObject_Vectorcall(a->searched_after, args, 4, NULL);
    Py_DECREF(words);
    Py_DECREF(best);
    return out;
}

/* match_loop(lines, keys, candidates, phrase, prefix_first, hits, match_prefix, buckets, by_two, new_bucket,
   max_buckets, searched_after, max_regex_chars, regex[, by_first]) -> [Hit | None] */
static PyObject *match_loop(PyObject *self, PyObject *args)
{
    PyObject *texts, *keys;
    struct match_args a;
    a.by_first = NULL;
    if (!PyArg_ParseTuple(args, "O!O!O!O!OO!OO!O!OnOnp|O!", &PyList_Type, &texts, &PyList_Type, &keys,
                          &PyDict_Type, &a.candidates, &PyDict_Type, &a.phrase, &a.prefix_first, &PyDict_Type,
                          &a.hits, &a.match_prefix, &PyDict_Type, &a.buckets, &PyDict_Type, &a.by_two,
                          &a.new_bucket, &a.max_buckets, &a.searched_after, &a.max_regex_chars, &a.regex,
                          &PyDict_Type, &a.by_first))
        return NULL;
    if (a.prefix_first != Py_None && !PyAnySet_Check(a.prefix_first)) {
        PyErr_SetString(PyExc_TypeError, "match_loop: prefix_first must be a set or None");
        return NULL;
    }
    Py_ssize_t count = PyList_GET_SIZE(texts);
    if (PyList_GET_SIZE(keys) != count) {
        PyErr_SetString(PyExc_ValueError, "match_loop: lines and keys differ in length");
        return NULL;
    }
    a.s_match = PyUnicode_InternFromString("match");
    a.s_id = PyUnicode_InternFromString("id");
    a.s_max_words = PyUnicode_InternFromString("max_words");
    PyObject *out = (a.s_match && a.s_id && a.s_max_words) ? PyList_New(count) : NULL;
    for (Py_ssize_t i = 0; out != NULL && i < count; i++) {
        PyObject *line = PyList_GET_ITEM(texts, i), *key = PyList_GET_ITEM(keys, i), *hit = NULL;
        if (!PyUnicode_Check(line) || !PyUnicode_Check(key)) {
            PyErr_SetString(PyExc_TypeError, "match_loop: every line and key must be a str");
        } else {
            PyObject *rule = rule_of(line, key, i, &a);
            if (rule == Py_None) {
                hit = rule;
            } else if (rule != NULL) {  /* hits[rule.id] */
                PyObject *id = PyObject_GetAttr(rule, a.s_id);
                Py_DECREF(rule);
                if (id != NULL) {
                    hit = PyObject_GetItem(a.hits, id);
                    Py_DECREF(id);
                }
            }
        }
        if (hit == NULL)
            Py_CLEAR(out);
        else
            PyList_SET_ITEM(out, i, hit);
    }
    Py_XDECREF(a.s_match);
    Py_XDECREF(a.s_id);
    Py_XDECREF(a.s_max_words);
    return out;
}

/* sized_lines(lines, max_chars) -> the indexes of the lines regex rules run on (rules._regex_sized,
   as RuleSet._searched_candidates inlines it): under 60 characters, or at most max_chars with
   fewer than 60 spaces (str.count(" ")). */
static PyObject *sized_lines(PyObject *self, PyObject *args)
{
    PyObject *texts;
    Py_ssize_t max_chars;
    if (!PyArg_ParseTuple(args, "O!n", &PyList_Type, &texts, &max_chars))
        return NULL;
    PyObject *out = PyList_New(0);
    for (Py_ssize_t i = 0; out != NULL && i < PyList_GET_SIZE(texts); i++) {
        PyObject *text = PyList_GET_ITEM(texts, i);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "sized_lines: every line must be a str");
            Py_CLEAR(out);
            break;
        }
#if PY_VERSION_HEX < 0x030C0000
        if (PyUnicode_READY(text) < 0) {
            Py_CLEAR(out);
            break;
        }
#endif
        Py_ssize_t n = PyUnicode_GET_LENGTH(text);
        int sized = n < 60;
        if (!sized && n <= max_chars) {
            int kind = PyUnicode_KIND(text);
            const void *data = PyUnicode_DATA(text);
            Py_ssize_t spaces = 0;
            for (Py_ssize_t j = 0; j < n && spaces < 60; j++)
                spaces += PyUnicode_READ(kind, data, j) == ' ';
            sized = spaces < 60;
        }
        if (sized) {
            PyObject *index = PyLong_FromSsize_t(i);
            if (index == NULL || PyList_Append(out, index) < 0)
                Py_CLEAR(out);
            Py_XDECREF(index);
        }
    }
    return out;
}

/* held_rules(texts, matches, word_rules, index, n_rules) -> {index[k]: the rules text k may match}:
   RuleSet._searched_candidates_python after its scan. texts: the texts as joined (with "\n"
   between) and scanned; matches: the automaton's (word, start, end) in that text; word_rules[word]:
   the rule positions a word's presence lets match, ascending; index[k]: text k's line. Each line's
   rules are a bitmap, read out ascending: the sorted union. */
static PyObject *held_rules(PyObject *self, PyObject *args)
{
    PyObject *texts, *matches, *word_rules, *index;
    Py_ssize_t n_rules;
    if (!PyArg_ParseTuple(args, "O!O!O!O!n", &PyList_Type, &texts, &PyList_Type, &matches, &PyTuple_Type,
                          &word_rules, &PyList_Type, &index, &n_rules))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(texts);
    if (PyList_GET_SIZE(index) != n || n_rules < 0) {
        PyErr_SetString(PyExc_ValueError, "held_rules: texts and index differ in length");
        return NULL;
    }
    Py_ssize_t words_per_line = (n_rules + 63) / 64;
    Py_ssize_t *starts = PyMem_Malloc((n + 1) * sizeof(Py_ssize_t));
    unsigned long long *bits = PyMem_Calloc(n * words_per_line + 1, sizeof(unsigned long long));
    PyObject *out = NULL;
    if (starts == NULL || bits == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    starts[0] = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *text = PyList_GET_ITEM(texts, k);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "held_rules: every text must be a str");
            goto done;
        }
        starts[k + 1] = starts[k] + PyUnicode_GET_LENGTH(text) + 1;
    }
    for (Py_ssize_t m = 0; m < PyList_GET_SIZE(matches); m++) {
        PyObject *found = PyList_GET_ITEM(matches, m);
        if (!PyTuple_Check(found) || PyTuple_GET_SIZE(found) < 2) {
            PyErr_SetString(PyExc_TypeError, "held_rules: a match must be (word, start, end)");
            goto done;
        }
        Py_ssize_t word = PyLong_AsSsize_t(PyTuple_GET_ITEM(found, 0));
        Py_ssize_t pos = PyLong_AsSsize_t(PyTuple_GET_ITEM(found, 1));
        if ((word == -1 || pos == -1) && PyErr_Occurred())
            goto done;
        if (word < 0 || word >= PyTuple_GET_SIZE(word_rules) || pos < 0) {
            PyErr_SetString(PyExc_IndexError, "held_rules: a match out of range");
            goto done;
        }
        Py_ssize_t lo = 0, hi = n + 1;  /* bisect_right(starts, pos) - 1 */
        while (lo < hi) {
            Py_ssize_t mid = (lo + hi) / 2;
            if (pos < starts[mid])
                hi = mid;
            else
                lo = mid + 1;
        }
        Py_ssize_t k = lo - 1;
        if (k >= n) {
            PyErr_SetString(PyExc_IndexError, "held_rules: a match past the texts");
            goto done;
        }
        PyObject *rules = PyTuple_GET_ITEM(word_rules, word);
        if (!PyTuple_Check(rules)) {
            PyErr_SetString(PyExc_TypeError, "held_rules: word_rules must hold tuples");
            goto done;
        }
        for (Py_ssize_t r = 0; r < PyTuple_GET_SIZE(rules); r++) {
            Py_ssize_t rule = PyLong_AsSsize_t(PyTuple_GET_ITEM(rules, r));
            if (rule == -1 && PyErr_Occurred())
                goto done;
            if (rule < 0 || rule >= n_rules) {
                PyErr_SetString(PyExc_IndexError, "held_rules: a rule position out of range");
                goto done;
            }
            bits[k * words_per_line + rule / 64] |= 1ULL << (rule % 64);
        }
    }
    if ((out = PyDict_New()) == NULL)
        goto done;
    for (Py_ssize_t k = 0; k < n; k++) {
        unsigned long long *row = bits + k * words_per_line;
        Py_ssize_t count = 0;
        for (Py_ssize_t rule = 0; rule < n_rules; rule++)
            count += row[rule / 64] >> (rule % 64) & 1;
        if (count == 0)
            continue;
        PyObject *held = PyTuple_New(count);
        Py_ssize_t at = 0;
        for (Py_ssize_t rule = 0; held != NULL && rule < n_rules; rule++) {
            if (row[rule / 64] >> (rule % 64) & 1) {
                PyObject *value = PyLong_FromSsize_t(rule);
                if (value == NULL)
                    Py_CLEAR(held);
                else
                    PyTuple_SET_ITEM(held, at++, value);
            }
        }
        if (held == NULL || PyDict_SetItem(out, PyList_GET_ITEM(index, k), held) < 0) {
            Py_XDECREF(held);
            Py_CLEAR(out);
            goto done;
        }
        Py_DECREF(held);
    }
done:
    PyMem_Free(starts);
    PyMem_Free(bits);
    return out;
}

/* Append gram[0:n] to out when `known` holds it: 0, or -1 on error. */
static int append_known(PyObject *out, PyObject *known, const Py_UCS4 *gram, Py_ssize_t n)
{
    PyObject *s = n == 1 ? PyUnicode_FromOrdinal(gram[0]) : PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, gram, n);
    if (s == NULL)
        return -1;
    int found = PyDict_Contains(known, s);
    int failed = found < 0 || (found && PyList_Append(out, s) < 0);
    Py_DECREF(s);
    return failed ? -1 : 0;
}

/* extract_ngrams(text, normalize, known) -> the n-grams (1 to 3 characters) langdetect draws from:
   langdetect_fast.FastDetector._extract_ngrams_python, its definition. An ASCII character is
   normalised here by langdetect's Basic Latin rule (a letter stays, anything else is a space);
   any other by `normalize` (langdetect's NGram.normalize, memoised), which must give one character. */
static PyObject *extract_ngrams(PyObject *self, PyObject *args)
{
    PyObject *text, *normalize, *known;
    if (!PyArg_ParseTuple(args, "UOO!", &text, &normalize, &PyDict_Type, &known))
        return NULL;
#if PY_VERSION_HEX < 0x030C0000
    if (PyUnicode_READY(text) < 0)
        return NULL;
#endif
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_UCS4 grams[3] = {' ', 0, 0};
    Py_ssize_t len = 1;
    int capital = 0;
    PyObject *out = PyList_New(0);
    for (Py_ssize_t i = 0; out != NULL && i < PyUnicode_GET_LENGTH(text); i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (ch < 128) {
            if (ch < 'A' || (ch > 'Z' && ch < 'a') || ch > 'z')
                ch = ' ';
        } else {
            PyObject *one = PyUnicode_FromOrdinal(ch);
            PyObject *normal = one ? PyObject_CallOneArg(normalize, one) : NULL;
            Py_XDECREF(one);
            if (normal == NULL || !PyUnicode_Check(normal) || PyUnicode_GET_LENGTH(normal) != 1) {
                if (normal != NULL)
                    PyErr_SetString(PyExc_ValueError, "extract_ngrams: normalize must give one character");
                Py_XDECREF(normal);
                Py_CLEAR(out);
                break;
            }
            ch = PyUnicode_READ_CHAR(normal, 0);
            Py_DECREF(normal);
        }
        Py_UCS4 last = grams[len - 1];
        if (last == ' ') {
            grams[0] = ' ';
            len = 1;
            capital = 0;
            if (ch == ' ')
                continue;
        } else if (len >= 3) {
            grams[0] = grams[1];
            grams[1] = grams[2];
            len = 2;
        }
        grams[len++] = ch;
        if (Py_UNICODE_ISUPPER(ch)) {
            if (Py_UNICODE_ISUPPER(last))
                capital = 1;
        } else {
            capital = 0;
        }
        if (capital)
            continue;
        if ((ch != ' ' && append_known(out, known, grams + len - 1, 1) < 0)
            || (len >= 2 && append_known(out, known, grams + len - 2, 2) < 0)
            || (len >= 3 && append_known(out, known, grams, 3) < 0))
            Py_CLEAR(out);
    }
    return out;
}

/* prob's values into `out`, a list of as many floats, as new float objects: 0, or -1 on error. */
static int store_probs(PyObject *out, const double *p, Py_ssize_t n)
{
    for (Py_ssize_t j = 0; j < n; j++) {
        PyObject *value = PyFloat_FromDouble(p[j]);
        if (value == NULL)
            return -1;
        PyList_SetItem(out, j, value);
    }
    return 0;
}

/* trial_loop(prob, ngrams, known, weight, getrandbits, conv_threshold, iteration_limit, sum): one
   trial of langdetect's Detector._detect_block, its loop, with prob (a list of floats) updated in
   place: draw an n-gram as random.choice does (_randbelow_with_getrandbits: getrandbits of n's bit
   length until below n), multiply each probability by weight plus the n-gram's (known[word], a
   tuple of floats), and every fifth draw divide them by their sum (`sum`, Python's own: its
   rounding is the version's) and stop past conv_threshold or the iteration limit. The same double
   operations in the same order as FastDetector's Python methods (tests/test_language.py). */
static PyObject *trial_loop(PyObject *self, PyObject *args)
{
    PyObject *prob, *ngrams, *known, *getrandbits, *sum;
    double weight, conv;
    long limit;
    if (!PyArg_ParseTuple(args, "O!O!O!dOdlO", &PyList_Type, &prob, &PyList_Type, &ngrams, &PyDict_Type, &known,
                          &weight, &getrandbits, &conv, &limit, &sum))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(ngrams), width = PyList_GET_SIZE(prob);
    if (n == 0 || width == 0) {
        PyErr_SetString(PyExc_IndexError, "trial_loop: no n-gram to choose from, or no language");
        return NULL;
    }
    int bits = 0;
    for (size_t rest = (size_t)n; rest; rest >>= 1)
        bits++;
    double *p = PyMem_Malloc((width ? width : 1) * sizeof(double));
    PyObject *k = PyLong_FromLong(bits);
    PyObject *result = NULL;
    if (p == NULL || k == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t j = 0; j < width; j++) {
        p[j] = PyFloat_AsDouble(PyList_GET_ITEM(prob, j));
        if (p[j] == -1.0 && PyErr_Occurred())
            goto done;
    }
    for (long i = 0;; i++) {
        Py_ssize_t r;
        do {
            PyObject *drawn = PyObject_CallOneArg(getrandbits, k);
            if (drawn == NULL)
                goto done;
            r = PyLong_AsSsize_t(drawn);
            Py_DECREF(drawn);
            if (r == -1 && PyErr_Occurred())
                goto done;
        } while (r >= n);
        PyObject *row = PyDict_GetItemWithError(known, PyList_GET_ITEM(ngrams, r));
        if (row == NULL && PyErr_Occurred())
            goto done;
        if (row != NULL) {
            if (!PyTuple_Check(row) || PyTuple_GET_SIZE(row) != width) {
                PyErr_SetString(PyExc_TypeError, "trial_loop: an n-gram's row must be a tuple as long as prob");
                goto done;
            }
            for (Py_ssize_t j = 0; j < width; j++) {
                PyObject *m = PyTuple_GET_ITEM(row, j);
                if (!PyFloat_Check(m)) {
                    PyErr_SetString(PyExc_TypeError, "trial_loop: an n-gram's row must hold floats");
                    goto done;
                }
                p[j] = p[j] * (weight + PyFloat_AS_DOUBLE(m));
            }
        }
        if (i % 5 == 0) {
            if (store_probs(prob, p, width) < 0)
                goto done;
            PyObject *total = PyObject_CallOneArg(sum, prob);
            if (total == NULL)
                goto done;
            double sump = PyFloat_AsDouble(total);
            Py_DECREF(total);
            if (sump == -1.0 && PyErr_Occurred())
                goto done;
            double maxp = 0.0;
            for (Py_ssize_t j = 0; j < width; j++) {
                p[j] = p[j] / sump;
                if (maxp < p[j])
                    maxp = p[j];
            }
            if (maxp > conv || i >= limit)
                break;
        }
    }
    if (store_probs(prob, p, width) == 0)
        result = Py_NewRef(Py_None);
done:
    PyMem_Free(p);
    Py_XDECREF(k);
    return result;
}

/* main_span(scores) -> (start, end) | None: core.main_span_python, the maximum-sum segment, with the
   same double additions and comparisons in the same order. */
static PyObject *main_span(PyObject *self, PyObject *args)
{
    PyObject *scores;
    if (!PyArg_ParseTuple(args, "O!", &PyList_Type, &scores))
        return NULL;
    double best = 0.0, running = 0.0;
    Py_ssize_t start = 0, best_start = -1, best_end = -1;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(scores); i++) {
        double s = PyFloat_AsDouble(PyList_GET_ITEM(scores, i));
        if (s == -1.0 && PyErr_Occurred())
            return NULL;
        if (running <= 0) {
            running = 0.0;
            start = i;
        }
        running += s;
        if (running > best) {
            best = running;
            best_start = start;
            best_end = i;
        }
    }
    if (best_start < 0)
        Py_RETURN_NONE;
    return Py_BuildValue("(nn)", best_start, best_end);
}

/* ---- h25 ---- */

/* held_words(lines, min_len, wanted) -> the words of `wanted` that content_words(lines, min_len)
   holds (core.held_words_python is the definition, held equal by tests/test_core_kernel.py): the
   article's words that find_headline's candidates hold, with no set of all the article's words made.
   A word is made as a str only when a word of `wanted` has its first letter and its length
   (HELD_LETTERS x HELD_LENGTHS bits; other words are made and looked up). Stops once all are found.
   A line in Latin-1 letters (most Western European prose) is folded word by word, not whole. */
#define HELD_LETTERS 128
#define HELD_LENGTHS 64

struct held {
    PyObject *wanted;
    unsigned char bits[HELD_LETTERS][HELD_LENGTHS / 8];
    Py_ssize_t left;  /* words of `wanted` not found yet */
};

static int may_be_wanted(const struct held *h, Py_UCS4 first, Py_ssize_t len)
{
    if (first >= HELD_LETTERS || len >= HELD_LENGTHS)
        return 1;
    return (h->bits[first][len / 8] >> (len % 8)) & 1;
}

/* casefold() of a character of a text that folds_simply() accepts: ASCII and Latin-1 capitals to their
   small letters, all else unchanged (tests/test_core_kernel.py checks this against str.casefold). */
static inline Py_UCS4 fold_simple(Py_UCS4 ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 0xC0 && ch <= 0xDE && ch != 0xD7) ? ch + 32 : ch;
}

/* 1 when casefold() maps each character of `text` to one character, by fold_simple(): its characters
   are Latin-1 but U+00B5 and U+00DF (they fold to other scripts or to two letters), or general
   punctuation (U+2000-U+206F: curly quotes, dashes). Its words then are the folded text's words,
   folded, and the text need not be casefolded whole. */
static int folds_simply(PyObject *text)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(text); i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (ch < 0x100 ? ch == 0xB5 || ch == 0xDF : ch < 0x2000 || ch > 0x206F)
            return 0;
    }
    return 1;
}

/* text[start:end] folded by fold_simple (Latin-1 letters, and a word's apostrophe, U+2019). NULL on error. */
static PyObject *simple_folded(int kind, const void *data, Py_ssize_t start, Py_ssize_t end)
{
    Py_UCS4 widest = 0;
    for (Py_ssize_t i = start; i < end; i++) {
        Py_UCS4 ch = fold_simple(PyUnicode_READ(kind, data, i));
        widest = ch > widest ? ch : widest;
    }
    PyObject *folded = PyUnicode_New(end - start, widest);
    if (folded == NULL)
        return NULL;
    int out_kind = PyUnicode_KIND(folded);
    void *out = PyUnicode_DATA(folded);
    for (Py_ssize_t i = start; i < end; i++)
        PyUnicode_WRITE(out_kind, out, i - start, fold_simple(PyUnicode_READ(kind, data, i)));
    return folded;
}

/* Add the words of `text` that `wanted` holds to `out`: text casefolded, or ASCII, or (simple) one
   that folds_simply() accepts, folded word by word. 0, or -1 on error. */
static int add_held(PyObject *text, Py_ssize_t min_len, struct held *h, PyObject *out, int simple)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), i = 0, start;
    int ascii = PyUnicode_IS_ASCII(text);
    while (h->left > 0 && next_word(kind, data, n, &i, &start)) {
        if (i - start < min_len)
            continue;
        Py_UCS4 first = PyUnicode_READ(kind, data, start);
        if (ascii || simple)
            first = fold_simple(first);
        if (!may_be_wanted(h, first, i - start))
            continue;
        PyObject *word = ascii ? ascii_lower(kind, data, start, i)
                         : simple ? simple_folded(kind, data, start, i) : PyUnicode_Substring(text, start, i);
        if (word == NULL)
            return -1;
        int held = PySet_Contains(h->wanted, word);
        int fresh = held == 1 ? !PySet_Contains(out, word) : 0;
        if (held < 0 || (fresh && PySet_Add(out, word) < 0)) {
            Py_DECREF(word);
            return -1;
        }
        h->left -= fresh;
        Py_DECREF(word);
    }
    return 0;
}

static PyObject *held_words(PyObject *self, PyObject *args)
{
    PyObject *texts, *wanted;
    Py_ssize_t min_len;
    if (!PyArg_ParseTuple(args, "O!nO!", &PyList_Type, &texts, &min_len, &PySet_Type, &wanted))
        return NULL;
    struct held h;
    memset(&h, 0, sizeof h);
    h.wanted = wanted;
    h.left = PySet_GET_SIZE(wanted);
    PyObject *each = PyObject_GetIter(wanted), *word;
    if (each == NULL)
        return NULL;
    while ((word = PyIter_Next(each)) != NULL) {
        Py_ssize_t len = PyUnicode_Check(word) ? PyUnicode_GET_LENGTH(word) : 0;
        Py_UCS4 first = len ? PyUnicode_READ_CHAR(word, 0) : 0;
        if (len && first < HELD_LETTERS && len < HELD_LENGTHS)
            h.bits[first][len / 8] |= (unsigned char)(1 << (len % 8));
        Py_DECREF(word);
    }
    Py_DECREF(each);
    if (PyErr_Occurred())
        return NULL;
    PyObject *out = PySet_New(NULL);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(texts) && h.left > 0; k++) {
        int simple = 0;
        PyObject *folded = folded_line(PyList_GET_ITEM(texts, k), "held_words", &simple);
        if (folded == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        int failed = add_held(folded, min_len, &h, out, simple);
        Py_DECREF(folded);
        if (failed) {
            Py_DECREF(out);
            return NULL;
        }
    }
    return out;
}

/* ---- k25 ---- */

/* removals(removal_type, numbers, texts, judged, stage) -> [removal_type] (text_path.removals_python):
   for each i whose verdict judged[i] drops it, removal_type(numbers[i], texts[i], judged[i].reason,
   stage), built as tuple.__new__ builds a tuple subclass (tp_alloc, then the
   items), without a call through Python per line. */
static PyObject *verdict_field(PyObject *verdict, Py_ssize_t k, PyObject *name)
{
    if (PyTuple_Check(verdict) && PyTuple_GET_SIZE(verdict) > k) {
        PyObject *item = PyTuple_GET_ITEM(verdict, k);
        Py_INCREF(item);
        return item;
    }
    return PyObject_GetAttr(verdict, name);
}

static PyObject *removal_of(PyTypeObject *type, PyObject *number, PyObject *text, PyObject *reason,
                            PyObject *stage)
{
    PyObject *out = type->tp_alloc(type, 4);
    if (out == NULL)
        return NULL;
    Py_INCREF(number);
    Py_INCREF(text);
    Py_INCREF(reason);
    Py_INCREF(stage);
    PyTuple_SET_ITEM(out, 0, number);
    PyTuple_SET_ITEM(out, 1, text);
    PyTuple_SET_ITEM(out, 2, reason);
    PyTuple_SET_ITEM(out, 3, stage);
    return out;
}

static PyObject *removals(PyObject *self, PyObject *args)
{
    PyObject *type, *numbers, *texts, *judged, *stage;
    if (!PyArg_ParseTuple(args, "O!O!O!O!O", &PyType_Type, &type, &PyList_Type, &numbers, &PyList_Type, &texts,
                          &PyList_Type, &judged, &stage))
        return NULL;
    if (!PyType_IsSubtype((PyTypeObject *)type, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "removals: removal_type must subclass tuple");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(judged);
    if (PyList_GET_SIZE(numbers) < n || PyList_GET_SIZE(texts) < n) {
        PyErr_SetString(PyExc_IndexError, "removals: a line without its number or its text");
        return NULL;
    }
    PyObject *keep_name = PyUnicode_InternFromString("keep"), *reason_name = PyUnicode_InternFromString("reason");
    PyObject *out = PyList_New(0);
    if (keep_name == NULL || reason_name == NULL || out == NULL)
        goto fail;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *verdict = PyList_GET_ITEM(judged, i);
        PyObject *keep = verdict_field(verdict, 0, keep_name);
        if (keep == NULL)
            goto fail;
        int kept = PyObject_IsTrue(keep);
        Py_DECREF(keep);
        if (kept < 0)
            goto fail;
        if (kept)
            continue;
        PyObject *reason = verdict_field(verdict, 1, reason_name);
        if (reason == NULL)
            goto fail;
        PyObject *removal = removal_of((PyTypeObject *)type, PyList_GET_ITEM(numbers, i), PyList_GET_ITEM(texts, i),
                                       reason, stage);
        Py_DECREF(reason);
        if (removal == NULL || PyList_Append(out, removal) < 0) {
            Py_XDECREF(removal);
            goto fail;
        }
        Py_DECREF(removal);
    }
    Py_DECREF(keep_name);
    Py_DECREF(reason_name);
    return out;
fail:
    Py_XDECREF(keep_name);
    Py_XDECREF(reason_name);
    Py_XDECREF(out);
    return NULL;
}

static PyMethodDef methods[] = {
    {"line_stats", line_stats, METH_VARARGS,
     "line_stats(lines, stoplist, max_stop_len, closers, sentence_ends, quotes[, stop_table]) -> "
     "[(words, stopwords, capitalised, sentence, colon, quote, lower_start, digit)] for each line"},
    {"line_objects", line_objects, METH_VARARGS,
     "line_objects(line_type, lines, keys, hits, stoplist, max_stop_len, closers, sentence_ends, quotes, "
     "bullet_marks, is_timestamp[, stop_table]) -> [Line] for each line (lines.line_objects_python), or None "
     "when a line holds kana, CJK, Hangul or Thai"},
    {"normalise_all", normalise_all, METH_VARARGS,
     "normalise_all(lines, lead_marks, trail_marks) -> [rules.normalise(line)] for each line"},
    {"content_words", content_words, METH_VARARGS,
     "content_words(lines, min_len) -> the set of WORD's findall of each line's casefold(), min_len or longer"},
    {"match_loop", match_loop, METH_VARARGS,
     "match_loop(lines, keys, candidates, phrase, prefix_first, hits, match_prefix, buckets, by_two, new_bucket, "
     "max_buckets, searched_after, max_regex_chars, regex[, by_first]) -> [Hit | None] (rules.RuleSet._match_loop_python)"},
    {"stop_table", stop_table, METH_VARARGS,
     "stop_table(stoplist) -> a capsule of its ASCII words, for line_stats and line_objects to look words up in"},
    {"sized_lines", sized_lines, METH_VARARGS,
     "sized_lines(lines, max_chars) -> the indexes of the lines regex rules run on (rules._regex_sized)"},
    {"held_rules", held_rules, METH_VARARGS,
     "held_rules(texts, matches, word_rules, index, n_rules) -> {index[k]: rule positions} "
     "(rules.RuleSet._searched_candidates_python after its scan)"},
    {"extract_ngrams", extract_ngrams, METH_VARARGS,
     "extract_ngrams(text, normalize, known) -> langdetect's n-grams of text (FastDetector._extract_ngrams_python)"},
    {"trial_loop", trial_loop, METH_VARARGS,
     "trial_loop(prob, ngrams, known, weight, getrandbits, conv_threshold, iteration_limit, sum): one trial "
     "of langdetect's _detect_block loop, prob updated in place (langdetect's Detector._detect_block)"},
    {"main_span", main_span, METH_VARARGS,
     "main_span(scores) -> (start, end) of the maximum-sum segment, or None (core.main_span_python)"},
    {"scale_by", scale_by, METH_VARARGS,
     "scale_by(prob, weight, row): prob[i] *= weight + row[i] for every i, in place"},
    {"held_words", held_words, METH_VARARGS,
     "held_words(lines, min_len, wanted) -> the words of the set `wanted` that content_words(lines, min_len) "
     "holds (core.held_words_python)"},
    {"removals", removals, METH_VARARGS,
     "removals(removal_type, numbers, texts, judged, stage) -> [removal_type(numbers[i], texts[i], "
     "judged[i].reason, stage)] for each i whose verdict drops it (text_path.removals_python)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_kernel", NULL, -1, methods};

PyMODINIT_FUNC PyInit__kernel(void)
{
    return PyModule_Create(&module);
}
