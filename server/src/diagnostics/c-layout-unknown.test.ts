import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diagnosticsOf } from '../../../test/support/diagnostics.ts';

const CODE = 'c-layout-unknown';

test('a record with a member of an unknown type says which type', async () => {
  const src = 'struct Conn { SSL *ssl; struct Buf buf; };';
  const [d, ...rest] = await diagnosticsOf(src, CODE);
  assert.equal(rest.length, 0);
  assert.equal(src.slice(d!.start, d!.end), 'Conn');
  assert.equal(d!.severity, 'information');
  assert.match(d!.message, /struct Buf/);
});

test('not flagged: complete records, pointers to incomplete ones, forward declarations', async () => {
  assert.deepEqual(await diagnosticsOf('struct Buf;\nstruct Conn { struct Buf *buf; int fd; };', CODE), []);
});
