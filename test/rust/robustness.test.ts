// Hover, diagnostics and actions on Rust text never throw: at every token of the
// generated corpora, and on broken, truncated and hostile inputs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../../server/src/ide/analysis.ts';
import { openRust } from '../support/fixture.ts';
import { ffiCorpus } from './ffi-corpus.ts';
import { layoutCorpus } from './layout-corpus.ts';

function tokenStarts(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) out.push(m.index + 1);
  return out;
}

test('hover and actions at every identifier of the corpora answer without throwing', async () => {
  for (const text of [ffiCorpus(), layoutCorpus(5, 60).source]) {
    const { host, file } = await openRust(text);
    try {
      let answered = 0;
      for (const offset of tokenStarts(text)) {
        const h = host.hover(file, offset, DEFAULT_CONFIG);
        if (h) answered++;
        host.actions(file, offset, offset, DEFAULT_CONFIG, (what, e) => assert.fail(`${what} threw at ${offset}: ${String(e)}`));
      }
      assert.ok(answered > 100, `only ${answered} hovers answered`);
    } finally {
      file.dispose();
    }
  }
});

test('broken and hostile Rust: diagnostics, hovers and actions never throw', async () => {
  const deep = `#[repr(C)] struct S { x: ${'Option<'.repeat(200)}u8${'>'.repeat(200)} }`;
  const chain = Array.from({ length: 300 }, (_, i) => `#[repr(C)] struct R${i} { r: R${i + 1} }`).join('\n') + '\n#[repr(C)] struct R300 { r: R0 }';
  const inputs = [
    '', '#[repr(C', 'struct', 'extern "C" { fn f(x: ', '#[repr(C)] struct A { a: [u8; N] }', '#[repr(transparent)] struct T;',
    '#[repr(C)] enum E { A = -1, B = 0x7fff_ffff_ffff_ffff_ffff }', 'type A = A;\n#[repr(C)] struct S { a: A }', 'type A = B; type B = A; extern "C" { fn f(a: A); }',
    '#[repr(C)] struct G<T> { t: G<T> }\nextern "C" { fn f(g: G<u8>); }', '#[repr(C)] struct P { p: *const P }\nextern "C" { fn f(p: P); }', deep, chain,
    'extern "C" fn f() { f() }', 'fn a() { b() } fn b() { a() } pub extern "C" fn c() { a() }',
    'pub extern "C" fn f() -> ! { loop {} }', '#[no_mangle] fn', 'unsafe extern "C" { safe fn', '\u0000\uffff#[repr(packed(0))] struct Z {}',
  ];
  for (const text of inputs) {
    const { host, file } = await openRust(text);
    try {
      host.diagnostics(file, DEFAULT_CONFIG, (what, e) => assert.fail(`${what} threw on ${JSON.stringify(text.slice(0, 60))}: ${String(e)}`));
      for (let offset = 0; offset <= Math.min(text.length, 400); offset += 3) {
        host.hover(file, offset, DEFAULT_CONFIG);
        host.actions(file, offset, offset, DEFAULT_CONFIG, (what, e) => assert.fail(`${what} threw: ${String(e)}`));
      }
      for (const t of DEFAULT_CONFIG.targets) host.records(file, t).forEach((r) => r.layout);
    } finally {
      file.dispose();
    }
  }
});
