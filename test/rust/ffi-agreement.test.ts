// Agreement with rustc 1.95: the generated corpus (ffi-corpus.ts) is compiled
// with `rustc --error-format=json` and the lines its improper_ctypes /
// improper_ctypes_definitions warnings are on are compared with the lines of our
// rust-ffi-unsafe-type diagnostics: precision and recall must both be >= 0.98.
// Then every fix we offer is applied to the corpus: the result must compile and
// neither rustc nor we may still report the lines that fix was offered for.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyPreferredFixes } from '../../server/src/cli/check-command.ts';
import { DEFAULT_CONFIG, type Diagnostic } from '../../server/src/ide/analysis.ts';
import { sharedHost } from '../support/fixture.ts';
import { ffiCorpus, shapeCount } from './ffi-corpus.ts';
import { compileLib, skipWithoutRustc } from './rustc.ts';

const LINTS = new Set(['improper_ctypes', 'improper_ctypes_definitions']);
const skip = skipWithoutRustc('Rust FFI-safety agreement test');

async function ours(text: string): Promise<{ diagnostics: Diagnostic[]; lineOf: (offset: number) => number }> {
  const host = await sharedHost();
  const file = host.openFile('corpus.rs', 'rust', text);
  try {
    const diagnostics = host.diagnostics(file, DEFAULT_CONFIG).filter((d) => d.code === 'rust-ffi-unsafe-type');
    const lines = file.lines;
    return { diagnostics, lineOf: (o) => lines.position(o).line + 1 };
  } finally {
    file.dispose();
  }
}

function rustcLines(text: string, edition = '2021'): { lines: Set<number>; errors: string[] } {
  const messages = compileLib(text, edition);
  const errors = messages.filter((m) => m.level === 'error').map((m) => `${m.line}: ${m.message}`);
  return { lines: new Set(messages.filter((m) => m.code && LINTS.has(m.code) && m.line !== undefined).map((m) => m.line!)), errors };
}

test('rust-ffi-unsafe-type agrees with rustc 1.95 on the generated corpus', { skip }, async () => {
  const text = ffiCorpus();
  const shapes = shapeCount();
  const theirs = rustcLines(text);
  assert.deepEqual(theirs.errors, [], 'the corpus must compile');
  const { diagnostics, lineOf } = await ours(text);
  const mine = new Set(diagnostics.map((d) => lineOf(d.start)));
  const truePositives = [...mine].filter((l) => theirs.lines.has(l)).length;
  const falsePositives = [...mine].filter((l) => !theirs.lines.has(l));
  const falseNegatives = [...theirs.lines].filter((l) => !mine.has(l));
  const precision = truePositives / Math.max(1, mine.size);
  const recall = truePositives / Math.max(1, theirs.lines.size);
  const textLines = text.split('\n');
  const show = (ls: number[]): string => ls.slice(0, 20).map((l) => `  ${l}: ${textLines[l - 1]!.trim()}`).join('\n');
  process.stdout.write(`# rust-ffi-unsafe-type vs rustc: ${shapes} type shapes, ${textLines.length} lines; rustc flags ${theirs.lines.size} lines, we flag ${mine.size}; ` +
    `precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)}\n`);
  assert.ok(shapes >= 150, `only ${shapes} type shapes`);
  assert.ok(theirs.lines.size >= 100, 'the corpus must give rustc plenty to flag');
  process.stdout.write(`# false positives:\n${show(falsePositives)}\n# false negatives:\n${show(falseNegatives)}\n`);
  assert.ok(precision >= 0.98, `precision ${precision}; we flag and rustc does not:\n${show(falsePositives)}`);
  assert.ok(recall >= 0.98, `recall ${recall}; rustc flags and we do not:\n${show(falseNegatives)}`);
  assert.ok(shapes >= 150, `only ${shapes} type shapes`);
});

test('every add-repr fix compiles and silences rustc and us on the lines it was offered for', { skip }, async () => {
  const text = ffiCorpus();
  const { diagnostics, lineOf } = await ours(text);
  // One application per distinct fix (the same definition is offered from many lines).
  const byEdit = new Map<string, { diagnostic: Diagnostic; fixIndex: number; lines: number[] }>();
  for (const d of diagnostics) {
    d.fixes.forEach((f, i) => {
      const key = JSON.stringify(f.edits);
      const entry = byEdit.get(key) ?? { diagnostic: d, fixIndex: i, lines: [] };
      entry.lines.push(lineOf(d.start));
      byEdit.set(key, entry);
    });
  }
  assert.ok(byEdit.size >= 6, `only ${byEdit.size} distinct fixes offered`);
  process.stdout.write(`# ${byEdit.size} distinct add-repr fixes, offered on ${[...byEdit.values()].reduce((n, e) => n + e.lines.length, 0)} diagnostics, each applied and compiled\n`);
  for (const { diagnostic, fixIndex, lines } of byEdit.values()) {
    const fix = diagnostic.fixes[fixIndex]!;
    const fixedText = applyPreferredFixes(text, [{ ...diagnostic, fixes: [{ ...fix, preferred: true }] }]).text;
    // Fixes insert whole lines at most: line numbers shift by the lines inserted above.
    const inserted = fix.edits.reduce((n, e) => n + e.text.split('\n').length - 1, 0);
    const after = rustcLines(fixedText);
    assert.deepEqual(after.errors, [], `${fix.title} does not compile`);
    const mine = await ours(fixedText);
    const mineLines = new Set(mine.diagnostics.map((d) => mine.lineOf(d.start)));
    for (const l of lines) {
      assert.ok(!after.lines.has(l + inserted), `${fix.title}: rustc still flags line ${l}`);
      assert.ok(!mineLines.has(l + inserted), `${fix.title}: we still flag line ${l}`);
    }
  }
});

test('edition 2024: unsafe extern blocks with safe items agree with rustc too', { skip }, async () => {
  const text = ffiCorpus('2024');
  const theirs = rustcLines(text, '2024');
  assert.deepEqual(theirs.errors, [], 'the corpus must compile');
  const { diagnostics, lineOf } = await ours(text);
  const mine = new Set(diagnostics.map((d) => lineOf(d.start)));
  const truePositives = [...mine].filter((l) => theirs.lines.has(l)).length;
  const precision = truePositives / Math.max(1, mine.size);
  const recall = truePositives / Math.max(1, theirs.lines.size);
  process.stdout.write(`# edition 2024: rustc flags ${theirs.lines.size} lines, we flag ${mine.size}; precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)}\n`);
  assert.ok(precision >= 0.98 && recall >= 0.98, `precision ${precision}, recall ${recall}`);
});
