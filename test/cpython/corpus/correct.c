// Correct extension code in the idioms real modules use. No annotation: no diagnostic expected.
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

extern void external_consumer(PyObject *o);

typedef struct {
    PyObject_HEAD
    PyObject *name;
    PyObject *items;
    long count;
} RecordObject;

static PyObject *ok_return_new(PyObject *self, PyObject *arg) {
    return PyLong_FromLong(42);
}

static PyObject *ok_return_none(PyObject *self, PyObject *noargs) {
    Py_RETURN_NONE;
}

static PyObject *ok_incref_borrowed(PyObject *self, PyObject *arg) {
    Py_INCREF(arg);
    return arg;
}

static PyObject *ok_newref_borrowed(PyObject *self, PyObject *args) {
    PyObject *first = PyTuple_GetItem(args, 0);
    if (first == NULL)
        return NULL;
    return Py_NewRef(first);
}

static PyObject *ok_goto_cleanup(PyObject *self, PyObject *args) {
    PyObject *a = NULL, *b = NULL, *result = NULL;
    a = PyLong_FromLong(1);
    if (a == NULL)
        goto error;
    b = PyLong_FromLong(2);
    if (b == NULL)
        goto error;
    result = PyNumber_Add(a, b);
error:
    Py_XDECREF(a);
    Py_XDECREF(b);
    return result;
}

static PyObject *ok_xdecref_cleanup(PyObject *self, PyObject *arg) {
    PyObject *list = PyList_New(0);
    PyObject *item = PyLong_FromLong(7);
    PyObject *res = NULL;
    if (list == NULL || item == NULL)
        goto done;
    if (PyList_Append(list, item) < 0)
        goto done;
    res = PyObject_Repr(list);
done:
    Py_XDECREF(list);
    Py_XDECREF(item);
    return res;
}

static PyObject *ok_build_value_n(PyObject *self, PyObject *arg) {
    PyObject *s = PyObject_Str(arg);
    if (!s)
        return NULL;
    return Py_BuildValue("(Ni)", s, 3);
}

static PyObject *ok_build_value_o(PyObject *self, PyObject *arg) {
    PyObject *s = PyObject_Str(arg);
    if (!s)
        return NULL;
    PyObject *r = Py_BuildValue("(OO)", s, arg);
    Py_DECREF(s);
    return r;
}

static PyObject *ok_parse_tuple(PyObject *self, PyObject *args) {
    PyObject *obj;
    int n = 0;
    if (!PyArg_ParseTuple(args, "O|i:ok_parse_tuple", &obj, &n))
        return NULL;
    return PyObject_GetItem(obj, PyTuple_GET_ITEM(args, 0));
}

static PyObject *ok_parse_keywords(PyObject *self, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"key", "default", NULL};
    PyObject *key, *dflt = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|O", kwlist, &key, &dflt))
        return NULL;
    Py_INCREF(dflt);
    return dflt;
}

static PyObject *ok_tuple_set_item(PyObject *self, PyObject *arg) {
    PyObject *t = PyTuple_New(2);
    if (t == NULL)
        return NULL;
    PyObject *x = PyLong_FromLong(1);
    if (x == NULL) {
        Py_DECREF(t);
        return NULL;
    }
    PyTuple_SET_ITEM(t, 0, x);
    Py_INCREF(arg);
    PyTuple_SET_ITEM(t, 1, arg);
    return t;
}

static PyObject *ok_list_set_item(PyObject *self, PyObject *arg) {
    PyObject *l = PyList_New(1);
    if (!l)
        return NULL;
    if (PyList_SetItem(l, 0, Py_NewRef(arg)) < 0) {
        Py_DECREF(l);
        return NULL;
    }
    return l;
}

static PyObject *ok_iterate(PyObject *self, PyObject *iterable) {
    PyObject *it = PyObject_GetIter(iterable);
    PyObject *item;
    long total = 0;
    if (it == NULL)
        return NULL;
    while ((item = PyIter_Next(it)) != NULL) {
        total += PyLong_AsLong(item);
        Py_DECREF(item);
    }
    Py_DECREF(it);
    if (PyErr_Occurred())
        return NULL;
    return PyLong_FromLong(total);
}

