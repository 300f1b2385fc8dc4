import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../ide/analysis.ts';
import { diagnosticsOf, fixed } from '../../../test/support/diagnostics.ts';

const CODE = 'cpython-borrowed-returned';
const SRC = `#include <Python.h>
static PyObject *f(PyObject *self, PyObject *list) {
    PyObject *item = PyList_GetItem(list, 0);
    if (item == NULL)
        return NULL;
    return item;
}
static PyMethodDef methods[] = {{"f", f, METH_O, NULL}, {NULL}};`;

test('a borrowed item returned is flagged; the fix wraps it in Py_NewRef', async () => {
  const [d, ...rest] = await diagnosticsOf(SRC, CODE);
  assert.equal(rest.length, 0);
  assert.equal(SRC.slice(d!.start, d!.end), 'item');
  assert.equal(await fixed(SRC, CODE), SRC.replace('return item;', 'return Py_NewRef(item);'));
});

test('PyList_GetItemRef is offered only when the configured Python is 3.13 or later', async () => {
  const old = await diagnosticsOf(SRC, CODE, { ...DEFAULT_CONFIG, python: { major: 3, minor: 12 } });
  assert.ok(!old[0]!.fixes.some((f) => f.title.includes('GetItemRef')));
  const [d] = await diagnosticsOf(SRC, CODE, { ...DEFAULT_CONFIG, python: { major: 3, minor: 13 } });
  const alt = d!.fixes.find((f) => f.title.includes('PyList_GetItemRef'))!;
  assert.equal(alt.preferred, false);
  assert.deepEqual(alt.edits.map((e) => SRC.slice(e.start, e.end) + ' -> ' + e.text), ['PyList_GetItem -> PyList_GetItemRef']);
});

test('a struct field returned without a reference is flagged; after Py_INCREF of it, or Py_NewRef, it is not', async () => {
  assert.equal((await diagnosticsOf('#include <Python.h>\nPyObject *g(Obj *self, void *c) { return self->x; }', CODE)).length, 1);
  assert.deepEqual(await diagnosticsOf('#include <Python.h>\nPyObject *g(Obj *self, void *c) { Py_INCREF(self->x); return self->x; }', CODE), []);
  assert.deepEqual(await diagnosticsOf('#include <Python.h>\nPyObject *g(Obj *self, void *c) { return Py_NewRef(self->x); }', CODE), []);
});

test('not flagged in a function that does not return PyObject *', async () => {
  assert.deepEqual(await diagnosticsOf('#include <Python.h>\nint g(PyObject *a) { PyObject *x = PyTuple_GetItem(a, 0); return x != NULL; }', CODE), []);
});

test('PyDict_GetItem -> PyDict_GetItemRef rewrites the statement (3.13+), and the result is then clean', async () => {
  const src = `#include <Python.h>
static PyObject *f(PyObject *self, PyObject *d) {
    PyObject *v = PyDict_GetItem(d, self);
    if (v == NULL)
        return NULL;
    return v;
}
static PyMethodDef methods[] = {{"f", f, METH_O, NULL}, {NULL}};`;
  const config = { ...DEFAULT_CONFIG, python: { major: 3, minor: 13 } };
  const [d] = await diagnosticsOf(src, CODE, config);
  const alt = d!.fixes.find((f) => f.title.includes('PyDict_GetItemRef'))!;
  const out = applyEdits(src, alt.edits);
  assert.match(out, /^ {4}PyObject \*v; \(void\)PyDict_GetItemRef\(d, self, &v\);$/m);
  assert.deepEqual(await diagnosticsOf(out, CODE, config), []);
  assert.deepEqual(await diagnosticsOf(out, 'cpython-leak', config), []);
});

function applyEdits(text: string, edits: readonly { start: number; end: number; text: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

test('a static helper only called directly keeps its own contract: not flagged', async () => {
  const src = `#include <Python.h>
static PyObject *peek(PyObject *t) { return PyTuple_GET_ITEM(t, 0); }
PyObject *user(PyObject *self, PyObject *t) { return PyObject_Repr(peek(t)); }`;
  assert.deepEqual(await diagnosticsOf(src, CODE), []);
  assert.equal((await diagnosticsOf(src.replace('static PyObject *peek', 'PyObject *peek'), CODE)).length, 1, 'not static: Python conventions apply');
});
