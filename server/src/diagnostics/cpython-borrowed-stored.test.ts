import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnosticsOf, fixed } from '../../../test/support/diagnostics.ts';

const CODE = 'cpython-borrowed-stored';

test('a borrowed argument stored in a field is flagged; the fix adds Py_NewRef', async () => {
  const src = '#include <Python.h>\nPyObject *set(Holder *self, PyObject *arg) {\n    self->cb = arg;\n    Py_RETURN_NONE;\n}';
  const [d, ...rest] = await diagnosticsOf(src, CODE);
  assert.equal(rest.length, 0);
  assert.equal(src.slice(d!.start, d!.end), 'self->cb = arg');
  assert.equal(await fixed(src, CODE), src.replace('= arg;', '= Py_NewRef(arg);'));
});

test('a borrowed reference given to a stealing call is flagged at the argument', async () => {
  const src = '#include <Python.h>\nPyObject *f(PyObject *self, PyObject *arg) { PyObject *t = PyTuple_New(1); if (!t) return NULL; PyTuple_SET_ITEM(t, 0, arg); return t; }';
  const [d] = await diagnosticsOf(src, CODE);
  assert.equal(src.slice(d!.start, d!.end), 'arg');
  assert.match(d!.message, /PyTuple_SET_ITEM/);
  assert.match(await fixed(src, CODE), /PyTuple_SET_ITEM\(t, 0, Py_NewRef\(arg\)\)/);
});

test('not flagged: Py_INCREF before or after the store, Py_NewRef, or an out-parameter', async () => {
  for (const body of [
    'Py_INCREF(arg); self->cb = arg;',
    'self->cb = arg; Py_INCREF(arg);',
    'self->cb = Py_NewRef(arg);',
    'Py_INCREF(arg); Py_XSETREF(self->cb, arg);',
  ]) {
    assert.deepEqual(await diagnosticsOf(`#include <Python.h>\nPyObject *set(Holder *self, PyObject *arg) { ${body} Py_RETURN_NONE; }`, CODE), [], body);
  }
  assert.deepEqual(await diagnosticsOf('#include <Python.h>\nint get(PyObject *d, PyObject **out) { *out = PyDict_GetItemString(d, "k"); return 0; }', CODE), []);
});
