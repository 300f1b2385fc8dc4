// Hovers on C++ classes: base subobjects and the vtable pointer as rows, and
// whether C may look inside the class or receive it by value.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hoverAt, target } from '../../../test/support/fixture.ts';

const linux = [target('x86_64-unknown-linux-gnu')];
const hover = (src: string) => hoverAt(src, linux, 'fixture.cpp');

test('a polymorphic class: vtable pointer row, not standard-layout, not trivially copyable', async () => {
  const md = await hover('class Shape$0 { public: virtual ~Shape(); int id; };');
  assert.ok(md);
  assert.match(md, /\*\*class Shape\*\*/);
  assert.match(md, /\| 0 \| 8 \| `\(vtable pointer\)` \|/);
  assert.match(md, /\| 8 \| 4 \| `int id` \|/);
  assert.match(md, /\*\*not standard-layout\*\* \(it has virtual functions/);
  assert.match(md, /\*\*not trivially copyable\*\*/);
});

test('bases are rows; the primary base is marked', async () => {
  const md = await hover('struct A { virtual void f(); int x; };\nstruct E {};\nstruct B$0 : E, A { char c; };');
  assert.ok(md);
  assert.match(md, /\| 0 \| 0 \| `base E` \|/);
  assert.match(md, /\| 0 \| 12 \| `primary base A` \|/);
  assert.match(md, /\| 12 \| 1 \| `char c` \|/);
});

test('a plain struct in C++ may be used from C', async () => {
  const md = await hover('struct P$0 { int x; int y; void move(int dx); static int count; };');
  assert.ok(md);
  assert.match(md, /\*\*standard-layout\*\*: C may look inside it · \*\*trivially copyable\*\*: C may receive and copy it by value/);
  assert.match(md, /size \*\*8\*\*/);
  assert.doesNotMatch(md, /count/);
});

test('mixed access makes a class not standard-layout; a user copy constructor not trivially copyable', async () => {
  const md = await hover('class M$0 { public: int a; private: int b; public: M(const M &); };');
  assert.match(md ?? '', /not standard-layout\*\* \(its data members have different access control\)/);
  assert.match(md ?? '', /not trivially copyable\*\* \(it declares its own copy\/move operation or destructor\)/);
});

test('a class name used as a type hovers as the class', async () => {
  const md = await hover('struct P { int x; };\nstruct Q { P$0 p; };');
  assert.match(md ?? '', /\*\*struct P\*\*/);
});

test('C files get no C++ line', async () => {
  const md = await hoverAt('struct S$0 { int a; };', linux);
  assert.doesNotMatch(md ?? '', /standard-layout/);
});

test('a non-POD class says where a deriving class may start (Itanium only)', async () => {
  const src = 'struct NP$0 { NP(); int i; char c; };';
  assert.match(await hover(src) ?? '', /data size \*\*5\*\*: a class deriving from it places its own members from byte 5/);
  assert.doesNotMatch(await hoverAt(src, [target('x86_64-pc-windows-msvc')], 'fixture.cpp') ?? '', /data size/);
  assert.doesNotMatch(await hover('struct P$0 { int i; char c; };') ?? '', /data size/, 'a POD keeps its tail padding');
});
