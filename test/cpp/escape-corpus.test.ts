// Precision and recall of the exception-escape diagnostics (cpp-exception-escapes-c
// and cpp-noexcept-throws) on the labelled corpus, and a compile of every case
// with g++ so the corpus is real C++. Prints the figures; asserts both >= 0.95.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { compile, cppDiagnostics, cppFixed, haveTool, scratchDir } from '../support/cpp.ts';
import { ESCAPE_CORPUS, PRELUDE } from './escape-corpus.ts';

const CODES = { escapes: 'cpp-exception-escapes-c', terminates: 'cpp-noexcept-throws' } as const;

test('the corpus has at least 40 cases, escaping and safe', () => {
  assert.ok(ESCAPE_CORPUS.length >= 40, `${ESCAPE_CORPUS.length} cases`);
  assert.ok(ESCAPE_CORPUS.filter((c) => c.escapes.length).length >= 15);
  assert.ok(ESCAPE_CORPUS.filter((c) => !c.escapes.length && !c.terminates?.length).length >= 15);
  assert.equal(new Set(ESCAPE_CORPUS.map((c) => c.name)).size, ESCAPE_CORPUS.length);
});

test('precision and recall of the escape diagnostics are at least 0.95', async () => {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const wrong: string[] = [];
  for (const c of ESCAPE_CORPUS) {
    const text = `${PRELUDE}${c.code}\n`;
    const found = new Set((await cppDiagnostics(text, Object.values(CODES))).map((d) => `${d.code} ${text.slice(d.start, d.end)}`));
    const expected = new Set([...c.escapes.map((f) => `${CODES.escapes} ${f}`), ...(c.terminates ?? []).map((f) => `${CODES.terminates} ${f}`)]);
    for (const e of expected) {
      if (found.has(e)) tp++;
      else { fn++; wrong.push(`missed   [${c.name}] ${e}`); }
    }
    for (const f of found) if (!expected.has(f)) { fp++; wrong.push(`spurious [${c.name}] ${f}`); }
  }
  const precision = tp / (tp + fp);
  const recall = tp / (tp + fn);
  console.log(`escape corpus: ${ESCAPE_CORPUS.length} cases, ${tp + fn} expected reports; tp=${tp} fp=${fp} fn=${fn}; precision=${precision.toFixed(3)} recall=${recall.toFixed(3)}`);
  for (const w of wrong) console.log(`  ${w}`);
  assert.ok(precision >= 0.95, `precision ${precision.toFixed(3)}`);
  assert.ok(recall >= 0.95, `recall ${recall.toFixed(3)}`);
});

test('every corpus case compiles with g++ -std=c++17', { timeout: 600_000 }, () => {
  if (!haveTool('g++')) return;
  const dir = scratchDir();
  writeFileSync(join(dir, 'prelude.hpp'), PRELUDE);
  // A precompiled prelude keeps this to a fraction of a second per case.
  assert.equal(compile('g++', ['-std=c++17', '-x', 'c++-header', 'prelude.hpp', '-o', 'prelude.hpp.gch'], dir), '');
  const failures: string[] = [];
  ESCAPE_CORPUS.forEach((c, i) => {
    writeFileSync(join(dir, `case${i}.cpp`), `${c.code}\n`);
    const err = compile('g++', ['-std=c++17', '-fsyntax-only', '-include', 'prelude.hpp', `case${i}.cpp`], dir);
    if (err) failures.push(`[${c.name}] ${err}`);
  });
  assert.deepEqual(failures, []);
});

test('on every reported corpus case, the preferred fix compiles and leaves nothing to report', { timeout: 600_000 }, async () => {
  const gxx = haveTool('g++');
  const dir = scratchDir();
  if (gxx) {
    writeFileSync(join(dir, 'prelude.hpp'), PRELUDE);
    assert.equal(compile('g++', ['-std=c++17', '-x', 'c++-header', 'prelude.hpp', '-o', 'prelude.hpp.gch'], dir), '');
  }
  const failures: string[] = [];
  let fixedCases = 0;
  for (const [i, c] of ESCAPE_CORPUS.entries()) {
    if (!c.escapes.length) continue;
    const fixed = await cppFixed(c.code, CODES.escapes);
    const left = await cppDiagnostics(fixed, [CODES.escapes]);
    if (left.length) failures.push(`[${c.name}] still reported after the fix:\n${fixed}`);
    fixedCases++;
    if (!gxx) continue;
    writeFileSync(join(dir, `fixed${i}.cpp`), fixed);
    const err = compile('g++', ['-std=c++17', '-fsyntax-only', '-include', 'prelude.hpp', `fixed${i}.cpp`], dir);
    if (err) failures.push(`[${c.name}] ${err}\n${fixed}`);
  }
  assert.ok(fixedCases >= 25);
  assert.deepEqual(failures, []);
});
