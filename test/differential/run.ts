// CLI for iterating on mismatches:
//   node --import tsx test/differential/run.ts [target] [seed] [records] [--pipeline] [--show NAME]
import { findTarget, TARGETS } from '../../server/src/layout/targets.ts';
import { enginePipeline, runCorpus, type Pipeline } from './compare.ts';

const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));
const pos = args.filter((a) => !a.startsWith('--'));
const showIdx = args.indexOf('--show');
const show = showIdx >= 0 ? args[showIdx + 1] : undefined;
const targets = pos[0] && pos[0] !== 'all' ? [findTarget(pos[0])!] : TARGETS;
const seed = Number(pos[1] ?? 1);
const records = Number(pos[2] ?? 100);

async function pipeline(): Promise<Pipeline> {
  if (!flags.has('--pipeline')) return enginePipeline;
  const { frontEndPipeline } = await import('./frontend.ts');
  return frontEndPipeline;
}

async function main(): Promise<void> {
const p = await pipeline();
for (const target of targets) {
  const r = await runCorpus({ seed, target, records, pipeline: p });
  if (r.clangError) {
    console.log(`${target.triple}: ${r.clangError}`);
    continue;
  }
  console.log(`${target.triple}: ${r.matched}/${r.total}`);
  for (const m of r.mismatches.slice(0, 8)) console.log(`  ${m.name}: ${m.reason}`);
  if (show) {
    const re = new RegExp(`(struct|union|typedef struct|typedef union) ${show} \\{[\\s\\S]*?\\n\\}[^\\n]*;`);
    console.log(re.exec(r.source)?.[0] ?? r.source);
  }
}
}

void main();
