// Integer constant expressions: C's typing and wrapping, checked against what gcc computes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openC, target } from '../../../../test/support/fixture.ts';

/** The value of `expr` as an array length of a char array (so the layout size is the value). */
async function value(expr: string, triple = 'x86_64-unknown-linux-gnu'): Promise<number | string> {
  const { host, file } = await openC(`struct S { char a[${expr}]; };`);
  try {
    const r = host.records(file, target(triple))[0]!;
    return 'unknown' in r.layout ? r.layout.unknown : r.layout.size;
  } finally {
    file.dispose();
  }
}

const CASES: Array<[string, number | RegExp]> = [
  ['1 + 2 * 3', 7],
  ['(1 << 4) | 3', 19],
  ['0x10 + 010 + 0b11', 27],
  ["'A'", 65],
  ["'\\n' + '\\x10'", 26],
  ['-1 < 0u ? 1 : 2', 2], // -1 converts to unsigned: the comparison is false
  ['(unsigned char)300', 44],
  ['(signed char)200 < 0', 1],
  ['10 / 3 + 10 % 3', 4],
  ['!0 + !5 + ~0 + 2', 2],
  ['1 ? 5 : 1 / 0', 5], // the unevaluated operand may divide by zero
  ['0 && (1 / 0)', 0],
  ['sizeof(int) * 3', 12],
  ['1 / 0', /division by zero/],
  ['1 << 40', /shift/], // int is 32 bits
  ['-1', /negative/],
  ['1.5', /floating/],
  ['foo(3)', /function-like macro or call/],
];

for (const [expr, expected] of CASES) {
  test(`char a[${expr}]`, async () => {
    const got = await value(expr);
    if (expected instanceof RegExp) assert.match(String(got), expected);
    else assert.equal(got, expected);
  });
}

test('a long literal is 32 bits on Windows, 64 on Linux', async () => {
  assert.equal(await value('(1L << 40) > 0 ? 1 : 2'), 1);
  assert.match(String(await value('(1L << 40) > 0 ? 1 : 2', 'x86_64-pc-windows-msvc')), /shift/);
});
