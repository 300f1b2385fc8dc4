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

test('use after PyList_SetItem stole the reference: passed to an API, dereferenced, returned, stolen again', async () => {
  const setItem = 'PyObject *l = PyList_New(1); if (!l) return NULL; PyObject *v = PyLong_FromLong(1); if (!v) { Py_DECREF(l); return NULL; }\n';
  const passed = fn(`${setItem}    if (PyList_SetItem(l, 0, v) < 0) { Py_DECREF(l); return NULL; }\n    PyObject *r = PyObject_Repr(v);\n    Py_DECREF(l);\n    return r;`);
  const [d, ...rest] = await diagnosticsOf(passed, CODE);
  assert.equal(rest.length, 0);
  assert.equal(passed.slice(d!.start, d!.end), 'v');
  assert.ok(passed.slice(0, d!.start).endsWith('PyObject_Repr('), 'reported at the argument of the later call');
  assert.match(d!.message, /`v` is used after `PyList_SetItem` stole its reference/);
  assert.ok(d!.related.some((r) => r.message === 'stolen by `PyList_SetItem` here'));
  assert.ok(d!.related.some((r) => r.message === 'used here'));

  const deref = fn(`${setItem}    PyList_SetItem(l, 0, v);\n    Py_ssize_t n = v->ob_refcnt;\n    Py_DECREF(l);\n    return PyLong_FromSsize_t(n);`);
  const derefs = await diagnosticsOf(deref, CODE);
  assert.deepEqual(derefs.map((x) => deref.slice(x.start, x.end)), ['v->ob_refcnt']);

  const returned = fn(`${setItem}    PyList_SetItem(l, 0, v);\n    Py_DECREF(l);\n    return v;`);
  const [r, ...more] = await diagnosticsOf(returned, CODE);
  assert.equal(more.length, 0);
  assert.equal(returned.slice(r!.start, r!.end), 'v');
  assert.match(r!.message, /`v` is returned after `PyList_SetItem` stole its reference/);

  const twice = fn('PyObject *t = PyTuple_New(2); if (!t) return NULL; PyObject *v = PyLong_FromLong(1); if (!v) { Py_DECREF(t); return NULL; }\n    PyTuple_SET_ITEM(t, 0, v);\n    PyTuple_SET_ITEM(t, 1, v);\n    return t;');
  const [s2, ...more2] = await diagnosticsOf(twice, CODE);
  assert.equal(more2.length, 0);
  assert.ok(twice.slice(0, s2!.start).endsWith('PyTuple_SET_ITEM(t, 1, '));
});

test('not a use after steal: returning the container, a NULL test, taking a reference back, a handled failed PyModule_AddObject', async () => {
  assert.deepEqual(await diagnosticsOf(fn('PyObject *t = PyTuple_New(1); if (!t) return NULL; PyObject *v = PyLong_FromLong(1); if (!v) { Py_DECREF(t); return NULL; }\n    PyTuple_SET_ITEM(t, 0, v);\n    return t;'), CODE), []);
  assert.deepEqual(await diagnosticsOf(fn('PyObject *l = PyList_New(1); if (!l) return NULL; PyObject *v = PyLong_FromLong(1);\n    if (v == NULL) { Py_DECREF(l); return NULL; }\n    PyList_SetItem(l, 0, v);\n    if (v == NULL) return l;\n    return l;'), CODE), []);
  assert.deepEqual(await diagnosticsOf(fn('PyObject *l = PyList_New(1); if (!l) return NULL; PyObject *v = PyLong_FromLong(1); if (!v) { Py_DECREF(l); return NULL; }\n    PyList_SetItem(l, 0, v);\n    Py_INCREF(v);\n    Py_DECREF(l);\n    return v;'), CODE), []);
  // Fails: nothing was stolen, `v` is still ours to use and release. Succeeds: only the module is used after.
  assert.deepEqual(await diagnosticsOf(fn('PyObject *v = PyLong_FromLong(1); if (!v) return NULL;\n    if (PyModule_AddObject(arg, "v", v) < 0) {\n        PyErr_Format(PyExc_RuntimeError, "cannot add %R", v);\n        Py_DECREF(v);\n        return NULL;\n    }\n    return PyModule_GetDict(arg) ? Py_NewRef(arg) : NULL;'), CODE), []);
  // Code we cannot see may take its own reference: never a diagnostic on its own.
  assert.deepEqual(await diagnosticsOf(fn('PyObject *l = PyList_New(1); if (!l) return NULL; PyObject *v = PyLong_FromLong(1); if (!v) { Py_DECREF(l); return NULL; }\n    PyList_SetItem(l, 0, v);\n    my_helper(v);\n    return l;'), CODE), []);
});
