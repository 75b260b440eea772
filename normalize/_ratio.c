/* fuzz.ratio (rapidfuzz's normalised Indel similarity) of query strings against one fixed
 * list of strings, with the list's bit tables made once (normalize/ratio_table.py).
 *
 * Label matching scores every new label against every key of the indicator list, four
 * times (accented and accent-free, as printed and with sorted tokens). process.cdist
 * builds its bit tables from the query on every call and walks every key character by
 * character; the keys never change, so here each key's table is made once and the query
 * is walked instead, every key advancing together (Hyyro's bit-parallel longest common
 * subsequence, the recurrence rapidfuzz runs). Strings are of one-byte characters
 * (normalize.match_prune.CharCodes recodes the keys so); the score is rapidfuzz's formula
 * in double precision, stored as float32 as cdist(dtype=float32) stores it.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define CAPSULE "normalize._ratio.table"

/* The keys of one width (64-bit words per key), with their match masks per character. */
typedef struct {
    Py_ssize_t n;      /* keys in the group */
    Py_ssize_t words;  /* words per key */
    Py_ssize_t *pos;   /* each key's position in the list */
    uint64_t *pm;      /* [code][word][key]: bit i of word w set where character 64 w + i of the key is `code` */
    uint64_t *last;    /* per key: the used bits of its last word */
} group;

typedef struct {
    Py_ssize_t n;      /* keys */
    Py_ssize_t codes;  /* 1 + the highest character code of any key */
    Py_ssize_t *len;   /* each key's length */
    Py_UCS1 **chars;   /* each key's characters (the long keys are walked with the query's table) */
    Py_ssize_t n_groups;
    group *groups;
    uint64_t *state;   /* scratch: a state word per key word */
} table;

static void free_table(table *t) {
    if (!t)
        return;
    for (Py_ssize_t g = 0; g < t->n_groups; g++) {
        PyMem_Free(t->groups[g].pos);
        PyMem_Free(t->groups[g].pm);
        PyMem_Free(t->groups[g].last);
    }
    PyMem_Free(t->groups);
    if (t->chars)
        for (Py_ssize_t k = 0; k < t->n; k++)
            PyMem_Free(t->chars[k]);
    PyMem_Free(t->chars);
    PyMem_Free(t->len);
    PyMem_Free(t->state);
    PyMem_Free(t);
}

static void capsule_free(PyObject *capsule) { free_table(PyCapsule_GetPointer(capsule, CAPSULE)); }

static const Py_UCS1 *one_byte(PyObject *s, Py_ssize_t *len) {
    if (!PyUnicode_Check(s)) {
        PyErr_SetString(PyExc_TypeError, "strings only");
        return NULL;
    }
    if (PyUnicode_KIND(s) != PyUnicode_1BYTE_KIND) {
        PyErr_SetString(PyExc_ValueError, "a character above U+00FF");
        return NULL;
    }
    *len = PyUnicode_GET_LENGTH(s);
    return PyUnicode_1BYTE_DATA(s);
}

static Py_ssize_t width(Py_ssize_t len) { return (len + 63) / 64; }

static int fill_group(group *g, Py_ssize_t w, Py_ssize_t size, PyObject **items, const table *t) {
    g->words = w;
    g->pos = PyMem_Malloc(size * sizeof(Py_ssize_t));
    g->last = PyMem_Malloc(size * sizeof(uint64_t));
    g->pm = PyMem_Calloc((size_t)t->codes * size * w, sizeof(uint64_t));
    if (!g->pos || !g->last || !g->pm)
        return -1;
    for (Py_ssize_t k = 0; k < t->n; k++) {
        if (width(t->len[k]) != w)
            continue;
        Py_ssize_t j = g->n++, len;
        const Py_UCS1 *s = one_byte(items[k], &len);
        Py_ssize_t used = len - 64 * (w - 1);
        g->pos[j] = k;
        g->last[j] = used == 64 ? ~(uint64_t)0 : (((uint64_t)1 << used) - 1);
        for (Py_ssize_t i = 0; i < len; i++)
            g->pm[((size_t)s[i] * w + i / 64) * size + j] |= (uint64_t)1 << (i % 64);
    }
    return 0;
}

