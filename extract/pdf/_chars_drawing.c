/* Part of extract/pdf/_chars.c, which includes it: one translation unit, so the static
   helpers and bindings there are shared. Not compiled on its own. */

/* ------------------------------------------------------------------------------------
 * drawing(page, budget) -> (segments, n_images, too_complex): page_drawing of
 * pdfium_page.py, the same walk (into form XObjects), the same calls and the same
 * arithmetic: straight pieces of visible paths in user space, as 4-tuples of floats. */

typedef struct { float a, b, c, d, e, f; } matrixf;
typedef int (*count_fn)(void *);
typedef void *(*get_obj_fn)(void *, int);
typedef void *(*get_form_obj_fn)(void *, unsigned long);
typedef int (*point_fn)(void *, float *, float *);
typedef int (*draw_mode_fn)(void *, int *, int *);
typedef int (*color_fn)(void *, unsigned int *, unsigned int *, unsigned int *, unsigned int *);
typedef int (*matrix_fn)(void *, matrixf *);

static count_fn page_count_objects, obj_type, count_segments, segment_type, segment_close, form_count_objects;
static get_obj_fn page_get_object, get_segment;
static get_form_obj_fn form_get_object;
static point_fn segment_point;
static draw_mode_fn draw_mode;
static color_fn stroke_color, fill_color;
static matrix_fn obj_matrix;
static int kind_path, kind_image, kind_form, seg_moveto, seg_lineto;

static PyObject *bind_drawing(PyObject *self, PyObject *args) {
    unsigned long long p[14];
    if (!PyArg_ParseTuple(args, "KKKKKKKKKKKKKK(iiiii)", &p[0], &p[1], &p[2], &p[3], &p[4], &p[5], &p[6], &p[7],
                          &p[8], &p[9], &p[10], &p[11], &p[12], &p[13], &kind_path, &kind_image, &kind_form,
                          &seg_moveto, &seg_lineto))
        return NULL;
    if (any_null(p, 14))
        return NULL;
    page_count_objects = (count_fn)(uintptr_t)p[0];
    page_get_object = (get_obj_fn)(uintptr_t)p[1];
    obj_type = (count_fn)(uintptr_t)p[2];
    count_segments = (count_fn)(uintptr_t)p[3];
    get_segment = (get_obj_fn)(uintptr_t)p[4];
    segment_point = (point_fn)(uintptr_t)p[5];
    segment_type = (count_fn)(uintptr_t)p[6];
    segment_close = (count_fn)(uintptr_t)p[7];
    draw_mode = (draw_mode_fn)(uintptr_t)p[8];
    stroke_color = (color_fn)(uintptr_t)p[9];
    fill_color = (color_fn)(uintptr_t)p[10];
    obj_matrix = (matrix_fn)(uintptr_t)p[11];
    form_count_objects = (count_fn)(uintptr_t)p[12];
    form_get_object = (get_form_obj_fn)(uintptr_t)p[13];
    Py_RETURN_NONE;
}

typedef struct { double a, b, c, d, e, f; } matrixd;

typedef struct {
    PyObject *segments;
    long budget;
    int n_images, too_complex;
    /* _Walker's out-parameters: one set per page, as in the Python walker */
    matrixf m;
    int fill, stroke;
    unsigned int rgba[4];
} walk_state;

static matrixd matrix_of(walk_state *w, void *obj, const matrixd *outer) { /* _Walker.matrix_of */
    double a, b, c, d, e, f;
    if (!obj_matrix(obj, &w->m)) {
        a = 1.0, b = 0.0, c = 0.0, d = 1.0, e = 0.0, f = 0.0;
    } else {
        a = w->m.a, b = w->m.b, c = w->m.c, d = w->m.d, e = w->m.e, f = w->m.f;
    }
    const double A = outer->a, B = outer->b, C = outer->c, D = outer->d, E = outer->e, F = outer->f;
    matrixd out = {a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F};
    return out;
}

