import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../ide/analysis.ts';
import { openC } from '../../../test/support/fixture.ts';

const SRC = `#include <Python.h>
static PyObject *f(PyObject *self, PyObject *args) {
    PyObject *t = PyTuple_New(1);
    PyObject *x = PyTuple_GetItem(args, 0);
    PyTuple_SET_ITEM(t, 0, Py_NewRef(x));
    return t;
}`;

async function hints(text: string, ownership: boolean, start = 0, end = text.length) {
  const { host, file } = await openC(text);
  try {
    return host.inlayHints(file, start, end, { ...DEFAULT_CONFIG, inlayHints: { ownership } })
      .map((h) => `${text.slice(0, h.offset).split('\n').pop()!.trim()} ${h.label}`);
  } finally {
    file.dispose();
  }
}

test('new, borrowed and stolen hints after the calls and the stolen argument', async () => {
  assert.deepEqual(await hints(SRC, true), [
    'PyObject *t = PyTuple_New(1) new',
    'PyObject *x = PyTuple_GetItem(args, 0) borrowed',
    'PyTuple_SET_ITEM(t, 0, Py_NewRef(x) new',
    'PyTuple_SET_ITEM(t, 0, Py_NewRef(x) stolen',
  ]);
});

test('off by default, limited to the requested range, and silent for plain C', async () => {
  assert.deepEqual(await hints(SRC, false), []);
  const line = SRC.indexOf('PyObject *x');
  assert.deepEqual(await hints(SRC, true, line, SRC.indexOf('\n', line)), ['PyObject *x = PyTuple_GetItem(args, 0) borrowed']);
  assert.deepEqual(await hints('int g(void) { return h(1); }', true), []);
});
