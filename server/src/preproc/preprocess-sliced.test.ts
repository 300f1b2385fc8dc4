// startPreprocess: a run done a slice at a time gives what preprocess gives, pauses at the start
// and end of included files and within long files, and its time limit counts only the time spent
// in steps. (preprocess-golden.test.ts checks the same on real headers, six targets interleaved.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { LexCache, preprocess, startPreprocess, type FileSource, type PreprocessOptions, type PreprocessResult } from './preprocess.ts';

function memory(files: Record<string, string>, onRead?: () => void): FileSource {
  return {
    read: (p) => {
      onRead?.();
      return files[p] !== undefined ? { text: files[p]!, version: '1' } : undefined;
    },
  };
}

const OPTIONS: PreprocessOptions = { includeDirs: ['/inc'], systemDirs: [], predefined: '#define __x86_64__ 1\n' };

/** What a result says, comparable with deepEqual (the map at every offset). */
function view(r: PreprocessResult): unknown {
  const origins: string[] = [];
  for (let o = 0; o <= r.text.length; o++) {
    const t = r.map.token(o);
    origins.push(t ? `${t.file}:${t.offset}:${t.outStart}` : '-');
  }
  return { text: r.text, problems: r.problems, files: r.files, deps: [...r.dependencies], macros: [...r.macros()], fl: [...r.functionLikeMacros()], origins, preamble: r.preamble !== undefined, resumed: r.resumed };
}

/** Steps with budget 0 until done; the result and how many steps it took. */
function drive(job: ReturnType<typeof startPreprocess>): { result: PreprocessResult; steps: number } {
  for (let steps = 1; ; steps++) {
    const r = job.step(0);
    if (r) return { result: r, steps };
    assert.equal(job.done, false);
  }
}

// Headers that include each other, a macro used across lines, a long header (300 lines), a guard and
// #pragma once; edge.h's text runs end at a pause point (line 63, a directive) and one macro use
// spans the next one (line 127).
const EDGE = [
  ...Array.from({ length: 63 }, (_, k) => `int e${k};`),
  '#define EDGE 1',
  ...Array.from({ length: 62 }, (_, k) => `int f${k} = EDGE;`),
  'PAIR(edge,',
  '  spans);',
  'int edge_end;',
].join('\n') + '\n';
const FILES: Record<string, string> = {
  '/inc/edge.h': EDGE,
  '/inc/a.h': '#ifndef A_H\n#define A_H\n#include "b.h"\n#define PAIR(x, y) struct x { int y; }\nPAIR(\n  pa, m\n);\n#endif\n',
  '/inc/b.h': '#pragma once\n#include <c.h>\ntypedef long b_t;\n',
  '/inc/c.h': '#pragma once\n#define C_N 3\nint c[C_N];\n',
  '/inc/long.h': Array.from({ length: 300 }, (_, k) => (k % 7 === 0 ? `#define L${k} ${k}` : `int l${k} = L${k - (k % 7)} +\n  1;`)).join('\n') + '\n',
};
const MAIN = '#include <a.h>\n#include <a.h>\n#include "b.h"\n#include <long.h>\n#include <edge.h>\nstruct s { PAIR(t, u) v; b_t w; };\nint n = C_N + L294;\n';

test('a sliced run pauses at its includes and within a long file, and gives what preprocess gives', () => {
  const source = memory(FILES);
  const whole = preprocess('/src/main.c', MAIN, OPTIONS, source);
  assert.deepEqual(whole.problems, []);
  assert.match(whole.text, /struct pa \{ int m; \}/);
  assert.match(whole.text, /int e62;\s+int f0 = 1;[^]*struct edge \{ int spans; \}/);
  const job = startPreprocess('/src/main.c', MAIN, OPTIONS, source);
  assert.equal(job.done, false);
  const { result, steps } = drive(job);
  assert.deepEqual(view(result), view(whole));
  // Each #include is a pause point at its start and, once read, at its end; long.h's 600 lines and edge.h's 129 are ~11 more.
  assert.ok(steps >= 12, `${steps} steps`);
  assert.equal(job.done, true);
  assert.equal(job.step(0), result, 'a finished job answers its result again');
  // A large budget does it in one step.
  assert.deepEqual(view(startPreprocess('/src/main.c', MAIN, OPTIONS, source).step(60_000)!), view(whole));
});

