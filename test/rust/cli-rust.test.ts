// The built CLI on Rust files: `layout` lists repr(C) records (never default-repr
// ones), `check --fix` applies the preferred Rust fixes, and the crate root's
// `#![allow(..)]` reaches the other files of the crate.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { skipWithoutRustc } from './rustc.ts';

const CLI = join(__dirname, '..', '..', 'dist', 'ffi-lens.js');

function run(args: string[], cwd?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000, cwd });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('layout --all-targets --json lists repr(C) records with c_long per target, not default-repr ones', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ffi-lens-rs-'));
  const path = join(dir, 'lib.rs');
  writeFileSync(path, 'use std::ffi::c_long;\n#[repr(C)]\npub struct Rec { a: u8, l: c_long }\npub struct Plain { a: u8 }\n');
  const r = run(['layout', '--all-targets', '--json', path]);
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout) as { targets: Record<string, { records: Array<{ name: string; size: number; fields: Array<{ name: string; offset: number }> }> }> };
  const linux = json.targets['x86_64-unknown-linux-gnu']!.records;
  assert.deepEqual(linux.map((x) => x.name), ['Rec']);
  assert.equal(linux[0]!.size, 16);
  assert.equal(json.targets['x86_64-pc-windows-msvc']!.records[0]!.size, 8);
});

test('check --fix adds extern "C" and #[repr(C)]; a crate-level allow silences other files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ffi-lens-rs-'));
  const path = join(dir, 'ffi.rs');
  writeFileSync(path, 'pub struct P { x: f32 }\nextern "C" { fn draw(p: P); }\n#[no_mangle]\npub fn exported() {}\n');
  const r = run(['check', '--fix', path]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(readFileSync(path, 'utf8'), '#[repr(C)]\npub struct P { x: f32 }\nextern "C" { fn draw(p: P); }\n#[no_mangle]\npub extern "C" fn exported() {}\n');

  const crate = mkdtempSync(join(tmpdir(), 'ffi-lens-crate-'));
  mkdirSync(join(crate, 'src'));
  writeFileSync(join(crate, 'Cargo.toml'), '[package]\nname = "c"\nversion = "0.1.0"\n');
  writeFileSync(join(crate, 'src', 'lib.rs'), '#![allow(improper_ctypes)]\nmod other;\n');
  writeFileSync(join(crate, 'src', 'other.rs'), 'pub struct D { a: u8 }\nextern "C" { pub fn f(d: D); }\n');
  assert.match(run(['check', join(crate, 'src')]).stdout, /^0 problems/m);
  // Relative paths find the crate root too.
  assert.match(run(['check', 'src/other.rs'], crate).stdout, /^0 problems/m);
  writeFileSync(join(crate, 'src', 'lib.rs'), 'mod other;\n');
  assert.match(run(['check', join(crate, 'src')]).stdout, /rust-ffi-unsafe-type/);
});

