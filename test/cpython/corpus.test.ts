// The labelled corpus: annotated C files of correct and buggy extension code.
// An annotation line `//   ^ cpython-leak` expects that diagnostic to start on
// the nearest code line above it, at a column under the carets. Precision and
// recall are measured over all files and must both be at least 0.9; every
// missed and every unexpected diagnostic is listed when they are not.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_CONFIG } from '../../server/src/ide/analysis.ts';
import { openC } from '../support/fixture.ts';
import { pythonHeaders } from './python-toolchain.ts';

const DIR = join(__dirname, 'corpus');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.c')).sort();
const ANNOTATION = /^(\s*\/\/\s*)(\^+)\s+(cpython-[a-z-]+)\s*$/;

interface Expected {
  readonly file: string;
  readonly line: number;
  readonly from: number;
  readonly to: number;
  readonly code: string;
}

function expectations(file: string, text: string): Expected[] {
  const lines = text.split('\n');
  const out: Expected[] = [];
  let codeLine = -1;
  lines.forEach((l, i) => {
    const m = ANNOTATION.exec(l);
    if (!m) {
      codeLine = i;
      return;
    }
    out.push({ file, line: codeLine, from: m[1]!.length, to: m[1]!.length + m[2]!.length, code: m[3]! });
  });
  return out;
}

/** Function definitions (a line that opens a body after a parameter list), and how many hold an annotation. */
function functionCounts(text: string): { total: number; annotated: number } {
  const lines = text.split('\n');
  let total = 0;
  let annotated = 0;
  let inFunction = false;
  let has = false;
  for (const l of lines) {
    if (/^[A-Za-z].*\)\s*\{\s*$/.test(l)) {
      total++;
      inFunction = true;
      has = false;
    } else if (inFunction && ANNOTATION.test(l)) {
      has = true;
    } else if (inFunction && l === '}') {
      if (has) annotated++;
      inFunction = false;
    }
  }
  return { total, annotated };
}

test('labelled corpus: precision and recall of the cpython-* diagnostics are at least 0.9', async () => {
  let tp = 0;
  const missed: string[] = [];
  const unexpected: string[] = [];
  let functions = 0;
  let correct = 0;
  for (const name of FILES) {
    const text = readFileSync(join(DIR, name), 'utf8');
    const counts = functionCounts(text);
    functions += counts.total;
    correct += counts.total - counts.annotated;
    const expected = expectations(name, text);
    const { host, file } = await openC(text, name);
    const found = host.diagnostics(file, DEFAULT_CONFIG).filter((d) => d.code.startsWith('cpython-')).map((d) => {
      const pos = file.lines.position(d.start);
      return { line: pos.line, column: pos.character, code: d.code, message: d.message };
    });
    file.dispose();
    const open = [...expected];
    for (const d of found) {
      const i = open.findIndex((e) => e.line === d.line && e.code === d.code && d.column >= e.from && d.column < e.to);
      if (i >= 0) {
        tp++;
        open.splice(i, 1);
      } else {
        unexpected.push(`${name}:${d.line + 1}:${d.column + 1} ${d.code}: ${d.message}`);
      }
    }
    for (const e of open) missed.push(`${name}:${e.line + 1}:${e.from + 1} ${e.code}`);
  }
  const precision = tp / (tp + unexpected.length);
  const recall = tp / (tp + missed.length);
  console.log(`corpus: ${functions} functions (${correct} correct), ${tp + missed.length} expected diagnostics; ` +
    `true positives ${tp}, false positives ${unexpected.length}, false negatives ${missed.length}; ` +
    `precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`);
  for (const u of unexpected) console.log(`  unexpected: ${u}`);
  for (const m of missed) console.log(`  missed: ${m}`);
  assert.ok(functions >= 80, `the corpus has ${functions} functions; at least 80 are wanted`);
  assert.ok(correct >= 30, `the corpus has ${correct} correct functions; at least 30 are wanted`);
  assert.ok(precision >= 0.9, `precision ${precision.toFixed(3)} < 0.9`);
  assert.ok(recall >= 0.9, `recall ${recall.toFixed(3)} < 0.9`);
});

test('the corpus is real C: it compiles against the installed Python headers', (t) => {
  const py = pythonHeaders();
  if (!py) {
    if (process.env.CI) assert.fail('gcc and python3-dev headers are needed for this test (apt-get install gcc python3-dev)');
    t.skip('LOUD: gcc or the python3-dev headers are missing; the corpus was not compiled');
    console.error('!!! SKIPPED: gcc or python3-dev headers missing: the corpus is not compiled');
    return;
  }
  for (const name of FILES) {
    const r: SpawnSyncReturns<string> = spawnSync(py.cc, ['-fsyntax-only', '-Wno-unused-function', '-Wno-unused-variable', ...py.includeFlags, join(DIR, name)], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${name} does not compile:\n${r.stderr}`);
  }
});
