// CLI for iterating on C++ mismatches:
//   node --import tsx test/differential/run-cpp.ts [target|all] [seed] [classes] [--pipeline] [--show NAME]
import { findTarget, TARGETS } from '../../server/src/layout/targets.ts';
import { cppEnginePipeline, runCppCorpus, type CppPipeline } from './compare-cpp.ts';

const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));
const showIdx = args.indexOf('--show');
const show = showIdx >= 0 ? args[showIdx + 1] : undefined;
const pos = args.filter((a, i) => !a.startsWith("--") && !(showIdx >= 0 && i === showIdx + 1));
const targets = pos[0] && pos[0] !== 'all' ? [findTarget(pos[0])!] : TARGETS;
const seed = Number(pos[1] ?? 1);
const records = Number(pos[2] ?? 100);

async function main(): Promise<void> {
  const pipeline: CppPipeline = flags.has('--pipeline') ? (await import('./frontend-cpp.ts')).cppFrontEndPipeline : cppEnginePipeline;
  for (const target of targets) {
    const r = await runCppCorpus({ seed, target, records, pipeline });
    if (r.clangError) {
      console.log(`${target.triple}: ${r.clangError}`);
      continue;
    }
    console.log(`${target.triple}: ${r.matched}/${r.total}`);
    for (const m of r.mismatches.slice(0, 8)) console.log(`  ${m.name}: ${m.reason}`);
    if (show) console.log(new RegExp(`(struct|class|union)( alignas\\(\\d+\\))? ${show}\\b[\\s\\S]*?\\n\\};`).exec(r.source)?.[0]);
  }
}

void main();
