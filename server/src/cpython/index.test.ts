// Reusing per-function outcomes across edits: the findings after an edit are
// exactly those of a cold analysis of the new text, and only the functions an
// edit can affect are analysed again (its own, and callers whose view of its
// summary changed).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openC } from '../../../test/support/fixture.ts';
import { analyseText, FunctionCache, type CpythonFinding } from './index.ts';

const PY = { major: 3, minor: 13 };

const HEAD = '#include <Python.h>\n';
const MAKE_NEW = 'static PyObject *make(void) {\n    return PyLong_FromLong(1);\n}\n';
const MAKE_BORROWED = 'static PyObject *make(void) {\n    return PyDict_GetItemString(registry, "x");\n}\n';
const USE = 'static PyObject *use(PyObject *s, PyObject *a) {\n    PyObject *x = make();\n    if (!x) return NULL;\n    Py_RETURN_NONE;\n}\n';
const OTHER = 'static PyObject *other(PyObject *s, PyObject *a) {\n    PyObject *l = PyList_New(0);\n    if (l == NULL) return NULL;\n    Py_RETURN_NONE;\n}\n';

async function analyse(text: string, cache?: FunctionCache): Promise<CpythonFinding[]> {
  const { file } = await openC(text);
  try {
    return analyseText(text, file.tree!.rootNode, PY, cache);
  } finally {
    file.dispose();
  }
}

function brief(fs: readonly CpythonFinding[], text: string): string[] {
  return fs.map((f) => `${f.function} ${f.code} ${text.slice(f.start, f.end)} @${f.start} fixes:${f.fixes.map((x) => x.edits.map((e) => `${e.start}-${e.end}`).join('+')).join(',')}`);
}

test('an edit that shifts later functions: the reused findings land where a cold analysis puts them', async () => {
  const cache = new FunctionCache();
  const before = HEAD + MAKE_NEW + USE + OTHER;
  await analyse(before, cache);
  const after = HEAD + MAKE_NEW.replace('return', '/* edited */ return') + USE + OTHER;
  const warm = await analyse(after, cache);
  assert.deepEqual(warm, await analyse(after));
  assert.deepEqual(brief(warm, after).map((s) => s.split(' ').slice(0, 3).join(' ')), ['use cpython-leak make()', 'other cpython-leak PyList_New(0)']);
  // `make` changed (same summary): `use` and `other` are reused.
  assert.equal(cache.reusedLast, 2);
});

test('a helper whose summary changes: its callers are analysed again', async () => {
  const cache = new FunctionCache();
  await analyse(HEAD + MAKE_NEW + USE + OTHER, cache);
  const after = HEAD + MAKE_BORROWED + USE + OTHER;
  const warm = await analyse(after, cache);
  assert.deepEqual(warm, await analyse(after));
  // `make` now returns a borrowed reference: `use` no longer leaks, and only `other` was reused.
  assert.deepEqual(brief(warm, after).map((s) => s.split(' ').slice(0, 2).join(' ')), ['other cpython-leak']);
  assert.equal(cache.reusedLast, 1);
});

test('an unchanged text reuses every function; another Python version reuses none', async () => {
  const cache = new FunctionCache();
  const text = HEAD + MAKE_NEW + USE + OTHER;
  const cold = await analyse(text, cache);
  assert.deepEqual(await analyse(text, cache), cold);
  assert.equal(cache.reusedLast, 3);
  const { file } = await openC(text);
  try {
    analyseText(text, file.tree!.rootNode, { major: 3, minor: 12 }, cache);
  } finally {
    file.dispose();
  }
  assert.equal(cache.reusedLast, 0);
});
