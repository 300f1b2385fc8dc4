import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildValueArgs, parseTupleArgs } from './formats.ts';
import { isKnownFunction, requiresNonNull, resultCanBeNull, returnOwnership, STEALING } from './ownership.ts';

const ROOT = join(__dirname, '..', '..', '..');

test('the committed table is what the generator makes of the committed refcounts.dat', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ffi-lens-refcounts-'));
  try {
    const out = join(dir, 'refcounts.generated.ts');
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'gen-refcounts.mjs'), join(ROOT, 'data', 'cpython', 'refcounts.dat'), out], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(out, 'utf8'), readFileSync(join(__dirname, 'refcounts.generated.ts'), 'utf8'), 'run `node scripts/gen-refcounts.mjs`');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('return ownership from the table, with the hand-kept corrections', () => {
  assert.equal(returnOwnership('PyLong_FromLong'), 'new');
  assert.equal(returnOwnership('PyList_GetItem'), 'borrowed');
  assert.equal(returnOwnership('PyDict_GetItemString'), 'borrowed');
  assert.equal(returnOwnership('PyModule_Create'), 'new', 'a macro, missing from the data file');
  assert.equal(returnOwnership('Py_TYPE'), undefined, 'untracked on purpose');
  assert.equal(returnOwnership('PyList_SetItem'), undefined);
  assert.equal(resultCanBeNull('PyDict_GetItem', 'borrowed'), true);
  assert.equal(resultCanBeNull('PyTuple_GET_ITEM', 'borrowed'), false);
  assert.equal(resultCanBeNull('PyBool_FromLong', 'new'), false);
});

test('stealing comes from the C-API documentation, not the data file', () => {
  assert.deepEqual(STEALING.get('PyList_SetItem'), { args: [2] });
  assert.deepEqual(STEALING.get('PyModule_AddObject'), { args: [2], onSuccessOnly: true });
  assert.equal(STEALING.get('PyModule_AddObjectRef'), undefined);
  assert.deepEqual(STEALING.get('PyErr_Restore')?.args, [0, 1, 2]);
  assert.ok(isKnownFunction('PyObject_Repr') && isKnownFunction('PyFloat_Check') && !isKnownFunction('my_helper'));
  assert.equal(requiresNonNull('PyObject_GetIter', 0), true);
  // PyObject_Repr(NULL) is the string `<NULL>` (Objects/object.c), and a deleting PyObject_SetAttr takes NULL.
  assert.equal(requiresNonNull('PyObject_Repr', 0), false);
  assert.equal(requiresNonNull('PyObject_SetAttr', 2), false);
  assert.equal(requiresNonNull('Py_XDECREF', 0), false);
  assert.equal(requiresNonNull('PyList_SetItem', 2), false);
});

test('Py_BuildValue formats: N steals, O and S borrow, # and & take a second argument', () => {
  assert.deepEqual(buildValueArgs('(iN)')?.map((a) => a.kind), ['other', 'steal']);
  assert.deepEqual(buildValueArgs('{s:O,s:S}')?.map((a) => `${a.kind}@${a.at}`), ['other@1', 'borrow@3', 'other@5', 'borrow@7']);
  assert.deepEqual(buildValueArgs('s#O&')?.map((a) => a.kind), ['other', 'other', 'other', 'other']);
  assert.equal(buildValueArgs('(w)'), undefined, 'an unknown unit makes the format unknown');
});

test('PyArg_ParseTuple formats: object units, O! and O&, and the name after `:`', () => {
  assert.deepEqual(parseTupleArgs('O|i:f'), ['object', 'other']);
  assert.deepEqual(parseTupleArgs('O!s#'), ['other', 'object', 'other', 'other']);
  assert.deepEqual(parseTupleArgs('O&p'), ['other', 'unknown', 'other']);
  assert.deepEqual(parseTupleArgs('es#'), ['other', 'other', 'other']);
  assert.equal(parseTupleArgs('Q'), undefined);
});