test('types of other files of the crate: FFI-safety as rustc sees the crate, layouts through them', { skip: skipWithoutRustc('multi-file crate test') }, () => {
  const crate = mkdtempSync(join(tmpdir(), 'ffi-lens-crate-'));
  mkdirSync(join(crate, 'src', 'types'), { recursive: true });
  writeFileSync(join(crate, 'Cargo.toml'), '[package]\nname = "c"\nversion = "0.1.0"\n');
  writeFileSync(join(crate, 'src', 'lib.rs'), '#![allow(dead_code)]\npub mod types;\npub mod ffi;\n');
  writeFileSync(join(crate, 'src', 'types.rs'), 'pub mod deep;\npub struct D { a: u8 }\n#[repr(C)] pub struct P { pub x: u32, pub y: u8 }\n');
  writeFileSync(join(crate, 'src', 'types', 'deep.rs'), '#[repr(C)] pub struct Q { pub z: u64 }\n');
  writeFileSync(join(crate, 'src', 'ffi.rs'), [
    'use crate::types::{D, P};',
    'use crate::types::deep::Q;',
    'extern "C" {',
    '    pub fn f(d: D);',
    '    pub fn g(p: P, q: *const Q);',
    '}',
    '#[repr(C)] pub struct W { pub p: P, pub q: Q, pub l: std::ffi::c_long }',
    '',
  ].join('\n'));
  const ours = JSON.parse(run(['check', '--json', join(crate, 'src')]).stdout) as Array<{ file: string; line: number; code: string; message: string }>;
  const rustc = spawnSync('rustc', ['--edition', '2021', '--crate-type=lib', '--error-format=json', '--emit=metadata', '-o', join(crate, 'out.rmeta'), join(crate, 'src', 'lib.rs')], { encoding: 'utf8' });
  const theirs = rustc.stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { code: { code: string } | null; level: string; spans: Array<{ file_name: string; line_start: number; is_primary: boolean }> });
  assert.deepEqual(theirs.filter((m) => m.level === 'error'), []);
  const rustcLines = theirs.filter((m) => m.code?.code === 'improper_ctypes').map((m) => { const s = m.spans.find((x) => x.is_primary)!; return `${s.file_name.split('/').pop()}:${s.line_start}`; });
  const ourLines = ours.filter((d) => d.code === 'rust-ffi-unsafe-type').map((d) => `${d.file.split('/').pop()}:${d.line}`);
  assert.deepEqual(ourLines, rustcLines);
  assert.deepEqual(ourLines, ['ffi.rs:4']);
  assert.match(ours[0]!.message, /`D` is defined in .*types\.rs/);
  const layout = JSON.parse(run(['layout', '--json', join(crate, 'src', 'ffi.rs')]).stdout) as { records: Array<{ name: string; size: number | null; fields: Array<{ name: string; offset: number }> }> };
  assert.deepEqual(layout.records.map((r) => [r.name, r.size]), [['W', 24]]);
  assert.deepEqual(layout.records[0]!.fields.filter((f) => !f.name.includes('.')).map((f) => [f.name, f.offset]), [['p', 0], ['q', 8], ['l', 16]]);
});

test('check --json/--sarif: a panic in another file of the crate, with the call path into that file', () => {
  const crate = mkdtempSync(join(tmpdir(), 'ffi-lens-crate-'));
  mkdirSync(join(crate, 'src'));
  writeFileSync(join(crate, 'Cargo.toml'), '[package]\nname = "c"\nversion = "0.1.0"\n');
  writeFileSync(join(crate, 'src', 'lib.rs'), 'mod util;\n#[no_mangle]\npub extern "C" fn f() -> i32 { util::parse("1") }\n');
  const util = join(crate, 'src', 'util.rs');
  writeFileSync(util, 'pub fn parse(s: &str) -> i32 { s.parse().unwrap() }\n');
  const lib = join(crate, 'src', 'lib.rs');
  const ours = JSON.parse(run(['check', '--json', lib]).stdout) as Array<{ code: string; line: number; related?: Array<{ file: string; line: number; column: number; message: string }> }>;
  const panics = ours.filter((d) => d.code === 'rust-panic-unwinds-into-c');
  assert.equal(panics.length, 1);
  assert.equal(panics[0]!.line, 3);
  assert.deepEqual(panics[0]!.related!.map((r) => [r.file, r.line, r.column, r.message]), [
    [lib, 3, 32, 'calls `parse`, which can panic'],
    [util, 1, 42, '`unwrap` panics on `None`/`Err`'],
  ]);
  const sarif = JSON.parse(run(['check', '--sarif', lib]).stdout) as { runs: Array<{ results: Array<{ ruleId: string; relatedLocations?: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
  const result = sarif.runs[0]!.results.find((r) => r.ruleId === 'rust-panic-unwinds-into-c')!;
  assert.equal(result.relatedLocations!.at(-1)!.physicalLocation.artifactLocation.uri, util.split('\\').join('/'));
  // Without the unwrap, nothing can panic.
  writeFileSync(util, 'pub fn parse(s: &str) -> i32 { s.parse().unwrap_or(0) }\n');
  assert.match(run(['check', lib]).stdout, /^0 problems/m);
});
