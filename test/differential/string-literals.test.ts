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

interface Dumped {
  readonly run: { readonly ok: boolean; readonly stdout: string; readonly stderr: string };
  /** clang's `literal_sizes`: size and each member's offset (undefined when it dumped none). */
  readonly record: { readonly size: number; readonly members: readonly { readonly path: string; readonly offsetBits: number }[] } | undefined;
}

/** Both languages the same way: clang's dump of `literal_sizes` against our layout of it. */
const LANGUAGES: ReadonlyArray<{ language: 'c' | 'cpp'; compiler: string; dump: (triple: string) => Dumped }> = [
  {
    language: 'c',
    compiler: 'clang',
    dump: (triple) => {
      const run = runClang(SOURCE + 'int use = sizeof(struct literal_sizes);\n', triple);
      const r = parseRecordLayouts(run.stdout).find((x) => x.name === 'literal_sizes');
      return { run, record: r && { size: r.size, members: r.fields } };
    },
  },
  {
    language: 'cpp',
    compiler: 'clang++',
    dump: (triple) => {
      const run = runClangCpp(SOURCE + 'int use = sizeof(literal_sizes);\n', triple);
      const r = parseCppRecordLayouts(run.stdout).find((x) => x.name === 'literal_sizes');
      return { run, record: r && { size: r.size, members: r.entries } };
    },
  },
];

for (const { language, compiler, dump } of LANGUAGES) {
  for (const target of TARGETS) {
    test(`sizeof of string literals vs ${compiler}: ${target.triple}`, { skip: !haveClang && !onCi }, async () => {
      assert.ok(haveClang, 'clang is required on CI (CI=true) but is not on PATH');
      const { run, record: theirs } = dump(target.triple);
      assert.ok(run.ok, run.stderr);
      assert.ok(theirs, run.stdout.slice(0, 400));
      const answer = (await layoutsOfC(SOURCE, target.triple, language)).find((r) => r.name === 'literal_sizes')?.layout;
      assert.ok(answer && !isUnknown(answer), JSON.stringify(answer));
      const ours: RecordLayout = answer;
      assert.equal(ours.size, theirs.size, 'size');
      assert.equal(theirs.members.length, 11);
      for (const member of theirs.members) {
        const mine = ours.fields.find((f) => f.path === member.path);
        assert.ok(mine, `member ${member.path}`);
        assert.equal(mine.offsetBits, member.offsetBits, `offset of ${member.path}`);
      }
    });
  }
}
