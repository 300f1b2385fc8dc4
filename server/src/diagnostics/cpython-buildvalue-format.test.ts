import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnosticsOf, fixed } from '../../../test/support/diagnostics.ts';

const CODE = 'cpython-buildvalue-format';
const fn = (body: string) => `#include <Python.h>\nstatic PyObject *f(PyObject *self, PyObject *arg) { ${body} }`;

test('`N` with a borrowed reference: flagged at the unit, fixed to `O`', async () => {
  const src = fn('return Py_BuildValue("(iN)", 1, arg);');
  const [d, ...rest] = await diagnosticsOf(src, CODE);
  assert.equal(rest.length, 0);
  assert.equal(src.slice(d!.start, d!.end), 'N');
  assert.equal(await fixed(src, CODE), fn('return Py_BuildValue("(iO)", 1, arg);'));
});

test('`O` with a new reference never released: flagged, fixed to `N`', async () => {
  const src = fn('PyObject *s = PyObject_Str(arg); if (!s) return NULL; return Py_BuildValue("{s:O}", "k", s);');
  const [d] = await diagnosticsOf(src, CODE);
  assert.equal(src.slice(d!.start, d!.end), 'O');
  assert.equal(await fixed(src, CODE), src.replace('{s:O}', '{s:N}'));
  assert.deepEqual(await diagnosticsOf(src, 'cpython-leak'), [], 'reported once, as the format mistake');
});

test('not flagged: `O` then released, `N` with a new reference, `s#` consuming two arguments, an unknown unit', async () => {
  for (const body of [
    'PyObject *s = PyObject_Str(arg); if (!s) return NULL; PyObject *r = Py_BuildValue("(O)", s); Py_DECREF(s); return r;',
    'PyObject *s = PyObject_Str(arg); if (!s) return NULL; return Py_BuildValue("(N)", s);',
    'return Py_BuildValue("(s#O)", "ab", (Py_ssize_t)2, arg);',
    'return Py_BuildValue("(wN)", 1, arg);',
  ]) {
    assert.deepEqual(await diagnosticsOf(fn(body), CODE), [], body);
  }
});