static PyObject *ok_dict_next(PyObject *self, PyObject *dict) {
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    while (PyDict_Next(dict, &pos, &key, &value)) {
        if (PyList_Append(out, key) < 0) {
            Py_DECREF(out);
            return NULL;
        }
    }
    return out;
}

static PyObject *ok_dict_getitem_borrowed(PyObject *self, PyObject *args) {
    PyObject *d, *k;
    if (!PyArg_UnpackTuple(args, "get", 2, 2, &d, &k))
        return NULL;
    PyObject *v = PyDict_GetItemWithError(d, k);
    if (v == NULL) {
        if (PyErr_Occurred())
            return NULL;
        Py_RETURN_NONE;
    }
    return Py_NewRef(v);
}

static PyObject *ok_clear(PyObject *self, PyObject *arg) {
    PyObject *tmp = PyObject_Repr(arg);
    if (tmp == NULL)
        return NULL;
    Py_ssize_t n = PyUnicode_GetLength(tmp);
    Py_CLEAR(tmp);
    return PyLong_FromSsize_t(n);
}

static PyObject *ok_switch(PyObject *self, PyObject *arg) {
    long v = PyLong_AsLong(arg);
    PyObject *r;
    switch (v) {
    case 0:
        r = PyUnicode_FromString("zero");
        break;
    case 1:
        r = PyUnicode_FromString("one");
        break;
    default:
        r = PyObject_Repr(arg);
        break;
    }
    return r;
}

static PyObject *ok_early_returns(PyObject *self, PyObject *arg) {
    PyObject *name = PyObject_GetAttrString(arg, "name");
    if (name == NULL)
        return NULL;
    if (!PyUnicode_Check(name)) {
        Py_DECREF(name);
        PyErr_SetString(PyExc_TypeError, "name must be str");
        return NULL;
    }
    PyObject *upper = PyObject_CallMethod(name, "upper", NULL);
    Py_DECREF(name);
    return upper;
}

static PyObject *ok_setref(PyObject *self, PyObject *arg) {
    PyObject *cur = PyLong_FromLong(0);
    if (cur == NULL)
        return NULL;
    for (int i = 0; i < 3; i++) {
        PyObject *next = PyNumber_Add(cur, arg);
        if (next == NULL) {
            Py_DECREF(cur);
            return NULL;
        }
        Py_SETREF(cur, next);
    }
    return cur;
}

static PyObject *ok_assignment_in_condition(PyObject *self, PyObject *arg) {
    PyObject *r;
    if ((r = PyNumber_Negative(arg)) == NULL)
        return NULL;
    return r;
}

static PyObject *ok_error_set(PyObject *self, PyObject *arg) {
    if (!PyLong_Check(arg))
        return PyErr_Format(PyExc_TypeError, "expected int, got %R", arg);
    return PyNumber_Absolute(arg);
}

static int ok_helper_fill(PyObject *list, long n) {
    for (long i = 0; i < n; i++) {
        PyObject *v = PyLong_FromLong(i);
        if (v == NULL)
            return -1;
        int rc = PyList_Append(list, v);
        Py_DECREF(v);
        if (rc < 0)
            return -1;
    }
    return 0;
}

static PyObject *ok_uses_helper(PyObject *self, PyObject *arg) {
    PyObject *list = PyList_New(0);
    if (list == NULL)
        return NULL;
    if (ok_helper_fill(list, 5) < 0) {
        Py_DECREF(list);
        return NULL;
    }
    return list;
}

static PyObject *ok_new_helper(long v) {
    return PyLong_FromLong(v * 2);
}

static PyObject *ok_calls_new_helper(PyObject *self, PyObject *arg) {
    PyObject *doubled = ok_new_helper(21);
    if (doubled == NULL)
        return NULL;
    PyObject *r = PyNumber_Add(doubled, arg);
    Py_DECREF(doubled);
    return r;
}

static PyObject *ok_call_with_tuple(PyObject *self, PyObject *func) {
    PyObject *args = Py_BuildValue("(ii)", 1, 2);
    if (args == NULL)
        return NULL;
    PyObject *r = PyObject_CallObject(func, args);
    Py_DECREF(args);
    return r;
}

static PyObject *ok_err_fetch_restore(PyObject *self, PyObject *arg) {
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyObject *r = PyObject_Repr(arg);
    Py_XDECREF(r);
    PyErr_Restore(type, value, tb);
    Py_RETURN_NONE;
}

