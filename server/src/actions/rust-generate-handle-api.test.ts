import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../ide/analysis.ts';
import { openRust } from '../../../test/support/fixture.ts';
import { compileLib, onCi, skipWithoutRustc } from '../../../test/rust/rustc.ts';

const SOURCE = `use std::ffi::c_int;
pub struct Counter { n: u64, name: String }
impl Counter {
    pub fn new(start: u64) -> Self { Counter { n: start, name: String::new() } }
    pub fn get(&self) -> u64 { self.n }
    pub fn add(&mut self, k: c_int) -> bool { self.n += k as u64; true }
    pub fn ratio(&self, d: f64) -> f64 { self.n as f64 / d }
    pub fn reset(&mut self) { self.n = 0 }
    pub fn name(&self) -> &str { &self.name }
}
#[derive(Default)]
pub struct Plain { pub x: i32 }
`;

async function generated(cursorAt: string): Promise<{ text: string; header: string; path: string }> {
  const { host, file } = await openRust(SOURCE);
  try {
    const offset = SOURCE.indexOf(cursorAt);
    const [a] = host.actions(file, offset, offset, DEFAULT_CONFIG).filter((x) => x.id === 'rust-generate-handle-api');
    assert.ok(a, 'action offered');
    const e = a.edits[0]!;
    return { text: SOURCE.slice(0, e.start) + e.text + SOURCE.slice(e.end), header: a.newFiles![0]!.text, path: a.newFiles![0]!.path };
  } finally {
    file.dispose();
  }
}

test('new, free and method wrappers with the matching C header; a method with a non-FFI-safe result is left out', async () => {
  const { text, header, path } = await generated('Counter {');
  assert.equal(path, 'counter.h');
  for (const fn of ['counter_new(start: u64) -> *mut Counter', 'counter_free(handle: *mut Counter)', 'counter_get(handle: *const Counter) -> u64', 'counter_add(handle: *mut Counter, k: c_int) -> bool', 'counter_reset(handle: *mut Counter)']) {
    assert.ok(text.includes(fn), fn);
  }
  assert.match(text, /Not wrapped: `name`/);
  assert.match(text, /if !handle.is_null\(\) \{\n        drop\(unsafe \{ Box::from_raw\(handle\) \}\);/);
  for (const decl of ['typedef struct Counter Counter;', 'Counter *counter_new(uint64_t start);', 'void counter_free(Counter *handle);', 'uint64_t counter_get(const Counter *handle);', 'bool counter_add(Counter *handle, int k);', 'double counter_ratio(const Counter *handle, double d);']) {
    assert.ok(header.includes(decl), decl);
  }
  const plain = await generated('Plain {');
  assert.match(plain.text, /Box::into_raw\(Box::new\(Plain::default\(\)\)\)/);
});

test('the generated Rust compiles, draws no FFI diagnostic of ours, and the header compiles as C', { skip: skipWithoutRustc('rust-generate-handle-api test') }, async () => {
  for (const at of ['Counter {', 'Plain {']) {
    const { text, header } = await generated(at);
    assert.deepEqual(compileLib(text).filter((m) => m.level === 'error' || (m.code ?? '').startsWith('improper_ctypes')), [], text);
    const { host, file } = await openRust(text);
    try {
      assert.deepEqual(host.diagnostics(file, DEFAULT_CONFIG).map((d) => d.code), [], text);
    } finally {
      file.dispose();
    }
    const cc = spawnSync('clang', ['-fsyntax-only', '-Wall', '-Werror', '-x', 'c', '-'], { input: header, encoding: 'utf8' });
    if (cc.error && !onCi) {
      process.stderr.write('\n!!! header check SKIPPED: `clang` is not on PATH.\n\n');
      continue;
    }
    assert.equal(cc.status, 0, `${cc.stderr}\n${header}`);
  }
});
