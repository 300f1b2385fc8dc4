import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnosticsOf, fixed } from '../../../test/support/diagnostics.ts';

const CODE = 'cpython-borrowed-release';

test('Py_DECREF of a borrowed item is flagged and the fix removes it', async () => {
  const src = `#include <Python.h>
static PyObject *f(PyObject *self, PyObject *t) {
    PyObject *x = PyTuple_GetItem(t, 0);
    if (x == NULL)
        return NULL;
    Py_DECREF(x);
    Py_RETURN_NONE;
}`;
  const [d, ...rest] = await diagnosticsOf(src, CODE);
  assert.equal(rest.length, 0);
  assert.equal(d!.severity, 'error');
  assert.equal(src.slice(d!.start, d!.end), 'Py_DECREF(x)');
  assert.equal(d!.related[0]!.message, 'a borrowed reference from `PyTuple_GetItem`');
  assert.equal(await fixed(src, CODE), src.replace('    Py_DECREF(x);\n', ''));
});

test('releasing a parameter is flagged; releasing it after Py_INCREF is not', async () => {
  assert.equal((await diagnosticsOf('#include <Python.h>\nPyObject *f(PyObject *self, PyObject *a) { Py_XDECREF(a); Py_RETURN_NONE; }', CODE)).length, 1);
  assert.deepEqual(await diagnosticsOf('#include <Python.h>\nPyObject *f(PyObject *self, PyObject *a) { Py_INCREF(a); Py_DECREF(a); Py_RETURN_NONE; }', CODE), []);
});

test('not flagged: a field, or the type in tp_dealloc', async () => {
  assert.deepEqual(await diagnosticsOf('#include <Python.h>\nvoid d(Obj *self) { PyTypeObject *tp = Py_TYPE(self); Py_CLEAR(self->x); tp->tp_free(self); Py_DECREF(tp); }', CODE), []);
});
