// LSP with real #includes on disk: hover on a type from an included header, go to
// definition into the header, workspace symbols, and the hostile headers of the
// real-headers issue (unterminated #if, recursive macro, #include cycle, missing
// include, 1,000-deep nesting): each gets a c-preprocessor diagnostic and the
// server keeps answering.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Location, SymbolInformation } from 'vscode-languageserver-protocol/node';
import { hoverText, LspSession, positionOf } from './lsp-client.ts';

describe('LSP: #include', () => {
  let s: LspSession;
  let dir: string;
  const uri = (name: string) => pathToFileURL(join(dir, name)).toString();
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ffi-lens-lsp-includes-'));
    writeFileSync(join(dir, 'types.h'), '#ifndef TYPES_H\n#define TYPES_H\n#define NAME_MAX 15\ntypedef struct point { double x, y; } point_t;\n#endif\n');
    writeFileSync(join(dir, 'open-if.h'), 'struct fine { int a; };\n#if 1\n');
    writeFileSync(join(dir, 'object.h'), '#define OBJECT_HEAD long refcnt; void *type;\n#define ARRAY(t, n) t items[n]\n');
    writeFileSync(join(dir, 'cycle-a.h'), '#include "cycle-b.h"\n');
    writeFileSync(join(dir, 'cycle-b.h'), '#include "cycle-a.h"\n');
    for (let i = 0; i < 1000; i++) writeFileSync(join(dir, `deep${i}.h`), `#include "deep${i + 1}.h"\n`);
    writeFileSync(join(dir, 'deep1000.h'), 'struct bottom { char c; };\n');
    s = await LspSession.start();
  });
  after(async () => {
    await s.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hovers a type from an included header and goes to its definition there', async () => {
    const text = '#include "types.h"\n#include <stdint.h>\nstruct shape { point_t at; uint16_t n; char name[NAME_MAX + 1]; };\n';
    const u = uri('shape.c');
    await s.open(u, text);
    const shape = hoverText(await s.hover(u, positionOf(text, 'shape {')));
    assert.match(shape, /size \*\*40\*\* · align \*\*8\*\*/, shape);
    const point = hoverText(await s.hover(u, positionOf(text, 'point_t at')));
    assert.match(point, /size \*\*16\*\* · align \*\*8\*\*/, point);
    const def = await s.request<Location | null>('textDocument/definition', { textDocument: { uri: u }, position: positionOf(text, 'point_t at') });
    assert.ok(def, 'a definition');
    assert.equal(def.uri, uri('types.h'));
    assert.equal(def.range.start.line, 3);
    const symbols = await s.request<SymbolInformation[]>('workspace/symbol', { query: 'point' });
    assert.ok(symbols.some((x) => x.name === 'point' && x.location.uri === uri('types.h')), JSON.stringify(symbols.map((x) => x.name)));
    const d = await s.diagnostics(u);
    assert.deepEqual(d.diagnostics.filter((x) => x.code === 'c-preprocessor'), []);
  });

  it('a file with includes: the first hover leads with the primary target; after its diagnostics the server reads the others and a hover compares them all', async () => {
    const text = '#include "types.h"\nstruct label { long id; point_t at; };\n';
    const u = uri('label.c');
    await s.open(u, text);
    // At once: answered from the targets read (the primary), naming those still to come.
    const first = hoverText(await s.hover(u, positionOf(text, 'label {')));
    assert.match(first, /\*\*struct label\*\* — x86-64/, first);
    assert.match(first, /Still reading the headers for i686, aarch64, win64, armv7, ppc32be/, first);
    await s.diagnostics(u);
    // Then one target per turn of the server's loop, without a request asking for them.
    let compared = '';
    for (let i = 0; i < 500 && (!/\*\*Targets\*\*/.test(compared) || /Still reading/.test(compared)); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      compared = hoverText(await s.hover(u, positionOf(text, 'label {')));
    }
    assert.match(compared, /\*\*Targets\*\*/, compared);
    assert.doesNotMatch(compared, /Still reading/);
    // Every target has a column; on i686 `double` is 4-aligned in a struct, so `at` moves.
    assert.match(compared, /\| \| x86-64 \| i686 \| aarch64 \| win64 \| armv7 \| ppc32be \|/, compared);
    assert.match(compared, /\| `at` \| 8 \| \*\*4\*\* \| 8 \| 8 \| 8 \| 8 \|/, compared);
  });

  it('a record written with its headers\' macros (like PyObject_HEAD) is laid out through the whole preprocessed file', async () => {
    const text = '#include "object.h"\nstruct obj { OBJECT_HEAD ARRAY(short, 3); };\nstruct plain { char c; };\n';
    const u = uri('obj.c');
    await s.open(u, text);
    const obj = hoverText(await s.hover(u, positionOf(text, 'obj {')));
    assert.match(obj, /size \*\*24\*\* · align \*\*8\*\*/, obj);
    assert.match(obj, /`short items\[3\]`/);
    const plain = hoverText(await s.hover(u, positionOf(text, 'plain {')));
    assert.match(plain, /size \*\*1\*\* · align \*\*1\*\*/, plain);
    // An edit keeps offsets right: the record after the edit still hovers.
    await s.change(u, 2, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: '/* x */ ' }]);
    const after = hoverText(await s.hover(u, { line: 2, character: 16 }));
    assert.match(after, /\*\*struct plain\*\*/, after);
  });

  const hostile: ReadonlyArray<{ name: string; text: string; message: RegExp }> = [
    { name: 'missing', text: '#include "no-such-header.h"\nstruct a { int x; };\n', message: /cannot find the include file "no-such-header\.h"/ },
    { name: 'cycle', text: '#include "cycle-a.h"\nstruct a { int x; };\n', message: /#include cycle/ },
    { name: 'deep', text: '#include "deep0.h"\nstruct a { int x; };\n', message: /nested more than 200 levels deep/ },
    { name: 'open-if', text: '#include "open-if.h"\nstruct a { struct fine f; };\n', message: /open-if\.h:2: #if without #endif/ },
    { name: 'recursive', text: '#define R R\n#define A B\n#define B A\nstruct a { int x; };\n', message: /macro `R` refers to itself/ },
  ];
  for (const h of hostile) {
    it(`${h.name}: a clear diagnostic, and the server keeps answering`, async () => {
      const u = uri(`${h.name}.c`);
      await s.open(u, h.text);
      const d = await s.diagnostics(u, (p) => p.diagnostics.some((x) => x.code === 'c-preprocessor'), 60_000);
      const messages = d.diagnostics.filter((x) => x.code === 'c-preprocessor').map((x) => (typeof x.message === 'string' ? x.message : x.message.value));
      assert.ok(messages.some((m) => h.message.test(m)), messages.join('\n'));
      const md = hoverText(await s.hover(u, positionOf(h.text, 'a {')));
      assert.match(md, /\*\*struct a\*\*/);
      assert.ok(s.alive);
    });
  }
});