static int visible(walk_state *w, void *obj) { /* _Walker.visible */
    if (!draw_mode(obj, &w->fill, &w->stroke))
        return 0;
    int read;
    unsigned int *v = w->rgba;
    if (w->stroke)
        read = stroke_color(obj, &v[0], &v[1], &v[2], &v[3]);
    else if (w->fill)
        read = fill_color(obj, &v[0], &v[1], &v[2], &v[3]);
    else
        return 0;
    if (!read)
        return 0;
    unsigned int lo = v[0] < v[1] ? v[0] : v[1];
    lo = lo < v[2] ? lo : v[2];
    return v[3] > 0 && lo < 240;
}

static int add_segment(PyObject *out, double x0, double y0, double x1, double y1) {
    PyObject *t = Py_BuildValue("(dddd)", x0, y0, x1, y1);
    if (!t || PyList_Append(out, t) < 0) {
        Py_XDECREF(t);
        return -1;
    }
    Py_DECREF(t);
    return 0;
}

static int path_segments(void *obj, int n, const matrixd *m, PyObject *out) { /* _Walker.segments */
    float x = 0.0f, y = 0.0f; /* what a point pdfium cannot read stays */
    double sx = 0, sy = 0, px = 0, py = 0;
    int has_start = 0, has_prev = 0, prev_is_start = 0; /* prev and start the same tuple: equal, even NaN */
    for (int i = 0; i < n; i++) {
        void *seg = get_segment(obj, i);
        segment_point(seg, &x, &y);
        double X = x, Y = y;
        double tx = m->a * X + m->c * Y + m->e, ty = m->b * X + m->d * Y + m->f;
        int kind = segment_type(seg);
        if (kind == seg_moveto) {
            sx = tx, sy = ty, has_start = 1;
            prev_is_start = 1;
        } else {
            if (kind == seg_lineto && has_prev && add_segment(out, px, py, tx, ty) < 0)
                return -1;
            prev_is_start = 0;
        }
        px = tx, py = ty, has_prev = 1;
        if (segment_close(seg) && has_start && !prev_is_start && (px != sx || py != sy)) {
            if (add_segment(out, px, py, sx, sy) < 0)
                return -1;
            px = sx, py = sy, prev_is_start = 1;
        }
    }
    return 0;
}

static int walk(walk_state *w, void *parent, int is_form, const matrixd *outer) { /* page_drawing.walk */
    int count = is_form ? form_count_objects(parent) : page_count_objects(parent);
    for (int i = 0; i < count; i++) {
        void *obj = is_form ? form_get_object(parent, (unsigned long)i) : page_get_object(parent, i);
        int kind = obj_type(obj);
        if (kind == kind_path) {
            int n = count_segments(obj);
            w->budget -= n;
            if (w->budget < 0) {
                w->too_complex = 1;
                return 0;
            }
            if (n <= 1 || !visible(w, obj))
                continue;
            matrixd m = matrix_of(w, obj, outer);
            if (path_segments(obj, n, &m, w->segments) < 0)
                return -1;
        } else if (kind == kind_image) {
            w->n_images++;
        } else if (kind == kind_form) {
            matrixd m = matrix_of(w, obj, outer);
            if (walk(w, obj, 1, &m) < 0)
                return -1;
        }
    }
    return 0;
}

static PyObject *drawing(PyObject *self, PyObject *args) {
    unsigned long long page;
    long budget;
    if (!PyArg_ParseTuple(args, "Kl", &page, &budget))
        return NULL;
    if (!page_count_objects) {
        PyErr_SetString(PyExc_RuntimeError, "bind_drawing() first");
        return NULL;
    }
    walk_state w;
    memset(&w, 0, sizeof w);
    w.budget = budget;
    w.segments = PyList_New(0);
    if (!w.segments)
        return NULL;
    matrixd identity = {1.0, 0.0, 0.0, 1.0, 0.0, 0.0};
    if (walk(&w, (void *)(uintptr_t)page, 0, &identity) < 0) {
        Py_DECREF(w.segments);
        return NULL;
    }
    if (w.too_complex)
        Py_SETREF(w.segments, PyList_New(0));
    if (!w.segments)
        return NULL;
    PyObject *out = Py_BuildValue("(Oii)", w.segments, w.n_images, w.too_complex);
    Py_DECREF(w.segments);
    return out;
}