/* build(strings) -> the table of these strings (a capsule) */
static PyObject *build(PyObject *self, PyObject *arg) {
    PyObject *seq = PySequence_Fast(arg, "a sequence of strings");
    if (!seq)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq), max_words = 0, total_words = 0;
    PyObject **items = PySequence_Fast_ITEMS(seq);
    Py_ssize_t *count = NULL;
    table *t = PyMem_Calloc(1, sizeof(table));
    if (!t || !(t->len = PyMem_Calloc(n ? n : 1, sizeof(Py_ssize_t))) ||
        !(t->chars = PyMem_Calloc(n ? n : 1, sizeof(Py_UCS1 *))))
        goto nomem;
    t->n = n;
    t->codes = 1;
    for (Py_ssize_t k = 0; k < n; k++) {
        const Py_UCS1 *s = one_byte(items[k], &t->len[k]);
        if (!s)
            goto fail;
        if (!(t->chars[k] = PyMem_Malloc(t->len[k] ? t->len[k] : 1)))
            goto nomem;
        memcpy(t->chars[k], s, t->len[k]);
        for (Py_ssize_t i = 0; i < t->len[k]; i++)
            if (s[i] + 1 > t->codes)
                t->codes = s[i] + 1;
        if (width(t->len[k]) > max_words)
            max_words = width(t->len[k]);
        total_words += width(t->len[k]);
    }
    /* a group per width that occurs; an empty key has width 0 and no group (its LCS is 0) */
    if (!(count = PyMem_Calloc(max_words + 1, sizeof(Py_ssize_t))))
        goto nomem;
    for (Py_ssize_t k = 0; k < n; k++)
        count[width(t->len[k])]++;
    for (Py_ssize_t w = 1; w <= max_words; w++)
        t->n_groups += count[w] > 0;
    t->groups = PyMem_Calloc(t->n_groups ? t->n_groups : 1, sizeof(group));
    t->state = PyMem_Malloc((total_words ? total_words : 1) * sizeof(uint64_t));
    if (!t->groups || !t->state)
        goto nomem;
    for (Py_ssize_t w = 1, gi = 0; w <= max_words; w++)
        if (count[w] && fill_group(&t->groups[gi++], w, count[w], items, t) < 0)
            goto nomem;
    PyMem_Free(count);
    Py_DECREF(seq);
    PyObject *capsule = PyCapsule_New(t, CAPSULE, capsule_free);
    if (!capsule)
        free_table(t);
    return capsule;
nomem:
    PyErr_NoMemory();
fail:
    PyMem_Free(count);
    free_table(t);
    Py_DECREF(seq);
    return NULL;
}

static Py_ssize_t popcount(uint64_t x) { return (Py_ssize_t)__builtin_popcountll(x); }

/* The loops of lcs_one_word and lcs_two_words run over the keys of a group, independent of one
   another, so the compiler vectorises them; on x86-64 they are also built for AVX2 and picked at
   load time where the CPU has it. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define KEY_LOOP __attribute__((target_clones("avx2", "default")))
#else
#define KEY_LOOP
#endif

/* The LCS of the query with every key of one-word group g, into lcs[pos]. */
KEY_LOOP static void lcs_one_word(const group *g, Py_ssize_t codes, const Py_UCS1 *q, Py_ssize_t qlen,
                                  uint64_t *restrict S, Py_ssize_t *lcs) {
    const Py_ssize_t n = g->n;
    for (Py_ssize_t j = 0; j < n; j++)
        S[j] = ~(uint64_t)0;
    for (Py_ssize_t i = 0; i < qlen; i++) {
        if (q[i] >= codes)
            continue; /* no key has it: every state stays as it is */
        const uint64_t *restrict row = g->pm + (size_t)q[i] * n;
        for (Py_ssize_t j = 0; j < n; j++) {
            uint64_t u = S[j] & row[j];
            S[j] = (S[j] + u) | (S[j] - u);
        }
    }
    for (Py_ssize_t j = 0; j < n; j++)
        lcs[g->pos[j]] = popcount(~S[j] & g->last[j]);
}

