// The C++ front end and the C++ layout rules through it, on small classes whose
// layouts were read off clang++ 14's -fdump-record-layouts (the differential test
// covers random classes; these pin the cases a reader would look for).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layoutsOfC } from '../../ide/analysis.ts';
import type { FieldLayout, LayoutAnswer } from '../../layout/types.ts';

async function layoutOf(src: string, name: string, triple = 'x86_64-unknown-linux-gnu'): Promise<LayoutAnswer> {
  const found = (await layoutsOfC(src, triple, 'cpp')).find((r) => r.name === name);
  assert.ok(found, `no class ${name}`);
  return found.layout;
}

function rows(l: LayoutAnswer): string[] {
  assert.ok(!('unknown' in l), 'unknown' in l ? l.unknown : '');
  return l.fields.filter((f: FieldLayout) => f.depth === 0).map((f) => `${f.path}@${f.offsetBits / 8}${f.subobject === 'primary-base' ? '!' : ''}`);
}

const SRC = `
struct E {};
struct A { virtual void f(); int x; };
struct NP { NP(); int i; char c; };
struct B : E, A { static int s; int &r; [[no_unique_address]] E e; alignas(8) char c; public: void g() {} B(); ~B(); int y : 3; };
struct C : NP { char d; };
struct P { int i; char c; };
struct D : P { char d; };
struct V : virtual A { int q; };
`;

test('vptr, primary base, empty base, reference, static member and methods (x86-64)', async () => {
  const b = await layoutOf(SRC, 'B');
  assert.ok(!('unknown' in b));
  assert.equal(b.size, 32);
  assert.deepEqual(rows(b), ['(base E)@0', '(base A)@0!', 'r@16', 'e@24', 'c@24', 'y@25']);
  assert.ok(!b.fields.some((f) => f.path === 's'), 'a static member takes no storage');
  const a = await layoutOf(SRC, 'A');
  assert.deepEqual(rows(a), ['(vptr)@0', 'x@8']);
});

test('MSVC: vfptr from the primary base, empty base after it, no no_unique_address', async () => {
  const b = await layoutOf(SRC, 'B', 'x86_64-pc-windows-msvc');
  assert.ok(!('unknown' in b));
  assert.equal(b.size, 40);
  assert.deepEqual(rows(b), ['(base A)@0!', '(base E)@16', 'r@16', 'e@24', 'c@32', 'y@36']);
});

test('tail padding of a non-POD base is reused on Itanium, never on MSVC; a POD base keeps it', async () => {
  assert.deepEqual(rows(await layoutOf(SRC, 'C')), ['(base NP)@0', 'd@5']);
  assert.deepEqual(rows(await layoutOf(SRC, 'C', 'x86_64-pc-windows-msvc')), ['(base NP)@0', 'd@8']);
  assert.deepEqual(rows(await layoutOf(SRC, 'D')), ['(base P)@0', 'd@8']);
});

test('virtual inheritance is declined with a reason', async () => {
  const v = await layoutOf(SRC, 'V');
  assert.ok('unknown' in v);
  assert.match(v.unknown, /virtual bases are not modelled/);
});

test('C files are not read as C++', async () => {
  const c = (await layoutsOfC('struct E {}; struct S { struct E e; int x; };', 'x86_64-unknown-linux-gnu')).find((r) => r.name === 'E');
  assert.ok(c && !('unknown' in c.layout));
  assert.equal(c.layout.size, 0, 'an empty struct is 0 bytes in C (GNU), 1 in C++');
});

test('hostile C++ does not throw: deep nesting, templates, broken text', async () => {
  const deep = `${'struct A { '.repeat(400)}int x;${' } a;'.repeat(400)}`;
  const odd = 'template <int N> struct T { int a[N]; };\ntemplate <> struct T<sizeof(int)*(2)> { T(const T<sizeof(int)*(2)> &); int x; };\nstruct U : T<3> { int y; };\nclass { public: virtual } ;; struct W : ::ns::Missing, virtual { int z';
  for (const src of [deep, odd]) {
    const all = await layoutsOfC(src, 'x86_64-unknown-linux-gnu', 'cpp');
    assert.ok(Array.isArray(all));
  }
  const u = await layoutOf('template <int N> struct T { int a[N]; };\nstruct U : T<3> { int y; };', 'U');
  assert.ok('unknown' in u, 'a base that is a template-id is not modelled, and says so');
});

test('#if/#ifdef branches follow the target; #define sizes arrays; include guards work', async () => {
  const src = `#ifndef SHAPE_HPP
#define SHAPE_HPP
#define N 6
struct W {
#ifdef _WIN32
  char tag[2];
#elif defined(__aarch64__) || __SIZEOF_POINTER__ == 4
  char tag[3];
#else
  char tag[N];
#endif
};
#endif
`;
  const size = async (triple: string): Promise<number> => {
    const l = await layoutOf(src, 'W', triple);
    assert.ok(!('unknown' in l), 'unknown' in l ? l.unknown : '');
    return l.size;
  };
  assert.equal(await size('x86_64-pc-windows-msvc'), 2);
  assert.equal(await size('aarch64-unknown-linux-gnu'), 3);
  assert.equal(await size('i686-unknown-linux-gnu'), 3);
  assert.equal(await size('x86_64-unknown-linux-gnu'), 6);
  const odd = await layoutOf('#define M (2+2)\nstruct X { char b[M]; };', 'X');
  assert.ok('unknown' in odd && /does not expand/.test(odd.unknown), 'a macro that is not a literal is said, not guessed');
});

test('what the text preparation moves out (fixed enum types, union attributes) still counts in C++', async () => {
  const src = 'enum E : short { a };\nstruct Q { E e; char c; };\nunion __attribute__((packed)) U { char c; int i; };\nstruct R { char c; U u; };\nenum F : unsigned { f };\nenum G : unsigned char { g };\nstruct S { G x : 3; char c; };\nstruct T { F f; char c; };';
  const q = await layoutOf(src, 'Q');
  assert.ok(!('unknown' in q));
  assert.equal(q.size, 4, 'e is a short');
  assert.deepEqual(rows(await layoutOf(src, 'R')), ['c@0', 'u@1']);
  const s = await layoutOf(src, 'S');
  assert.ok(!('unknown' in s));
  assert.equal(s.size, 2);
  const t = await layoutOf(src, 'T');
  assert.ok(!('unknown' in t) && t.size === 8, 'a fixed type of one keyword (`unsigned`)');
});
