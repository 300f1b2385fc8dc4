// Preparing C text for tree-sitter-c: same length, notes keyed by keyword offset.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeC } from './c-normalize.ts';

function prepared(text: string) {
  const r = normalizeC(text);
  assert.equal(r.text.length, text.length, 'preparing must keep every offset');
  return r;
}

test('enum and union attributes before the tag move into notes', () => {
  const src = 'enum __attribute__((packed)) E { A }; union __attribute__((aligned(8))) U { int i; };';
  const r = prepared(src);
  assert.doesNotMatch(r.text, /__attribute__/);
  assert.deepEqual(r.notes.get(0)?.attributes, ['__attribute__((packed))']);
  assert.deepEqual(r.notes.get(src.indexOf('union'))?.attributes, ['__attribute__((aligned(8)))']);
});

test('struct attributes stay: tree-sitter-c reads them', () => {
  const src = 'struct __attribute__((packed)) S { int i; };';
  assert.equal(prepared(src).text, src);
});

test('fixed enum types and unnamed enum bit-fields', () => {
  const src = 'enum E : unsigned char { A };\nstruct S { enum E : 4; enum E e : 2; };';
  const r = prepared(src);
  assert.equal(r.notes.get(0)?.fixedType, 'unsigned char');
  assert.match(r.text, /^enum E\s+\{ A \};/);
  const at = src.indexOf('enum E : 4');
  assert.equal(r.notes.get(at)?.unnamedEnumBitfield, 'E');
  assert.equal(r.text.slice(at, at + 10), 'int  E : 4');
  assert.match(r.text, /enum E e : 2;/); // a named one is left alone
});

test('`enum E : short;` is a declaration with a fixed type, not a bit-field', () => {
  const r = prepared('enum E : short;');
  assert.equal([...r.notes.values()].some((n) => n.unnamedEnumBitfield), false);
});

test('uses of macros defined empty are blanked; directive lines keep them', () => {
  const src = '#ifndef API\n#define API\n#endif\nAPI int f(void);\nint API_x;';
  const r = prepared(src);
  assert.equal(r.text, '#ifndef API\n#define API\n#endif\n    int f(void);\nint API_x;');
});

test('a dotted offsetof path becomes one identifier, and the path is kept', () => {
  const src = 'char a[offsetof(struct O, in.b)];';
  const r = prepared(src);
  assert.match(r.text, /offsetof\(struct O, in_b\)/);
  assert.equal(r.notes.get(src.indexOf('offsetof'))?.offsetofPath, 'in.b');
});

test('a file with none of these is returned as is', () => {
  const src = 'struct S { int a : 3; };';
  assert.equal(normalizeC(src).text, src);
});