/* The same for keys of two words (most of the longer ones), both words in one pass: the carry
   out of the low word (the top bit of u | (x & ~sum); u holds only bits of x, so the
   subtraction never borrows) goes into the high word's addition. */
KEY_LOOP static void lcs_two_words(const group *g, Py_ssize_t codes, const Py_UCS1 *q, Py_ssize_t qlen,
                                   uint64_t *restrict S, Py_ssize_t *lcs) {
    const Py_ssize_t n = g->n;
    uint64_t *restrict lo = S, *restrict hi = S + n;
    for (Py_ssize_t j = 0; j < 2 * n; j++)
        S[j] = ~(uint64_t)0;
    for (Py_ssize_t i = 0; i < qlen; i++) {
        if (q[i] >= codes)
            continue;
        const uint64_t *restrict m0 = g->pm + (size_t)q[i] * 2 * n, *restrict m1 = m0 + n;
        for (Py_ssize_t j = 0; j < n; j++) {
            uint64_t x = lo[j], u = x & m0[j], sum = x + u;
            uint64_t carry = (u | (x & ~sum)) >> 63;
            lo[j] = sum | (x - u);
            uint64_t y = hi[j], v = y & m1[j], sum1 = y + v + carry;
            hi[j] = sum1 | (y - v);
        }
    }
    for (Py_ssize_t j = 0; j < n; j++)
        lcs[g->pos[j]] = popcount(~lo[j]) + popcount(~hi[j] & g->last[j]);
}

/* The same for the few keys of three words or more, one key at a time (a group holds one or two
   keys, too few to loop over): word by word, each addition takes the carry out of the word
   below, the top bit of u | (x & ~sum) (u holds only bits of x: the subtraction never borrows). */
static void lcs_words(const group *g, Py_ssize_t codes, const Py_UCS1 *q, Py_ssize_t qlen, uint64_t *S,
                      Py_ssize_t *lcs) {
    const Py_ssize_t n = g->n, w = g->words;
    for (Py_ssize_t j = 0; j < n; j++) {
        uint64_t *s = S + j * w;
        for (Py_ssize_t k = 0; k < w; k++)
            s[k] = ~(uint64_t)0;
        for (Py_ssize_t i = 0; i < qlen; i++) {
            if (q[i] >= codes)
                continue;
            const uint64_t *m = g->pm + (size_t)q[i] * w * n + j;  /* word k of key j at m[k * n] */
            uint64_t carry = 0;
            for (Py_ssize_t k = 0; k < w; k++) {
                uint64_t x = s[k], u = x & m[k * n], sum = x + u + carry;
                carry = (u | (x & ~sum)) >> 63;
                s[k] = sum | (x - u);
            }
        }
        Py_ssize_t common = 0;
        for (Py_ssize_t k = 0; k < w - 1; k++)
            common += popcount(~s[k]);
        lcs[g->pos[j]] = common + popcount(~s[w - 1] & g->last[j]);
    }
}

/* The LCS of a query of at most 64 characters with each key of group g the other way round:
   the query's table made once and each key walked, one word per key whatever its length
   (for the long keys, fewer steps than walking the query over their many words). */
static void lcs_by_query(const group *g, const table *t, const uint64_t *pmq, Py_ssize_t qlen, Py_ssize_t *lcs) {
    const uint64_t used = qlen == 64 ? ~(uint64_t)0 : (((uint64_t)1 << qlen) - 1);
    for (Py_ssize_t j = 0; j < g->n; j++) {
        Py_ssize_t k = g->pos[j];
        const Py_UCS1 *s = t->chars[k];
        uint64_t S = ~(uint64_t)0;
        for (Py_ssize_t i = 0; i < t->len[k]; i++) {
            uint64_t u = S & pmq[s[i]];
            S = (S + u) | (S - u);
        }
        lcs[k] = popcount(~S & used);
    }
}

