// A small extension module of reference-count bugs. The run-time proof test
// builds it as written and again after FFI Lens's preferred fixes, calls each
// function many times and compares sys.getrefcount of the argument.
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *stash = NULL;

/* cpython-leak: the early return keeps the tuple (and its reference to arg). */
static PyObject *leak_early(PyObject *self, PyObject *args) {
    PyObject *arg;
    int flag;
    if (!PyArg_ParseTuple(args, "Op", &arg, &flag))
        return NULL;
    PyObject *t = PyTuple_Pack(1, arg);
    if (t == NULL)
        return NULL;
    if (!flag)
        return PyLong_FromLong(0);
    Py_DECREF(t);
    return PyLong_FromLong(1);
}

/* cpython-leak with goto cleanup: the list is never released. */
static PyObject *leak_goto(PyObject *self, PyObject *arg) {
    PyObject *list = NULL, *r = NULL;
    list = PyList_New(0);
    if (list == NULL)
        goto error;
    if (PyList_Append(list, arg) < 0)
        goto error;
    r = PyLong_FromSsize_t(PyList_GET_SIZE(list));
error:
    return r;
}

/* cpython-buildvalue-format: `O` adds a reference to a new reference that is never released. */
static PyObject *leak_buildvalue(PyObject *self, PyObject *arg) {
    PyObject *inner = PyTuple_Pack(1, arg);
    if (inner == NULL)
        return NULL;
    return Py_BuildValue("(O)", inner);
}

/* cpython-borrowed-returned: the caller releases a reference it was never given. */
static PyObject *borrowed_return(PyObject *self, PyObject *list) {
    PyObject *item = PyList_GetItem(list, 0);
    if (item == NULL)
        return NULL;
    return item;
}

/* cpython-borrowed-release: releases a reference the tuple owns. */
static PyObject *borrowed_decref(PyObject *self, PyObject *tuple) {
    PyObject *x = PyTuple_GetItem(tuple, 0);
    if (x == NULL)
        return NULL;
    Py_DECREF(x);
    Py_RETURN_NONE;
}

/* cpython-borrowed-stored: the static keeps a reference it does not own, and releases it on the next call. */
static PyObject *borrowed_store(PyObject *self, PyObject *arg) {
    Py_XDECREF(stash);
    stash = arg;
    Py_RETURN_NONE;
}

/* cpython-buildvalue-format: `N` steals the caller's borrowed reference. */
static PyObject *buildvalue_n_borrowed(PyObject *self, PyObject *arg) {
    return Py_BuildValue("(N)", arg);
}

static PyMethodDef leaky_methods[] = {
    {"leak_early", leak_early, METH_VARARGS, NULL},
    {"leak_goto", leak_goto, METH_O, NULL},
    {"leak_buildvalue", leak_buildvalue, METH_O, NULL},
    {"borrowed_return", borrowed_return, METH_O, NULL},
    {"borrowed_decref", borrowed_decref, METH_O, NULL},
    {"borrowed_store", borrowed_store, METH_O, NULL},
    {"buildvalue_n_borrowed", buildvalue_n_borrowed, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef leaky_module = {
    PyModuleDef_HEAD_INIT, "leaky", NULL, -1, leaky_methods,
};

PyMODINIT_FUNC PyInit_leaky(void) {
    return PyModule_Create(&leaky_module);
}
