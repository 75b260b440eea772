/* The per-character and per-stroke loops of extract/pdf (pdfium_page.page_glyphs,
 * pdfium_page.page_drawing, text.glyphs_to_lines, and tables.split_inside and
 * tables.grid_cells, which put a page's glyphs into its ruled tables), in C.
 *
 * A page is thousands of characters and each needs a few pdfium calls; through ctypes
 * every call costs more than pdfium's work behind it. This module makes the same calls,
 * in the same order, through the function pointers pypdfium2 already loaded (`bind`),
 * so it needs no pdfium headers or library of its own. It decides nothing: what it
 * returns is exactly what the Python loop reads, and pdfium_page.py turns it into
 * glyphs (tests/test_pdf_chars.py checks that both give the same PageGlyphs).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

typedef struct { float left, top, right, bottom; } rectf;

typedef int (*count_chars_fn)(void *);
typedef int (*get_text_fn)(void *, int, int, unsigned short *);
typedef unsigned int (*get_unicode_fn)(void *, int);
typedef int (*get_box_fn)(void *, int, rectf *);
typedef double (*get_size_fn)(void *, int);
typedef float (*get_angle_fn)(void *, int);
typedef unsigned long (*get_font_fn)(void *, int, void *, unsigned long, int *);
typedef int (*index_fn)(void *, int);

static count_chars_fn count_chars;
static get_text_fn get_text;
static get_unicode_fn get_unicode;
static get_box_fn get_box;
static get_size_fn get_size;
static get_angle_fn get_angle;
static get_font_fn get_font;
static index_fn unmapped, generated;

#define FONT_BUF 128

/* The glyph class (extract/pdf/text.Glyph, a dataclass with __slots__) and where each of
   its fields lies in the object, in this order: */
enum { F_TEXT, F_X0, F_TOP, F_X1, F_BOTTOM, F_SIZE, F_SEQ, F_SPACE, F_BOLD, F_ITALIC, N_FIELDS };
static const char *field_names[N_FIELDS] = {"text", "x0", "top", "x1", "bottom", "size", "seq", "space_before",
                                            "bold", "italic"};
static PyTypeObject *glyph_type;
static Py_ssize_t field_offset[N_FIELDS];

static int slot_offsets(PyObject *type, const char **names, int n, Py_ssize_t *out);

/* every field a plain object slot (T_OBJECT_EX), as __slots__ makes them: the glyphs are
   made as object.__new__ and setattr would make them, without a Python call per glyph */
static int set_glyph_type(PyObject *type) {
    if (slot_offsets(type, field_names, N_FIELDS, field_offset) < 0)
        return -1;
    Py_XSETREF(glyph_type, (PyTypeObject *)Py_NewRef(type));
    return 0;
}

/* 1 (with ValueError set) when an address the caller gave is null */
static int any_null(const unsigned long long *p, int n) {
    for (int k = 0; k < n; k++)
        if (!p[k]) {
            PyErr_SetString(PyExc_ValueError, "null function pointer");
            return 1;
        }
    return 0;
}

static PyObject *bind(PyObject *self, PyObject *args) {
    unsigned long long p[9];
    PyObject *type;
    if (!PyArg_ParseTuple(args, "KKKKKKKKKO!", &p[0], &p[1], &p[2], &p[3], &p[4], &p[5], &p[6], &p[7], &p[8],
                          &PyType_Type, &type))
        return NULL;
    if (set_glyph_type(type) < 0)
        return NULL;
    if (any_null(p, 9))
        return NULL;
    count_chars = (count_chars_fn)(uintptr_t)p[0];
    get_text = (get_text_fn)(uintptr_t)p[1];
    get_unicode = (get_unicode_fn)(uintptr_t)p[2];
    get_box = (get_box_fn)(uintptr_t)p[3];
    get_size = (get_size_fn)(uintptr_t)p[4];
    get_angle = (get_angle_fn)(uintptr_t)p[5];
    get_font = (get_font_fn)(uintptr_t)p[6];
    unmapped = (index_fn)(uintptr_t)p[7];
    generated = (index_fn)(uintptr_t)p[8];
    Py_RETURN_NONE;
}

