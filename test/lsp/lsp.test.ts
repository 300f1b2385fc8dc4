// LSP-level tests: spawn the built server (`node dist/ffi-lens.js lsp --stdio`)
// and talk to it over stdio with real JSON-RPC. Timeouts are generous and
// nothing here asserts on timing; "promptly" means "within the timeout".
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, Range, TextEdit } from 'vscode-languageserver-protocol/node';
import { hoverText, LspSession, positionOf } from './lsp-client.ts';

const S_TEXT = 'struct S { char a; int b; };\n';

/** Asserts the session still answers an ordinary hover with real content. */
async function assertStillAnswers(s: LspSession, label: string): Promise<void> {
  const uri = `file:///probe/${label.replace(/\W+/g, '-')}.c`;
  await s.open(uri, S_TEXT);
  const h = hoverText(await s.hover(uri, positionOf(S_TEXT, 'S {')));
  assert.match(h, /size \*\*8\*\* · align \*\*4\*\*/, `after ${label}: normal hover answered with ${JSON.stringify(h)}`);
  await s.close(uri);
  assert.ok(s.alive, `server exited after ${label}`);
}

function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

describe('LSP server over stdio', () => {
  let s: LspSession;
  before(async () => {
    s = await LspSession.start();
  });
  after(async () => {
    await s.stop();
  });

  it('announces hover, code actions and incremental sync', () => {
    const caps = s.initializeResult?.capabilities;
    assert.ok(caps, 'initialize answered');
    assert.equal(caps.hoverProvider, true);
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 });
    assert.ok(caps.codeActionProvider);
  });

  it('hovers a record name with size, alignment and a padding row', async () => {
    const uri = 'file:///t/record.c';
    await s.open(uri, S_TEXT);
    const h = await s.hover(uri, positionOf(S_TEXT, 'S {'));
    const md = hoverText(h);
    assert.match(md, /^\*\*struct S\*\* — x86-64/);
    assert.match(md, /size \*\*8\*\* · align \*\*4\*\* · padding 3 bytes \(1 hole\)/);
    assert.match(md, /\| 1 \| 3 \| \*padding\* \|/);
    assert.match(md, /\| 4 \| 4 \| `int b` \|/);
    assert.deepEqual(h?.range, { start: { line: 0, character: 7 }, end: { line: 0, character: 8 } });
  });

  it('hovers a field with its offset', async () => {
    const uri = 'file:///t/field.c';
    await s.open(uri, S_TEXT);
    const md = hoverText(await s.hover(uri, positionOf(S_TEXT, 'b;')));
    assert.match(md, /`int b` in \*\*struct S\*\*/);
    assert.match(md, /offset \*\*4\*\*, size \*\*4\*\*/);
    const a = hoverText(await s.hover(uri, positionOf(S_TEXT, 'a;')));
    assert.match(a, /offset \*\*0\*\*, size \*\*1\*\* · then 3 bytes of padding/);
  });

  it('hovers a C++ class in a .cpp file with its vtable pointer; a .h opened as cpp stays C', async () => {
    const text = 'class Shape { public: virtual ~Shape(); int id; };\nstruct E {};\n';
    const uri = 'file:///t/shape.cpp';
    await s.open(uri, text, 'cpp');
    const md = hoverText(await s.hover(uri, positionOf(text, 'Shape {')));
    assert.match(md, /^\*\*class Shape\*\* — x86-64/);
    assert.match(md, /\| 0 \| 8 \| `\(vtable pointer\)` \|/);
    assert.match(md, /not standard-layout/);
    const header = 'file:///t/empty.h';
    await s.open(header, 'struct E {};\n', 'cpp');
    assert.match(hoverText(await s.hover(header, positionOf('struct E {};\n', 'E {'))), /size \*\*0\*\*/);
  });

  it('answers null, not an error, where there is nothing to say', async () => {
    const uri = 'file:///t/nothing.c';
    const text = '/* just a comment */\nint main(void) { return 0; }\n';
    await s.open(uri, text);
    assert.equal(await s.hover(uri, positionOf(text, 'comment')), null);
    assert.equal(await s.hover('file:///t/never-opened.c', { line: 0, character: 0 }), null);
  });

  it('follows incremental didChange: int b -> long long b makes S 16 bytes on x86-64', async () => {
    const uri = 'file:///t/edit.c';
    await s.open(uri, S_TEXT, 'c', 1);
    assert.match(hoverText(await s.hover(uri, positionOf(S_TEXT, 'S {'))), /size \*\*8\*\*/);
    const at = positionOf(S_TEXT, 'int b');
    await s.change(uri, 2, [{ range: { start: at, end: { line: at.line, character: at.character + 3 } }, text: 'long long' }]);
    const edited = S_TEXT.replace('int b', 'long long b');
    const md = hoverText(await s.hover(uri, positionOf(edited, 'S {')));
    assert.match(md, /size \*\*16\*\* · align \*\*8\*\* · padding 7 bytes/);
    assert.match(md, /\| 8 \| 8 \| `long long b` \|/);
    // i686 aligns long long to 4 inside structs: the target matrix says so.
    assert.match(md, /\*\*12\*\*/);
    const field = hoverText(await s.hover(uri, positionOf(edited, 'b;')));
    assert.match(field, /offset \*\*8\*\*, size \*\*8\*\*/);
    const diags = await s.diagnostics(uri, (p) => p.version === 2);
    assert.deepEqual(diags.diagnostics, []);
  });

  it('applies several incremental changes of one notification in order, across lines and UTF-16 text', async () => {
    const uri = 'file:///t/multi.c';
    const text = '// 😀 emoji before the struct\nstruct M {\n  char a;\n  int b;\n};\n';
    await s.open(uri, text, 'c', 1);
    assert.match(hoverText(await s.hover(uri, positionOf(text, 'b;'))), /offset \*\*4\*\*/);
    // 1: insert a new member line after `char a;`; 2: against that result, rename b to c.
    await s.change(uri, 2, [
      { range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: '  double d;\n' },
      { range: { start: { line: 4, character: 6 }, end: { line: 4, character: 7 } }, text: 'c' },
    ]);
    const edited = '// 😀 emoji before the struct\nstruct M {\n  char a;\n  double d;\n  int c;\n};\n';
    assert.match(hoverText(await s.hover(uri, positionOf(edited, 'd;'))), /`double d` in \*\*struct M\*\*[\s\S]*offset \*\*8\*\*, size \*\*8\*\*/);
    assert.match(hoverText(await s.hover(uri, positionOf(edited, 'c;'))), /`int c` in \*\*struct M\*\*[\s\S]*offset \*\*16\*\*/);
    assert.match(hoverText(await s.hover(uri, positionOf(edited, 'M {'))), /size \*\*24\*\* · align \*\*8\*\*/);
    // A full-text change replaces everything.
    await s.change(uri, 3, [{ text: 'struct M { short x; };\n' }]);
    assert.match(hoverText(await s.hover(uri, { line: 0, character: 7 })), /size \*\*2\*\* · align \*\*2\*\* · no padding/);
  });

  it('publishes c-zero-length-array for `char x[0]` with a preferred quick fix that removes the 0', async () => {
    const uri = 'file:///t/zla.c';
    const text = 'struct P {\n  int n;\n  char x[0];\n};\n';
    await s.open(uri, text, 'c', 7);
    const published = await s.diagnostics(uri, (p) => p.version === 7);
    const zla = published.diagnostics.filter((d) => d.code === 'c-zero-length-array');
    assert.equal(zla.length, 1, JSON.stringify(published.diagnostics));
    const d = zla[0]!;
    assert.equal(d.severity, 2);
    assert.equal(d.source, 'ffi-lens');
    assert.match(messageOf(d), /`x\[0\]`/);
    assert.deepEqual(d.range, { start: { line: 2, character: 7 }, end: { line: 2, character: 11 } });

    const actions = (await s.codeActions(uri, d.range, [d])) ?? [];
    const preferred = actions.filter((a: CodeAction) => a.isPreferred);
    assert.equal(preferred.length, 1, JSON.stringify(actions));
    const fix = preferred[0]!;
    assert.equal(fix.kind, 'quickfix');
    const edits = fix.edit?.changes?.[uri];
    assert.ok(edits, 'the fix edits this file');
    assert.deepEqual(edits, [{ range: { start: { line: 2, character: 9 }, end: { line: 2, character: 10 } }, newText: '' }]);
    assert.equal(applyTextEdits(text, edits), 'struct P {\n  int n;\n  char x[];\n};\n');

    // Code actions elsewhere in the file offer nothing.
    assert.deepEqual(await s.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }), []);

    // Applying the fix as an edit clears the diagnostic.
    const zero: Range = edits[0]!.range;
    await s.change(uri, 8, [{ range: zero, text: '' }]);
    const after = await s.diagnostics(uri, (p) => p.version === 8);
    assert.deepEqual(after.diagnostics.filter((x) => x.code === 'c-zero-length-array'), []);
  });

  it('says a record that contains itself does so, in hover and diagnostics', async () => {
    const uri = 'file:///t/self.c';
    const text = 'struct S { struct S s; };\n';
    await s.open(uri, text, 'c', 1);
    const md = hoverText(await s.hover(uri, positionOf(text, 'S {')));
    assert.match(md, /Layout unknown: .*`struct S\\?` contains itself/);
    const published = await s.diagnostics(uri, (p) => p.version === 1);
    assert.ok(published.diagnostics.some((d) => d.code === 'c-layout-unknown' && /contains itself/.test(messageOf(d))), JSON.stringify(published.diagnostics));
    await assertStillAnswers(s, 'self-containing struct');
  });

  it('says an array of 2^62 bytes is too large', async () => {
    const uri = 'file:///t/huge-array.c';
    const text = 'struct H { char a[1ULL<<62]; };\n';
    await s.open(uri, text);
    const md = hoverText(await s.hover(uri, positionOf(text, 'H {')));
    assert.match(md, /Layout unknown: .*too large for x86\\?_64-unknown-linux-gnu: 4611686018427387904 bytes/);
    await assertStillAnswers(s, 'huge array');
  });

  it('survives a file of random bytes', async () => {
    const uri = 'file:///t/random.c';
    // Deterministic bytes (xorshift), all 256 values including NUL, read as Latin-1.
    let x = 0x2545f491;
    const bytes = Buffer.alloc(256 * 1024);
    for (let i = 0; i < bytes.length; i++) {
      x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
      bytes[i] = x & 0xff;
    }
    const text = bytes.toString('latin1');
    await s.open(uri, text, 'c', 1);
    await s.diagnostics(uri, (p) => p.version === 1, 60_000);
    for (const offset of [0, 1000, 100_000, text.length - 1]) {
      const h = await s.hover(uri, { line: 0, character: offset }, 60_000);
      assert.ok(h === null || typeof hoverText(h) === 'string');
    }
    await s.close(uri);
    await assertStillAnswers(s, 'random bytes');
  });

  it('refuses a 50 MB file with a clear message (the limit is 20 MB) and keeps answering', async () => {
    const uri = 'file:///t/big.c';
    const unit = S_TEXT.replace('S', 'Big');
    const text = unit.repeat(Math.ceil((50 * 1024 * 1024) / unit.length));
    assert.ok(text.length >= 50 * 1024 * 1024);
    await s.open(uri, text, 'c', 1);
    const published = await s.diagnostics(uri, (p) => p.version === 1, 120_000);
    assert.equal(published.diagnostics.length, 1);
    assert.equal(published.diagnostics[0]!.code, 'file-not-analysed');
    assert.match(messageOf(published.diagnostics[0]!), /file is 50\.0 MB; FFI Lens analyses files up to 20 MB/);
    const md = hoverText(await s.hover(uri, { line: 0, character: 8 }, 60_000));
    assert.match(md, /file is 50\.0 MB; FFI Lens analyses files up to 20 MB/);
    // Shrinking it under the limit by an incremental edit makes it analysable again.
    await s.change(uri, 2, [{ range: { start: { line: 1, character: 0 }, end: { line: text.split('\n').length - 1, character: 0 } }, text: '' }]);
    assert.match(hoverText(await s.hover(uri, { line: 0, character: 8 }, 60_000)), /struct Big\*\* — x86-64[\s\S]*size \*\*8\*\*/);
    await s.close(uri);
    await assertStillAnswers(s, '50 MB file');
  });

  it('survives 10,000 nested braces and 10,000 nested struct definitions', async () => {
    const braces = 'void f(void) ' + '{'.repeat(10_000) + '}'.repeat(10_000) + '\n' + '{'.repeat(10_000) + '\n';
    await s.open('file:///t/braces.c', braces, 'c', 1);
    await s.diagnostics('file:///t/braces.c', (p) => p.version === 1, 60_000);
    await s.hover('file:///t/braces.c', { line: 0, character: 5_000 }, 60_000);
    await assertStillAnswers(s, 'nested braces');

    let nested = '';
    for (let i = 0; i < 10_000; i++) nested += `struct A${i} { int x${i}; `;
    for (let i = 9_999; i >= 1; i--) nested += `} f${i}; `;
    nested += '};\n';
    await s.open('file:///t/nested.c', nested, 'c', 1);
    await s.diagnostics('file:///t/nested.c', (p) => p.version === 1, 60_000);
    const outer = hoverText(await s.hover('file:///t/nested.c', positionOf(nested, 'A0 {'), 60_000));
    assert.match(outer, /\*\*struct A0\*\*/);
    // Lowering models 128 levels of nesting: the outer records say so, in a reason that does not grow with the depth.
    assert.match(outer, /Layout unknown: [\s\S]*records nested more than 128 deep are not modelled/);
    assert.match(outer, /field \\`f1\\` of \\`struct A0\\` cannot be laid out: \(through 126 more nested members\) field \\`f128\\` of \\`struct A127\\`/);
    assert.ok(outer.length < 600, `${outer.length} chars: ${outer.slice(0, 200)}`);
    const inner = hoverText(await s.hover('file:///t/nested.c', positionOf(nested, 'A127 {'), 60_000));
    assert.match(inner, /Layout unknown: field \\`f128\\` of \\`struct A127\\` cannot be laid out/);
    // Deeper records are not in the model; their hovers (and their members') give the front end's reason.
    const deep = hoverText(await s.hover('file:///t/nested.c', positionOf(nested, 'A9999 {'), 60_000));
    assert.match(deep, /\*\*struct A9999\*\*[\s\S]*Layout unknown: records nested more than 128 deep are not modelled/);
    const cut = hoverText(await s.hover('file:///t/nested.c', positionOf(nested, 'A128 {'), 60_000));
    assert.match(cut, /\*\*struct A128\*\*[\s\S]*Layout unknown: records nested more than 128 deep are not modelled/);
    const member = hoverText(await s.hover('file:///t/nested.c', positionOf(nested, 'x5000;'), 60_000));
    assert.match(member, /x5000 in struct A5000[\s\S]*Layout unknown: records nested more than 128 deep are not modelled/);
    await assertStillAnswers(s, 'nested structs');
  });

  // Every struct below embeds the previous one twice, so L40 has 2^42 - 2 flattened entries. Building
  // them all took seconds at depth 16 and ran out of heap past 20 (an OOM kills the server: `guarded`
  // cannot catch it); a hover lists the own members and the first nested ones, and says the rest are not listed.
  it('answers hovers on 40 levels of structs that embed the previous one twice', async () => {
    let text = 'struct L0 { int a; int b; };\n';
    for (let i = 1; i <= 40; i++) text += `struct L${i} { struct L${i - 1} x; struct L${i - 1} y; };\n`;
    const uri = 'file:///t/exponential.c';
    await s.open(uri, text, 'c', 1);
    const top = hoverText(await s.hover(uri, positionOf(text, 'L40 {'), 60_000));
    assert.match(top, /size \*\*8796093022208\*\*/);
    assert.match(top, /\| 0 \| 4398046511104 \| `struct L39 x` \|/);
    assert.match(top, /\| 0 \| 8 \| ` {78}struct L0 x` \|/);
    assert.match(top, /`a=x` `b=y`/);
    const notListed = /\*(\d+) nested member entries not listed\*/.exec(top);
    assert.ok(notListed, top);
    assert.ok(Number(notListed[1]) > 2 ** 42 - 2 - 1000, notListed[1]);
    assert.ok(top.length < 20_000, `${top.length} chars`);
    const l1 = hoverText(await s.hover(uri, positionOf(text, 'L1 {'), 60_000));
    assert.match(l1, /size \*\*16\*\*/);
    assert.doesNotMatch(l1, /not listed/);
    assert.match(hoverText(await s.hover(uri, positionOf(text, 'y; };\nstruct L40'), 60_000)), /offset \*\*2199023255552\*\*, size \*\*2199023255552\*\*/);
    await s.diagnostics(uri, (p) => p.version === 1, 60_000);
    await assertStillAnswers(s, 'exponential nesting');
  });

  it('answers malformed hovers with null or an error and keeps answering', async () => {
    const uri = 'file:///t/malformed.c';
    await s.open(uri, S_TEXT);
    const malformed: unknown[] = [
      undefined,
      {},
      { textDocument: { uri } },
      { textDocument: { uri: 42 }, position: 'here' },
      { textDocument: { uri }, position: { line: 'x', character: null } },
      { textDocument: { uri }, position: { line: -1, character: -5 } },
      { textDocument: { uri }, position: { line: 1e300, character: 1e300 } },
    ];
    for (const params of malformed) {
      const outcome = await s.request<unknown>('textDocument/hover', params).then((r) => ({ result: r }), (e: unknown) => ({ error: e }));
      if ('result' in outcome) assert.equal(outcome.result, null, `hover ${JSON.stringify(params)} answered ${JSON.stringify(outcome.result)}`);
      await assertStillAnswers(s, `hover ${JSON.stringify(params)}`);
    }
    await assert.rejects(s.request('codeAction', {}), 'unknown method without a prefix');
    await assert.rejects(s.request('ffiLens/noSuchMethod', { x: 1 }), /Unhandled method/);
    await assertStillAnswers(s, 'unknown method');
    const badAction = await s.request<unknown>('textDocument/codeAction', { textDocument: { uri }, range: null }).then((r) => r, () => null);
    assert.ok(badAction === null || (Array.isArray(badAction) && badAction.length === 0));
    await s.notify('textDocument/didChange', { textDocument: { uri }, contentChanges: [{ range: { start: 'a' }, text: 5 }] });
    await s.notify('textDocument/didOpen', {});
    await assertStillAnswers(s, 'malformed notifications');
  });

  it('survives bytes that are not JSON-RPC at all', async () => {
    const junk = '{"jsonrpc":"2.0","id":999,"method":"textDocument/hover","params":{';
    s.writeRaw(`Content-Length: ${Buffer.byteLength(junk)}\r\n\r\n${junk}`);
    await assertStillAnswers(s, 'truncated JSON body');
  });
});