describe('LSP: workspace index', () => {
  let s: LspSession;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ffi-lens-lsp-index-'));
    writeFileSync(join(dir, 'net.h'), 'struct far_away { int a; };\ntypedef struct far_away far_t;\nint far_function(far_t *f);\n');
    s = await LspSession.start(undefined, [], { rootUri: pathToFileURL(dir).toString(), capabilities: { window: { workDoneProgress: true } } });
  });
  after(async () => {
    await s.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('indexes the workspace with $/progress; symbols and definitions come from files that are not open', async () => {
    await s.progressEnd();
    assert.equal(s.progress[0]?.kind, 'begin');
    assert.ok(s.progress.some((p) => p.kind === 'report' && p.percentage === 100), JSON.stringify(s.progress));
    const symbols = await s.request<SymbolInformation[]>('workspace/symbol', { query: 'far' });
    assert.deepEqual(symbols.map((x) => `${x.name}:${x.location.range.start.line}`).sort(), ['far_away:0', 'far_function:2', 'far_t:1']);
    const text = 'struct uses { struct far_away *p; };\n';
    const u = pathToFileURL(join(dir, 'uses.c')).toString();
    await s.open(u, text);
    const def = await s.request<Location | null>('textDocument/definition', { textDocument: { uri: u }, position: positionOf(text, 'far_away') });
    assert.equal(def?.uri, pathToFileURL(join(dir, 'net.h')).toString());
    assert.equal(def?.range.start.line, 0);
    // A file changes on disk: the index follows the watched-file notification.
    writeFileSync(join(dir, 'net.h'), 'struct renamed { int a; };\n');
    await s.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(dir, 'net.h')).toString(), type: 2 }] });
    const after = await s.request<SymbolInformation[]>('workspace/symbol', { query: 'renamed' });
    assert.deepEqual(after.map((x) => x.name), ['renamed']);
    assert.deepEqual(await s.request<SymbolInformation[]>('workspace/symbol', { query: 'far_away' }), []);
  });
});

