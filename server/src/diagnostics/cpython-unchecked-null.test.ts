import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnosticsOf } from '../../../test/support/diagnostics.ts';

const CODE = 'cpython-unchecked-null';
const fn = (body: string) => `#include <Python.h>\nstatic PyObject *f(PyObject *self, PyObject *arg) { ${body} }`;

test('a result that can be NULL, passed on unchecked, is flagged at the call', async () => {
  const src = fn('PyObject *n = PyObject_GetAttrString(arg, "n"); PyObject *r = PyObject_Repr(n); Py_DECREF(n); return r;');
  const [d, ...rest] = await diagnosticsOf(src, CODE);
  assert.equal(rest.length, 0);
  assert.equal(src.slice(d!.start, d!.end), 'PyObject_GetAttrString(arg, "n")');
  assert.equal(d!.related.at(-1)!.message, 'used here without a NULL check');
});

test('not flagged: checked in any usual spelling, or given to Py_XDECREF / a NULL-tolerant call', async () => {
  for (const body of [
    'PyObject *n = PyObject_Str(arg); if (!n) return NULL; Py_DECREF(n); Py_RETURN_NONE;',
    'PyObject *n = PyObject_Str(arg); if (n == NULL) goto e; Py_DECREF(n); e: return NULL;',
    'PyObject *n; if ((n = PyObject_Str(arg)) == NULL) return NULL; return n;',
    'PyObject *n = PyObject_Str(arg); Py_XDECREF(n); Py_RETURN_NONE;',
    'PyObject *n = PyObject_Str(arg); return n;',
    'PyObject *n = PyObject_Str(arg); if (PyModule_AddObjectRef(self, "n", n) < 0) { Py_XDECREF(n); return NULL; } Py_DECREF(n); Py_RETURN_NONE;',
  ]) {
    assert.deepEqual(await diagnosticsOf(fn(body), CODE), [], body);
  }
});

test('nested calls: a lookup that can find nothing passed to an API that does not take NULL; not to one that does', async () => {
  const fn = (body: string) => `#include <Python.h>\nPyObject *f(PyObject *self, PyObject *d) {\n    ${body}\n}`;
  const flagged = async (body: string) => (await diagnosticsOf(fn(body), 'cpython-unchecked-null')).map((d) => fn(body).slice(d.start, d.end));
  assert.deepEqual(await flagged('return PyLong_FromLong(PyLong_AsLong(PyDict_GetItemString(d, "n")));'), ['PyDict_GetItemString(d, "n")']);
  assert.deepEqual(await flagged('return PyObject_GetIter(PyDict_GetItem(d, self));'), ['PyDict_GetItem(d, self)']);
  assert.deepEqual(await flagged('return Py_XNewRef(PyDict_GetItem(d, self));'), []);
  assert.deepEqual(await flagged('return PyObject_Repr(PyDict_GetItem(d, self));'), []);
  // A new reference passed on like this is one finding: the leak.
  assert.deepEqual(await flagged('if (PyList_Append(d, PyLong_FromLong(1)) < 0) return NULL; Py_RETURN_NONE;'), []);
  assert.equal((await diagnosticsOf(fn('if (PyList_Append(d, PyLong_FromLong(1)) < 0) return NULL; Py_RETURN_NONE;'), 'cpython-leak')).length, 1);
});