/* ratios(table, queries, out): out[q][k] = fuzz.ratio(queries[q], key k); `out` a writable
   C-contiguous float32 buffer of len(queries) * len(keys). */
static PyObject *ratios(PyObject *self, PyObject *args) {
    PyObject *capsule, *queries, *out_obj;
    if (!PyArg_ParseTuple(args, "OOO", &capsule, &queries, &out_obj))
        return NULL;
    table *t = PyCapsule_GetPointer(capsule, CAPSULE);
    if (!t)
        return NULL;
    PyObject *seq = PySequence_Fast(queries, "a sequence of strings");
    if (!seq)
        return NULL;
    Py_ssize_t nq = PySequence_Fast_GET_SIZE(seq);
    Py_buffer out;
    if (PyObject_GetBuffer(out_obj, &out, PyBUF_WRITABLE | PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) {
        Py_DECREF(seq);
        return NULL;
    }
    PyObject *result = NULL;
    Py_ssize_t *lcs = NULL;
    if (out.itemsize != 4 || !out.format || strcmp(out.format, "f") != 0 || out.len != nq * t->n * 4) {
        PyErr_SetString(PyExc_ValueError, "out must be float32 of len(queries) * len(keys)");
        goto done;
    }
    if (!(lcs = PyMem_Malloc((t->n ? t->n : 1) * sizeof(Py_ssize_t)))) {
        PyErr_NoMemory();
        goto done;
    }
    float *dst = out.buf;
    for (Py_ssize_t qi = 0; qi < nq; qi++) {
        Py_ssize_t qlen;
        const Py_UCS1 *q = one_byte(PySequence_Fast_GET_ITEM(seq, qi), &qlen);
        if (!q)
            goto done;
        memset(lcs, 0, t->n * sizeof(Py_ssize_t));
        uint64_t pmq[256];
        if (qlen <= 64) {
            memset(pmq, 0, sizeof pmq);
            for (Py_ssize_t i = 0; i < qlen; i++)
                pmq[q[i]] |= (uint64_t)1 << i;
        }
        uint64_t *S = t->state;
        for (Py_ssize_t g = 0; g < t->n_groups; g++) {
            const group *gr = &t->groups[g];
            if (gr->words == 1)
                lcs_one_word(gr, t->codes, q, qlen, S, lcs);
            else if (gr->words == 2)
                lcs_two_words(gr, t->codes, q, qlen, S, lcs);
            else if (qlen <= 64)
                lcs_by_query(gr, t, pmq, qlen, lcs);
            else
                lcs_words(gr, t->codes, q, qlen, S, lcs);
            S += gr->n * gr->words;
        }
        for (Py_ssize_t k = 0; k < t->n; k++) {
            /* rapidfuzz: normalized_similarity = 1 - dist / lensum, times 100; 100 for two empty strings */
            Py_ssize_t lensum = qlen + t->len[k];
            double sim = lensum ? 1.0 - (double)(lensum - 2 * lcs[k]) / (double)lensum : 1.0;
            dst[qi * t->n + k] = (float)(sim * 100);
        }
    }
    result = Py_NewRef(Py_None);
done:
    PyMem_Free(lcs);
    PyBuffer_Release(&out);
    Py_DECREF(seq);
    return result;
}

static PyMethodDef methods[] = {
    {"build", build, METH_O, "build(strings) -> the bit tables of these one-byte strings"},
    {"ratios", ratios, METH_VARARGS, "ratios(table, queries, out): fuzz.ratio of each query against each string, "
                                     "into out (float32, len(queries) * len(strings))"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_ratio", NULL, -1, methods};

PyMODINIT_FUNC PyInit__ratio(void) { return PyModule_Create(&module); }
