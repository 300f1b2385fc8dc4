// Reference-count bugs as they appear in real extension modules. Each annotation
// comment names the diagnostic expected on the nearest code line above it:
// `^` marks the column where it starts, then the code.
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    PyObject_HEAD
    PyObject *cache;
    PyObject *callback;
} HolderObject;

static PyObject *module_state_obj;

static PyObject *leak_on_early_return(PyObject *self, PyObject *arg) {
    PyObject *t = PyTuple_Pack(1, arg);
//                ^ cpython-leak
    if (t == NULL)
        return NULL;
    if (!PyObject_IsTrue(arg))
        return PyLong_FromLong(0);
    Py_DECREF(t);
    return PyLong_FromLong(1);
}

static PyObject *leak_never_released(PyObject *self, PyObject *arg) {
    PyObject *s = PyObject_Str(arg);
//                ^ cpython-leak
    if (s == NULL)
        return NULL;
    Py_ssize_t n = PyUnicode_GetLength(s);
    return PyLong_FromSsize_t(n);
}

static PyObject *leak_goto_cleanup(PyObject *self, PyObject *arg) {
    PyObject *list = NULL, *r = NULL;
    list = PyList_New(0);
//         ^ cpython-leak
    if (!list)
        goto error;
    if (PyList_Append(list, arg) < 0)
        goto error;
    r = PyLong_FromSsize_t(PyList_GET_SIZE(list));
error:
    return r;
}

static PyObject *leak_second_on_error(PyObject *self, PyObject *arg) {
    PyObject *a = PyLong_FromLong(1);
//                ^ cpython-leak
    if (a == NULL)
        return NULL;
    PyObject *b = PyLong_FromLong(2);
    if (b == NULL)
        return NULL;
    PyObject *r = PyNumber_Add(a, b);
    Py_DECREF(a);
    Py_DECREF(b);
    return r;
}

