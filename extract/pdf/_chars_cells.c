/* Part of extract/pdf/_chars.c, which includes it: one translation unit, so the static
   helpers and bindings there are shared. Not compiled on its own. */

/* ---------------------------------------------------------------- table cells */

/* The glyph's centre, as Glyph.cx and Glyph.cy compute it. */
#define CENTRE_X(g) (((g).x0 + (g).x1) / 2)
#define CENTRE_Y(g) (((g).top + (g).bottom) / 2)

static PyObject *split_box(PyObject *self, PyObject *args) {
    PyObject *arg;
    double x0, y0, x1, y1;
    if (!PyArg_ParseTuple(args, "Odddd", &arg, &x0, &y0, &x1, &y1))
        return NULL;
    PyObject *seq = glyph_sequence(arg);
    if (!seq)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject **items = PySequence_Fast_ITEMS(seq);
    PyObject *mine = PyList_New(0), *rest = PyList_New(0), *out = NULL;
    if (!mine || !rest)
        goto done;
    for (Py_ssize_t i = 0; i < n; i++) {
        gl g;
        if (!read_glyph(items[i], i, &g)) {
            out = Py_NewRef(Py_None);
            goto done;
        }
        double cx = CENTRE_X(g), cy = CENTRE_Y(g);
        int in = x0 <= cx && cx <= x1 && y0 <= cy && cy <= y1;
        if (PyList_Append(in ? mine : rest, items[i]) < 0)
            goto done;
    }
    out = PyTuple_Pack(2, mine, rest);
done:
    Py_XDECREF(mine);
    Py_XDECREF(rest);
    Py_DECREF(seq);
    return out;
}

/* bisect.bisect_right: the same comparisons in the same order */
static Py_ssize_t bisect_right(const double *a, Py_ssize_t n, double x) {
    Py_ssize_t lo = 0, hi = n;
    while (lo < hi) {
        Py_ssize_t mid = (lo + hi) / 2;
        if (x < a[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

static double *doubles(PyObject *arg, Py_ssize_t *n) {
    PyObject *seq = PySequence_Fast(arg, "boundaries must be a sequence");
    if (!seq)
        return NULL;
    *n = PySequence_Fast_GET_SIZE(seq);
    double *out = PyMem_Malloc(sizeof(double) * (*n ? *n : 1));
    if (!out) {
        PyErr_NoMemory();
    } else {
        for (Py_ssize_t i = 0; i < *n; i++) {
            out[i] = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(seq, i));
            if (out[i] == -1.0 && PyErr_Occurred()) {
                PyMem_Free(out);
                out = NULL;
                break;
            }
        }
    }
    Py_DECREF(seq);
    return out;
}

static PyObject *grid_cells(PyObject *self, PyObject *args) {
    PyObject *arg, *xarg, *yarg, *oarg;
    Py_ssize_t n_regions;
    if (!PyArg_ParseTuple(args, "OOOOn", &arg, &xarg, &yarg, &oarg, &n_regions))
        return NULL;
    PyObject *seq = glyph_sequence(arg);
    if (!seq)
        return NULL;
    Py_ssize_t n_x = 0, n_y = 0;
    double *xs = doubles(xarg, &n_x), *ys = xs ? doubles(yarg, &n_y) : NULL;
    PyObject *owner = NULL, *out = NULL, *buckets = NULL;
    if (!xs || !ys)
        goto done;
    Py_ssize_t n_c = n_x - 1, n_r = n_y - 1;
    owner = PySequence_Fast(oarg, "owner must be a sequence");
    if (!owner)
        goto done;
    if (n_c < 0 || n_r < 0 || PySequence_Fast_GET_SIZE(owner) != n_r * n_c) {
        PyErr_SetString(PyExc_ValueError, "owner must have one region per grid unit");
        goto done;
    }
    buckets = PyList_New(n_regions);
    if (!buckets)
        goto done;
    for (Py_ssize_t i = 0; i < n_regions; i++) {
        PyObject *bucket = PyList_New(0);
        if (!bucket)
            goto done;
        PyList_SET_ITEM(buckets, i, bucket);
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject **items = PySequence_Fast_ITEMS(seq);
    for (Py_ssize_t i = 0; i < n; i++) {
        gl g;
        if (!read_glyph(items[i], i, &g)) {
            out = Py_NewRef(Py_None);
            goto done;
        }
        Py_ssize_t c = bisect_right(xs, n_x, CENTRE_X(g)) - 1, r = bisect_right(ys, n_y, CENTRE_Y(g)) - 1;
        if (r < 0 || c < 0 || r >= n_r || c >= n_c)
            continue;
        Py_ssize_t region = PyLong_AsSsize_t(PySequence_Fast_GET_ITEM(owner, r * n_c + c));
        if (region == -1 && PyErr_Occurred())
            goto done;
        if (region < 0)
            continue; /* a unit no region covers */
        if (region >= n_regions) {
            PyErr_SetString(PyExc_ValueError, "owner names a region past n_regions");
            goto done;
        }
        if (PyList_Append(PyList_GET_ITEM(buckets, region), items[i]) < 0)
            goto done;
    }
    out = Py_NewRef(buckets);
done:
    PyMem_Free(xs);
    PyMem_Free(ys);
    Py_XDECREF(owner);
    Py_XDECREF(seq);
    Py_XDECREF(buckets);
    return out;
}
