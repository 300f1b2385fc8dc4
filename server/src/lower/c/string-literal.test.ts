import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stringLiteralType } from './string-literal.ts';

const cases: ReadonlyArray<{ literals: string[]; wchar: number; element: string; length: number }> = [
  { literals: ['""'], wchar: 32, element: 'char', length: 1 },
  { literals: ['"ab\\n"'], wchar: 32, element: 'char', length: 4 },
  { literals: ['"a"', '"bc"'], wchar: 32, element: 'char', length: 4 },
  { literals: ['"\\x41\\101\\0"'], wchar: 32, element: 'char', length: 4 },
  { literals: ['"\\1234"'], wchar: 32, element: 'char', length: 3 },
  { literals: ['"é"'], wchar: 32, element: 'char', length: 3 },
  { literals: ['"\\u00e9\\U0001F600"'], wchar: 32, element: 'char', length: 7 },
  { literals: ['u8"é"'], wchar: 32, element: 'char', length: 3 },
  { literals: ['u"é😀"'], wchar: 32, element: 'char16', length: 4 },
  { literals: ['U"é😀"'], wchar: 32, element: 'char32', length: 3 },
  { literals: ['L"ab"'], wchar: 32, element: 'wchar', length: 3 },
  { literals: ['L"😀"'], wchar: 16, element: 'wchar', length: 3 },
  { literals: ['"a"', 'L"b"'], wchar: 32, element: 'wchar', length: 3 },
  { literals: ['"\\"q\\\\"'], wchar: 32, element: 'char', length: 4 },
];

for (const c of cases) {
  test(`sizeof ${c.literals.join(' ')} (wchar_t ${c.wchar}-bit): ${c.length} ${c.element}`, () => {
    assert.deepEqual(stringLiteralType(c.literals, c.wchar), { element: c.element, length: BigInt(c.length) });
  });
}

test('not a C string literal, or an escape that cannot be read: undefined', () => {
  assert.equal(stringLiteralType(['R"(x)"'], 32), undefined);
  assert.equal(stringLiteralType(["'a'"], 32), undefined);
  assert.equal(stringLiteralType(['"\\x"'], 32), undefined);
  assert.equal(stringLiteralType(['"\\u12"'], 32), undefined);
  assert.equal(stringLiteralType(['"\\q"'], 32), undefined);
});
