/* A CPython extension function with a reference leak on an error path. */
#include <Python.h>

static PyObject *
upper_keys(PyObject *self, PyObject *args)
{
    PyObject *dict;
    if (!PyArg_ParseTuple(args, "O!", &PyDict_Type, &dict))
        return NULL;
    PyObject *keys = PyDict_Keys(dict);
    if (keys == NULL)
        return NULL;
    Py_ssize_t n = PyList_Size(keys);
    PyObject *result = PyList_New(n);
    if (result == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *key = PyList_GetItem(keys, i);
        PyObject *upper = PyObject_CallMethod(key, "upper", NULL);
        if (upper == NULL) {
            Py_DECREF(result);
            Py_DECREF(keys);
            return NULL;
        }
        PyList_SET_ITEM(result, i, upper);
    }
    Py_DECREF(keys);
    return result;
}

static PyObject *
first_key(PyObject *self, PyObject *arg)
{
    PyObject *keys = PyDict_Keys(arg);
    if (keys == NULL)
        return NULL;
    PyObject *first = PyList_GetItem(keys, 0);
    Py_DECREF(keys);
    return first;
}

static PyMethodDef methods[] = {
    {"upper_keys", upper_keys, METH_VARARGS, NULL},
    {"first_key", first_key, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "keys", NULL, -1, methods};

PyMODINIT_FUNC
PyInit_keys(void)
{
    return PyModule_Create(&module);
}
