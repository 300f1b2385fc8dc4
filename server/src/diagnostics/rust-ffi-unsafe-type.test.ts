import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rustDiagnosticsOf, rustFixed } from '../../../test/support/diagnostics.ts';

const CODE = 'rust-ffi-unsafe-type';

test('a default-repr struct by value in an extern block, with the definition as related information', async () => {
  const src = 'struct Point { x: f32 }\nextern "C" { fn draw(p: Point); }\n';
  const [d, ...rest] = await rustDiagnosticsOf(src, CODE);
  assert.equal(rest.length, 0);
  assert.equal(d!.covered, 'Point');
  assert.match(d!.message, /`extern` block uses type `Point`, which is not FFI-safe: this struct has unspecified layout/);
  assert.equal(src.slice(d!.related[0]!.start, d!.related[0]!.end), 'Point');
  assert.equal(await rustFixed(src, CODE), '#[repr(C)]\nstruct Point { x: f32 }\nextern "C" { fn draw(p: Point); }\n');
});

test('repr(C), Option<&T>, NonZero, transparent wrappers and u128 are accepted', async () => {
  const src = [
    'use std::num::NonZeroU32;',
    '#[repr(C)] struct Point { x: f32 }',
    '#[repr(transparent)] struct Id(u32);',
    'extern "C" { fn a(p: Point, q: Option<&Point>, n: Option<NonZeroU32>, i: Id, w: u128) -> (); }',
    'pub extern "C" fn b(p: *const Point, s: &Point) -> Point { loop {} }',
  ].join('\n');
  assert.deepEqual(await rustDiagnosticsOf(src, CODE), []);
});

test('found through nesting, generics, aliases and pointers in extern blocks', async () => {
  const src = [
    'struct D { a: u8 }',
    '#[repr(C)] struct G<T> { t: T }',
    'type A = G<char>;',
    'extern "C" { fn f(x: G<*const D>); fn g(y: A); fn h(z: [u8; 4]); }',
  ].join('\n');
  const ds = await rustDiagnosticsOf(src, CODE);
  assert.deepEqual(ds.map((d) => d.covered), ['G<*const D>', 'A', '[u8; 4]']);
  assert.match(ds[1]!.message, /`char`/);
});

test('definitions: pointers to sized types are fine, &str and Rust-ABI fn pointers are not; foreign fn pointers in fields are checked', async () => {
  const src = [
    'struct D { a: u8 }',
    'pub extern "C" fn f(p: *const D, s: &str, cb: fn()) {}',
    'struct Holder { cb: extern "C" fn(D) }',
  ].join('\n');
  assert.deepEqual((await rustDiagnosticsOf(src, CODE)).map((d) => d.covered), ['&str', 'fn()', 'extern "C" fn(D)']);
});

test('silent under #[allow], for cfg\'d-out items and for the Rust ABI; edition 2024 unsafe extern blocks are read', async () => {
  const src = [
    'struct D { a: u8 }',
    '#[allow(improper_ctypes)] extern "C" { fn a(x: D); }',
    'extern "C" { #[cfg(windows)] fn b(x: D); }',
    'extern "Rust" { fn c(x: D); }',
    '#[allow(improper_ctypes_definitions)] pub extern "C" fn d(x: D) {}',
    'unsafe extern "C" { pub safe fn e(x: char); }',
  ].join('\n');
  assert.deepEqual((await rustDiagnosticsOf(src, CODE)).map((d) => d.covered), ['char']);
});

test('fixes merge into an existing repr and offer transparent for one-field wrappers and integer reprs for fieldless enums', async () => {
  const packed = '#[repr(packed)]\nstruct P { a: u8, b: u32 }\nextern "C" { fn f(p: P); }\n';
  assert.equal(await rustFixed(packed, CODE), '#[repr(C, packed)]\nstruct P { a: u8, b: u32 }\nextern "C" { fn f(p: P); }\n');
  const [wrapper] = await rustDiagnosticsOf('struct W(u32);\nextern "C" { fn f(w: W); }\n', CODE);
  assert.deepEqual(wrapper!.fixes.map((f) => f.title), ['Add `#[repr(C)]` to `W`', 'Add `#[repr(transparent)]` to `W`']);
  const [e] = await rustDiagnosticsOf('enum E { A, B = 300 }\nextern "C" { fn f(e: E); }\n', CODE);
  assert.deepEqual(e!.fixes.map((f) => f.title), ['Add `#[repr(C)]` to `E`', 'Add `#[repr(u16)]` to `E`']);
  // No fix when repr(C) alone would not make it FFI-safe.
  const [s] = await rustDiagnosticsOf('struct S { s: String }\nextern "C" { fn f(s: S); }\n', CODE);
  assert.deepEqual(s!.fixes, []);
});
