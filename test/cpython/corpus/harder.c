// Harder cases, written before the analysis was tuned on them: idioms with
// ownership moving through helpers, conditions that correlate, out-parameters,
// and bugs hidden behind them. Annotated like the other corpus files.
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    PyObject_HEAD
    PyObject *dict;
    PyObject *weakreflist;
} NodeObject;

#define MY_REGISTER(o) Py_DECREF(o)

static int convert_to_list(PyObject *obj, PyObject **out) {
    PyObject *l = PySequence_List(obj);
    if (l == NULL)
        return 0;
    *out = l;
    return 1;
}

static PyObject *uses_out_param(PyObject *self, PyObject *arg) {
    PyObject *list = NULL;
    if (!convert_to_list(arg, &list))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(list);
    Py_DECREF(list);
    return PyLong_FromSsize_t(n);
}

static PyObject *get_attr_or_none(PyObject *obj, const char *name) {
    PyObject *v = PyObject_GetAttrString(obj, name);
    if (v == NULL) {
        PyErr_Clear();
        Py_RETURN_NONE;
    }
    return v;
}

static PyObject *uses_attr_helper(PyObject *self, PyObject *arg) {
    PyObject *doc = get_attr_or_none(arg, "__doc__");
    if (doc == NULL)
        return NULL;
    int is_none = (doc == Py_None);
    Py_DECREF(doc);
    return PyBool_FromLong(is_none);
}

static PyObject *leaks_attr_helper(PyObject *self, PyObject *arg) {
    PyObject *doc = get_attr_or_none(arg, "__doc__");
//                  ^ cpython-leak
    if (doc == NULL)
        return NULL;
    return PyBool_FromLong(doc == Py_None);
}

static PyObject *flag_owned(PyObject *self, PyObject *arg) {
    PyObject *key;
    int owned = 0;
    if (PyUnicode_Check(arg)) {
        key = arg;
    } else {
        key = PyObject_Str(arg);
        if (key == NULL)
            return NULL;
        owned = 1;
    }
    Py_hash_t h = PyObject_Hash(key);
    if (owned)
        Py_DECREF(key);
    if (h == -1)
        return NULL;
    return PyLong_FromSsize_t(h);
}

static PyObject *tuple_fill_loop(PyObject *self, PyObject *arg) {
    Py_ssize_t n = PyLong_AsSsize_t(arg);
    if (n < 0)
        return NULL;
    PyObject *t = PyTuple_New(n);
    if (t == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *v = PyLong_FromSsize_t(i);
        if (v == NULL) {
            Py_DECREF(t);
            return NULL;
        }
        PyTuple_SET_ITEM(t, i, v);
    }
    return t;
}

static PyObject *tuple_fill_loop_leak(PyObject *self, PyObject *arg) {
    PyObject *t = PyTuple_New(3);
//                ^ cpython-leak
    if (t == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < 3; i++) {
        PyObject *v = PyLong_FromSsize_t(i);
        if (v == NULL)
            return NULL;
        PyTuple_SET_ITEM(t, i, v);
    }
    return t;
}

static PyObject *node_get_dict(NodeObject *self, void *closure) {
    if (self->dict == NULL) {
        self->dict = PyDict_New();
        if (self->dict == NULL)
            return NULL;
    }
    Py_INCREF(self->dict);
    return self->dict;
}

static void node_dealloc(NodeObject *self) {
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    if (self->weakreflist != NULL)
        PyObject_ClearWeakRefs((PyObject *)self);
    Py_CLEAR(self->dict);
    tp->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static int node_traverse(NodeObject *self, visitproc visit, void *arg) {
    Py_VISIT(Py_TYPE(self));
    Py_VISIT(self->dict);
    return 0;
}

static PyObject *conditional_expression_result(PyObject *self, PyObject *arg) {
    PyObject *r = PyObject_IsTrue(arg) ? PyUnicode_FromString("yes") : PyUnicode_FromString("no");
    return r;
}

static PyObject *callback_with_args(PyObject *self, PyObject *args) {
    PyObject *func, *value;
    if (!PyArg_ParseTuple(args, "OO:call", &func, &value))
        return NULL;
    PyObject *callargs = PyTuple_Pack(1, value);
    if (callargs == NULL)
        return NULL;
    PyObject *result = PyObject_Call(func, callargs, NULL);
    Py_DECREF(callargs);
    if (result == NULL)
        return NULL;
    if (result == Py_None) {
        Py_DECREF(result);
        return PyLong_FromLong(0);
    }
    return result;
}

static PyObject *callback_leaks_on_error(PyObject *self, PyObject *args) {
    PyObject *func, *value;
    if (!PyArg_ParseTuple(args, "OO:call", &func, &value))
        return NULL;
    PyObject *callargs = PyTuple_Pack(1, value);
//                       ^ cpython-leak
    if (callargs == NULL)
        return NULL;
    PyObject *result = PyObject_Call(func, callargs, NULL);
    if (result == NULL)
        return NULL;
    Py_DECREF(callargs);
    return result;
}

static PyObject *err_fetch_leak(PyObject *self, PyObject *arg) {
    PyObject *exc = PyErr_GetRaisedException();
//                  ^ cpython-leak
    if (exc == NULL)
        Py_RETURN_NONE;
    return PyObject_Repr(arg);
}

static PyObject *raised_exception_restored(PyObject *self, PyObject *arg) {
    PyObject *exc = PyErr_GetRaisedException();
    PyObject *r = PyObject_Repr(arg);
    PyErr_SetRaisedException(exc);
    return r;
}

static PyObject *dict_items_leak(PyObject *self, PyObject *d) {
    PyObject *items = PyDict_Items(d);
//                    ^ cpython-leak
    if (items == NULL)
        return NULL;
    Py_ssize_t n = PyList_Size(items);
    if (n == 0) {
        Py_RETURN_NONE;
    }
    Py_DECREF(items);
    return PyLong_FromSsize_t(n);
}

static PyObject *long_chain(PyObject *self, PyObject *arg) {
    PyObject *a = NULL, *b = NULL, *c = NULL, *res = NULL;
    if ((a = PyNumber_Add(arg, arg)) == NULL)
        goto fail;
    if ((b = PyNumber_Multiply(a, arg)) == NULL)
        goto fail;
    if ((c = PyNumber_Subtract(b, a)) == NULL)
        goto fail;
    res = PyNumber_Negative(c);
fail:
    Py_XDECREF(a);
    Py_XDECREF(b);
    Py_XDECREF(c);
    return res;
}

static PyObject *unknown_macro_wrapped(PyObject *self, PyObject *arg) {
    PyObject *v = PyLong_FromLong(1);
    if (v == NULL)
        return NULL;
    MY_REGISTER(v);
    Py_RETURN_NONE;
}

static PyObject *borrowed_from_getitem_kept(PyObject *self, PyObject *list) {
    PyObject *first = PyList_GetItem(list, 0);
    if (first == NULL)
        return NULL;
    Py_INCREF(first);
    PyObject *r = PyObject_Repr(first);
    Py_DECREF(first);
    return r;
}
