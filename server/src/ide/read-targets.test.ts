// A file with includes is read per target (its headers are preprocessed for each). A hover that
// answers from the targets read so far (`readTargets: 'read'`) shows the primary target at once
// and says which targets are still to come; `readNextTarget` reads them one at a time, after
// which the hover is the one that compares every target.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { AnalysisHost, DEFAULT_CONFIG } from './analysis.ts';
import { WorkspaceIncludes } from './workspace-includes.ts';

async function hostWithIncludes(): Promise<AnalysisHost> {
  const host = await AnalysisHost.create();
  host.setIncludeProvider(new WorkspaceIncludes(() => ({ includeDirs: [], quoteDirs: [], defines: [], undefines: [], forcedIncludes: [] })));
  return host;
}

function fileWithInclude(): { path: string; text: string; offset: number } {
  const dir = mkdtempSync(join(tmpdir(), 'ffi-lens-read-targets-'));
  writeFileSync(join(dir, 'wire.h'), 'struct wire { char tag; long len; };\n');
  const text = '#include "wire.h"\nstruct frame { struct wire w; char flag; };\n';
  const path = join(dir, 'frame.c');
  writeFileSync(path, text);
  return { path, text, offset: text.indexOf('frame {') + 1 };
}

/** The hover from the targets read so far compares them all, says nothing is still to read, and is the hover that reads every target at once. */
function comparesEveryTarget(host: AnalysisHost, file: ReturnType<AnalysisHost['openFile']>, offset: number): void {
  const after = host.hover(file, offset, DEFAULT_CONFIG, { readTargets: 'read' })?.markdown ?? '';
  assert.match(after, /\*\*Targets\*\*/);
  assert.doesNotMatch(after, /Still reading/);
  assert.equal(after, host.hover(file, offset, DEFAULT_CONFIG)?.markdown);
}

test('the first hover of a file with includes shows the primary target and names those still to read', async () => {
  const host = await hostWithIncludes();
  const { path, text, offset } = fileWithInclude();
  const file = host.openFile(pathToFileURL(path).href, 'c', text);
  try {
    const first = host.hover(file, offset, DEFAULT_CONFIG, { readTargets: 'read' })?.markdown ?? '';
    assert.match(first, /\*\*struct frame\*\* — x86-64/);
    assert.match(first, /size \*\*24\*\* · align \*\*8\*\*/);
    assert.doesNotMatch(first, /\*\*Targets\*\*|Same layout on all/);
    assert.match(first, /Still reading the headers for i686, aarch64, win64, armv7, ppc32be: hover again to compare targets/);

    // One target per call, then none left.
    let reads = 0;
    while (host.readNextTarget(file, DEFAULT_CONFIG)) reads++;
    assert.equal(reads, DEFAULT_CONFIG.targets.length - 1);

    comparesEveryTarget(host, file, offset);
  } finally {
    file.dispose();
  }
});

test('after an edit, targets whose headers are read already are read again at once (no "still reading")', async () => {
  const host = await hostWithIncludes();
  const { path, text, offset } = fileWithInclude();
  const file = host.openFile(pathToFileURL(path).href, 'c', text);
  try {
    while (host.readNextTarget(file, DEFAULT_CONFIG));
    file.applyEdits([{ start: text.length, end: text.length, text: 'int x;\n' }]);
    // Nothing left for the background: every target's headers are read.
    assert.equal(host.readNextTarget(file, DEFAULT_CONFIG), false);
    const edited = host.hover(file, offset, DEFAULT_CONFIG, { readTargets: 'read' })?.markdown ?? '';
    assert.match(edited, /\*\*Targets\*\*/);
    assert.doesNotMatch(edited, /Still reading/);
  } finally {
    file.dispose();
  }
});

test('a file without includes is read for every target at once', async () => {
  const host = await hostWithIncludes();
  const text = 'struct lone { char c; int i; };\n';
  const file = host.openFile('file:///lone.c', 'c', text);
  try {
    assert.equal(host.readNextTarget(file, DEFAULT_CONFIG), false);
    const hover = host.hover(file, text.indexOf('lone'), DEFAULT_CONFIG, { readTargets: 'read' })?.markdown ?? '';
    assert.match(hover, /Same layout on all 6 targets/);
    assert.doesNotMatch(hover, /Still reading/);
  } finally {
    file.dispose();
  }
});

test('with a time budget, the other targets are read a slice at a time, and the result is the same', async () => {
  const host = await hostWithIncludes();
  const { path, text, offset } = fileWithInclude();
  const file = host.openFile(pathToFileURL(path).href, 'c', text);
  try {
    assert.match(host.hover(file, offset, DEFAULT_CONFIG, { readTargets: 'read' })?.markdown ?? '', /Still reading the headers for i686/);
    // Budget 0: each call is one piece (a slice of preprocessing, the parse, the lowering, the file).
    let calls = 0;
    while (host.readNextTarget(file, DEFAULT_CONFIG, 0)) calls++;
    const others = DEFAULT_CONFIG.targets.length - 1;
    assert.ok(calls >= 4 * others, `each of the ${others} other targets took several calls (${calls} in all)`);
    comparesEveryTarget(host, file, offset);
  } finally {
    file.dispose();
  }
});

test('a hover while a target is half read finishes that reading', async () => {
  const host = await hostWithIncludes();
  const { path, text, offset } = fileWithInclude();
  const file = host.openFile(pathToFileURL(path).href, 'c', text);
  try {
    host.hover(file, offset, DEFAULT_CONFIG, { readTargets: 'read' });
    assert.equal(host.readNextTarget(file, DEFAULT_CONFIG, 0), true);
    // i686 is half read: a hover comparing every target reads the rest, and nothing is left after.
    const all = host.hover(file, offset, DEFAULT_CONFIG)?.markdown ?? '';
    assert.match(all, /\*\*Targets\*\*/);
    assert.equal(host.readNextTarget(file, DEFAULT_CONFIG, 0), false);
  } finally {
    file.dispose();
  }
});
