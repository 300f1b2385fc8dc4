// Compares our layouts with clang's, record by record, and runs one corpus
// end to end. Shared by differential.test.ts and the `run.ts` CLI.
import type { LayoutAnswer } from '../../server/src/layout/types.ts';
import { LayoutEngine } from '../../server/src/layout/engine.ts';
import type { Target } from '../../server/src/layout/types.ts';
import { parseRecordLayouts, runClang, type DumpRecord } from './clang-dump.ts';
import { generateCorpus, type Corpus } from './generate.ts';

export interface Mismatch {
  readonly name: string;
  readonly reason: string;
}

export interface CorpusResult {
  readonly total: number;
  readonly matched: number;
  readonly mismatches: readonly Mismatch[];
}

/** One field as both sides are compared: `path@bits` or `path@bits:width`. */
function fieldKey(path: string, offsetBits: number, bitWidth: number | undefined): string {
  return `${path}@${offsetBits}${bitWidth !== undefined ? `:${bitWidth}` : ''}`;
}

/** Why `ours` differs from clang's `theirs`, or undefined when they agree exactly. */
export function diffRecord(theirs: DumpRecord, ours: LayoutAnswer): string | undefined {
  if ('unknown' in ours) return `we declined: ${ours.unknown}`;
  const problems: string[] = [];
  if (ours.size !== theirs.size) problems.push(`size ${ours.size} vs clang ${theirs.size}`);
  if (ours.align !== theirs.align) problems.push(`align ${ours.align} vs clang ${theirs.align}`);
  const a = ours.fields.map((f) =>
    fieldKey(f.path.replace(/\(unnamed \d+\)/g, '(unnamed)'), f.offsetBits, f.bitfield ? f.sizeBits : undefined));
  const b = theirs.fields.map((f) => fieldKey(f.path, f.offsetBits, f.bitWidth));
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) {
      problems.push(`field #${i}: ours ${a[i] ?? '(none)'} vs clang ${b[i] ?? '(none)'}`);
      break;
    }
  }
  return problems.length ? problems.join('; ') : undefined;
}

export type Pipeline = (corpus: Corpus, target: Target) => Promise<ReadonlyMap<string, LayoutAnswer>>;

/** Our answers straight from the engine, on the generator's own DeclTable. */
export const enginePipeline: Pipeline = async (corpus, target) => {
  const engine = new LayoutEngine(corpus.table, target);
  return new Map(corpus.records.map((r) => [r.name, engine.record(r.id)]));
};

export interface RunOptions {
  readonly seed: number;
  readonly target: Target;
  readonly records: number;
  readonly pipeline: Pipeline;
}

export interface RunResult extends CorpusResult {
  readonly source: string;
  readonly clangError?: string;
}

export async function runCorpus(o: RunOptions): Promise<RunResult> {
  const corpus = generateCorpus({ seed: o.seed, target: o.target, records: o.records });
  const clang = runClang(corpus.source, o.target.triple);
  if (!clang.ok) {
    return { total: 0, matched: 0, mismatches: [], source: corpus.source, clangError: `clang exited ${clang.status}:\n${clang.stderr.slice(0, 4000)}` };
  }
  const theirs = parseRecordLayouts(clang.stdout);
  const ours = await o.pipeline(corpus, o.target);
  const mismatches: Mismatch[] = [];
  let matched = 0;
  for (const t of theirs) {
    const mine = ours.get(t.name);
    const why = mine === undefined ? 'our pipeline did not report this record' : diffRecord(t, mine);
    if (why === undefined) matched++;
    else mismatches.push({ name: t.name, reason: why });
  }
  return { total: theirs.length, matched, mismatches, source: corpus.source };
}