/* _page_codes of pdfium_page.py */
static void page_codes(void *tp, int n, unsigned int *codes) {
    unsigned short *buf = malloc(sizeof(unsigned short) * ((size_t)n + 1));
    if (n == 0 || buf == NULL || get_text(tp, 0, n, buf) != n + 1) {
        for (int i = 0; i < n; i++)
            codes[i] = get_unicode(tp, i);
        free(buf);
        return;
    }
    for (int i = 0; i < n; i++) {
        unsigned int code = buf[i];
        if (code < 0x20 || (code >= 0xD800 && code <= 0xDFFF) || code >= 0xFFFD)
            code = get_unicode(tp, i);
        codes[i] = code;
    }
    free(buf);
}

static int is_space(unsigned int c) { return c == 0x20 || c == 0xA0 || c == 0x3000; }
static int is_break(unsigned int c) { return c == 0x0D || c == 0x0A || c == 0x09 || c == 0x0C; }

static int set_field(PyObject *obj, int k, PyObject *value) {
    if (!value)
        return -1;
    *(PyObject **)((char *)obj + field_offset[k]) = value; /* the slot was empty: it takes the reference */
    return 0;
}

static PyObject *new_glyph(unsigned int code, double x0, double top, double x1, double bottom, double size, int seq,
                           int space) {
    PyObject *g = glyph_type->tp_alloc(glyph_type, 0);
    if (!g)
        return NULL;
    if (set_field(g, F_TEXT, PyUnicode_FromOrdinal((int)code)) < 0 || set_field(g, F_X0, PyFloat_FromDouble(x0)) < 0 ||
        set_field(g, F_TOP, PyFloat_FromDouble(top)) < 0 || set_field(g, F_X1, PyFloat_FromDouble(x1)) < 0 ||
        set_field(g, F_BOTTOM, PyFloat_FromDouble(bottom)) < 0 || set_field(g, F_SIZE, PyFloat_FromDouble(size)) < 0 ||
        set_field(g, F_SEQ, PyLong_FromLong(seq)) < 0 || set_field(g, F_SPACE, PyBool_FromLong(space)) < 0 ||
        set_field(g, F_BOLD, PyBool_FromLong(0)) < 0 || set_field(g, F_ITALIC, PyBool_FromLong(0)) < 0) {
        Py_DECREF(g);
        return NULL;
    }
    return g;
}

/* read(textpage, left, top) -> (glyphs, rects, run, runs, n_bad, n_sampled_unmapped)
 *
 * glyphs: a Glyph per kept character, placed as for an unturned page (x from `left`, y
 * down from `top`), bold and italic False (pdfium_page.py sets them per run).
 * rects: its loose box, 4 float32 (left, top, right, bottom), and run: its run (int32),
 * as bytes for numpy.frombuffer. runs: per run of characters between spaces, (font size,
 * angle, font name, font flags) read at its first kept character. */
