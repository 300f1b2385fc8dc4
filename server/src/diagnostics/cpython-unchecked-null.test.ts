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
