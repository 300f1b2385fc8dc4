import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appendAll } from './arrays.ts';

test('appendAll keeps order and appends in place', () => {
  const out = [1, 2];
  assert.equal(appendAll(out, [3, 4]), out);
  assert.deepEqual(out, [1, 2, 3, 4]);
  assert.deepEqual(appendAll([], new Set(['a', 'b'])), ['a', 'b']);
});

test('appendAll takes more items than a spread call can pass', () => {
  const many = new Array<number>(500_000).fill(7);
  assert.throws(() => [].push(...(many as never[])), RangeError);
  assert.equal(appendAll([0], many).length, 500_001);
});