static PyObject *read_chars(PyObject *self, PyObject *args) {
    unsigned long long tp_addr;
    double left, top;
    if (!PyArg_ParseTuple(args, "Kdd", &tp_addr, &left, &top))
        return NULL;
    if (!count_chars || !glyph_type) {
        PyErr_SetString(PyExc_RuntimeError, "bind() first");
        return NULL;
    }
    void *tp = (void *)(uintptr_t)tp_addr;
    int n = count_chars(tp);
    if (n < 0)
        n = 0;
    size_t cap = n ? (size_t)n : 1;
    unsigned int *codes = malloc(sizeof(unsigned int) * cap);
    float *rects = malloc(sizeof(float) * 4 * cap);
    int32_t *run_of = malloc(sizeof(int32_t) * cap);
    PyObject *runs = PyList_New(0), *glyphs = PyList_New(0);
    PyObject *result = NULL;
    if (!codes || !rects || !run_of || !runs || !glyphs) {
        PyErr_NoMemory();
        goto done;
    }
    page_codes(tp, n, codes);
    /* out-parameters reused from character to character, as the Python loop does:
       what pdfium does not write keeps its last value */
    char name[FONT_BUF];
    memset(name, 0, sizeof name);
    int flags = 0;
    rectf rect = {0, 0, 0, 0};
    Py_ssize_t k = 0, n_runs = 0;
    int n_bad = 0, n_sampled_unmapped = 0, space = 0, run_start = 1;
    double size = 0.0;
    for (int i = 0; i < n; i++) {
        unsigned int code = codes[i];
        if (!(code > 0x20 && code < 0xFFFD) || code == 0xA0 || code == 0x3000) {
            if (is_space(code)) {
                space = space || generated(tp, i) != 1;
                run_start = 1;
                continue;
            }
            if (is_break(code)) {
                run_start = 1;
                continue;
            }
            if (code < 0x20 || (code >= 0xFFFD && code <= 0xFFFF)) {
                n_bad++;
                continue;
            }
        }
        if (!(i & 3) && unmapped(tp, i) == 1) {
            n_sampled_unmapped++;
            continue;
        }
        if (run_start) {
            size = get_size(tp, i);
            double angle = get_angle(tp, i);
            get_font(tp, i, name, FONT_BUF, &flags);
            PyObject *run = Py_BuildValue("(ddy#i)", size, angle, name, (Py_ssize_t)strnlen(name, FONT_BUF), flags);
            if (!run || PyList_Append(runs, run) < 0) {
                Py_XDECREF(run);
                goto done;
            }
            Py_DECREF(run);
            n_runs++;
            run_start = 0;
        }
        get_box(tp, i, &rect);
        double y0 = top - (double)rect.top, y1 = top - (double)rect.bottom;
        /* Python's `size or y1 - y0`: 0.0 and -0.0 are false, NaN is true */
        PyObject *g = new_glyph(code, (double)rect.left - left, y0, (double)rect.right - left, y1,
                                size != 0.0 ? size : y1 - y0, i, space);
        if (!g || PyList_Append(glyphs, g) < 0) {
            Py_XDECREF(g);
            goto done;
        }
        Py_DECREF(g);
        rects[4 * k] = rect.left;
        rects[4 * k + 1] = rect.top;
        rects[4 * k + 2] = rect.right;
        rects[4 * k + 3] = rect.bottom;
        run_of[k] = (int32_t)(n_runs - 1);
        k++;
        space = 0;
    }
    result = Py_BuildValue("(Oy#y#Oii)", glyphs, (char *)rects, 4 * k * (Py_ssize_t)sizeof(float), (char *)run_of,
                           k * (Py_ssize_t)sizeof(int32_t), runs, n_bad, n_sampled_unmapped);
done:
    free(codes);
    free(rects);
    free(run_of);
    Py_XDECREF(runs);
    Py_XDECREF(glyphs);
    return result;
}

/* ------------------------------------------------------------------------------------
 * lines(glyphs) -> the Lines of extract/pdf/text.python_glyphs_to_lines, unsorted, or None
 *
 * The same steps on the same values: glyphs sorted by (bottom, x0) and clustered by
 * baseline, each cluster sorted by (x0, seq), fake-bold copies dropped (dedupe_glyphs),
 * words cut at spaces and gaps (glyphs_to_words), a Line made of each cluster's words.
 * The word boxes take the glyphs' own float objects, the word texts go through
 * repair_text. None when a glyph holds something else than a float, an int seq and
 * bools (hand-made or OCR glyphs): the Python function reads those. */

static PyTypeObject *word_type;
static PyObject *line_type, *repair_fn, *repair_cache;
enum { W_TEXT, W_X0, W_TOP, W_X1, W_BOTTOM, W_SIZE, W_BOLD, W_ITALIC, N_WORD };
static const char *word_names[N_WORD] = {"text", "x0", "top", "x1", "bottom", "size", "bold", "italic"};
static Py_ssize_t word_offset[N_WORD];
#define REPAIR_CACHED_LEN 40 /* text.repair_text remembers texts up to this length */

static int slot_offsets(PyObject *type, const char **names, int n, Py_ssize_t *out) {
    for (int k = 0; k < n; k++) {
        PyObject *descr = PyObject_GetAttrString(type, names[k]);
        if (!descr)
            return -1;
        int ok = Py_IS_TYPE(descr, &PyMemberDescr_Type) &&
                 ((PyMemberDescrObject *)descr)->d_member->type == T_OBJECT_EX;
        if (ok)
            out[k] = ((PyMemberDescrObject *)descr)->d_member->offset;
        Py_DECREF(descr);
        if (!ok) {
            PyErr_Format(PyExc_TypeError, "field %s is not a slot", names[k]);
            return -1;
        }
    }
    if (((PyTypeObject *)type)->tp_dictoffset != 0) {
        PyErr_SetString(PyExc_TypeError, "the class must have __slots__ and no __dict__");
        return -1;
    }
    return 0;
}

