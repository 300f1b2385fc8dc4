import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rustDiagnosticsOf, rustFixed } from '../../../test/support/diagnostics.ts';
import { compileLib, skipWithoutRustc } from '../../../test/rust/rustc.ts';

const CODE = 'rust-dangling-temporary-pointer';
const LINT = 'dangling_pointers_from_temporaries';
const PRELUDE = 'use std::ffi::{c_char, CString};\nextern "C" { fn puts(s: *const c_char) -> i32; }\n';

/** [body of `pub fn f()`, does rustc 1.95's lint see it]. Each is flagged once by us. */
const CASES: ReadonlyArray<readonly [string, boolean]> = [
  ['let p = CString::new("x").unwrap().as_ptr();\n    unsafe { puts(p); }', true],
  ['let p = String::from("x").as_ptr();\n    let _ = p;', true],
  ['let p = format!("{}", 1).as_ptr();\n    let _ = p;', true],
  ['let p = vec![1u8, 2].as_mut_ptr();\n    let _ = p;', true],
  ['let mut q = std::ptr::null();\n    q = CString::new("x").unwrap().as_ptr();\n    unsafe { puts(q); }', true],
  ['let p = "x".to_string().as_ptr() as *const c_char;\n    unsafe { puts(p); }', true],
  // What rustc's lint misses: pointers taken through borrowing adapters.
  ['let p = CString::new("x").unwrap().as_bytes().as_ptr();\n    let _ = p;', false],
  ['let p = String::from("x").as_str().as_ptr();\n    let _ = p;', false],
  ['let p = vec![1u8].as_slice().as_ptr();\n    let _ = p;', false],
  ['let p = CString::new("x").unwrap().as_c_str().as_ptr();\n    unsafe { puts(p); }', false],
];

const source = (body: string): string => `${PRELUDE}pub fn f() {\n    ${body}\n}\n`;

test('flagged on the method, the temporary as related information; the fix binds it to a local', async () => {
  const src = source(CASES[0]![0]);
  const [d, ...rest] = await rustDiagnosticsOf(src, CODE);
  assert.equal(rest.length, 0);
  assert.equal(d!.covered, 'as_ptr');
  assert.equal(src.slice(d!.related[0]!.start, d!.related[0]!.end), 'CString::new("x").unwrap()');
  assert.equal(await rustFixed(src, CODE), source('let owned = CString::new("x").unwrap();\n    let p = owned.as_ptr();\n    unsafe { puts(p); }'));
});

test('not flagged: a pointer passed straight to a call, a pointer into a named value', async () => {
  const src = `${PRELUDE}pub fn g(s: &CString) {\n    unsafe { puts(CString::new("x").unwrap().as_ptr()); }\n    let p = s.as_ptr();\n    let owned = String::from("y");\n    let q = owned.as_ptr();\n    let _ = (p, q);\n}\n`;
  assert.deepEqual(await rustDiagnosticsOf(src, CODE), []);
});

test('stored in a field or returned: flagged, no local can fix it', async () => {
  const src = `${PRELUDE}pub struct S { p: *const c_char }\npub fn g() -> S { S { p: CString::new("x").unwrap().as_ptr() } }\npub fn h() -> *const u8 { Vec::<u8>::new().as_ptr() }\n`;
  const ds = await rustDiagnosticsOf(src, CODE);
  assert.equal(ds.length, 2);
  assert.ok(ds.every((d) => d.fixes.length === 0));
});

test('agreement with rustc where it sees the case, and every fix compiles and silences both', { skip: skipWithoutRustc('rust-dangling-temporary-pointer test') }, async () => {
  for (const [body, rustcSees] of CASES) {
    const src = source(body);
    const ours = await rustDiagnosticsOf(src, CODE);
    assert.equal(ours.length, 1, src);
    const before = compileLib(src);
    assert.deepEqual(before.filter((m) => m.level === 'error'), [], src);
    assert.equal(before.some((m) => m.code === LINT), rustcSees, `rustc's lint ${rustcSees ? 'should' : 'should not'} see:\n${src}`);
    const after = await rustFixed(src, CODE);
    assert.deepEqual(await rustDiagnosticsOf(after, CODE), [], after);
    const compiled = compileLib(after);
    assert.deepEqual(compiled.filter((m) => m.level === 'error' || m.code === LINT), [], after);
  }
});
