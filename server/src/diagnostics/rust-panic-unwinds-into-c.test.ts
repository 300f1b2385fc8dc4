import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyPreferredFixes } from '../cli/check-command.ts';
import { AnalysisHost, DEFAULT_CONFIG, type Workspace } from '../ide/analysis.ts';
import { rustDiagnosticsOf } from '../../../test/support/diagnostics.ts';
import { compileLib, skipWithoutRustc } from '../../../test/rust/rustc.ts';

const CODE = 'rust-panic-unwinds-into-c';

/** Each case is flagged once; both fixes must compile and silence us. */
const CASES: readonly string[] = [
  '#[no_mangle]\npub extern "C" fn parse(p: *const u8) -> i32 {\n    let s = unsafe { std::ffi::CStr::from_ptr(p.cast()) };\n    s.to_str().unwrap().parse().unwrap()\n}\n',
  'pub extern "C" fn first(v: *const u32, n: usize) -> u32 {\n    let s = unsafe { std::slice::from_raw_parts(v, n) };\n    s[0]\n}\n',
  'fn helper(x: Option<u8>) -> u8 { x.expect("no value") }\nfn middle(x: u8) -> u8 { helper(Some(x)) }\npub extern "C" fn entry(x: u8) -> u8 { middle(x) }\n',
  'pub extern "C" fn never_done() { todo!() }\n',
  'pub extern "system" fn check(a: u64, b: u64) -> bool {\n    assert_eq!(a, b);\n    true\n}\n',
  'pub extern "C" fn ratio(a: f64) -> f64 { if a < 0.0 { panic!("negative") } a.sqrt() }\n',
  'pub extern "C" fn name() -> *const u8 { let v: Vec<*const u8> = Vec::new(); v[0] }\n',
  'pub struct Counter { n: u32 }\nimpl Counter {\n    fn bump(&mut self) -> u32 { self.n = self.n.checked_add(1).unwrap(); self.n }\n}\n#[no_mangle]\npub unsafe extern "C" fn counter_bump(c: *mut Counter) -> u32 { unsafe { (*c).bump() } }\n',
  'pub extern "C" fn maybe(x: u32) -> Option<&\'static u32> { if x == 0 { unreachable!() } None }\n',
];

test('flagged on the name with the call path as related information', async () => {
  const [d, ...rest] = await rustDiagnosticsOf(CASES[2]!, CODE);
  assert.equal(rest.length, 0);
  assert.equal(d!.covered, 'entry');
  assert.deepEqual(d!.related.map((r) => r.message), ['calls `middle`, which can panic', 'calls `helper`, which can panic', '`expect` panics on `None`/`Err`']);
  assert.deepEqual(d!.fixes.map((f) => f.preferred), [true, false]);
});

test('not flagged: C-unwind, Rust ABI, panics inside catch_unwind, bodies that cannot panic', async () => {
  const src = [
    'pub extern "C-unwind" fn a(x: Option<u8>) -> u8 { x.unwrap() }',
    'pub fn b(x: Option<u8>) -> u8 { x.unwrap() }',
    'pub extern "C" fn c(x: Option<u8>) -> i32 { match std::panic::catch_unwind(|| x.unwrap()) { Ok(v) => v as i32, Err(_) => -1 } }',
    'pub extern "C" fn d(a: u32, b: u32) -> u32 { a.wrapping_add(b) }',
    'pub extern "C" fn e() { fn inner() { panic!() } }',
  ].join('\n');
  assert.deepEqual(await rustDiagnosticsOf(src, CODE), []);
});

test('both fixes compile with rustc 1.95 and silence the diagnostic, for every case', { skip: skipWithoutRustc('rust-panic-unwinds-into-c fix test') }, async () => {
  for (const src of CASES) {
    const [d, ...rest] = await rustDiagnosticsOf(src, CODE);
    assert.ok(d && rest.length === 0, `expected one diagnostic:\n${src}`);
    assert.equal(d.fixes.length, 2, src);
    assert.deepEqual(compileLib(src).filter((m) => m.level === 'error'), [], src);
    for (const fix of d.fixes) {
      const after = applyPreferredFixes(src, [{ ...d, fixes: [{ ...fix, preferred: true }] }]).text;
      assert.deepEqual(await rustDiagnosticsOf(after, CODE), [], `${fix.title}\n${after}`);
      const errors = compileLib(after).filter((m) => m.level === 'error');
      assert.deepEqual(errors, [], `${fix.title}\n${after}`);
    }
  }
});


