import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rustHoverAt, target } from '../../../test/support/fixture.ts';

const X64 = target('x86_64-unknown-linux-gnu');
const WIN = target('x86_64-pc-windows-msvc');

test('a repr(C) struct: size, members and the target matrix from the shared engine', async () => {
  const md = await rustHoverAt('use std::ffi::c_long;\n#[repr(C)]\npub struct $0Rec { a: u8, l: c_long, p: Option<&\'static u32> }');
  assert.ok(md);
  assert.match(md, /size \*\*24\*\* · align \*\*8\*\*/);
  assert.match(md, /`c_long l`/);
  assert.match(md, /`Option<&'static u32> p`/);
  assert.match(md, /`#\[repr\(C\)\]`/);
  // c_long is 4 bytes on Windows: the matrix shows it.
  assert.match(md, /win64/);
});

test('a default-repr struct: Rust guarantees no layout, and no figures are shown', async () => {
  const md = await rustHoverAt('pub struct $0Plain { a: u8, b: u32 }');
  assert.ok(md);
  assert.match(md, /Rust guarantees no layout/);
  assert.doesNotMatch(md, /size \*\*/);
});

test('packed, align and a field hover', async () => {
  const packed = await rustHoverAt('#[repr(C, packed(2))] struct $0P { a: u8, b: u64 }', [X64]);
  assert.match(packed!, /size \*\*10\*\* · align \*\*2\*\*/);
  const aligned = await rustHoverAt('#[repr(C, align(16))] struct $0A { a: u8 }', [X64]);
  assert.match(aligned!, /size \*\*16\*\* · align \*\*16\*\*/);
  const field = await rustHoverAt('#[repr(C)] struct F { a: u8, $0b: u32 }', [X64]);
  assert.match(field!, /offset \*\*4\*\*, size \*\*4\*\*/);
});

test('integer-repr enums, niches and type aliases at a use', async () => {
  const e = await rustHoverAt('#[repr(u16)] enum $0E { A, B }', [X64]);
  assert.match(e!, /size \*\*2\*\* · align \*\*2\*\*/);
  const alias = await rustHoverAt('use std::ptr::NonNull;\ntype H = Option<NonNull<u8>>;\n#[repr(C)] struct S { h: $0H }', [X64, WIN]);
  assert.match(alias!, /size \*\*8\*\* · align \*\*8\*\*/);
  const long = await rustHoverAt('use std::ffi::c_long;\n#[repr(C)] struct S { l: $0c_long }', [X64, WIN]);
  assert.match(long!, /size \*\*8\*\*/);
  assert.match(long!, /win64: size 4, align 4/);
});
