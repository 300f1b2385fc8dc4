import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnosticsOf, fixed } from '../../../test/support/diagnostics.ts';

const CODE = 'cpython-leak';
const PY = '#include <Python.h>\n';

test('a new reference kept on an early return leaks; the path names acquisition, branches and exit', async () => {
  const src = `${PY}static PyObject *f(PyObject *self, PyObject *arg) {
    PyObject *t = PyTuple_Pack(1, arg);
    if (t == NULL)
        return NULL;
    if (!PyObject_IsTrue(arg))
        return PyLong_FromLong(0);
    Py_DECREF(t);
    return PyLong_FromLong(1);
}`;
  const [d, ...rest] = await diagnosticsOf(src, CODE);
  assert.equal(rest.length, 0);
  assert.equal(src.slice(d!.start, d!.end), 'PyTuple_Pack(1, arg)');
  assert.match(d!.message, /`t` from `PyTuple_Pack` leaks/);
  assert.deepEqual(d!.related.map((r) => r.message), [
    'a new reference from `PyTuple_Pack`', '`t == NULL` is false', '`PyObject_IsTrue(arg)` is false', '`t` is still owned when the function returns here',
  ]);
  assert.equal(src.slice(d!.related[3]!.start, d!.related[3]!.end), 'return PyLong_FromLong(0);');
  assert.match(await fixed(src, CODE), /if \(!PyObject_IsTrue\(arg\)\)\n {8}\{ Py_DECREF\(t\); return PyLong_FromLong\(0\); \}/);
});

test('with goto cleanup the fix releases at the label', async () => {
  const src = `${PY}static PyObject *f(PyObject *self, PyObject *arg) {
    PyObject *list = NULL, *r = NULL;
    list = PyList_New(0);
    if (!list)
        goto error;
    r = PyObject_Repr(list);
error:
    return r;
}`;
  assert.equal((await diagnosticsOf(src, CODE)).length, 1);
  const out = await fixed(src, CODE);
  assert.match(out, /error:\n {4}Py_XDECREF\(list\);\n {4}return r;/);
  assert.deepEqual(await diagnosticsOf(out, CODE), []);
});

test('a temporary passed to a non-stealing call leaks; the same passed to a stealing call does not', async () => {
  assert.equal((await diagnosticsOf(`${PY}int f(PyObject *l) { return PyList_Append(l, PyLong_FromLong(1)); }`, CODE)).length, 1);
  assert.deepEqual(await diagnosticsOf(`${PY}int f(PyObject *l) { return PyList_SetItem(l, 0, PyLong_FromLong(1)); }`, CODE), []);
});

test('not flagged: released, returned, stolen, stored, passed to unknown code, or NULL on the error path', async () => {
  for (const body of [
    'PyObject *o = PyLong_FromLong(1); if (!o) return NULL; Py_DECREF(o); Py_RETURN_NONE;',
    'PyObject *o = PyLong_FromLong(1); return o;',
    'PyObject *t = PyTuple_New(1); if (!t) return NULL; PyObject *o = PyLong_FromLong(1); if (!o) { Py_DECREF(t); return NULL; } PyTuple_SET_ITEM(t, 0, o); return t;',
    'PyObject *o = PyLong_FromLong(1); if (!o) return NULL; ((Holder *)self)->x = o; Py_RETURN_NONE;',
    'PyObject *o = PyLong_FromLong(1); if (!o) return NULL; somebody_elses(o); Py_RETURN_NONE;',
  ]) {
    assert.deepEqual(await diagnosticsOf(`${PY}static PyObject *f(PyObject *self, PyObject *arg) { ${body} }`, CODE), [], body);
  }
});

test('plain C files are not analysed', async () => {
  assert.deepEqual(await diagnosticsOf('int f(void) { return g(h()); }', CODE), []);
});

test('PyObject_CallFunction with `N` takes the reference: no leak; with `O` the owner still has to release', async () => {
  const body = (fmt: string) => `${PY}static PyObject *f(PyObject *self, PyObject *fn) {
    PyObject *a = PyLong_FromLong(1);
    if (!a) return NULL;
    return PyObject_CallFunction(fn, "${fmt}", a);
}`;
  assert.deepEqual(await diagnosticsOf(body('(N)'), CODE), []);
  assert.equal((await diagnosticsOf(body('(O)'), CODE)).length, 1);
});
