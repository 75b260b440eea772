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

static PyObject *bind(PyObject *self, PyObject *args) {
    unsigned long long p[9];
    if (!PyArg_ParseTuple(args, "KKKKKKKKK", &p[0], &p[1], &p[2], &p[3], &p[4], &p[5], &p[6], &p[7], &p[8]))
        return NULL;
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

/* read(textpage) -> (codes, index, rects, space, run, runs, n_bad, n_sampled_unmapped)
 *
 * Per kept character: its code (uint32), its index on the page (int32), its loose box
 * (4 float32: left, top, right, bottom), a space before it (uint8) and its run (int32).
 * runs: per run of characters between spaces, (font size, angle, font name, font flags)
 * read at its first kept character. The arrays are bytes, for numpy.frombuffer. */
static PyObject *read_chars(PyObject *self, PyObject *args) {
    unsigned long long tp_addr;
    if (!PyArg_ParseTuple(args, "K", &tp_addr))
        return NULL;
    if (!count_chars) {
        PyErr_SetString(PyExc_RuntimeError, "bind() first");
        return NULL;
    }
    void *tp = (void *)(uintptr_t)tp_addr;
    int n = count_chars(tp);
    if (n < 0)
        n = 0;
    size_t cap = n ? (size_t)n : 1;
    unsigned int *codes = malloc(sizeof(unsigned int) * cap);
    uint32_t *kept_code = malloc(sizeof(uint32_t) * cap);
    int32_t *kept_index = malloc(sizeof(int32_t) * cap);
    float *rects = malloc(sizeof(float) * 4 * cap);
    uint8_t *spaces = malloc(cap);
    int32_t *run_of = malloc(sizeof(int32_t) * cap);
    PyObject *runs = PyList_New(0);
    PyObject *result = NULL;
    if (!codes || !kept_code || !kept_index || !rects || !spaces || !run_of || !runs) {
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
            double size = get_size(tp, i);
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
        kept_code[k] = code;
        kept_index[k] = i;
        rects[4 * k] = rect.left;
        rects[4 * k + 1] = rect.top;
        rects[4 * k + 2] = rect.right;
        rects[4 * k + 3] = rect.bottom;
        spaces[k] = (uint8_t)space;
        run_of[k] = (int32_t)(n_runs - 1);
        k++;
        space = 0;
    }
    result = Py_BuildValue("(y#y#y#y#y#Oii)", (char *)kept_code, k * (Py_ssize_t)sizeof(uint32_t), (char *)kept_index,
                           k * (Py_ssize_t)sizeof(int32_t), (char *)rects, 4 * k * (Py_ssize_t)sizeof(float),
                           (char *)spaces, k, (char *)run_of, k * (Py_ssize_t)sizeof(int32_t), runs, n_bad,
                           n_sampled_unmapped);
done:
    free(codes);
    free(kept_code);
    free(kept_index);
    free(rects);
    free(spaces);
    free(run_of);
    Py_XDECREF(runs);
    return result;
}

static PyMethodDef methods[] = {
    {"bind", bind, METH_VARARGS, "bind(*addresses): the pdfium text functions to call"},
    {"read", read_chars, METH_VARARGS, "read(textpage address) -> the characters of the page"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_chars", NULL, -1, methods};

PyMODINIT_FUNC PyInit__chars(void) { return PyModule_Create(&module); }
