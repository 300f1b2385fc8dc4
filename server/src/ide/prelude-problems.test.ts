// A prelude is kept while a file's directive lines stay the same, but the lines may move: text
// inserted above an `#include` moves it down. The preprocessor's problems (a missing include, a
// problem inside a header) are reported at the directive that led to them, wherever it is now.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { AnalysisHost, DEFAULT_CONFIG } from './analysis.ts';
import { WorkspaceIncludes } from './workspace-includes.ts';

const CONFIG = { ...DEFAULT_CONFIG, targets: DEFAULT_CONFIG.targets.slice(0, 1) };

async function setUp(): Promise<{ host: AnalysisHost; path: string; text: string }> {
  const host = await AnalysisHost.create();
  host.setIncludeProvider(new WorkspaceIncludes(() => ({ includeDirs: [], quoteDirs: [], defines: [], undefines: [], forcedIncludes: [] })));
  const dir = mkdtempSync(join(tmpdir(), 'ffi-lens-prelude-problems-'));
  writeFileSync(join(dir, 'bad.h'), '#error this header is not for you\nstruct bad { int x; };\n');
  const text = '#include "gone.h"\nstruct s { int a; };\n#include "bad.h"\n';
  const path = join(dir, 'frame.c');
  writeFileSync(path, text);
  return { host, path, text };
}

function preprocessorProblems(host: AnalysisHost, file: ReturnType<AnalysisHost['openFile']>): Array<[string, string]> {
  return host.diagnostics(file, CONFIG)
    .filter((d) => d.code === 'c-preprocessor')
    .map((d) => [file.text.slice(d.start, d.end), d.message]);
}

const EXPECTED: Array<[string, string]> = [
  ['#include "gone.h"', 'gone.h'],
  ['#include "bad.h"', 'bad.h:1'],
];

test('preprocessor problems stay on their directives when text above them moves them', async () => {
  const { host, path, text } = await setUp();
  const file = host.openFile(pathToFileURL(path).href, 'c', text);
  try {
    const first = preprocessorProblems(host, file);
    assert.deepEqual(first.map(([at]) => at), EXPECTED.map(([at]) => at));
    assert.ok(first.every(([, message], i) => message.includes(EXPECTED[i]![1])), JSON.stringify(first));
    // Two lines above the first include, and one between the includes: the directives are the same.
    file.setText(`// moved\n\n${text.replace('struct s', 'struct t { char c; };\nstruct s')}`);
    assert.deepEqual(preprocessorProblems(host, file), first);
  } finally {
    file.dispose();
  }
});

test('the same for a prelude read ahead from the file on disk, opened with other text', async () => {
  const { host, path, text } = await setUp();
  const job = host.readAhead(path, 'c', text, CONFIG);
  assert.ok(job);
  while (job.step(0) === 'more');
  const edited = `/* unsaved */\n${text}`;
  const file = host.openFile(pathToFileURL(path).href, 'c', edited);
  try {
    assert.deepEqual(preprocessorProblems(host, file).map(([at]) => at), EXPECTED.map(([at]) => at));
  } finally {
    file.dispose();
  }
});