static PyObject *bind_lines(PyObject *self, PyObject *args) {
    PyObject *glyph, *word, *line, *repair, *cache;
    if (!PyArg_ParseTuple(args, "O!O!OOO!", &PyType_Type, &glyph, &PyType_Type, &word, &line, &repair, &PyDict_Type,
                          &cache))
        return NULL;
    if (set_glyph_type(glyph) < 0)
        return NULL;
    if (slot_offsets(word, word_names, N_WORD, word_offset) < 0)
        return NULL;
    Py_XSETREF(word_type, (PyTypeObject *)Py_NewRef(word));
    Py_XSETREF(line_type, Py_NewRef(line));
    Py_XSETREF(repair_fn, Py_NewRef(repair));
    Py_XSETREF(repair_cache, Py_NewRef(cache));
    Py_RETURN_NONE;
}

typedef struct {
    PyObject *obj, *text, *x0o, *topo, *x1o, *bottomo, *sizeo; /* borrowed from the glyph */
    double x0, top, x1, bottom, size;
    long long seq;
    int space, bold, italic;
    Py_ssize_t pos; /* for a stable order */
} gl;

#define SLOT(obj, off) (*(PyObject **)((char *)(obj) + (off)))

static int get_bool(PyObject *v, int *out) {
    if (v == Py_True)
        *out = 1;
    else if (v == Py_False)
        *out = 0;
    else
        return -1;
    return 0;
}

static int get_float(PyObject *v, double *out) {
    if (!v || !PyFloat_CheckExact(v))
        return -1;
    *out = PyFloat_AS_DOUBLE(v);
    return isnan(*out) ? -1 : 0; /* Python's sort and comparisons of NaN: left to Python */
}

/* 1: read, 0: not a plain glyph (the caller answers None) */
static int read_glyph(PyObject *obj, Py_ssize_t pos, gl *g) {
    if (Py_TYPE(obj) != glyph_type)
        return 0;
    g->obj = obj;
    g->pos = pos;
    g->text = SLOT(obj, field_offset[F_TEXT]);
    g->x0o = SLOT(obj, field_offset[F_X0]);
    g->topo = SLOT(obj, field_offset[F_TOP]);
    g->x1o = SLOT(obj, field_offset[F_X1]);
    g->bottomo = SLOT(obj, field_offset[F_BOTTOM]);
    g->sizeo = SLOT(obj, field_offset[F_SIZE]);
    PyObject *seq = SLOT(obj, field_offset[F_SEQ]);
    if (!g->text || !PyUnicode_CheckExact(g->text) || get_float(g->x0o, &g->x0) || get_float(g->topo, &g->top) ||
        get_float(g->x1o, &g->x1) || get_float(g->bottomo, &g->bottom) || get_float(g->sizeo, &g->size))
        return 0;
    if (!seq || !PyLong_CheckExact(seq))
        return 0;
    int overflow = 0;
    g->seq = PyLong_AsLongLongAndOverflow(seq, &overflow);
    if (overflow || (g->seq == -1 && PyErr_Occurred())) {
        PyErr_Clear();
        return 0;
    }
    if (get_bool(SLOT(obj, field_offset[F_SPACE]), &g->space) || get_bool(SLOT(obj, field_offset[F_BOLD]), &g->bold) ||
        get_bool(SLOT(obj, field_offset[F_ITALIC]), &g->italic))
        return 0;
    return 1;
}

static int by_baseline(const void *pa, const void *pb) { /* key (bottom, x0), stable */
    const gl *a = *(gl *const *)pa, *b = *(gl *const *)pb;
    if (a->bottom != b->bottom)
        return a->bottom < b->bottom ? -1 : 1;
    if (a->x0 != b->x0)
        return a->x0 < b->x0 ? -1 : 1;
    return a->pos < b->pos ? -1 : (a->pos > b->pos);
}

static int by_row(const void *pa, const void *pb) { /* key (x0, seq), stable */
    const gl *a = *(gl *const *)pa, *b = *(gl *const *)pb;
    if (a->x0 != b->x0)
        return a->x0 < b->x0 ? -1 : 1;
    if (a->seq != b->seq)
        return a->seq < b->seq ? -1 : 1;
    return a->pos < b->pos ? -1 : (a->pos > b->pos);
}

static int same_text(PyObject *a, PyObject *b) { return a == b || PyUnicode_Compare(a, b) == 0; }

