import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnosticsOf, fixed } from '../../../test/support/diagnostics.ts';

const CODE = 'c-zero-length-array';

test('a trailing [0] is flagged and fixed to []', async () => {
  const src = 'struct Msg { int len; char data[0]; };';
  const [d, ...rest] = await diagnosticsOf(src, CODE);
  assert.equal(rest.length, 0);
  assert.equal(src.slice(d!.start, d!.end), 'data[0]');
  assert.equal(d!.severity, 'warning');
  assert.equal(await fixed(src, CODE), 'struct Msg { int len; char data[]; };');
});

test('not flagged: [] already, [1], or [0] that is not the last member', async () => {
  assert.deepEqual(await diagnosticsOf('struct A { int n; char d[]; };', CODE), []);
  assert.deepEqual(await diagnosticsOf('struct B { int n; char d[1]; };', CODE), []);
  assert.deepEqual(await diagnosticsOf('struct C { char d[0]; int n; };', CODE), []);
});