describe('LSP server with initializationOptions', () => {
  it('does not crash on an unknown target: it warns and still answers hovers', async () => {
    const s = await LspSession.start({ targets: ['bogus-target'] });
    try {
      const uri = 'file:///t/bogus.c';
      await s.open(uri, S_TEXT);
      const md = hoverText(await s.hover(uri, positionOf(S_TEXT, 'S {')));
      assert.match(md, /\*\*struct S\*\* — x86-64/);
      assert.match(md, /size \*\*8\*\*/);
      const warned = [...s.logs, ...s.shownMessages].map((l) => l.message).join('\n');
      assert.match(warned, /unknown target "bogus-target"/);
      assert.ok(s.shownMessages.some((m) => m.type === 2 && /bogus-target/.test(m.message)), 'a warning is shown to the user');
    } finally {
      await s.stop();
    }
  });

  it('uses the first known target as primary', async () => {
    const s = await LspSession.start({ targets: ['bogus-target', 'i686-unknown-linux-gnu'] });
    try {
      const uri = 'file:///t/i686.c';
      const text = 'struct L { char a; long long b; };\n';
      await s.open(uri, text);
      const md = hoverText(await s.hover(uri, positionOf(text, 'L {')));
      assert.match(md, /\*\*struct L\*\* — i686/);
      assert.match(md, /size \*\*12\*\* · align \*\*4\*\*/);
      assert.doesNotMatch(md, /Targets|Same layout on all/, 'one target: no matrix');
    } finally {
      await s.stop();
    }
  });

  it('ignores targets of the wrong type', async () => {
    const s = await LspSession.start({ targets: 'x86_64-unknown-linux-gnu' });
    try {
      const uri = 'file:///t/wrongtype.c';
      await s.open(uri, S_TEXT);
      assert.match(hoverText(await s.hover(uri, positionOf(S_TEXT, 'S {'))), /Same layout on all 6 targets/);
    } finally {
      await s.stop();
    }
  });
});