static PyObject *ok_record_get_name(RecordObject *self, void *closure) {
    return Py_NewRef(self->name);
}

static int ok_record_set_name(RecordObject *self, PyObject *value, void *closure) {
    if (value == NULL) {
        PyErr_SetString(PyExc_TypeError, "cannot delete name");
        return -1;
    }
    Py_INCREF(value);
    Py_SETREF(self->name, value);
    return 0;
}

static int ok_record_init(RecordObject *self, PyObject *args, PyObject *kwds) {
    PyObject *name = NULL;
    if (!PyArg_ParseTuple(args, "O", &name))
        return -1;
    Py_XSETREF(self->name, Py_NewRef(name));
    PyObject *items = PyList_New(0);
    if (items == NULL)
        return -1;
    Py_XSETREF(self->items, items);
    return 0;
}

static int ok_record_traverse(RecordObject *self, visitproc visit, void *arg) {
    Py_VISIT(self->name);
    Py_VISIT(self->items);
    return 0;
}

static int ok_record_clear(RecordObject *self) {
    Py_CLEAR(self->name);
    Py_CLEAR(self->items);
    return 0;
}

static void ok_record_dealloc(RecordObject *self) {
    PyObject_GC_UnTrack(self);
    ok_record_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *ok_record_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    RecordObject *self = (RecordObject *)type->tp_alloc(type, 0);
    if (self != NULL) {
        self->name = PyUnicode_FromString("");
        if (self->name == NULL) {
            Py_DECREF(self);
            return NULL;
        }
        self->count = 0;
    }
    return (PyObject *)self;
}

static PyObject *ok_record_store_new(RecordObject *self, PyObject *arg) {
    PyObject *items = PyList_New(0);
    if (items == NULL)
        return NULL;
    Py_XSETREF(self->items, items);
    Py_RETURN_NONE;
}

static PyObject *ok_record_store_incref(RecordObject *self, PyObject *arg) {
    PyObject *old = self->name;
    Py_INCREF(arg);
    self->name = arg;
    Py_XDECREF(old);
    Py_RETURN_NONE;
}

static struct PyModuleDef okmodule = {
    PyModuleDef_HEAD_INIT, "ok", NULL, -1, NULL,
};

