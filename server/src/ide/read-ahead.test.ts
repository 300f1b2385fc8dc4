// Reading ahead: the server reads the headers of files that are not open yet in its idle time
// (`AnalysisHost.readAhead`), so opening one finds its prelude built. The tests see that the
// prelude was built before the file opened by changing a header on disk afterwards without
// telling the host (as when no file watcher reports it): a file opened on a prelude read ahead
// still shows the old layout, one whose headers are read at its opening shows the new one.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { AnalysisHost, DEFAULT_CONFIG, READ_AHEAD_KEPT } from './analysis.ts';
import { WorkspaceIncludes } from './workspace-includes.ts';

const CONFIG = { ...DEFAULT_CONFIG, targets: DEFAULT_CONFIG.targets.slice(0, 2) };

async function hostWithIncludes(): Promise<AnalysisHost> {
  const host = await AnalysisHost.create();
  host.setIncludeProvider(new WorkspaceIncludes(() => ({ includeDirs: [], quoteDirs: [], defines: [], undefines: [], forcedIncludes: [] })));
  return host;
}

/** A file `frame.c` including `wire.h`, whose `struct wire` is 16 bytes on x86-64 (a char and a long). */
function workspace(name = 'frame'): { dir: string; path: string; text: string; offset: number; header: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ffi-lens-read-ahead-'));
  const header = join(dir, 'wire.h');
  writeFileSync(header, 'struct wire { char tag; long len; };\n');
  const text = `#include "wire.h"\nstruct ${name} { struct wire w; char flag; };\n`;
  const path = join(dir, `${name}.c`);
  writeFileSync(path, text);
  return { dir, path, text, offset: text.indexOf(`${name} {`) + 1, header };
}

/** The header shrinks to 8 bytes (`int len`): after this, a prelude read from disk gives struct frame 12 bytes, not 24. */
function shrinkHeader(header: string): void {
  writeFileSync(header, 'struct wire { char tag; int len; };\n');
}

function hoverSize(host: AnalysisHost, path: string, text: string, offset: number): string {
  const file = host.openFile(pathToFileURL(path).href, 'c', text);
  try {
    return /size \*\*(\d+)\*\*/.exec(host.hover(file, offset, CONFIG, { readTargets: 'read' })?.markdown ?? '')?.[1] ?? 'no hover';
  } finally {
    file.dispose();
  }
}

function readAheadToEnd(host: AnalysisHost, path: string, text: string): number {
  const job = host.readAhead(path, 'c', text, CONFIG);
  assert.ok(job, 'a file with includes is read ahead');
  let steps = 1;
  let outcome;
  while ((outcome = job.step(0)) === 'more') steps++;
  assert.equal(outcome, 'read');
  return steps;
}

test('a file opened after its headers were read ahead uses that prelude', async () => {
  const host = await hostWithIncludes();
  const w = workspace();
  const steps = readAheadToEnd(host, w.path, w.text);
  assert.ok(steps >= 2, `preprocessing and the parse are separate steps (${steps})`);
  shrinkHeader(w.header);
  assert.equal(hoverSize(host, w.path, w.text, w.offset), '24', 'the prelude read ahead (old header) is used');
  // Told that headers changed, the host reads them again.
  host.invalidateIncludes();
  assert.equal(hoverSize(host, w.path, w.text, w.offset), '12');
});

test('without reading ahead, the headers are read when the file opens (the control of the test above)', async () => {
  const host = await hostWithIncludes();
  const w = workspace();
  shrinkHeader(w.header);
  assert.equal(hoverSize(host, w.path, w.text, w.offset), '12');
});

test('a file opened while its headers are being read ahead finishes that reading rather than starting again', async () => {
  const host = await AnalysisHost.create();
  const includes = new WorkspaceIncludes(() => ({ includeDirs: [], quoteDirs: [], defines: [], undefines: [], forcedIncludes: [] }));
  const w = workspace();
  // Counts the preprocessing runs that read the header (a run reads each file once).
  let headerReads = 0;
  host.setIncludeProvider({
    settingsFor: (path, triple) => includes.settingsFor(path, triple),
    cache: includes.cache,
    source: { read: (path) => {
      if (path === w.header) headerReads++;
      return includes.source.read(path);
    } },
  });
  const job = host.readAhead(w.path, 'c', w.text, CONFIG);
  assert.ok(job);
  let more = true;
  while (more && headerReads === 0) more = job.step(0) === 'more';
  assert.ok(more && headerReads === 1, 'the header is read and the job is not done (the parse is a step of its own)');
  assert.equal(hoverSize(host, w.path, w.text, w.offset), '24');
  assert.equal(headerReads, 1, 'opening the file finished the job begun ahead');
  assert.equal(job.step(0), 'dropped', 'and the job has nothing left to do');
});

test('a file whose directives changed since it was read ahead is read again', async () => {
  const host = await hostWithIncludes();
  const w = workspace();
  readAheadToEnd(host, w.path, w.text);
  shrinkHeader(w.header);
  const edited = `#define WIRE_V2 1\n${w.text}`;
  assert.equal(hoverSize(host, w.path, edited, edited.indexOf('frame {') + 1), '12');
});

test('nothing to read ahead: no includes, or the prelude is built already', async () => {
  const host = await hostWithIncludes();
  const w = workspace();
  assert.equal(host.readAhead(w.path, 'c', 'struct lone { int x; };\n', CONFIG), undefined);
  readAheadToEnd(host, w.path, w.text);
  assert.equal(host.readAhead(w.path, 'c', w.text, CONFIG), undefined);
});

test(`at most ${READ_AHEAD_KEPT} preludes read ahead and not opened are kept, the oldest dropped first`, async () => {
  const host = await hostWithIncludes();
  const files = Array.from({ length: READ_AHEAD_KEPT + 1 }, (_, i) => workspace(`frame${i}`));
  for (const w of files) readAheadToEnd(host, w.path, w.text);
  for (const w of files) shrinkHeader(w.header);
  // The first was dropped (read again: new header); the second is still kept (old header).
  assert.equal(hoverSize(host, files[0]!.path, files[0]!.text, files[0]!.offset), '12');
  assert.equal(hoverSize(host, files[1]!.path, files[1]!.text, files[1]!.offset), '24');
});