/* dedupe_glyphs: kept glyphs into `kept`, their count returned */
static Py_ssize_t dedupe(gl **cluster, Py_ssize_t n, gl **kept) {
    Py_ssize_t m = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        gl *g = cluster[i];
        gl *dup = NULL;
        for (Py_ssize_t j = m - 1; j >= 0 && j >= m - 3; j--) {
            gl *k = kept[j];
            if (same_text(k->text, g->text) && fabs(k->x0 - g->x0) <= 1.0 && fabs(k->bottom - g->bottom) <= 1.0) {
                dup = k;
                break;
            }
        }
        if (dup == NULL) {
            kept[m++] = g;
        } else if (!dup->bold) {
            dup->bold = 1;
            Py_SETREF(SLOT(dup->obj, field_offset[F_BOLD]), Py_NewRef(Py_True));
        }
    }
    return m;
}

static PyObject *repaired(PyObject *text) {
    if (PyUnicode_GET_LENGTH(text) <= REPAIR_CACHED_LEN) {
        PyObject *done = PyDict_GetItemWithError(repair_cache, text);
        if (done)
            return Py_NewRef(done);
        if (PyErr_Occurred())
            return NULL;
    }
    return PyObject_CallOneArg(repair_fn, text);
}

/* glyphs_to_words of kept[a:b] appended to `words` */
static int words_of(gl **kept, Py_ssize_t n, PyObject *words) {
    static PyObject *empty = NULL;
    if (!empty && !(empty = PyUnicode_New(0, 0)))
        return -1;
    Py_ssize_t start = 0;
    for (Py_ssize_t i = 0; i <= n; i++) {
        int cut = i == n;
        if (!cut && i > start) {
            gl *g = kept[i], *prev = kept[i - 1];
            if (g->space && g->seq > prev->seq) {
                cut = 1;
            } else {
                double gap = g->size > prev->size ? g->size : prev->size;
                if (prev->x1 - prev->x0 < 0.05 * gap)
                    cut = g->x0 - prev->x0 > 0.9 * gap;
                else
                    cut = g->x0 - prev->x1 > 0.17 * gap;
            }
        }
        if (!cut || i == start)
            continue;
        /* the word kept[start:i] */
        gl *first = kept[start];
        gl *x1 = first, *top = first, *bottom = first, *size = first;
        int bold = first->bold, italic = first->italic;
        PyObject *parts = PyList_New(i - start);
        if (!parts)
            return -1;
        for (Py_ssize_t j = start; j < i; j++) {
            gl *g = kept[j];
            if (j > start) {
                if (g->x1 > x1->x1)
                    x1 = g;
                if (g->top < top->top)
                    top = g;
                if (g->bottom > bottom->bottom)
                    bottom = g;
                if (g->size > size->size)
                    size = g;
                bold = bold && g->bold;
                italic = italic && g->italic;
            }
            PyList_SET_ITEM(parts, j - start, Py_NewRef(g->text));
        }
        PyObject *joined = PyUnicode_Join(empty, parts);
        Py_DECREF(parts);
        if (!joined)
            return -1;
        PyObject *text = repaired(joined);
        Py_DECREF(joined);
        if (!text)
            return -1;
        int nonempty = PyObject_IsTrue(text);
        if (nonempty < 0) {
            Py_DECREF(text);
            return -1;
        }
        if (nonempty) {
            PyObject *w = word_type->tp_alloc(word_type, 0);
            if (!w) {
                Py_DECREF(text);
                return -1;
            }
            SLOT(w, word_offset[W_TEXT]) = text;
            SLOT(w, word_offset[W_X0]) = Py_NewRef(first->x0o);
            SLOT(w, word_offset[W_TOP]) = Py_NewRef(top->topo);
            SLOT(w, word_offset[W_X1]) = Py_NewRef(x1->x1o);
            SLOT(w, word_offset[W_BOTTOM]) = Py_NewRef(bottom->bottomo);
            SLOT(w, word_offset[W_SIZE]) = Py_NewRef(size->sizeo);
            SLOT(w, word_offset[W_BOLD]) = Py_NewRef(bold ? Py_True : Py_False);
            SLOT(w, word_offset[W_ITALIC]) = Py_NewRef(italic ? Py_True : Py_False);
            int err = PyList_Append(words, w);
            Py_DECREF(w);
            if (err < 0)
                return -1;
        } else {
            Py_DECREF(text);
        }
        start = i;
    }
    return 0;
}