PyMODINIT_FUNC PyInit_ok(void) {
    PyObject *m = PyModule_Create(&okmodule);
    if (m == NULL)
        return NULL;
    PyObject *version = PyUnicode_FromString("1.0");
    if (PyModule_AddObjectRef(m, "__version__", version) < 0) {
        Py_XDECREF(version);
        Py_DECREF(m);
        return NULL;
    }
    Py_DECREF(version);
    PyObject *err = PyErr_NewException("ok.error", NULL, NULL);
    if (PyModule_AddObject(m, "error", err) < 0) {
        Py_XDECREF(err);
        Py_DECREF(m);
        return NULL;
    }
    if (PyModule_AddIntConstant(m, "answer", 42) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

static PyObject *ok_same_condition_twice(PyObject *self, PyObject *arg) {
    int want = PyObject_IsTrue(arg);
    PyObject *extra = NULL;
    if (want)
        extra = PyLong_FromLong(1);
    long n = 5;
    if (want) {
        if (extra == NULL)
            return NULL;
        n += PyLong_AsLong(extra);
        Py_DECREF(extra);
    }
    return PyLong_FromLong(n);
}

static PyObject *ok_alias(PyObject *self, PyObject *arg) {
    PyObject *a = PyObject_Str(arg);
    if (a == NULL)
        return NULL;
    PyObject *b = a;
    return b;
}

static PyObject *ok_passes_to_unknown(PyObject *self, PyObject *arg) {
    PyObject *o = PyLong_FromLong(3);
    if (o == NULL)
        return NULL;
    external_consumer(o);
    Py_RETURN_NONE;
}

static PyObject *ok_do_while_zero(PyObject *self, PyObject *arg) {
    PyObject *r = PyObject_Repr(arg);
    do {
        if (r == NULL)
            return NULL;
    } while (0);
    return r;
}

static PyObject *ok_richcompare(PyObject *self, PyObject *other, int op) {
    long a = 1, b = PyLong_AsLong(other);
    Py_RETURN_RICHCOMPARE(a, b, op);
}

static PyObject *ok_string_concat(PyObject *self, PyObject *arg) {
    PyObject *s = PyBytes_FromString("x");
    if (s == NULL)
        return NULL;
    PyObject *t = PyBytes_FromString("y");
    if (t == NULL) {
        Py_DECREF(s);
        return NULL;
    }
    PyBytes_ConcatAndDel(&s, t);
    return s;
}

static PyObject *ok_exception_cause(PyObject *self, PyObject *arg) {
    PyObject *exc = PyObject_CallOneArg(PyExc_ValueError, arg);
    if (exc == NULL)
        return NULL;
    PyObject *cause = PyObject_CallNoArgs(PyExc_KeyError);
    if (cause == NULL) {
        Py_DECREF(exc);
        return NULL;
    }
    PyException_SetCause(exc, cause);
    return exc;
}

static PyObject *ok_static_cache(PyObject *self, PyObject *arg) {
    static PyObject *cache = NULL;
    if (cache == NULL) {
        cache = PyUnicode_InternFromString("cached");
        if (cache == NULL)
            return NULL;
    }
    return Py_NewRef(cache);
}

static PyObject *pair_with_set_item(PyObject *self, PyObject *arg) {
    PyObject *t = PyTuple_New(2);
    if (t == NULL)
        return NULL;
    PyObject *a = PyNumber_Absolute(arg);
    if (a == NULL) {
        Py_DECREF(t);
        return NULL;
    }
    PyTuple_SET_ITEM(t, 0, a);
    PyTuple_SET_ITEM(t, 1, Py_NewRef(arg));
    return t;
}

static int add_version_handled(PyObject *module) {
    PyObject *v = PyUnicode_FromString("1.0");
    if (v == NULL)
        return -1;
    if (PyModule_AddObject(module, "version", v) < 0) {
        PyErr_Format(PyExc_RuntimeError, "cannot add version %R", v);
        Py_DECREF(v);
        return -1;
    }
    return 0;
}

// Slot contracts: NULL values and keywords checked, or handed to APIs that accept NULL.
typedef struct {
    PyObject_HEAD
    PyObject *label;
} OkSlotObject;

static int ok_slot_set(OkSlotObject *self, PyObject *value, void *closure) {
    if (value == NULL) {
        PyErr_SetString(PyExc_TypeError, "cannot delete label");
        return -1;
    }
    Py_XSETREF(self->label, Py_NewRef(value));
    return 0;
}

static int ok_slot_setattro(PyObject *self, PyObject *name, PyObject *value) {
    return PyObject_GenericSetAttr(self, name, value);
}

static int ok_slot_init(PyObject *self, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"label", NULL};
    PyObject *label = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|O", kwlist, &label))
        return -1;
    if (kwds != NULL && PyDict_Size(kwds) > 3)
        return -1;
    return 0;
}

static PyObject *ok_slot_call(PyObject *self, PyObject *args, PyObject *kwds) {
    return PyObject_Call(self, args, kwds);
}

static PyGetSetDef ok_slot_getset[] = {
    {"label", NULL, (setter)ok_slot_set, NULL, NULL},
    {NULL}
};

static PyTypeObject OkSlotType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "correct.OkSlot", sizeof(OkSlotObject), 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0,   /* tp_dealloc .. tp_hash */
    (ternaryfunc)ok_slot_call,      /* tp_call */
    0, 0,                           /* tp_str, tp_getattro */
    (setattrofunc)ok_slot_setattro, /* tp_setattro */
};

static PyType_Slot ok_slot_slots[] = {
    {Py_tp_init, ok_slot_init},
    {Py_tp_getset, ok_slot_getset},
    {0, NULL},
};

// Nested lookups checked first, or handed to APIs that take NULL.
static PyObject *ok_nested_checked(PyObject *self, PyObject *d) {
    PyObject *v = PyDict_GetItemString(d, "key");
    if (v == NULL)
        Py_RETURN_NONE;
    return PyObject_Repr(v);
}

static PyObject *ok_nested_xnewref(PyObject *self, PyObject *d) {
    PyObject *v = Py_XNewRef(PyDict_GetItemString(d, "key"));
    if (v == NULL)
        Py_RETURN_NONE;
    return v;
}

static PyObject *ok_nested_repr(PyObject *self, PyObject *d) {
    return PyObject_Repr(PyDict_GetItemString(d, "key"));
}
