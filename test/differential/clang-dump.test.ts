// The dump parser on a fixed clang 14 dump, so it is checked even where clang is missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRecordLayouts } from './clang-dump.ts';

const DUMP = `
*** Dumping AST Record Layout
         0 | struct S::(anonymous at d.c:4:49)
         0 |   char y
     1:0-6 |   long z
           | [sizeof=8, align=8]

*** Dumping AST Record Layout
         0 | struct In
         0 |   short s
     2:0-2 |   int 
     2:3-7 |   int q
           | [sizeof=4, align=4]

*** Dumping AST Record Layout
         0 | struct S
         0 |   char c
         4 |   struct In in
         4 |     short s
     6:0-2 |     int 
     6:3-7 |     int q
         8 |   union S::(anonymous at d.c:4:34) 
         8 |     int x
         8 |     struct S::(anonymous at d.c:4:49) 
         8 |       char y
     9:0-6 |       long z
        16 |   struct In[2][3] arr
        48 |   int (*)(int) fp
      56:- |   unsigned int 
        56 |   char[] fl
           | [sizeof=56, align=8]

*** Dumping AST Record Layout
         0 | TD
    1:2-41 |   long long c
           | [sizeof=8, align=1]
`;

test('parses sizes, nested and anonymous members, bit-fields and zero-width bit-fields', () => {
  const records = parseRecordLayouts(DUMP);
  assert.deepEqual(records.map((r) => r.name), ['In', 'S', 'TD']);
  const s = records[1]!;
  assert.equal(s.size, 56);
  assert.equal(s.align, 8);
  assert.deepEqual(s.fields, [
    { path: 'c', offsetBits: 0 },
    { path: 'in', offsetBits: 32 },
    { path: 'in.s', offsetBits: 32 },
    { path: 'in.(unnamed)', offsetBits: 48, bitWidth: 3 },
    { path: 'in.q', offsetBits: 51, bitWidth: 5 },
    { path: 'x', offsetBits: 64 },
    { path: 'y', offsetBits: 64 },
    { path: 'z', offsetBits: 72, bitWidth: 7 },
    { path: 'arr', offsetBits: 128 },
    { path: 'fp', offsetBits: 384 },
    { path: '(unnamed)', offsetBits: 448, bitWidth: 0 },
    { path: 'fl', offsetBits: 448 },
  ]);
  // Bit offsets past the first byte are written as byte:first-last with first >= 8.
  assert.deepEqual(records[2]!.fields, [{ path: 'c', offsetBits: 10, bitWidth: 40 }]);
});

test('rejects text it does not understand instead of guessing', () => {
  assert.throws(() => parseRecordLayouts('*** Dumping AST Record Layout\n         0 | struct S\n  garbage\n'), /unreadable layout line/);
  assert.throws(() => parseRecordLayouts('*** Dumping AST Record Layout\n         0 | struct S\n         0 |   char c\n'), /no size line/);
});
