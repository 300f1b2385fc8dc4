import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../ide/analysis.ts';
import { openRust, target } from '../../../test/support/fixture.ts';
import { layoutCorpus } from '../../../test/rust/layout-corpus.ts';
import { compileLib, skipWithoutRustc } from '../../../test/rust/rustc.ts';

async function actionsAt(text: string, offset: number, targets = DEFAULT_CONFIG.targets) {
  const { host, file } = await openRust(text);
  try {
    return host.actions(file, offset, offset, { ...DEFAULT_CONFIG, targets }).filter((a) => a.id === 'rust-layout-assertions');
  } finally {
    file.dispose();
  }
}

test('one unguarded block when every target agrees, cfg-guarded blocks where figures differ', async () => {
  const same = '#[repr(C)]\npub struct P { a: u8, b: u16 }\n';
  const [a] = await actionsAt(same, same.indexOf('P {'));
  assert.ok(a);
  const inserted = a.edits[0]!.text;
  assert.doesNotMatch(inserted, /#\[cfg/);
  assert.match(inserted, /assert!\(core::mem::size_of::<P>\(\) == 4\);/);
  assert.match(inserted, /assert!\(core::mem::offset_of!\(P, b\) == 2\);/);
  const differs = 'use std::ffi::c_long;\n#[repr(C)]\npub struct L { a: u8, l: c_long }\n';
  const [b] = await actionsAt(differs, differs.indexOf('L {'), [target('x86_64-unknown-linux-gnu'), target('x86_64-pc-windows-msvc'), target('i686-unknown-linux-gnu')]);
  const text = b!.edits[0]!.text;
  assert.match(text, /#\[cfg\(all\(target_arch = "x86_64", target_os = "linux"\)\)\]\nconst _: \(\) = \{\n    assert!\(core::mem::size_of::<L>\(\) == 16\);/);
  assert.match(text, /#\[cfg\(any\(all\(target_arch = "x86_64", target_os = "windows"\), all\(target_arch = "x86", target_os = "linux"\)\)\)\]/);
});

test('not offered on a default-repr or generic type', async () => {
  const src = 'pub struct D { a: u8 }\n#[repr(C)] pub struct G<T> { t: T }\n';
  assert.deepEqual(await actionsAt(src, src.indexOf('D {')), []);
  assert.deepEqual(await actionsAt(src, src.indexOf('G<')), []);
});

test('assertions added to every type of a generated corpus compile with rustc (the figures are right)', { skip: skipWithoutRustc('rust-layout-assertions test') }, async () => {
  const corpus = layoutCorpus(7, 80);
  const { host, file } = await openRust(corpus.source);
  let text = corpus.source;
  try {
    const rust = host.rustAnalysis(file)!;
    const edits = [];
    for (const adt of rust.crate(DEFAULT_CONFIG.targets[0]!).adts) {
      const actions = host.actions(file, adt.nameSpan.start, adt.nameSpan.start, DEFAULT_CONFIG).filter((a) => a.id === 'rust-layout-assertions');
      if (actions.length) edits.push(actions[0]!.edits[0]!);
    }
    assert.ok(edits.length >= 60, `only ${edits.length} types got assertions`);
    for (const e of [...edits].sort((x, y) => y.start - x.start)) text = text.slice(0, e.start) + e.text + text.slice(e.end);
  } finally {
    file.dispose();
  }
  const errors = compileLib(text).filter((m) => m.level === 'error');
  assert.deepEqual(errors.slice(0, 5), []);
});