test('sliced directives-only and resumed runs, interleaved on one LexCache, give what preprocess gives, preamble included', () => {
  const source = memory(FILES);
  const cache = new LexCache();
  const main = `${MAIN}${Array.from({ length: 200 }, (_, k) => `int m${k} = L${k - (k % 7)};`).join('\n')}\n`;
  const directives = { ...OPTIONS, mainDirectivesOnly: true };
  const other = { ...OPTIONS, predefined: '#define __i386__ 1\n', defines: [['C_N', '5']] as Array<[string, string]> };
  const jobs = [startPreprocess('/src/main.c', main, directives, source, cache), startPreprocess('/src/main.c', main, other, source, cache)];
  const results: Array<PreprocessResult | undefined> = [undefined, undefined];
  let steps = 0;
  while (!results[0] || !results[1]) {
    for (const k of [0, 1]) if (!results[k]) results[k] = jobs[k]!.step(0);
    steps++;
  }
  assert.ok(steps >= 10, `${steps} steps`);
  const wholeDirectives = preprocess('/src/main.c', main, directives, source);
  assert.deepEqual(view(results[0]!), view(wholeDirectives));
  assert.deepEqual(view(results[1]!), view(preprocess('/src/main.c', main, other, source)));
  // The sliced run's preamble resumes as the whole run's does, sliced or not (and the main file's 200 lines pause too).
  const edited = `${main}int edit = L7 + C_N;\n`;
  const fromWhole = preprocess('/src/main.c', edited, { ...OPTIONS, resume: wholeDirectives.preamble }, source);
  assert.equal(fromWhole.resumed, true);
  assert.deepEqual(view(preprocess('/src/main.c', edited, { ...OPTIONS, resume: results[0]!.preamble }, source)), view(fromWhole));
  const resumed = drive(startPreprocess('/src/main.c', edited, { ...OPTIONS, resume: results[0]!.preamble }, source, cache));
  assert.deepEqual(view(resumed.result), view(fromWhole));
  assert.ok(resumed.steps >= 3, `${resumed.steps} steps`);
});

test('the time limit counts the time spent in steps, not the pauses between them', async () => {
  const source = memory(FILES);
  const options = { ...OPTIONS, limits: { milliseconds: 300 } };
  const whole = preprocess('/src/main.c', MAIN, options, source);
  assert.deepEqual(whole.problems, []);
  // Paused longer than the limit, twice: still done, with no time-limit problem.
  const job = startPreprocess('/src/main.c', MAIN, options, source);
  assert.equal(job.step(0), undefined);
  await sleep(400);
  assert.equal(job.step(0), undefined);
  await sleep(400);
  const { result } = drive(job);
  assert.deepEqual(view(result), view(whole));

  // Work in steps counts, summed over steps: each header read here takes 20 ms, 4 headers in
  // separate steps (80 ms) against a 50 ms limit stop the run as a whole run is stopped.
  const busy = (): void => {
    const until = performance.now() + 20;
    while (performance.now() < until) { /* a slow disk */ }
  };
  const headers: Record<string, string> = {};
  for (let k = 0; k < 4; k++) headers[`/inc/h${k}.h`] = `#pragma once\nint h${k};\n`;
  const slowMain = [0, 1, 2, 3].map((k) => `#include <h${k}.h>`).join('\n') + '\n';
  const limited = { ...OPTIONS, limits: { milliseconds: 50 } };
  const stopped = (r: PreprocessResult): boolean => r.problems.some((p) => /time limit/.test(p.message));
  assert.ok(stopped(preprocess('/src/main.c', slowMain, limited, memory(headers, busy))), 'the whole run is stopped');
  const slow = startPreprocess('/src/main.c', slowMain, limited, memory(headers, busy));
  const sliced = drive(slow);
  assert.ok(sliced.steps >= 4, `${sliced.steps} steps`);
  assert.ok(stopped(sliced.result), 'the sliced run is stopped too');
});