/* The glyphs argument as a fast sequence (a new reference); NULL with an error before
   bind_lines(), which names the classes read_glyph and the line builder take. */
static PyObject *glyph_sequence(PyObject *arg) {
    if (!glyph_type || !word_type) {
        PyErr_SetString(PyExc_RuntimeError, "bind_lines() first");
        return NULL;
    }
    return PySequence_Fast(arg, "glyphs must be a sequence");
}

static PyObject *lines(PyObject *self, PyObject *arg) {
    PyObject *seq = glyph_sequence(arg);
    if (!seq)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject **items = PySequence_Fast_ITEMS(seq);
    gl *gs = PyMem_Malloc(sizeof(gl) * (n ? n : 1));
    gl **order = PyMem_Malloc(sizeof(gl *) * (n ? n : 1));
    gl **kept = PyMem_Malloc(sizeof(gl *) * (n ? n : 1));
    PyObject *out = NULL;
    if (!gs || !order || !kept) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!read_glyph(items[i], i, &gs[i])) {
            out = Py_NewRef(Py_None);
            goto done;
        }
        order[i] = &gs[i];
    }
    qsort(order, (size_t)n, sizeof(gl *), by_baseline);
    out = PyList_New(0);
    if (!out)
        goto done;
    Py_ssize_t c0 = 0;
    while (c0 < n) { /* a cluster: glyphs within 0.45 size of its first (highest) glyph's baseline */
        double ref_bottom = order[c0]->bottom, ref_size = order[c0]->size;
        Py_ssize_t c1 = c0 + 1;
        while (c1 < n) {
            double size = order[c1]->size;
            if (!(order[c1]->bottom - ref_bottom <= 0.45 * (size > ref_size ? size : ref_size)))
                break;
            c1++;
        }
        for (Py_ssize_t i = c0; i < c1; i++)
            order[i]->pos = i - c0; /* stable within the cluster, which is in baseline order */
        qsort(order + c0, (size_t)(c1 - c0), sizeof(gl *), by_row);
        Py_ssize_t m = dedupe(order + c0, c1 - c0, kept);
        PyObject *words = PyList_New(0);
        if (!words || words_of(kept, m, words) < 0) {
            Py_XDECREF(words);
            Py_CLEAR(out);
            goto done;
        }
        if (PyList_GET_SIZE(words)) {
            PyObject *line = PyObject_CallOneArg(line_type, words);
            if (!line || PyList_Append(out, line) < 0) {
                Py_XDECREF(line);
                Py_DECREF(words);
                Py_CLEAR(out);
                goto done;
            }
            Py_DECREF(line);
        }
        Py_DECREF(words);
        c0 = c1;
    }
done:
    PyMem_Free(gs);
    PyMem_Free(order);
    PyMem_Free(kept);
    Py_DECREF(seq);
    return out;
}

/* The page's drawn strokes and the table cells, in files of their own (one translation unit). */
#include "_chars_drawing.c"
#include "_chars_cells.c"

static PyMethodDef methods[] = {
    {"bind", bind, METH_VARARGS, "bind(*addresses, glyph class): the pdfium text functions to call, the class to make"},
    {"read", read_chars, METH_VARARGS, "read(textpage address, left, top) -> the characters of the page"},
    {"bind_lines", bind_lines, METH_VARARGS, "bind_lines(Glyph, Word, Line, repair_text, its cache): what lines() reads and makes"},
    {"lines", lines, METH_O, "lines(glyphs) -> their Lines, unsorted; None for glyphs it does not take"},
    {"bind_drawing", bind_drawing, METH_VARARGS, "bind_drawing(*addresses, kinds): the pdfium page-object functions"},
    {"drawing", drawing, METH_VARARGS, "drawing(page address, segment budget) -> (segments, n_images, too_complex)"},
    {"split_box", split_box, METH_VARARGS,
     "split_box(glyphs, x0, y0, x1, y1) -> (inside, outside) by centre, in order; None for glyphs it does not take"},
    {"grid_cells", grid_cells, METH_VARARGS,
     "grid_cells(glyphs, xs, ys, owner, n_regions) -> per region its glyphs, by centre (bisect_right), in order; "
     "owner[r * (len(xs) - 1) + c] is the region of grid unit (r, c), -1 for none; None for glyphs it does not take"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_chars", NULL, -1, methods};

PyMODINIT_FUNC PyInit__chars(void) { return PyModule_Create(&module); }
