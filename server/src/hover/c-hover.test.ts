// Hovers on C: what is shown for records, members, typedefs and variables, and what is not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hoverAt, target } from '../../../test/support/fixture.ts';

const linuxOnly = [target('x86_64-unknown-linux-gnu')];

test('record name: size, align, members, padding rows and byte map', async () => {
  const md = await hoverAt('struct S$0 { char a; int b; short c; };', linuxOnly);
  assert.ok(md);
  assert.match(md, /\*\*struct S\*\*/);
  assert.match(md, /size \*\*12\*\* · align \*\*4\*\* · padding 5 bytes \(1 hole, 2 bytes tail\)/);
  assert.match(md, /\| 0 \| 1 \| `char a` \|/);
  assert.match(md, /\| 1 \| 3 \| \*padding\* \|/);
  assert.match(md, /\| 4 \| 4 \| `int b` \|/);
  assert.match(md, /\| 10 \| 2 \| \*tail padding\* \|/);
  assert.match(md, /a···bbbbcc··/);
});

test('field: offset, size and the padding after it', async () => {
  const md = await hoverAt('struct S { char a$0; int b; };', linuxOnly);
  assert.ok(md);
  assert.match(md, /offset \*\*0\*\*, size \*\*1\*\* · then 3 bytes of padding/);
  const last = await hoverAt('struct S { char a; int b$0; };', linuxOnly);
  assert.match(last ?? '', /offset \*\*4\*\*, size \*\*4\*\* · no padding after/);
});

test('the target matrix marks the cells that differ', async () => {
  const md = await hoverAt('struct S$0 { char c; long l; };');
  assert.ok(md);
  // long is 4 bytes on Windows and on the 32-bit targets.
  assert.match(md, /\| \*size\* \| 16 \| \*\*8\*\* \| 16 \| \*\*8\*\* \| \*\*8\*\* \| \*\*8\*\* \|/);
  assert.match(md, /\| `l` \| 8 \| \*\*4\*\* \| 8 \| \*\*4\*\* \| \*\*4\*\* \| \*\*4\*\* \|/);
});

test('a record that is the same everywhere gets one line, not a matrix', async () => {
  const md = await hoverAt('struct S$0 { int a; int b; };');
  assert.match(md ?? '', /Same layout on all 6 targets/);
  assert.doesNotMatch(md ?? '', /\*\*Targets\*\*/);
});

test('bit-fields show their byte and mask, MSB-first on big-endian PowerPC', async () => {
  const src = 'struct S { unsigned a : 1; unsigned b$0 : 2; };';
  // Allocation bits 1-2: the 2nd and 3rd least significant bits on little-endian...
  assert.match((await hoverAt(src, linuxOnly)) ?? '', /byte 0 mask 0x06/);
  // ...and the 2nd and 3rd most significant on big-endian.
  assert.match((await hoverAt(src, [target('powerpc-unknown-linux-gnu')])) ?? '', /byte 0 mask 0x60/);
});

test('typedef of a record and a variable of record type hover like the record', async () => {
  const src = 'typedef struct { double d; char c; } Pair;\nPair p$0;';
  const md = await hoverAt(src, linuxOnly);
  assert.match(md ?? '', /\*\*Pair \(struct\)\*\*/);
  assert.match(md ?? '', /size \*\*16\*\*/);
  const td = await hoverAt('typedef struct { double d; char c; } Pair$0;', linuxOnly);
  assert.match(td ?? '', /size \*\*16\*\*/);
});

test('a scalar typedef shows size and alignment per target', async () => {
  const md = await hoverAt('typedef long word_t$0;');
  assert.match(md ?? '', /size \*\*8\*\* · align \*\*8\*\*/);
  assert.match(md ?? '', /win64: size 4, align 4/);
});

test('an unknown layout says why', async () => {
  const md = await hoverAt('struct S$0 { FILE *f; struct Opaque o; };', linuxOnly);
  assert.match(md ?? '', /Layout unknown: .*Opaque/);
});

test('no hover on keywords, literals or function bodies', async () => {
  assert.equal(await hoverAt('int f(void) { return 4$02; }', linuxOnly), undefined);
});
