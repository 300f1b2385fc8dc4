// The built server on a Rust document over stdio: hover of a repr(C) struct,
// the FFI-safety diagnostic with its related location, and its quick fix.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hoverText, LspSession, positionOf } from './lsp-client.ts';

const TEXT = 'use std::ffi::c_long;\n#[repr(C)]\npub struct Rec { a: u8, l: c_long }\npub struct Plain { a: u8 }\nextern "C" { fn f(p: Plain); }\n';

describe('LSP server on Rust', () => {
  let s: LspSession;
  before(async () => {
    s = await LspSession.start();
  });
  after(async () => {
    await s.stop();
  });

  it('hovers, reports rust-ffi-unsafe-type with the definition as related information, and offers the fix', async () => {
    const uri = 'file:///t/lib.rs';
    await s.open(uri, TEXT, 'rust');
    const md = hoverText(await s.hover(uri, positionOf(TEXT, 'Rec {')));
    assert.match(md, /size \*\*16\*\* · align \*\*8\*\*/);
    const plain = hoverText(await s.hover(uri, positionOf(TEXT, 'Plain {')));
    assert.match(plain, /Rust guarantees no layout/);
    const published = await s.diagnostics(uri, (p) => p.diagnostics.length > 0);
    const d = published.diagnostics.find((x) => x.code === 'rust-ffi-unsafe-type');
    assert.ok(d, JSON.stringify(published.diagnostics));
    assert.equal(d.range.start.line, 4);
    assert.equal(d.relatedInformation?.[0]?.location.range.start.line, 3);
    const actions = await s.codeActions(uri, d.range, [d]);
    assert.ok(actions?.some((a) => a.title === 'Add `#[repr(C)]` to `Plain`'), JSON.stringify(actions?.map((a) => a.title)));
  });
});
