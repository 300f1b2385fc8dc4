// Lowering alone, for working on the C front end (`npm run bench` is the full picture):
//
//   node --import tsx test/bench/lower-bench.ts [RUNS] [--dump DIR] [--only] [FILE.h ...]
//
// Times lowering (median of RUNS after one warm-up, each on a fresh CFileAnalysis
// of the same tree) and the records' layout on the bench's generated 100k-line
// file, sqlite3.h and any FILEs (--only: just the FILEs). --dump DIR writes each
// file's lowering as JSON, so the output of two versions can be diffed
// (RUNS 0: dump only). `cpu` is the process's CPU time while lowering (all threads, so GC
// helpers count), steadier than wall time on a loaded machine.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { AnalysisHost, DEFAULT_CONFIG } from '../../server/src/ide/analysis.ts';
import { CFileAnalysis } from '../../server/src/ide/c-file.ts';
import { generateC } from './bench.ts';

const args = process.argv.slice(2);
const dumpAt = args.indexOf('--dump');
const dumpDir = dumpAt >= 0 ? args[dumpAt + 1] : undefined;
const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 7);
const only = args.includes('--only');
const extra = args.filter((a) => /\.[ch]$/.test(a));

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const host = await AnalysisHost.create();
  const target = DEFAULT_CONFIG.targets[0]!;
  const files: Array<[string, string]> = only ? [] : [['generated-100k.c', generateC(100_000)]];
  for (const p of [...(only ? [] : ['/usr/include/sqlite3.h']), ...extra]) if (existsSync(p)) files.push([p, readFileSync(p, 'utf8')]);

  for (const [name, text] of files) {
    const file = host.openFile(name, 'c', text);
    if (!file.tree) throw new Error(`${name}: ${file.problem ?? 'no tree'}`);
    const lower: number[] = [];
    const lowerCpu: number[] = [];
    const layout: number[] = [];
    for (let r = 0; r <= runs; r++) {
      const analysis = new CFileAnalysis(file.tree, (t) => host.parsers.parse('c', t), file.syntaxNotes);
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const lowered = analysis.file(target);
      const t1 = performance.now();
      const c1 = process.cpuUsage(c0);
      analysis.records(target);
      const t2 = performance.now();
      if (r > 0) {
        lower.push(t1 - t0);
        lowerCpu.push((c1.user + c1.system) / 1000);
        layout.push(t2 - t1);
      } else if (dumpDir) {
        const out = {
          decls: lowered.table.decls, problems: lowered.problems, variables: lowered.variables,
          targetDependent: lowered.targetDependent, tags: [...lowered.tags], typedefs: [...lowered.typedefs],
        };
        writeFileSync(`${dumpDir}/${name.replace(/\W/g, '_')}.json`, JSON.stringify(out, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v), 1));
      }
    }
    file.dispose();
    if (runs === 0) continue;
    console.log(`${name}: lower ${median(lower).toFixed(1)} ms [${lower.map((x) => x.toFixed(0)).join(' ')}] (cpu ${median(lowerCpu).toFixed(1)} ms), layout ${median(layout).toFixed(1)} ms, load ${loadavg()[0]!.toFixed(2)}`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
