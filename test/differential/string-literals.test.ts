// sizeof of string literals (escapes, UTF-8, u/U/L prefixes, adjacent literals)
// against clang on every target, in C and in C++ (clang++ -std=c++20): array members sized by
// them must lay out as clang lays them out.
// Without clang the test fails on CI (CI=true) and is skipped, loudly, elsewhere.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { layoutsOfC } from '../../server/src/ide/analysis.ts';
import { TARGETS } from '../../server/src/layout/targets.ts';
import { isUnknown, type RecordLayout } from '../../server/src/layout/types.ts';
import { clangAvailable, parseRecordLayouts, runClang } from './clang-dump.ts';
import { parseCppRecordLayouts, runClangCpp } from './clang-dump-cpp.ts';

const haveClang = clangAvailable();
const onCi = process.env['CI'] === 'true';
if (!haveClang && !onCi) process.stderr.write('\n!!! string-literal sizeof test SKIPPED: `clang` is not on PATH.\n\n');

const SOURCE = String.raw`struct literal_sizes {
  char empty[sizeof ""];
  char escapes[sizeof "ab\n\x41\101\0\"\\"];
  char octal_run[sizeof "\1234"];
  char utf8[sizeof "é😀"];
  char ucn[sizeof "\u00e9\U0001F600"];
  char u8[sizeof u8"é"];
  char utf16[sizeof u"é😀"];
  char utf32[sizeof U"é😀"];
  char wide[sizeof L"ab😀"];
  char joined[sizeof "a" "bc" L"d"];
  char parenthesized[sizeof("xyz")];
};
`;

for (const target of TARGETS) {
  test(`sizeof of string literals vs clang: ${target.triple}`, { skip: !haveClang && !onCi }, async () => {
    assert.ok(haveClang, 'clang is required on CI (CI=true) but is not on PATH');
    const run = runClang(SOURCE + 'int use = sizeof(struct literal_sizes);\n', target.triple);
    assert.ok(run.ok, run.stderr);
    const theirs = parseRecordLayouts(run.stdout).find((r) => r.name === 'literal_sizes');
    assert.ok(theirs, run.stdout.slice(0, 400));
    const answer = (await layoutsOfC(SOURCE, target.triple)).find((r) => r.name === 'literal_sizes')?.layout;
    assert.ok(answer && !isUnknown(answer), JSON.stringify(answer));
    const ours: RecordLayout = answer;
    assert.equal(ours.size, theirs.size, 'size');
    assert.equal(theirs.fields.length, 11);
    for (const field of theirs.fields) {
      const mine = ours.fields.find((f) => f.path === field.path);
      assert.ok(mine, `member ${field.path}`);
      assert.equal(mine.offsetBits, field.offsetBits, `offset of ${field.path}`);
    }
  });
}

for (const target of TARGETS) {
  test(`sizeof of string literals vs clang++: ${target.triple}`, { skip: !haveClang && !onCi }, async () => {
    assert.ok(haveClang, 'clang is required on CI (CI=true) but is not on PATH');
    const run = runClangCpp(SOURCE + 'int use = sizeof(literal_sizes);\n', target.triple);
    assert.ok(run.ok, run.stderr);
    const theirs = parseCppRecordLayouts(run.stdout).find((r) => r.name === 'literal_sizes');
    assert.ok(theirs, run.stdout.slice(0, 400));
    const answer = (await layoutsOfC(SOURCE, target.triple, 'cpp')).find((r) => r.name === 'literal_sizes')?.layout;
    assert.ok(answer && !isUnknown(answer), JSON.stringify(answer));
    const ours: RecordLayout = answer;
    assert.equal(ours.size, theirs.size, 'size');
    assert.equal(theirs.entries.length, 11);
    for (const entry of theirs.entries) {
      const mine = ours.fields.find((f) => f.path === entry.path);
      assert.ok(mine, `member ${entry.path}`);
      assert.equal(mine.offsetBits, entry.offsetBits, `offset of ${entry.path}`);
    }
  });
}
