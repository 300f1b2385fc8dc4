// `cfg_if::cfg_if! { if #[cfg(..)] { items } else { items } }`: the items of the
// branch whose cfg holds for the target are read (at their own offsets), the
// others are not — as rustc compiles only that branch.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../../server/src/ide/analysis.ts';
import { openRust, target } from '../support/fixture.ts';

const LINUX = target('x86_64-unknown-linux-gnu');
const WINDOWS = target('x86_64-pc-windows-msvc');
const I686 = target('i686-unknown-linux-gnu');

const BRANCHES = [
  'cfg_if::cfg_if! {',
  '    if #[cfg(windows)] {',
  '        extern "C" { fn on_windows(c: char); }',
  '    } else if #[cfg(target_os = "linux")] {',
  '        extern "C" { fn on_linux(t: (u8, u8)); }',
  '        cfg_if! {',
  '            if #[cfg(target_pointer_width = "64")] { #[repr(C)] pub struct R { a: u8, b: u64 } }',
  '            else { #[repr(C)] pub struct R { a: u8, b: u32 } }',
  '        }',
  '    } else {',
  '        extern "C" { fn elsewhere(s: &str); }',
  '    }',
  '}',
  '',
].join('\n');

async function unsafeTypes(text: string, t: typeof LINUX): Promise<string[]> {
  const { host, file } = await openRust(text);
  try {
    return host.diagnostics(file, { ...DEFAULT_CONFIG, targets: [t] }).filter((d) => d.code === 'rust-ffi-unsafe-type').map((d) => text.slice(d.start, d.end));
  } finally {
    file.dispose();
  }
}

test('the branch that holds for the target is checked, at its own offsets; the others are not', async () => {
  assert.deepEqual(await unsafeTypes(BRANCHES, LINUX), ['(u8, u8)']);
  assert.deepEqual(await unsafeTypes(BRANCHES, WINDOWS), ['char']);
  // Offsets are UTF-16 units even after characters outside ASCII and the BMP.
  assert.deepEqual(await unsafeTypes(`// é ü 😀 — 𝔘\n${BRANCHES}`, LINUX), ['(u8, u8)']);
  // A module's cfg_if, and a cfg that holds nowhere with no else: nothing.
  assert.deepEqual(await unsafeTypes('mod m {\n    cfg_if::cfg_if! { if #[cfg(feature = "x")] { extern "C" { fn f(c: char); } } }\n}\n', LINUX), []);
});

test('records inside nested cfg_if are laid out per target', async () => {
  const { host, file } = await openRust(BRANCHES);
  try {
    const size = (t: typeof LINUX): Array<[string, number]> => host.records(file, t).map((r) => [r.name, 'size' in r.layout ? r.layout.size : -1]);
    assert.deepEqual(size(LINUX), [['R', 16]]);
    assert.deepEqual(size(I686), [['R', 8]]);
    assert.deepEqual(size(WINDOWS), []);
  } finally {
    file.dispose();
  }
});

test('a type defined in a cfg_if branch is known to the FFI-safety checker', async () => {
  const text = 'cfg_if::cfg_if! {\n    if #[cfg(unix)] { pub struct Plain { a: u8 } } else { #[repr(C)] pub struct Plain { a: u8 } }\n}\nextern "C" { fn take(p: Plain); }\n';
  assert.deepEqual(await unsafeTypes(text, LINUX), ['Plain']);
  assert.deepEqual(await unsafeTypes(text, WINDOWS), []);
});
