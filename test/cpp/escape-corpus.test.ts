// Precision and recall of the exception-escape diagnostics (cpp-exception-escapes-c
// and cpp-noexcept-throws) on the labelled corpus, and a compile of every case
// with g++ so the corpus is real C++. Prints the figures; asserts both >= 0.95.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cppFileModel } from '../../server/src/cpp/file-model.ts';
import { compile, cppDiagnostics, cppFixed, haveTool, scratchDir } from '../support/cpp.ts';
import { sharedHost } from '../support/fixture.ts';
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

/**
 * All cases as ONE translation unit (one compiler run instead of one per case): each case in its
 * own namespace, its `#include`s hoisted, and its C-linkage names (which namespaces do not separate)
 * renamed per case with #define. When that fails, the cases are compiled one by one to name the culprit.
 */
async function compileAll(texts: readonly { name: string; text: string }[], dir: string): Promise<string[]> {
  const host = await sharedHost();
  const includes = new Set<string>();
  const parts: string[] = [];
  for (const [i, { text }] of texts.entries()) {
    const file = host.openFile(`case${i}.cpp`, 'cpp', text);
    const model = cppFileModel(file.tree!, text);
    const names = new Set([...model.cLinkageNames, ...model.functions.filter((f) => f.cLinkage && !f.owner).map((f) => f.name.simple)]);
    file.dispose();
    const body = text.split('\n').filter((l) => {
      if (!/^\s*#\s*include\b/.test(l)) return true;
      includes.add(l.trim());
      return false;
    }).join('\n');
    const defines = [...names].map((n) => `#define ${n} corpus${i}_${n}`).join('\n');
    const undefs = [...names].map((n) => `#undef ${n}`).join('\n');
    parts.push(`namespace corpus_case_${i} {\n${defines}\n${body}\n${undefs}\n#undef FFI_LENS_LAST_ERROR\n}  // namespace corpus_case_${i}\n`);
  }
  writeFileSync(join(dir, 'all.cpp'), `${[...includes].join('\n')}\n${parts.join('\n')}`);
  if (compile('g++', ['-std=c++17', '-fsyntax-only', '-include', 'prelude.hpp', 'all.cpp'], dir) === '') return [];
  const failures: string[] = [];
  texts.forEach(({ name, text }, i) => {
    writeFileSync(join(dir, `case${i}.cpp`), text);
    const err = compile('g++', ['-std=c++17', '-fsyntax-only', '-include', 'prelude.hpp', `case${i}.cpp`], dir);
    if (err) failures.push(`[${name}] ${err}\n${text}`);
  });
  return failures.length ? failures : ['the cases compile one by one but not together: see all.cpp in ' + dir];
}

function preparedDir(): string {
  const dir = scratchDir();
  writeFileSync(join(dir, 'prelude.hpp'), PRELUDE);
  // A precompiled prelude: the standard headers are parsed once.
  assert.equal(compile('g++', ['-std=c++17', '-x', 'c++-header', 'prelude.hpp', '-o', 'prelude.hpp.gch'], dir), '');
  return dir;
}

test('every corpus case compiles with g++ -std=c++17', { timeout: 600_000 }, async () => {
  if (!haveTool('g++')) return;
  assert.deepEqual(await compileAll(ESCAPE_CORPUS.map((c) => ({ name: c.name, text: c.code })), preparedDir()), []);
});

test('on every reported corpus case, the preferred fix compiles and leaves nothing to report', { timeout: 600_000 }, async () => {
  const failures: string[] = [];
  const fixed: { name: string; text: string }[] = [];
  for (const c of ESCAPE_CORPUS) {
    if (!c.escapes.length) continue;
    const text = await cppFixed(c.code, CODES.escapes);
    if ((await cppDiagnostics(text, [CODES.escapes])).length) failures.push(`[${c.name}] still reported after the fix:\n${text}`);
    fixed.push({ name: c.name, text });
  }
  assert.ok(fixed.length >= 25);
  assert.deepEqual(failures, []);
  if (haveTool('g++')) assert.deepEqual(await compileAll(fixed, preparedDir()), []);
});