/** The diagnostics with CODE of `src/lib.rs` in an in-memory crate of `files` (paths under `/c/src/`). */
async function crateDiagnostics(files: Record<string, string>, open = 'lib.rs'): Promise<ReturnType<AnalysisHost['diagnostics']>> {
  const disk = new Map<string, string>([['/c/Cargo.toml', '[package]\nname = "c"\nversion = "0.1.0"\n'], ...Object.entries(files).map(([p, t]): [string, string] => [`/c/src/${p}`, t])]);
  const workspace: Workspace = { readFile: (p) => disk.get(p) };
  const host = await AnalysisHost.create(workspace);
  const file = host.openFile(`/c/src/${open}`, 'rust', files[open]!);
  try {
    return host.diagnostics(file, DEFAULT_CONFIG).filter((d) => d.code === CODE);
  } finally {
    file.dispose();
  }
}

test('calls into other files of the crate: the call path crosses files, with their paths and lines', async () => {
  const lib = 'mod util;\nmod nested;\n#[no_mangle]\npub extern "C" fn f() -> i32 { util::parse("1") }\n';
  const util = 'pub fn parse(s: &str) -> i32 {\n    crate::nested::deep::check(s)\n}\n';
  const nested = 'pub mod deep;\n';
  const deep = 'pub fn check(s: &str) -> i32 {\n    s.parse().unwrap()\n}\n';
  const [d, ...rest] = await crateDiagnostics({ 'lib.rs': lib, 'util.rs': util, 'nested.rs': nested, 'nested/deep.rs': deep });
  assert.equal(rest.length, 0);
  assert.ok(d);
  assert.deepEqual(d.related.map((r) => [r.message, r.file?.path, r.file?.line]), [
    ['calls `parse`, which can panic', undefined, undefined],
    ['calls `check`, which can panic', '/c/src/util.rs', 1],
    ['`unwrap` panics on `None`/`Err`', '/c/src/nested/deep.rs', 1],
  ]);
  // The first step is in the open file: its offsets cover the call.
  assert.equal(lib.slice(d.related[0]!.start, d.related[0]!.end), 'util::parse("1")');
  const u = d.related[2]!;
  assert.equal(deep.split('\n')[u.file!.line]!.slice(u.file!.character, u.file!.endCharacter), 'unwrap');
  assert.equal(deep.slice(u.start, u.end), 'unwrap');
});

test('calls into other files that cannot panic, or that several functions could answer, are not flagged', async () => {
  const lib = 'mod util;\nmod other;\nuse util::Counter;\n#[no_mangle]\npub extern "C" fn f() -> i32 { util::parse("1") + ambiguous() }\n'
    + '#[no_mangle]\npub extern "C" fn g(c: &mut Counter) -> u32 { c.bump() }\n';
  const util = 'pub fn parse(s: &str) -> i32 { s.parse().unwrap_or(0) }\npub fn ambiguous() -> i32 { panic!() }\n'
    + 'pub struct Counter { n: u32 }\nimpl Counter { pub fn bump(&mut self) -> u32 { self.n.wrapping_add(1) } }\n';
  const other = 'pub fn ambiguous() -> i32 { 0 }\n';
  assert.deepEqual(await crateDiagnostics({ 'lib.rs': lib, 'util.rs': util, 'other.rs': other }), []);
  // The method of another file that can panic is followed by its (crate-unique) name.
  const panicking = util.replace('self.n.wrapping_add(1)', 'self.n.checked_add(1).unwrap()');
  const found = await crateDiagnostics({ 'lib.rs': lib, 'util.rs': panicking, 'other.rs': other });
  assert.deepEqual(found.map((d) => lib.slice(d.start, d.end)), ['g']);
  assert.equal(found[0]!.related.at(-1)!.file?.path, '/c/src/util.rs');
});

test('a cycle of calls across files ends; a callee of another file calling back into the open file is followed', async () => {
  const lib = 'mod util;\npub fn helper() -> u8 { util::back() }\n#[no_mangle]\npub extern "C" fn f() -> u8 { util::back() }\n';
  const util = 'pub fn back() -> u8 { crate::helper() }\n';
  assert.deepEqual(await crateDiagnostics({ 'lib.rs': lib, 'util.rs': util }), []);
  const lib2 = 'mod util;\npub fn helper() -> u8 { let v: Vec<u8> = Vec::new(); v[0] }\n#[no_mangle]\npub extern "C" fn f() -> u8 { util::back() }\n';
  const [d] = await crateDiagnostics({ 'lib.rs': lib2, 'util.rs': util });
  assert.deepEqual(d?.related.map((r) => r.file?.path), [undefined, '/c/src/util.rs', '/c/src/lib.rs']);
});
