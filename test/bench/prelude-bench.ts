// A C prelude's build time with and without blanking its headers' function prototypes
// (syntax/c-prototypes.ts), interleaved in one process:
//
//   node --import tsx test/bench/prelude-bench.ts [RUNS] [FILE.c] [--include DIR ...] [--fresh]
//
// Defaults: examples/cpython/keys.c with the newest /usr/include/python3.* as an include dir.
// Each run builds the six targets' preludes in order once per mode, the modes alternating which
// goes first, as when the file is opened: no tree is kept for the first target (its parse is a
// fresh one), each later target reuses the previous target's tree as the editor does (--fresh:
// every parse is a fresh one). The preprocessor's lexed files are cached (warm, as after the
// first open). Prints medians per target and for the six together, the parse's share
// (tree-sitter) and the load average.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { AnalysisHost } from '../../server/src/ide/analysis.ts';
import { buildPrelude } from '../../server/src/ide/prelude.ts';
import { WorkspaceIncludes } from '../../server/src/ide/workspace-includes.ts';
import { TARGETS } from '../../server/src/layout/targets.ts';

const args = process.argv.slice(2);
const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 11);
const file = resolve(args.find((a) => /\.[ch]$/.test(a)) ?? join(__dirname, '..', '..', 'examples', 'cpython', 'keys.c'));
const fresh = args.includes('--fresh');
const includeDirs: string[] = [];
for (let i = 0; i < args.length; i++) if (args[i] === '--include') includeDirs.push(args[++i]!);
if (!includeDirs.length) {
  const py = readdirSync('/usr/include').filter((d) => /^python3\.\d+$/.test(d)).sort().pop();
  if (py && existsSync(join('/usr/include', py, 'Python.h'))) includeDirs.push(join('/usr/include', py));
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

async function main(): Promise<void> {
  const host = await AnalysisHost.create();
  const parsers = host.parsers;
  const includes = new WorkspaceIncludes(() => ({ includeDirs, quoteDirs: [], defines: [], undefines: [], forcedIncludes: [] }));
  const text = readFileSync(file, 'utf8');
  // The parse's own time, read around Parsers.parseReusing.
  let parseMs = 0;
  const parseReusing = parsers.parseReusing.bind(parsers);
  parsers.parseReusing = (...a: Parameters<typeof parseReusing>) => {
    const t0 = performance.now();
    try {
      return parseReusing(...a);
    } finally {
      parseMs += performance.now() - t0;
    }
  };
  const modes = [['blanked', undefined], ['as is', false]] as const;
  const times = new Map<string, { total: number[]; parse: number[] }>();
  const key = (mode: string, target: string) => `${mode}\0${target}`;
  const build = (withoutPrototypes: boolean | undefined, record: boolean) => {
    for (const target of TARGETS) {
      if (fresh || target === TARGETS[0]) parsers.forgetPrevious();
      parseMs = 0;
      const t0 = performance.now();
      buildPrelude(parsers, file, text, includes, target, 'c', withoutPrototypes);
      const total = performance.now() - t0;
      if (!record) continue;
      const mode = withoutPrototypes === false ? 'as is' : 'blanked';
      for (const k of [key(mode, target.triple), key(mode, 'six')]) {
        let e = times.get(k);
        if (!e) times.set(k, (e = { total: [], parse: [] }));
        if (k.endsWith('six')) {
          // Summed per run below.
          continue;
        }
        e.total.push(total);
        e.parse.push(parseMs);
      }
    }
  };
  console.log(`${file} (include dirs: ${includeDirs.join(', ') || 'none'}), ${runs} runs${fresh ? ', every parse fresh' : ''}; load at start ${load()}`);
  // Warm-up: the lexed headers cached, the engine's code optimised.
  for (let i = 0; i < 2; i++) for (const [, flag] of modes) build(flag, false);
  for (let run = 0; run < runs; run++) {
    const order = run % 2 === 0 ? modes : [...modes].reverse();
    for (const [, flag] of order) build(flag, true);
  }
  const rows: string[] = [];
  for (const target of [...TARGETS.map((t) => t.triple)]) {
    const cell = (mode: string) => {
      const e = times.get(key(mode, target))!;
      return `${median(e.total).toFixed(1)} ms (parse ${median(e.parse).toFixed(1)})`;
    };
    rows.push(`  ${target.padEnd(32)} blanked ${cell('blanked').padEnd(24)} as is ${cell('as is')}`);
  }
  const six = (mode: string) => {
    const per = TARGETS.map((t) => times.get(key(mode, t.triple))!.total);
    return median(per[0]!.map((_, run) => per.reduce((s, xs) => s + xs[run]!, 0)));
  };
  console.log(rows.join('\n'));
  console.log(`  ${'six targets, summed per run'.padEnd(32)} blanked ${six('blanked').toFixed(1)} ms${' '.repeat(14)} as is ${six('as is').toFixed(1)} ms`);
  console.log(`load at end ${load()}`);
  parsers.forgetPrevious();
}

void main();
