import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rustDiagnosticsOf, rustFixed } from '../../../test/support/diagnostics.ts';
import { compileLib, skipWithoutRustc } from '../../../test/rust/rustc.ts';

const CODE = 'rust-no-mangle-without-extern-c';

/** Each case: edition, source; every one is flagged once and its fix must compile. */
const CASES: ReadonlyArray<readonly [string, string]> = [
  ['2021', '#[no_mangle]\npub fn add(a: i32, b: i32) -> i32 { a + b }\n'],
  ['2021', '#[no_mangle]\npub unsafe fn raw(p: *const u8) -> u8 { *p }\n'],
  ['2021', '#[export_name = "my_sym"]\nfn hidden() {}\n'],
  ['2024', '#[unsafe(no_mangle)]\npub unsafe fn edition_2024(p: *mut u32) { unsafe { *p = 1 } }\n'],
  ['2024', '#[unsafe(export_name = "other")]\npub(crate) fn crate_visible() -> u64 { 7 }\n'],
  ['2021', 'pub mod m {\n    #[no_mangle]\n    pub extern fn already_c() {}\n    #[no_mangle]\n    pub const fn in_module() -> u8 { 1 }\n}\n'],
];

test('flagged on the name, with the attribute as related information', async () => {
  const [d, ...rest] = await rustDiagnosticsOf(CASES[0]![1], CODE);
  assert.equal(rest.length, 0);
  assert.equal(d!.covered, 'add');
  assert.match(d!.message, /uses the Rust ABI/);
  assert.equal(await rustFixed(CASES[0]![1], CODE), '#[no_mangle]\npub extern "C" fn add(a: i32, b: i32) -> i32 { a + b }\n');
});

test('not flagged: extern "C", extern "system", no attribute', async () => {
  const src = '#[no_mangle]\npub extern "C" fn a() {}\n#[no_mangle]\npub extern "system" fn b() {}\npub fn c() {}\n#[no_mangle]\npub unsafe extern "C-unwind" fn d() {}\n';
  assert.deepEqual(await rustDiagnosticsOf(src, CODE), []);
});

test('the fix keeps pub, unsafe, const and the attribute spelling; every fixed case compiles with rustc', { skip: skipWithoutRustc('rust-no-mangle-without-extern-c fix test') }, async () => {
  for (const [edition, src] of CASES) {
    const before = await rustDiagnosticsOf(src, CODE);
    assert.equal(before.length, 1, src);
    const after = await rustFixed(src, CODE);
    assert.deepEqual(await rustDiagnosticsOf(after, CODE), [], after);
    const errors = compileLib(after, edition).filter((m) => m.level === 'error');
    assert.deepEqual(errors, [], after);
  }
  assert.equal(await rustFixed(CASES[1]![1], CODE), '#[no_mangle]\npub unsafe extern "C" fn raw(p: *const u8) -> u8 { *p }\n');
  assert.equal(await rustFixed(CASES[3]![1], CODE), '#[unsafe(no_mangle)]\npub unsafe extern "C" fn edition_2024(p: *mut u32) { unsafe { *p = 1 } }\n');
});
