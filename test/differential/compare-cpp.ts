// Compares our C++ class layouts with clang++'s, class by class and entry by
// entry (vtable pointer, base subobjects, members, to every depth), and runs one
// C++ corpus end to end. Shared by differential-cpp.test.ts and run-cpp.ts.
import { LayoutEngine } from '../../server/src/layout/engine.ts';
import type { LayoutAnswer, Target } from '../../server/src/layout/types.ts';
import { parseCppRecordLayouts, runClangCpp, type CppDumpRecord } from './clang-dump-cpp.ts';
import { generateCppCorpus, type CppCorpus } from './generate-cpp.ts';
import type { Mismatch } from './compare.ts';
import type { RecordDecl } from '../../server/src/base/model.ts';
import { CxxTraitsOracle } from '../../server/src/layout/cxx-traits.ts';

function key(path: string, offsetBits: number, bitWidth: number | undefined, primary: boolean): string {
  return `${path}@${offsetBits}${bitWidth !== undefined ? `:${bitWidth}` : ''}${primary ? ' (primary)' : ''}`;
}

export function diffCppRecord(theirs: CppDumpRecord, ours: LayoutAnswer): string | undefined {
  if ('unknown' in ours) return `we declined: ${ours.unknown}`;
  const problems: string[] = [];
  if (ours.size !== theirs.size) problems.push(`size ${ours.size} vs clang ${theirs.size}`);
  if (ours.align !== theirs.align) problems.push(`align ${ours.align} vs clang ${theirs.align}`);
  // Itanium dumps the data size: where a derived class may start (tail-padding reuse).
  if (theirs.dsize !== undefined && ours.cxx?.dsize !== theirs.dsize) problems.push(`dsize ${ours.cxx?.dsize ?? '(none)'} vs clang ${theirs.dsize}`);
  const a = ours.fields.map((f) => key(f.path.replace(/\(unnamed \d+\)/g, '(unnamed)'), f.offsetBits, f.bitfield ? f.sizeBits : undefined, f.subobject === 'primary-base'));
  const b = theirs.entries.map((e) => key(e.path, e.offsetBits, e.bitWidth, e.primary === true));
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      problems.push(`entry #${i}: ours ${a[i] ?? '(none)'} vs clang ${b[i] ?? '(none)'}`);
      break;
    }
  }
  return problems.length ? problems.join('; ') : undefined;
}

export type CppPipeline = (corpus: CppCorpus, target: Target) => Promise<ReadonlyMap<string, LayoutAnswer>>;

export const cppEnginePipeline: CppPipeline = async (corpus, target) => {
  const engine = new LayoutEngine(corpus.table, target);
  return new Map(corpus.records.map((r) => [r.name, engine.record(r.id)]));
};

export interface CppRunResult {
  readonly total: number;
  readonly matched: number;
  readonly mismatches: readonly Mismatch[];
  readonly source: string;
  readonly clangError?: string;
}

export async function runCppCorpus(o: { seed: number; target: Target; records: number; pipeline: CppPipeline }): Promise<CppRunResult> {
  const corpus = generateCppCorpus({ seed: o.seed, records: o.records });
  const clang = runClangCpp(corpus.source, o.target.triple);
  if (!clang.ok) {
    return { total: 0, matched: 0, mismatches: [], source: corpus.source, clangError: `clang++ exited ${clang.status}:\n${clang.stderr.slice(0, 4000)}` };
  }
  const theirs = parseCppRecordLayouts(clang.stdout);
  const ours = await o.pipeline(corpus, o.target);
  const mismatches: Mismatch[] = [];
  let matched = 0;
  for (const t of theirs) {
    const mine = ours.get(t.name);
    const why = mine === undefined ? 'our pipeline did not report this class' : diffCppRecord(t, mine);
    if (why === undefined) matched++;
    else mismatches.push({ name: t.name, reason: why });
  }
  return { total: theirs.length, matched, mismatches, source: corpus.source };
}

export interface TraitsResult {
  /** Verdicts checked (two per class). */
  readonly total: number;
  /** `C5 standard-layout` for each verdict clang++ contradicts. */
  readonly wrong: readonly string[];
  readonly clangError?: string;
}

/**
 * Our standard-layout and trivially-copyable verdicts for every generated class, checked by
 * clang++ itself: each becomes a static_assert on the compiler's own trait, and every failed
 * assertion is a verdict of ours that clang++ contradicts.
 */
export function checkCppTraits(seed: number, records: number, triple: string): TraitsResult {
  const corpus = generateCppCorpus({ seed, records });
  const oracle = new CxxTraitsOracle(corpus.table);
  const asserts: string[] = [];
  for (const r of corpus.records) {
    const t = oracle.traits(corpus.table.get(r.id) as RecordDecl)!;
    asserts.push(`static_assert(__is_standard_layout(${r.name}) == ${t.standardLayout}, "${r.name} standard-layout");`);
    asserts.push(`static_assert(__is_trivially_copyable(${r.name}) == ${t.triviallyCopyable}, "${r.name} trivially-copyable");`);
  }
  const run = runClangCpp(`${corpus.source}\n${asserts.join('\n')}\n`, triple, 'clang++', ['-ferror-limit=0']);
  const wrong = [...run.stderr.matchAll(/static_assert failed[^"]*"([^"]+)"|static assertion failed[^"]*"([^"]+)"/g)].map((m) => m[1] ?? m[2]!);
  if (!run.ok && wrong.length === 0) return { total: asserts.length, wrong, clangError: run.stderr.slice(0, 4000) };
  return { total: asserts.length, wrong };
}