describe('LSP: the index follows the #includes of workspace files', () => {
  let s: LspSession;
  let root: string;
  let dir: string;
  let outside: string;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'ffi-lens-lsp-follow-'));
    dir = join(root, 'ws');
    outside = join(root, 'vendor');
    mkdirSync(join(outside, 'inc'), { recursive: true });
    mkdirSync(dir);
    // Outside the workspace: one header a workspace file reaches through compile_commands.json's -I
    // (and which includes another), one that nothing includes.
    writeFileSync(join(outside, 'inc', 'lib.h'), '#include "lib_detail.h"\nstruct from_flags { int a; };\n');
    writeFileSync(join(outside, 'inc', 'lib_detail.h'), 'typedef struct detail_s { char c; } detail_t;\n');
    writeFileSync(join(outside, 'inc', 'unused.h'), 'struct never_included { int a; };\n');
    writeFileSync(join(dir, 'main.c'), '#include <lib.h>\n#include <netinet/in.h>\nint main(void) { return 0; }\n');
    writeFileSync(join(dir, 'compile_commands.json'), JSON.stringify([{ directory: dir, file: 'main.c', arguments: ['cc', '-I', join(outside, 'inc'), '-c', 'main.c'] }]));
    s = await LspSession.start(undefined, [], { rootUri: pathToFileURL(dir).toString(), capabilities: { window: { workDoneProgress: true } } });
    await s.progressEnd();
  });
  after(async () => {
    await s.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('indexes headers outside the workspace that its files include, through compile_commands.json -I and the system folders', async () => {
    const flags = await s.request<SymbolInformation[]>('workspace/symbol', { query: 'from_flags' });
    assert.deepEqual(flags.map((x) => x.location.uri), [pathToFileURL(join(outside, 'inc', 'lib.h')).toString()]);
    // Followed transitively: lib.h's own quoted include.
    const detail = await s.request<SymbolInformation[]>('workspace/symbol', { query: 'detail_t' });
    assert.deepEqual(detail.map((x) => x.location.uri), [pathToFileURL(join(outside, 'inc', 'lib_detail.h')).toString()]);
    // Only what is included: a header beside lib.h that nothing includes is not indexed.
    assert.deepEqual(await s.request<SymbolInformation[]>('workspace/symbol', { query: 'never_included' }), []);
    const sockaddr = await s.request<SymbolInformation[]>('workspace/symbol', { query: 'sockaddr_in' });
    assert.ok(sockaddr.some((x) => x.name === 'sockaddr_in' && x.location.uri.endsWith('/netinet/in.h')), JSON.stringify(sockaddr.map((x) => `${x.name} ${x.location.uri}`)));
  });

  it('goes to the definition of struct sockaddr_in from a file that does not include netinet/in.h', async () => {
    const text = 'struct uses { struct sockaddr_in *addr; };\n';
    const u = pathToFileURL(join(dir, 'uses.c')).toString();
    await s.open(u, text);
    const def = await s.request<Location | null>('textDocument/definition', { textDocument: { uri: u }, position: positionOf(text, 'sockaddr_in') });
    assert.ok(def?.uri.endsWith('/netinet/in.h'), JSON.stringify(def));
  });
});

