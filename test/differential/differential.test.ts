// Differential test: random C records, laid out by clang 14 and by us, on
// every target; every record must agree on size, alignment and every field's
// bit offset (and width, for bit-fields). Two variants per target:
//  - engine: the generator's own DeclTable straight into the layout engine,
//    which isolates the ABI algorithms;
//  - pipeline: the C text through the front end (layoutsOfC) and the engine,
//    which is what users get.
// Without clang the test fails on CI (CI=true) and is skipped, loudly, elsewhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TARGETS } from '../../server/src/layout/targets.ts';
import { clangAvailable, clangMajorVersion } from './clang-dump.ts';
import { enginePipeline, runCorpus, type Pipeline, type RunResult } from './compare.ts';
import { frontEndPipeline } from './frontend.ts';

// The engine variant is cheap, so it gets more corpora than the pipeline one.
const SEEDS: Record<'engine' | 'pipeline', readonly number[]> = {
  engine: [101, 202, 303, 404, 505, 606, 707, 808],
  pipeline: [101, 202, 303, 404],
};
const RECORDS_PER_SEED = 150;

const haveClang = clangAvailable();
const onCi = process.env['CI'] === 'true';
if (!haveClang && !onCi) {
  process.stderr.write(
    '\n!!! differential test SKIPPED: `clang` (clang 14 with -fdump-record-layouts) is not on PATH.\n' +
      '!!! Install clang to check the layout engine against a real compiler.\n\n',
  );
}

// The targets' scalar tables and the expected layouts were taken from clang 14;
// another major version may legitimately differ (e.g. _Float16 on x86-64 from 15).
const major = haveClang ? clangMajorVersion() : undefined;
if (haveClang && major !== 14) {
  process.stderr.write(`\n!!! differential test runs against clang ${major ?? '(unknown version)'}, but the targets were derived from clang 14.\n\n`);
}

function report(r: RunResult, label: string): string {
  const lines = r.mismatches.slice(0, 15).map((m) => `  ${m.name}: ${m.reason}`);
  return `${label}: ${r.matched}/${r.total} records exact\n${lines.join('\n')}`;
}

for (const target of TARGETS) {
  for (const [variant, pipeline] of [['engine', enginePipeline], ['pipeline', frontEndPipeline]] as const satisfies readonly (readonly [string, Pipeline])[]) {
    test(`differential vs clang: ${variant}, ${target.triple}`, { skip: !haveClang && !onCi }, async () => {
      assert.ok(haveClang, 'clang is required for the differential test on CI (CI=true) but is not on PATH');
      const results: RunResult[] = [];
      for (const seed of SEEDS[variant]) {
        const r = await runCorpus({ seed, target, records: RECORDS_PER_SEED, pipeline });
        assert.equal(r.clangError, undefined, `generated C was rejected by clang for ${target.triple}, seed ${seed}: ${r.clangError}`);
        // A corpus that produced next to nothing would make the test vacuous.
        assert.ok(r.total >= RECORDS_PER_SEED, `only ${r.total} records dumped for seed ${seed}`);
        results.push(r);
      }
      const total = results.reduce((a, r) => a + r.total, 0);
      const matched = results.reduce((a, r) => a + r.matched, 0);
      const detail = results.map((r, i) => report(r, `seed ${SEEDS[variant][i]}`)).join('\n');
      assert.equal(matched, total, `${variant} on ${target.triple}: ${matched}/${total} records exact\n${detail}`);
    });
  }
}
