// Differential test for C++ classes: random classes (multiple inheritance,
// virtual functions, empty bases, bit-fields, [[no_unique_address]], alignas,
// references, static members, access specifiers, special members) laid out by
// clang++ 14 and by us, on every target; every class must agree on size,
// alignment and every entry of the dump (vtable pointer, base subobjects with
// the primary base marked, members, to every depth). Virtual inheritance is not
// generated: the engine declines it with a reason (checked in engine.test.ts).
// Two variants per target, as for C: the engine on the generator's DeclTable,
// and the pipeline (C++ text -> tree-sitter-cpp -> lower/cpp -> engine).
// Without clang++ the test fails on CI (CI=true) and is skipped, loudly, elsewhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TARGETS } from '../../server/src/layout/targets.ts';
import { clangAvailable, clangMajorVersion } from './clang-dump.ts';
import { checkCppTraits, cppEnginePipeline, runCppCorpus, type CppPipeline, type CppRunResult } from './compare-cpp.ts';
import { cppFrontEndPipeline } from './frontend-cpp.ts';

const SEEDS: Record<'engine' | 'pipeline', readonly number[]> = {
  engine: [11, 22, 33, 44],
  pipeline: [11, 22, 33, 44],
};
const CLASSES_PER_SEED = 200;

const haveClang = clangAvailable('clang++');
const onCi = process.env['CI'] === 'true';
if (!haveClang && !onCi) {
  process.stderr.write(
    '\n!!! C++ differential test SKIPPED: `clang++` (clang 14 with -fdump-record-layouts) is not on PATH.\n' +
      '!!! Install clang to check the C++ layout engine against a real compiler.\n\n',
  );
}
const major = haveClang ? clangMajorVersion('clang++') : undefined;
if (haveClang && major !== 14) {
  process.stderr.write(`\n!!! C++ differential test runs against clang ${major ?? '(unknown version)'}, but the MSVC rules follow clang 14 (which ignores [[no_unique_address]] there).\n\n`);
}

function report(r: CppRunResult, label: string): string {
  const lines = r.mismatches.slice(0, 15).map((m) => `  ${m.name}: ${m.reason}`);
  return `${label}: ${r.matched}/${r.total} classes exact\n${lines.join('\n')}`;
}

for (const target of TARGETS) {
  for (const [variant, pipeline] of [['engine', cppEnginePipeline], ['pipeline', cppFrontEndPipeline]] as const satisfies readonly (readonly [string, CppPipeline])[]) {
    test(`C++ differential vs clang++: ${variant}, ${target.triple}`, { skip: !haveClang && !onCi }, async () => {
      assert.ok(haveClang, 'clang++ is required for the C++ differential test on CI (CI=true) but is not on PATH');
      const results: CppRunResult[] = [];
      for (const seed of SEEDS[variant]) {
        const r = await runCppCorpus({ seed, target, records: CLASSES_PER_SEED, pipeline });
        assert.equal(r.clangError, undefined, `generated C++ was rejected by clang++ for ${target.triple}, seed ${seed}: ${r.clangError}`);
        assert.ok(r.total >= CLASSES_PER_SEED, `only ${r.total} classes dumped for seed ${seed}`);
        results.push(r);
      }
      const total = results.reduce((a, r) => a + r.total, 0);
      const matched = results.reduce((a, r) => a + r.matched, 0);
      const detail = results.map((r, i) => report(r, `seed ${SEEDS[variant][i]}`)).join('\n');
      assert.equal(matched, total, `${variant} on ${target.triple}: ${matched}/${total} classes exact\n${detail}`);
    });
  }
}

// The hover's verdicts (standard-layout, trivially copyable) checked by clang++'s own traits;
// they depend on declarations only, so one target suffices.
test('C++ differential vs clang++: standard-layout and trivially-copyable verdicts', { skip: !haveClang && !onCi }, () => {
  assert.ok(haveClang, 'clang++ is required for the C++ differential test on CI (CI=true) but is not on PATH');
  for (const seed of SEEDS.engine) {
    const r = checkCppTraits(seed, CLASSES_PER_SEED, 'x86_64-unknown-linux-gnu');
    assert.equal(r.clangError, undefined, `clang++ failed on the traits check, seed ${seed}: ${r.clangError}`);
    assert.deepEqual(r.wrong, [], `seed ${seed}: ${r.wrong.length}/${r.total} verdicts contradicted by clang++`);
  }
});
