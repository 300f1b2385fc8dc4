import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnosticsOf } from '../../../test/support/diagnostics.ts';

const CODE = 'cpython-use-after-steal';
const fn = (body: string) => `#include <Python.h>\nstatic PyObject *f(PyObject *self, PyObject *arg) {\n${body}\n}`;

test('release after PyTuple_SET_ITEM stole the reference; the path shows the steal', async () => {
  const src = fn('    PyObject *t = PyTuple_New(1);\n    if (!t) return NULL;\n    PyObject *v = PyLong_FromLong(1);\n    if (!v) { Py_DECREF(t); return NULL; }\n    PyTuple_SET_ITEM(t, 0, v);\n    Py_DECREF(v);\n    return t;');
  const [d, ...rest] = await diagnosticsOf(src, CODE);
  assert.equal(rest.length, 0);
  assert.equal(src.slice(d!.start, d!.end), 'Py_DECREF(v)');
  assert.ok(d!.related.some((r) => r.message === 'stolen by `PyTuple_SET_ITEM` here'));
});

test('double release on one path, and use after release', async () => {
  assert.match((await diagnosticsOf(fn('PyObject *s = PyObject_Str(arg); if (!s) return NULL; Py_DECREF(s); Py_DECREF(s); Py_RETURN_NONE;'), CODE))[0]!.message, /released twice/);
  assert.match((await diagnosticsOf(fn('PyObject *s = PyObject_Str(arg); if (!s) return NULL; Py_DECREF(s); return PyObject_Repr(s);'), CODE))[0]!.message, /used after it was released/);
});

test('not flagged: PyModule_AddObject fails (no steal) and the error path releases; Py_CLEAR then Py_XDECREF', async () => {
  assert.deepEqual(await diagnosticsOf(fn('PyObject *v = PyLong_FromLong(1); if (PyModule_AddObject(arg, "v", v) < 0) { Py_XDECREF(v); return NULL; } Py_RETURN_NONE;'), CODE), []);
  assert.deepEqual(await diagnosticsOf(fn('PyObject *v = PyLong_FromLong(1); Py_CLEAR(v); Py_XDECREF(v); Py_RETURN_NONE;'), CODE), []);
});
