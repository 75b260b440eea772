/* The per-character loop of extract/pdf/pdfium_page.page_glyphs, in C.
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

static PyObject *bind(PyObject *self, PyObject *args) {
    unsigned long long p[9];
    PyObject *type;
    if (!PyArg_ParseTuple(args, "KKKKKKKKKO!", &p[0], &p[1], &p[2], &p[3], &p[4], &p[5], &p[6], &p[7], &p[8],
                          &PyType_Type, &type))
        return NULL;
    /* every field a plain object slot (T_OBJECT_EX), as __slots__ makes them: the glyphs are
       made as object.__new__ and setattr would make them, without a Python call per glyph */
    for (int k = 0; k < N_FIELDS; k++) {
        PyObject *descr = PyObject_GetAttrString(type, field_names[k]);
        if (!descr)
            return NULL;
        int ok = Py_IS_TYPE(descr, &PyMemberDescr_Type) &&
                 ((PyMemberDescrObject *)descr)->d_member->type == T_OBJECT_EX;
        if (ok)
            field_offset[k] = ((PyMemberDescrObject *)descr)->d_member->offset;
        Py_DECREF(descr);
        if (!ok) {
            PyErr_Format(PyExc_TypeError, "field %s is not a slot", field_names[k]);
            return NULL;
        }
    }
    if (((PyTypeObject *)type)->tp_dictoffset != 0 || ((PyTypeObject *)type)->tp_alloc == NULL) {
        PyErr_SetString(PyExc_TypeError, "the glyph class must have __slots__ and no __dict__");
        return NULL;
    }
    Py_XDECREF(glyph_type);
    Py_INCREF(type);
    glyph_type = (PyTypeObject *)type;
    for (int k = 0; k < 9; k++)
        if (!p[k]) {
            PyErr_SetString(PyExc_ValueError, "null function pointer");
            return NULL;
        }
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

static PyMethodDef methods[] = {
    {"bind", bind, METH_VARARGS, "bind(*addresses, glyph class): the pdfium text functions to call, the class to make"},
    {"read", read_chars, METH_VARARGS, "read(textpage address, left, top) -> the characters of the page"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_chars", NULL, -1, methods};

PyMODINIT_FUNC PyInit__chars(void) { return PyModule_Create(&module); }
