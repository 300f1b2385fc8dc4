// The preprocessor alone, on what the editor's first hover on a CPython extension does: the
// prelude of examples/cpython/keys.c (directives only, include path /usr/include/python3.11)
// for the six targets with one shared LexCache, as prelude.ts / translation-unit.ts call it.
// Also a file including sqlite3.h and one including zlib.h.
//
//   node --import tsx test/bench/preprocess-bench.ts [RUNS] [--shared-cache]
//   node --import tsx test/bench/preprocess-bench.ts [RUNS] --slices
//
// Each run is a fresh LexCache (headers lexed again, as on the server's first file); `first` is
// the first target of a run (lexing included), `rest` the other five (cache warm), `all` the six.
// --shared-cache: one LexCache for every run (the server when a file's directives change later).
// The first run in the process is reported on its own as `cold` (code not yet compiled by V8),
// the others as medians; `all cpu` is the process's CPU time for the six (GC threads included),
// steadier than wall time on a loaded machine. Files are read through one DiskFileSource, like the
// server's mtime cache.
// --slices: the same six runs through startPreprocess, step(0) until done (a pause at every pause
// point) and step(1). With step(0) the slicing is the same in every run, so each step's least time
// over the runs is its own work (no GC pause or other process in it): the longest of those is the
// longest uninterruptible piece. `max wall` is the longest step as measured, per run (median, max).
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { TARGETS } from '../../server/src/layout/targets.ts';
import { predefinedMacros } from '../../server/src/preproc/predefined.ts';
import { LexCache, preprocess, startPreprocess } from '../../server/src/preproc/preprocess.ts';
import { DiskFileSource, systemDirsFor } from '../../server/src/preproc/system.ts';
import { pythonInclude, ROOT } from '../support/preprocess-digest.ts';

const runs = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 15);
const sharedCache = process.argv.includes('--shared-cache') ? new LexCache() : undefined;
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const py = pythonInclude();
const workloads: Array<{ name: string; path: string; text: string; includeDirs: string[] }> = [
  ...(py ? [{ name: 'keys.c (Python.h)', path: join(ROOT, 'examples/cpython/keys.c'), text: readFileSync(join(ROOT, 'examples/cpython/keys.c'), 'utf8'), includeDirs: [py] }] : []),
  { name: 'sqlite3.h', path: join(ROOT, 'sqlite-user.c'), text: '#include <sqlite3.h>\nint x;\n', includeDirs: [] },
  { name: 'zlib.h', path: join(ROOT, 'zlib-user.c'), text: '#include <zlib.h>\nint x;\n', includeDirs: [] },
];
if (!py) console.error('!! Python.h is not installed (python3-dev): keys.c skipped');

const source = new DiskFileSource();
const settings = TARGETS.map((t) => ({ triple: t.triple, systemDirs: systemDirsFor(t.triple), predefined: predefinedMacros(t.triple, 'c') }));

function once(w: (typeof workloads)[number]): { first: number; rest: number; cpu: number; chars: number } {
  const cache = sharedCache ?? new LexCache();
  const c0 = process.cpuUsage();
  let first = 0;
  let chars = 0;
  const t0 = performance.now();
  for (const s of settings) {
    const r = preprocess(w.path, w.text, { includeDirs: w.includeDirs, systemDirs: s.systemDirs, predefined: s.predefined, mainDirectivesOnly: true }, source, cache);
    chars += r.text.length;
    if (first === 0) first = performance.now() - t0;
  }
  const c = process.cpuUsage(c0);
  return { first, rest: performance.now() - t0 - first, cpu: (c.user + c.system) / 1000, chars };
}

/** Step lengths of one run of the six targets through startPreprocess (by target, then step). */
function sliced(w: (typeof workloads)[number], budget: number): number[][] {
  const cache = sharedCache ?? new LexCache();
  return settings.map((s) => {
    const job = startPreprocess(w.path, w.text, { includeDirs: w.includeDirs, systemDirs: s.systemDirs, predefined: s.predefined, mainDirectivesOnly: true }, source, cache);
    const steps: number[] = [];
    for (;;) {
      const t0 = performance.now();
      const done = job.step(budget);
      steps.push(performance.now() - t0);
      if (done) return steps;
    }
  });
}

if (process.argv.includes('--slices')) {
  console.log(`load ${loadavg().map((x) => x.toFixed(2)).join(' ')}, ${runs} runs, ${sharedCache ? 'one LexCache for all runs' : 'fresh LexCache per run'}`);
  console.log('workload          budget  steps  longest step (least over runs)  max wall p50  max wall');
  for (const w of workloads) {
    for (const budget of [0, 1]) {
      sliced(w, budget);
      const least: number[][] = settings.map(() => []);
      const maxWall: number[] = [];
      let steps = 0;
      for (let k = 0; k < runs; k++) {
        const r = sliced(w, budget);
        steps = r.reduce((n, x) => n + x.length, 0);
        maxWall.push(Math.max(...r.flat()));
        r.forEach((x, t) => x.forEach((ms, i) => (least[t]![i] = Math.min(least[t]![i] ?? Infinity, ms))));
      }
      const longest = budget === 0 ? `${Math.max(...least.flat()).toFixed(2)} ms` : '-';
      console.log(`${w.name.padEnd(18)} ${String(budget).padStart(5)} ${String(steps).padStart(6)}  ${longest.padStart(30)}  ${`${median(maxWall).toFixed(1)} ms`.padStart(12)}  ${`${Math.max(...maxWall).toFixed(1)} ms`.padStart(8)}`);
    }
  }
  process.exit(0);
}

console.log(`load ${loadavg().map((x) => x.toFixed(2)).join(' ')}, ${runs} runs${sharedCache ? ', one LexCache for all runs' : ''}`);
console.log('workload            cold first  cold all   first p50   rest p50   all p50   all cpu p50  chars');
for (const w of workloads) {
  const cold = once(w);
  const firsts: number[] = [];
  const rests: number[] = [];
  const alls: number[] = [];
  const cpus: number[] = [];
  for (let k = 0; k < runs; k++) {
    const r = once(w);
    firsts.push(r.first);
    rests.push(r.rest);
    alls.push(r.first + r.rest);
    cpus.push(r.cpu);
  }
  const f = (x: number): string => `${x.toFixed(1)} ms`.padStart(10);
  console.log(`${w.name.padEnd(18)} ${f(cold.first)} ${f(cold.first + cold.rest)} ${f(median(firsts))} ${f(median(rests))} ${f(median(alls))}  ${f(median(cpus))}  ${cold.chars}`);
}