describe('LSP: a file compiled with -m32 in compile_commands.json', () => {
  let s: LspSession;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ffi-lens-lsp-m32-'));
    writeFileSync(join(dir, 'compile_commands.json'), JSON.stringify([{ directory: dir, file: 'legacy.c', arguments: ['cc', '-m32', '-c', 'legacy.c'] }]));
    s = await LspSession.start(undefined, [], { rootUri: pathToFileURL(dir).toString() });
  });
  after(async () => {
    await s.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is analysed for i686 first: its #if sees __i386__, the hover leads with i686 and says why', async () => {
    const text = '#if !defined(__i386__)\n#error "built for 32-bit x86 only"\n#endif\nstruct rec { long a; void *p; };\n';
    const u = pathToFileURL(join(dir, 'legacy.c')).toString();
    await s.open(u, text);
    const published = await s.diagnostics(u);
    assert.deepEqual(published.diagnostics.map((d) => d.code), []);
    const h = hoverText(await s.hover(u, positionOf(text, 'rec')));
    assert.match(h, /primary target i686-unknown-linux-gnu: the file's compile command in .*compile_commands\.json/);
    // i686: long and pointers are 4 bytes, so the record is 8 bytes (16 on x86_64).
    assert.match(h, /^\*\*struct rec\*\* — i686\n\nsize \*\*8\*\* · align \*\*4\*\*/, h);
    // Another file of the same folder without an entry of its own takes legacy.c's flags (a header beside it).
    const other = pathToFileURL(join(dir, 'elsewhere', 'x.c')).toString();
    await s.open(other, text);
    const errors = await s.diagnostics(other);
    assert.deepEqual(errors.diagnostics.map((d) => d.code), ['c-preprocessor']);
  });
});

describe('LSP: a C++ file with #include', () => {
  let s: LspSession;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ffi-lens-lsp-cpp-'));
    writeFileSync(join(dir, 'api.h'), '#ifdef __cplusplus\nextern "C" {\n#endif\nstruct c_part { char c; int i; };\n#ifdef __cplusplus\n}\nstruct cpp_part { char c; double d; };\n#else\nstruct cpp_part { char c; };\n#endif\n');
    s = await LspSession.start(undefined, [], { rootUri: pathToFileURL(dir).toString() });
  });
  after(async () => {
    await s.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads its headers as C++ (the __cplusplus branch) and lays out their types in the file\'s records', async () => {
    const text = '#include "api.h"\n#include <netinet/in.h>\nclass Holder { public: sockaddr_in addr; cpp_part p; c_part q; };\n';
    const u = pathToFileURL(join(dir, 'holder.cpp')).toString();
    await s.open(u, text, 'cpp');
    const h = hoverText(await s.hover(u, positionOf(text, 'Holder')));
    // 16 (sockaddr_in) + 16 (cpp_part as C++ sees it: char, double) + 8 (c_part) on x86_64.
    assert.match(h, /^\*\*class Holder\*\* — x86-64\n\nsize \*\*40\*\* · align \*\*8\*\*/, h);
    const def = await s.request<Location | null>('textDocument/definition', { textDocument: { uri: u }, position: positionOf(text, 'cpp_part') });
    assert.equal(def?.uri, pathToFileURL(join(dir, 'api.h')).toString());
    assert.equal(def?.range.start.line, 6);
  });
});
