// The analysis on inputs it must survive quietly: broken code, `#if` in a
// body, path explosions, recursion, and code it cannot see.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../ide/analysis.ts';
import { openC } from '../../../test/support/fixture.ts';

async function cpython(text: string): Promise<string[]> {
  const { host, file } = await openC(text);
  try {
    return host.diagnostics(file, DEFAULT_CONFIG, (w, e) => { throw new Error(`${w}: ${String(e)}`); })
      .filter((d) => d.code.startsWith('cpython-')).map((d) => `${d.code} ${text.slice(d.start, d.end)}`);
  } finally {
    file.dispose();
  }
}

const LEAK = 'PyObject *o = PyLong_FromLong(1); if (!o) return NULL; Py_RETURN_NONE;';

test('a leak is found; the same function with a syntax error or an #if in its body is left alone', async () => {
  assert.deepEqual(await cpython(`#include <Python.h>\nPyObject *f(PyObject *s) { ${LEAK} }`), ['cpython-leak PyLong_FromLong(1)']);
  assert.deepEqual(await cpython(`#include <Python.h>\nPyObject *f(PyObject *s) { ${LEAK} int = ; }`), []);
  assert.deepEqual(await cpython(`#include <Python.h>\nPyObject *f(PyObject *s) {\n#ifdef X\n  Py_DECREF(s);\n#endif\n ${LEAK} }`), []);
});

test('a path explosion past the budget says nothing rather than something wrong', async () => {
  const ifs = Array.from({ length: 24 }, (_, i) => `PyObject *a${i} = NULL; if (g${i}()) a${i} = PyLong_FromLong(${i});`).join('\n');
  assert.deepEqual(await cpython(`#include <Python.h>\nPyObject *f(PyObject *s) {\n${ifs}\nPy_RETURN_NONE; }`), []);
});

test('recursion, unknown macros and calls through pointers are unknown code, never a finding', async () => {
  assert.deepEqual(await cpython(`#include <Python.h>
static PyObject *walk(PyObject *o, int n) { if (n == 0) return PyLong_FromLong(0); PyObject *r = walk(o, n - 1); return r; }
static PyObject *g(PyObject *s, PyObject *o) { PyObject *v = PyLong_FromLong(1); if (!v) return NULL; MY_KEEP(v); Py_RETURN_NONE; }
static PyObject *h(PyObject *s, PyObject *o) { PyObject *v = PyLong_FromLong(1); if (!v) return NULL; ((Obj *)s)->cb(v); Py_RETURN_NONE; }`), []);
});

test('a helper returning a new reference counts as one for its callers', async () => {
  const text = `#include <Python.h>
static PyObject *make(void) { return PyList_New(0); }
static PyObject *caller(PyObject *s) { PyObject *l = make(); if (!l) return NULL; Py_RETURN_NONE; }`;
  assert.deepEqual(await cpython(text), ['cpython-leak make()']);
});

test('loops: an item released each iteration is fine; one kept each iteration leaks', async () => {
  const ok = `#include <Python.h>
PyObject *f(PyObject *s, PyObject *it) { PyObject *x; while ((x = PyIter_Next(it)) != NULL) { Py_DECREF(x); } Py_RETURN_NONE; }`;
  assert.deepEqual(await cpython(ok), []);
  assert.deepEqual(await cpython(ok.replace('Py_DECREF(x);', '')), ['cpython-leak PyIter_Next(it)']);
});