static PyObject *leak_temporary_argument(PyObject *self, PyObject *list) {
    if (PyList_Append(list, PyLong_FromLong(5)) < 0)
//                          ^ cpython-leak
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *leak_result_ignored(PyObject *self, PyObject *obj) {
    PyObject_CallMethod(obj, "close", NULL);
//  ^ cpython-leak
    Py_RETURN_NONE;
}

static PyObject *leak_in_loop(PyObject *self, PyObject *arg) {
    PyObject *list = PyList_New(0);
    if (list == NULL)
        return NULL;
    for (long i = 0; i < 10; i++) {
        PyObject *v = PyLong_FromLong(i);
//                    ^ cpython-leak
        if (v == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        if (PyList_Append(list, v) < 0) {
            Py_DECREF(list);
            return NULL;
        }
    }
    return list;
}

static PyObject *leak_overwritten(PyObject *self, PyObject *arg) {
    PyObject *r = PyObject_Repr(arg);
//                ^ cpython-leak
    if (r == NULL)
        return NULL;
    r = PyObject_Str(arg);
    return r;
}

static PyObject *leak_on_switch_case(PyObject *self, PyObject *arg) {
    PyObject *name = PyObject_GetAttrString(arg, "name");
//                   ^ cpython-leak
    if (name == NULL)
        return NULL;
    switch (PyLong_AsLong(arg)) {
    case 1:
        return PyLong_FromLong(1);
    default:
        break;
    }
    return name;
}

static PyObject *leak_iter_item(PyObject *self, PyObject *iterable) {
    PyObject *it = PyObject_GetIter(iterable);
    PyObject *item;
    long n = 0;
    if (it == NULL)
        return NULL;
    while ((item = PyIter_Next(it)) != NULL) {
//                 ^ cpython-leak
        n++;
    }
    Py_DECREF(it);
    return PyLong_FromLong(n);
}

static PyObject *leak_iterator(PyObject *self, PyObject *iterable) {
    PyObject *it = PyObject_GetIter(iterable);
//                 ^ cpython-leak
    if (it == NULL)
        return NULL;
    PyObject *first = PyIter_Next(it);
    if (first == NULL)
        Py_RETURN_NONE;
    return first;
}

static PyObject *leak_build_value_o(PyObject *self, PyObject *arg) {
    PyObject *inner = PyTuple_Pack(1, arg);
    if (inner == NULL)
        return NULL;
    return Py_BuildValue("(O)", inner);
//                         ^ cpython-buildvalue-format
}

static PyObject *borrowed_with_n(PyObject *self, PyObject *arg) {
    return Py_BuildValue("(Ni)", arg, 1);
//                         ^ cpython-buildvalue-format
}

static PyObject *borrowed_item_with_n(PyObject *self, PyObject *args) {
    PyObject *first = PyTuple_GetItem(args, 0);
    if (first == NULL)
        return NULL;
    return Py_BuildValue("N", first);
//                        ^ cpython-buildvalue-format
}

static PyObject *decref_borrowed_item(PyObject *self, PyObject *t) {
    PyObject *x = PyTuple_GetItem(t, 0);
    if (x == NULL)
        return NULL;
    Py_DECREF(x);
//  ^ cpython-borrowed-release
    Py_RETURN_NONE;
}

static PyObject *decref_argument(PyObject *self, PyObject *arg) {
    long v = PyLong_AsLong(arg);
    Py_DECREF(arg);
//  ^ cpython-borrowed-release
    return PyLong_FromLong(v + 1);
}

static PyObject *xdecref_dict_item(PyObject *self, PyObject *d) {
    PyObject *v = PyDict_GetItemString(d, "key");
    Py_XDECREF(v);
//  ^ cpython-borrowed-release
    Py_RETURN_NONE;
}

static PyObject *clear_parsed_arg(PyObject *self, PyObject *args) {
    PyObject *obj;
    if (!PyArg_ParseTuple(args, "O", &obj))
        return NULL;
    PyObject *r = PyObject_Repr(obj);
    Py_CLEAR(obj);
//  ^ cpython-borrowed-release
    return r;
}

static PyObject *decref_module_dict(PyObject *self, PyObject *mod) {
    PyObject *d = PyModule_GetDict(mod);
    if (d == NULL)
        return NULL;
    Py_ssize_t n = PyDict_Size(d);
    Py_DECREF(d);
//  ^ cpython-borrowed-release
    return PyLong_FromSsize_t(n);
}

static PyObject *return_borrowed_item(PyObject *self, PyObject *list) {
    PyObject *item = PyList_GetItem(list, 0);
    if (item == NULL)
        return NULL;
    return item;
//         ^ cpython-borrowed-returned
}

static PyObject *return_argument(PyObject *self, PyObject *arg) {
    return arg;
//         ^ cpython-borrowed-returned
}

static PyObject *return_dict_value(PyObject *self, PyObject *args) {
    PyObject *d, *key;
    if (!PyArg_ParseTuple(args, "OO", &d, &key))
        return NULL;
    PyObject *v = PyDict_GetItemWithError(d, key);
    if (v == NULL)
        return NULL;
    return v;
//         ^ cpython-borrowed-returned
}

static PyObject *return_field(HolderObject *self, void *closure) {
    return self->cache;
//         ^ cpython-borrowed-returned
}

static PyObject *return_builtins(PyObject *self, PyObject *unused) {
    PyObject *b = PyEval_GetBuiltins();
    return b;
//         ^ cpython-borrowed-returned
}

static PyObject *store_borrowed_field(HolderObject *self, PyObject *arg) {
    Py_XDECREF(self->callback);
    self->callback = arg;
//  ^ cpython-borrowed-stored
    Py_RETURN_NONE;
}

static PyObject *store_borrowed_static(PyObject *self, PyObject *arg) {
    module_state_obj = arg;
//  ^ cpython-borrowed-stored
    Py_RETURN_NONE;
}

static PyObject *store_item_field(HolderObject *self, PyObject *args) {
    PyObject *first = PyTuple_GetItem(args, 0);
    if (first == NULL)
        return NULL;
    Py_XSETREF(self->cache, first);
//                          ^ cpython-borrowed-stored
    Py_RETURN_NONE;
}

static PyObject *steal_borrowed(PyObject *self, PyObject *arg) {
    PyObject *t = PyTuple_New(1);
    if (t == NULL)
        return NULL;
    PyTuple_SET_ITEM(t, 0, arg);
//                         ^ cpython-borrowed-stored
    return t;
}

static PyObject *list_set_borrowed(PyObject *self, PyObject *args) {
    PyObject *l = PyList_New(1);
    if (l == NULL)
        return NULL;
    PyObject *x = PyTuple_GetItem(args, 0);
    if (x == NULL) {
        Py_DECREF(l);
        return NULL;
    }
    if (PyList_SetItem(l, 0, x) < 0) {
//                           ^ cpython-borrowed-stored
        Py_DECREF(l);
        return NULL;
    }
    return l;
}

static PyObject *decref_after_steal(PyObject *self, PyObject *arg) {
    PyObject *t = PyTuple_New(1);
    if (t == NULL)
        return NULL;
    PyObject *v = PyLong_FromLong(3);
    if (v == NULL) {
        Py_DECREF(t);
        return NULL;
    }
    PyTuple_SET_ITEM(t, 0, v);
    Py_DECREF(v);
//  ^ cpython-use-after-steal
    return t;
}

static PyObject *double_decref(PyObject *self, PyObject *arg) {
    PyObject *s = PyObject_Str(arg);
    if (s == NULL)
        return NULL;
    Py_ssize_t n = PyUnicode_GetLength(s);
    Py_DECREF(s);
    if (n > 10)
        Py_DECREF(s);
//      ^ cpython-use-after-steal
    return PyLong_FromSsize_t(n);
}

static PyObject *use_after_release(PyObject *self, PyObject *arg) {
    PyObject *s = PyObject_Str(arg);
    if (s == NULL)
        return NULL;
    Py_DECREF(s);
    return PyLong_FromSsize_t(PyUnicode_GetLength(s));
//                                                ^ cpython-use-after-steal
}

static PyObject *return_after_release(PyObject *self, PyObject *arg) {
    PyObject *r = PyNumber_Negative(arg);
    if (r == NULL)
        return NULL;
    Py_DECREF(r);
    return r;
//         ^ cpython-use-after-steal
}

static PyObject *decref_after_list_setitem(PyObject *self, PyObject *arg) {
    PyObject *l = PyList_New(1);
    if (l == NULL)
        return NULL;
    PyObject *v = PyLong_FromLong(1);
    if (v == NULL) {
        Py_DECREF(l);
        return NULL;
    }
    if (PyList_SetItem(l, 0, v) < 0) {
        Py_DECREF(l);
        return NULL;
    }
    Py_DECREF(v);
//  ^ cpython-use-after-steal
    return l;
}

static PyObject *xdecref_twice_cleanup(PyObject *self, PyObject *arg) {
    PyObject *r = NULL;
    PyObject *tmp = PyObject_Repr(arg);
    if (tmp == NULL)
        goto done;
    r = PyObject_Str(tmp);
    Py_DECREF(tmp);
done:
    Py_XDECREF(tmp);
//  ^ cpython-use-after-steal
    return r;
}

static PyObject *repr_after_list_setitem(PyObject *self, PyObject *arg) {
    PyObject *l = PyList_New(1);
    if (l == NULL)
        return NULL;
    PyObject *v = PyNumber_Absolute(arg);
    if (v == NULL) {
        Py_DECREF(l);
        return NULL;
    }
    PyList_SET_ITEM(l, 0, v);
    Py_DECREF(l);
    return PyObject_Repr(v);
//                       ^ cpython-use-after-steal
}

static PyObject *return_item_after_tuple_setitem(PyObject *self, PyObject *arg) {
    PyObject *t = PyTuple_New(1);
    if (t == NULL)
        return NULL;
    PyObject *v = PyObject_Str(arg);
    if (v == NULL) {
        Py_DECREF(t);
        return NULL;
    }
    if (PyTuple_SetItem(t, 0, v) < 0) {
        Py_DECREF(t);
        return NULL;
    }
    Py_DECREF(t);
    return v;
//         ^ cpython-use-after-steal
}

static PyObject *unchecked_attr(PyObject *self, PyObject *obj) {
    PyObject *name = PyObject_GetAttrString(obj, "__name__");
//                   ^ cpython-unchecked-null
    PyObject *r = PyObject_Repr(name);
    Py_DECREF(name);
    return r;
}

static PyObject *unchecked_new_list(PyObject *self, PyObject *arg) {
    PyObject *l = PyList_New(0);
//                ^ cpython-unchecked-null
    if (PyList_Append(l, arg) < 0) {
        Py_DECREF(l);
        return NULL;
    }
    return l;
}

static PyObject *unchecked_decref(PyObject *self, PyObject *arg) {
    PyObject *s = PyObject_Str(arg);
//                ^ cpython-unchecked-null
    Py_DECREF(s);
    Py_RETURN_NONE;
}

static PyObject *unchecked_item(PyObject *self, PyObject *seq) {
    PyObject *x = PySequence_GetItem(seq, 3);
//                ^ cpython-unchecked-null
    PyObject *r = PyObject_Repr(x);
    Py_DECREF(x);
    return r;
}

static PyObject *unchecked_deref(PyObject *self, PyObject *arg) {
    PyObject *t = PyTuple_New(2);
//                ^ cpython-unchecked-null
    const char *name = Py_TYPE(t)->tp_name;
    Py_DECREF(t);
    return PyUnicode_FromString(name);
}

static PyObject *unchecked_dict_get(PyObject *self, PyObject *d) {
    PyObject *v = PyDict_GetItemString(d, "x");
//                ^ cpython-unchecked-null
    return PyNumber_Negative(v);
}

static PyObject *leak_xdecref_missing(PyObject *self, PyObject *args) {
    PyObject *a = NULL, *b = NULL, *r = NULL;
    a = PyObject_Repr(args);
    if (a == NULL)
        goto error;
    b = PyObject_Str(args);
//      ^ cpython-leak
    if (b == NULL)
        goto error;
    r = PyUnicode_Concat(a, b);
error:
    Py_XDECREF(a);
    return r;
}

static PyObject *leak_in_error_branch(PyObject *self, PyObject *arg) {
    PyObject *list = PyList_New(0);
//                   ^ cpython-leak
    if (list == NULL)
        return NULL;
    if (!PyCallable_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "not callable");
        return NULL;
    }
    Py_DECREF(list);
    return PyObject_CallNoArgs(arg);
}

static PyObject *leak_import(PyObject *self, PyObject *unused) {
    PyObject *mod = PyImport_ImportModule("math");
//                  ^ cpython-leak
    if (mod == NULL)
        return NULL;
    return PyObject_GetAttrString(mod, "pi");
}

static PyObject *leak_sequence_fast(PyObject *self, PyObject *arg) {
    PyObject *seq = PySequence_Fast(arg, "expected a sequence");
//                  ^ cpython-leak
    if (seq == NULL)
        return NULL;
    return PyLong_FromSsize_t(PySequence_Fast_GET_SIZE(seq));
}

static PyObject *leak_nested_if(PyObject *self, PyObject *arg) {
    PyObject *k = PyUnicode_FromString("k");
//                ^ cpython-leak
    if (k == NULL)
        return NULL;
    if (PyDict_Check(arg)) {
        if (PyDict_Contains(arg, k) == 1) {
            Py_DECREF(k);
            Py_RETURN_TRUE;
        }
    }
    Py_RETURN_FALSE;
}

static PyObject *leak_helper_result(PyObject *self, PyObject *arg);

static PyObject *make_pair(PyObject *a, PyObject *b) {
    return PyTuple_Pack(2, a, b);
}

static PyObject *leak_from_static_helper(PyObject *self, PyObject *arg) {
    PyObject *p = make_pair(arg, arg);
//                ^ cpython-leak
    if (p == NULL)
        return NULL;
    Py_RETURN_NONE;
}

static int leak_module_add_failure(PyObject *m) {
    PyObject *v = PyLong_FromLong(1);
//                ^ cpython-leak
    if (v == NULL)
        return -1;
    if (PyModule_AddObjectRef(m, "one", v) < 0)
        return -1;
    return 0;
}

static PyObject *leak_call_result_compare(PyObject *self, PyObject *arg) {
    if (PyObject_RichCompare(arg, Py_None, Py_EQ) == NULL)
//      ^ cpython-leak
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *leak_do_while(PyObject *self, PyObject *arg) {
    PyObject *acc = PyLong_FromLong(0);
//                  ^ cpython-leak
    if (acc == NULL)
        return NULL;
    do {
        if (PyErr_CheckSignals() < 0)
            return NULL;
    } while (0);
    return acc;
}

static PyObject *leak_exception_object(PyObject *self, PyObject *arg) {
    PyObject *exc = PyObject_CallOneArg(PyExc_ValueError, arg);
//                  ^ cpython-leak
    if (exc == NULL)
        return NULL;
    PyErr_SetObject(PyExc_ValueError, exc);
    return NULL;
}

static PyObject *leak_bytes(PyObject *self, PyObject *arg) {
    PyObject *b = PyBytes_FromStringAndSize("abc", 3);
//                ^ cpython-leak
    if (!b)
        return NULL;
    if (PyBytes_Size(b) != 3) {
        PyErr_SetString(PyExc_RuntimeError, "size");
        return NULL;
    }
    return b;
}

static PyObject *decref_getattr_borrowed_sys(PyObject *self, PyObject *unused) {
    PyObject *path = PySys_GetObject("path");
    if (path == NULL)
        return NULL;
    Py_ssize_t n = PyList_Size(path);
    Py_DECREF(path);
//  ^ cpython-borrowed-release
    return PyLong_FromSsize_t(n);
}

static PyObject *leak_float(PyObject *self, PyObject *arg) {
    double d = PyFloat_AsDouble(arg);
    PyObject *f = PyFloat_FromDouble(d * 2);
//                ^ cpython-leak
    if (f == NULL)
        return NULL;
    if (d < 0)
        return PyFloat_FromDouble(0.0);
    return f;
}

static PyMethodDef buggy_methods[] = {
    {"return_borrowed_item", return_borrowed_item, METH_O, NULL},
    {"return_argument", return_argument, METH_O, NULL},
    {"return_dict_value", return_dict_value, METH_VARARGS, NULL},
    {"return_builtins", return_builtins, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef holder_getset[] = {
    {"cache", (getter)return_field, NULL, NULL, NULL},
    {NULL},
};

// Slot contracts, read from where each function is registered (the tables below).
typedef struct {
    PyObject_HEAD
    PyObject *label;
} SlotObject;

static int slot_set_label(SlotObject *self, PyObject *value, void *closure) {
    Py_INCREF(value);
//  ^ cpython-unchecked-null
    Py_XSETREF(self->label, value);
    return 0;
}

static int slot_init(SlotObject *self, PyObject *args, PyObject *kwds) {
    PyObject *label = PyDict_GetItemString(kwds, "label");
//                                         ^ cpython-unchecked-null
    if (label == NULL)
        return 0;
    Py_XSETREF(self->label, Py_NewRef(label));
    return 0;
}

static int slot_setattro(PyObject *self, PyObject *name, PyObject *value) {
    if (PyUnicode_Check(value))
//                      ^ cpython-unchecked-null
        return PyObject_GenericSetAttr(self, name, value);
    return -1;
}

static int slot_ass_sub(SlotObject *self, PyObject *key, PyObject *value) {
    return PyObject_SetItem(self->label, key, value);
//                                            ^ cpython-unchecked-null
}

static int slot_setattro_positional(PyObject *self, PyObject *name, PyObject *value) {
    Py_ssize_t n = PyObject_Length(value);
//                                 ^ cpython-unchecked-null
    return n < 0 ? -1 : PyObject_GenericSetAttr(self, name, value);
}

static int slot_setattro_spec(PyObject *self, PyObject *name, PyObject *value) {
    PyObject *s = PyObject_GetIter(value);
//                                 ^ cpython-unchecked-null
    if (s == NULL)
        return -1;
    Py_DECREF(s);
    return PyObject_GenericSetAttr(self, name, value);
}

static PyObject *slot_method_kw(PyObject *self, PyObject *args, PyObject *kwargs) {
    return PyLong_FromSsize_t(PyDict_Size(kwargs));
//                                        ^ cpython-unchecked-null
}

static PyGetSetDef slot_getset[] = {
    {"label", NULL, (setter)slot_set_label, NULL, NULL},
    {NULL}
};

static PyMappingMethods slot_as_mapping = {
    .mp_ass_subscript = (objobjargproc)slot_ass_sub,
};

static PyMethodDef slot_methods[] = {
    {"kw", (PyCFunction)(void (*)(void))slot_method_kw, METH_VARARGS | METH_KEYWORDS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject SlotType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "buggy.Slot",
    .tp_basicsize = sizeof(SlotObject),
    .tp_init = (initproc)slot_init,
    .tp_setattro = slot_setattro,
    .tp_getset = slot_getset,
    .tp_methods = slot_methods,
    .tp_as_mapping = &slot_as_mapping,
};

static PyTypeObject SlotTypePositional = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "buggy.SlotPositional",     /* tp_name */
    sizeof(SlotObject),         /* tp_basicsize */
    0,                          /* tp_itemsize */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* tp_dealloc .. tp_getattro */
    (setattrofunc)slot_setattro_positional, /* tp_setattro */
};

static PyType_Slot slot_spec_slots[] = {
    {Py_tp_setattro, slot_setattro_spec},
    {0, NULL},
};

// Nested calls: a lookup that can find nothing, passed straight to an API that does not take NULL.
static PyObject *nested_lookup_as_long(PyObject *self, PyObject *d) {
    return PyLong_FromLong(PyLong_AsLong(PyDict_GetItemString(d, "n")));
//                                       ^ cpython-unchecked-null
}

static PyObject *nested_lookup_utf8(PyObject *self, PyObject *d) {
    const char *s = PyUnicode_AsUTF8(PyDict_GetItem(d, self));
//                                   ^ cpython-unchecked-null
    return s ? PyUnicode_FromString(s) : NULL;
}
