// Precision and recall of the exception-escape diagnostics (cpp-exception-escapes-c
// and cpp-noexcept-throws) on the labelled corpus, and a compile of every case
// with g++ so the corpus is real C++. Prints the figures; asserts both >= 0.95.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { cppFileModel } from '../../server/src/cpp/file-model.ts';
import { compile, cppDiagnostics, cppFixed, haveTool, scratchDir } from '../support/cpp.ts';
import { sharedHost } from '../support/fixture.ts';
import { applyPreferredFixes } from '../../server/src/cli/check-command.ts';
import { AnalysisHost, DEFAULT_CONFIG, type Diagnostic } from '../../server/src/ide/analysis.ts';
import { LexCache } from '../../server/src/preproc/preprocess.ts';
import { ESCAPE_CORPUS, PRELUDE, type EscapeCase } from './escape-corpus.ts';

const ROOT = '/corpus';

/**
 * The diagnostics of a case: alone, or for a case with other files as `src/api.cpp` of a workspace
 * holding them (read through the Workspace and include provider the CLI and the server give).
 */
async function caseDiagnostics(c: EscapeCase, text: string, codes: readonly string[]): Promise<Diagnostic[]> {
  if (!c.files) return cppDiagnostics(text, codes);
  const files = new Map(Object.entries(c.files).map(([p, t]) => [`${ROOT}/${p}`, t]));
  const host = await AnalysisHost.create({ readFile: (p) => files.get(p) });
  host.setIncludeProvider({
    source: { read: (p) => (files.has(p) ? { text: files.get(p)!, version: '1' } : undefined) },
    cache: new LexCache(),
    settingsFor: () => ({ includeDirs: [`${ROOT}/include`], systemDirs: [], defines: [], undefines: [], forcedIncludes: [] }),
  });
  const file = host.openFile(`${ROOT}/src/api.cpp`, 'cpp', text);
  try {
    return host.diagnostics(file, DEFAULT_CONFIG, (what, e) => { throw new Error(`${what}: ${String(e)}`); }).filter((d) => codes.includes(d.code));
  } finally {
    file.dispose();
  }
}

/** A multi-file case written out and each of its source files compiled; returns the errors. */
function compileWithFiles(name: string, main: string, files: Readonly<Record<string, string>>, dir: string): string[] {
  const root = join(dir, name.replace(/[^a-z0-9]+/gi, '_'));
  const all = { ...files, 'src/api.cpp': main };
  for (const [p, t] of Object.entries(all)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), t);
  }
  return Object.keys(all).filter((p) => p.endsWith('.cpp'))
    .map((p) => compile('g++', ['-std=c++17', '-fsyntax-only', '-include', join(dir, 'prelude.hpp'), '-Iinclude', p], root))
    .filter((e) => e !== '').map((e) => `[${name}] ${e}`);
}

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
    const found = new Set((await caseDiagnostics(c, text, Object.values(CODES))).map((d) => `${d.code} ${text.slice(d.start, d.end)}`));
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
  const dir = preparedDir();
  assert.deepEqual(await compileAll(ESCAPE_CORPUS.filter((c) => !c.files).map((c) => ({ name: c.name, text: c.code })), dir), []);
  assert.deepEqual(ESCAPE_CORPUS.flatMap((c) => (c.files ? compileWithFiles(c.name, c.code, c.files, dir) : [])), []);
});

test('on every reported corpus case, the preferred fix compiles and leaves nothing to report', { timeout: 600_000 }, async () => {
  const failures: string[] = [];
  const fixed: { name: string; text: string }[] = [];
  const fixedWithFiles: { c: EscapeCase; text: string }[] = [];
  for (const c of ESCAPE_CORPUS) {
    if (!c.escapes.length) continue;
    const text = c.files ? applyPreferredFixes(c.code, await caseDiagnostics(c, c.code, [CODES.escapes])).text : await cppFixed(c.code, CODES.escapes);
    if (text === c.code) failures.push(`[${c.name}] no fix applied`);
    if ((await caseDiagnostics(c, text, [CODES.escapes])).length) failures.push(`[${c.name}] still reported after the fix:\n${text}`);
    if (c.files) fixedWithFiles.push({ c, text });
    else fixed.push({ name: c.name, text });
  }
  assert.ok(fixed.length >= 25);
  assert.ok(fixedWithFiles.length >= 2);
  assert.deepEqual(failures, []);
  if (haveTool('g++')) {
    const dir = preparedDir();
    assert.deepEqual(await compileAll(fixed, dir), []);
    assert.deepEqual(fixedWithFiles.flatMap(({ c, text }) => compileWithFiles(c.name, text, c.files!, dir)), []);
  }
});
