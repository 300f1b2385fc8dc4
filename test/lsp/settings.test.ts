// Every ffiLens.* setting the server honours, driven as an editor drives it:
// initializationOptions at start, then workspace/didChangeConfiguration with the
// whole `ffiLens` section (what vscode-languageclient's synchronize sends).
// Also the client's own requests: ffiLens/layouts and the per-record code lenses,
// and the IPC transport the VS Code client starts the server with.
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { createProtocolConnection, IPCMessageReader, IPCMessageWriter, type CodeLens, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { hoverText, LspSession, positionOf, SERVER } from './lsp-client.ts';

const TEXT = `struct sample { char tag; int count; char flag; double value; };
struct message { int len; char body[0]; };
`;
const URI = 'file:///settings/packet.c';
const AT_SAMPLE = positionOf(TEXT, 'sample');

async function configure(s: LspSession, ffiLens: unknown): Promise<void> {
  await s.notify('workspace/didChangeConfiguration', { settings: { ffiLens } });
}

/** Hover text once it satisfies `accept` (a configuration change is a notification: no reply to wait for). */
async function hoverUntil(s: LspSession, accept: (md: string) => boolean): Promise<string> {
  let md = '';
  for (let i = 0; i < 100; i++) {
    md = hoverText(await s.hover(URI, AT_SAMPLE));
    if (accept(md)) return md;
    await new Promise((r) => setTimeout(r, 20));
  }
  return md;
}

async function session(init?: unknown): Promise<LspSession> {
  const s = await LspSession.start(init);
  await s.open(URI, TEXT);
  return s;
}

describe('ffiLens settings over LSP', () => {
  it('ffiLens.target switches the primary target of hovers and re-publishes diagnostics', async () => {
    const s = await session();
    try {
      assert.match(hoverText(await s.hover(URI, AT_SAMPLE)), /\*\*struct sample\*\* — x86-64[\s\S]*size \*\*24\*\* · align \*\*8\*\*/);
      await s.diagnostics(URI);
      const before = s.published.length;
      await configure(s, { target: 'i686-unknown-linux-gnu' });
      const md = await hoverUntil(s, (m) => /— i686/.test(m));
      assert.match(md, /\*\*struct sample\*\* — i686[\s\S]*size \*\*20\*\* · align \*\*4\*\*/);
      await s.diagnostics(URI, () => true, 20_000, before);
    } finally {
      await s.stop();
    }
  });

  it('ffiLens.targets is the hover matrix; target comes first', async () => {
    const s = await session({ targets: ['x86_64-pc-windows-msvc', 'i686-unknown-linux-gnu'], target: 'aarch64-unknown-linux-gnu' });
    try {
      const md = hoverText(await s.hover(URI, AT_SAMPLE));
      assert.match(md, /— aarch64/);
      assert.match(md, /\| \| aarch64 \| win64 \| i686 \|/);
      assert.doesNotMatch(md, /ppc32be|armv7/);
    } finally {
      await s.stop();
    }
  });

  it('ffiLens.hover.byteMap turns the byte map off and on', async () => {
    const s = await session();
    try {
      assert.match(hoverText(await s.hover(URI, AT_SAMPLE)), /```ffi-layout\n\s+0 a···bbbbc·······/);
      await configure(s, { hover: { byteMap: false } });
      const off = await hoverUntil(s, (m) => !m.includes('```ffi-layout'));
      assert.doesNotMatch(off, /ffi-layout|a···bbbb/);
      assert.match(off, /\| 4 \| 4 \| `int count` \|/, 'the member table stays');
      await configure(s, { hover: { byteMap: true } });
      assert.match(await hoverUntil(s, (m) => m.includes('```ffi-layout')), /```ffi-layout/);
    } finally {
      await s.stop();
    }
  });

  it('ffiLens.checks disables a check or changes its severity', async () => {
    const s = await session();
    const zero = (ds: Diagnostic[]) => ds.find((d) => d.code === 'c-zero-length-array');
    try {
      const first = await s.diagnostics(URI, (p) => !!zero(p.diagnostics));
      assert.equal(zero(first.diagnostics)!.severity, 2, 'a warning by default');
      let from = s.published.length;
      await configure(s, { checks: { 'c-zero-length-array': { severity: 'error' } } });
      await s.diagnostics(URI, (p) => zero(p.diagnostics)?.severity === 1, 20_000, from);
      from = s.published.length;
      await configure(s, { checks: { 'c-zero-length-array': false } });
      const off = await s.diagnostics(URI, () => true, 20_000, from);
      assert.equal(zero(off.diagnostics), undefined, JSON.stringify(off.diagnostics));
      // Turned off, the check offers no fix either.
      const actions = (await s.codeActions(URI, { start: positionOf(TEXT, 'body'), end: positionOf(TEXT, 'body') }, [])) ?? [];
      assert.ok(!actions.some((a) => /flexible array member/.test(a.title)), JSON.stringify(actions.map((a) => a.title)));
    } finally {
      await s.stop();
    }
  });

  it('starts in restricted mode unless initializationOptions.trusted is true (logged at start)', async () => {
    const untrusted = await session({ trusted: false });
    const trusted = await session({ trusted: true });
    try {
      await configure(untrusted, { trusted: true, target: 'i686-unknown-linux-gnu' });
      await hoverUntil(untrusted, (m) => /— i686/.test(m));
      const said = (s: LspSession) => s.logs.map((l) => l.message).filter((m) => /\] started;/.test(m)).join('\n');
      assert.match(said(untrusted), /restricted mode: analysis of open files only, no compiler runs/);
      assert.match(said(trusted), /trusted workspace/);
    } finally {
      await untrusted.stop();
      await trusted.stop();
    }
  });

  it('ffiLens.readAhead: in idle time the headers of the workspace\'s files are read before they open; false or turned on later', async () => {
    // frame.c includes wire.h (struct frame: 24 bytes). The header then changes on disk without the
    // server being told: a file opened on headers read ahead shows the old size, one whose headers
    // are read when it opens shows the new one (12 bytes).
    const workspace = (): { dir: string; uri: string; header: string; text: string } => {
      const dir = mkdtempSync(join(tmpdir(), 'ffi-lens-read-ahead-'));
      const header = join(dir, 'wire.h');
      writeFileSync(header, 'struct wire { char tag; long len; };\n');
      const text = '#include "wire.h"\nstruct frame { struct wire w; char flag; };\n';
      writeFileSync(join(dir, 'frame.c'), text);
      return { dir, uri: pathToFileURL(join(dir, 'frame.c')).href, header, text };
    };
    const readAheadLog = (s: LspSession): boolean => s.logs.some((l) => /read ahead the headers of 1 file in/.test(l.message));
    const until = async (what: string, ok: () => boolean): Promise<void> => {
      for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 20));
      assert.ok(ok(), what);
    };
    const sizeAfterHeaderChange = async (s: LspSession, w: ReturnType<typeof workspace>): Promise<string | undefined> => {
      writeFileSync(w.header, 'struct wire { char tag; int len; };\n');
      await s.open(w.uri, w.text);
      return /size \*\*(\d+)\*\*/.exec(hoverText(await s.hover(w.uri, positionOf(w.text, 'frame {'))))?.[1];
    };
    for (const readAhead of [true, false]) {
      const w = workspace();
      const s = await LspSession.start({ readAhead }, [], { rootUri: pathToFileURL(w.dir).href });
      try {
        await until('the workspace is indexed', () => s.logs.some((l) => /indexed \d+ files/.test(l.message)));
        if (readAhead) await until('the server logs that it read frame.c\'s headers ahead', () => readAheadLog(s));
        else {
          // Off: give it the time reading ahead takes when on (after the warm-up, which it waits for), then some.
          await until('the warm-up is done', () => s.logs.some((l) => /timing warm-up includes/.test(l.message)));
          await new Promise((r) => setTimeout(r, 500));
        }
        assert.equal(readAheadLog(s), readAhead);
        assert.equal(await sizeAfterHeaderChange(s, w), readAhead ? '24' : '12');
      } finally {
        await s.stop();
      }
    }
    // Off at start, turned on: the server reads ahead then.
    const w = workspace();
    const s = await LspSession.start({ readAhead: false }, [], { rootUri: pathToFileURL(w.dir).href });
    try {
      await until('the workspace is indexed', () => s.logs.some((l) => /indexed \d+ files/.test(l.message)));
      await configure(s, { readAhead: true });
      await until('turned on, the server reads ahead', () => readAheadLog(s));
      assert.equal(await sizeAfterHeaderChange(s, w), '24');
    } finally {
      await s.stop();
    }
  });

  it('malformed settings are named to the user, and the rest still applies', async () => {
    const s = await session();
    try {
      await configure(s, { python: { version: 'three' }, checks: { 'c-zero-length-array': { severity: 'fatal' } }, target: 'i686-unknown-linux-gnu', includePaths: ['/usr/include', 7] });
      await hoverUntil(s, (m) => /— i686/.test(m));
      const shown = s.shownMessages.map((m) => m.message).join('\n');
      assert.match(shown, /ffiLens\.python\.version must look like "3\.12", not "three"/);
      assert.match(shown, /ffiLens\.checks\.c-zero-length-array\.severity must be one of error, warning, information, hint/);
    } finally {
      await s.stop();
    }
  });
});

describe('requests of the VS Code client', () => {
  it('ffiLens/layouts gives every record per target with differences marked', async () => {
    const s = await session({ targets: ['x86_64-unknown-linux-gnu', 'i686-unknown-linux-gnu'] });
    try {
      type Layouts = { primary: string; records: Array<{ title: string; range: unknown; namePosition: { line: number }; targets: Array<{ target: string; size: number; wordBytes: number; differs: boolean; fields: Array<{ path: string; offsetBits: number; differs: boolean }>; holes: Array<{ startBits: number; endBits: number; tail: boolean }> }> }> };
      const r = await s.request<Layouts>('ffiLens/layouts', { textDocument: { uri: URI } });
      assert.equal(r.primary, 'x86_64-unknown-linux-gnu');
      assert.deepEqual(r.records.map((x) => x.title), ['struct sample', 'struct message']);
      const [x86, i686] = r.records[0]!.targets;
      assert.deepEqual([x86!.target, x86!.size, x86!.wordBytes, i686!.target, i686!.size, i686!.wordBytes], ['x86_64-unknown-linux-gnu', 24, 8, 'i686-unknown-linux-gnu', 20, 4]);
      assert.deepEqual(x86!.holes, [{ startBits: 8, endBits: 32, tail: false, after: 'tag' }, { startBits: 72, endBits: 128, tail: false, after: 'flag' }]);
      assert.equal(i686!.differs, true);
      assert.deepEqual(i686!.fields.filter((f) => f.differs).map((f) => [f.path, f.offsetBits]), [['value', 96]]);
      assert.deepEqual(x86!.fields.filter((f) => f.differs).map((f) => f.path), ['value'], 'the first tab marks what moves elsewhere');
      assert.equal(r.records[1]!.namePosition.line, 1);
      assert.equal(await s.request('ffiLens/layouts', { textDocument: { uri: 'file:///not/open.c' } }), null);
    } finally {
      await s.stop();
    }
  });

  it('a code lens on each record runs ffiLens.showLayout with a size summary', async () => {
    const s = await session();
    try {
      assert.deepEqual(s.initializeResult?.capabilities.codeLensProvider, { resolveProvider: false });
      const lenses = await s.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: URI } });
      assert.deepEqual(lenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command]), [
        [0, 'Show layout (24 bytes, 10 padding)', 'ffiLens.showLayout'],
        [1, 'Show layout (4 bytes)', 'ffiLens.showLayout'],
      ]);
      assert.deepEqual(lenses[0]!.command!.arguments, [URI, positionOf(TEXT, 'sample')]);
    } finally {
      await s.stop();
    }
  });

  it('talks over Node IPC (--node-ipc), the transport the VS Code client uses', async () => {
    const child = fork(SERVER, ['lsp', '--node-ipc', `--clientProcessId=${process.pid}`], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const conn = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    conn.listen();
    try {
      await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { trusted: false } });
      await conn.sendNotification('initialized', {});
      await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'c', version: 1, text: TEXT } });
      const h = await conn.sendRequest('textDocument/hover', { textDocument: { uri: URI }, position: AT_SAMPLE });
      assert.match(hoverText(h as never), /\*\*struct sample\*\* — x86-64/);
      await conn.sendRequest('shutdown', null);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      assert.equal(await exited, 0, 'the server ends when the editor closes the channel');
    } finally {
      conn.dispose();
      if (child.exitCode === null) child.kill();
    }
  });
});
