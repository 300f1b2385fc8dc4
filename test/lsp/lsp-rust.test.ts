// The built server on a Rust document over stdio: hover of a repr(C) struct,
// the FFI-safety diagnostic with its related location, and its quick fix.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
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

  it('a panic in another file of the crate: the related information points into that file', async () => {
    const crate = mkdtempSync(join(tmpdir(), 'ffi-lens-lsp-crate-'));
    mkdirSync(join(crate, 'src'));
    writeFileSync(join(crate, 'Cargo.toml'), '[package]\nname = "c"\nversion = "0.1.0"\n');
    const lib = 'mod util;\n#[no_mangle]\npub extern "C" fn f() -> i32 { util::parse("1") }\n';
    writeFileSync(join(crate, 'src', 'lib.rs'), lib);
    writeFileSync(join(crate, 'src', 'util.rs'), '\npub fn parse(s: &str) -> i32 { s.parse().unwrap() }\n');
    const uri = pathToFileURL(join(crate, 'src', 'lib.rs')).href;
    await s.open(uri, lib, 'rust');
    const published = await s.diagnostics(uri, (p) => p.diagnostics.some((x) => x.code === 'rust-panic-unwinds-into-c'));
    const d = published.diagnostics.find((x) => x.code === 'rust-panic-unwinds-into-c')!;
    assert.deepEqual(d.relatedInformation?.map((r) => [r.location.uri, r.location.range.start.line, r.location.range.start.character]), [
      [uri, 2, 31],
      [pathToFileURL(join(crate, 'src', 'util.rs')).href, 1, 41],
    ]);
  });
});
