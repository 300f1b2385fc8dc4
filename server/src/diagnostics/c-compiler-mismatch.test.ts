import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { AnalysisHost, DEFAULT_CONFIG, emptyFlags, WorkspaceIncludes } from '../ide/analysis.ts';
import { isUnknown } from '../layout/types.ts';
import { firstDifference, installedClang } from '../verify/clang-verify.ts';

const CODE = 'c-compiler-mismatch';
const clang = installedClang();
const onCi = process.env['CI'] === 'true';
if (!clang && !onCi) process.stderr.write('\n!!! c-compiler-mismatch: clang tests SKIPPED: `clang` is not on PATH.\n\n');

const SRC = '#include "point.h"\nstruct S { char a; int b; struct point p; };\n';

async function withFile<T>(fn: (host: AnalysisHost, path: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'ffi-lens-verify-'));
  try {
    writeFileSync(join(dir, 'point.h'), 'struct point { short x; long long y; };\n');
    const path = join(dir, 's.c');
    writeFileSync(path, SRC);
    const host = await AnalysisHost.create();
    host.setIncludeProvider(new WorkspaceIncludes(() => emptyFlags()));
    return await fn(host, path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('verification agrees with clang: hovers say "verified by clang N", no diagnostic', { skip: !clang && !onCi }, async () => {
  assert.ok(clang, 'clang is required on CI');
  await withFile(async (host, path) => {
    const file = host.openFile(path, 'c', SRC);
    const config = { ...DEFAULT_CONFIG, targets: DEFAULT_CONFIG.targets.slice(0, 2), trusted: true, verifyWithCompiler: true };
    const r = await host.verifyWithCompiler(file, config);
    assert.equal(r.problem, undefined);
    const hover = host.hover(file, SRC.indexOf('S {'), config)!;
    assert.match(hover.markdown, new RegExp(`verified by clang ${clang!.replace(/\./g, '\\.')} \\(x86_64-unknown-linux-gnu\\)`));
    assert.deepEqual(host.diagnostics(file, config).filter((d) => d.code === CODE), []);
    // An edit makes a new snapshot: the mark is gone until clang is asked again.
    file.applyEdits([{ start: { line: 1, character: 0 }, end: { line: 1, character: 0 }, text: ' ' }]);
    assert.doesNotMatch(host.hover(file, SRC.indexOf('S {') + 1, config)!.markdown, /verified by clang/);
    file.dispose();
  });
});

test('never runs in an untrusted workspace', async () => {
  await withFile(async (host, path) => {
    const file = host.openFile(path, 'c', SRC);
    const r = await host.verifyWithCompiler(file, { ...DEFAULT_CONFIG, verifyWithCompiler: true, trusted: false });
    assert.match(r.problem ?? '', /not trusted/);
    assert.equal(host.cAnalysis(file)?.verification, undefined);
    file.dispose();
  });
});

test('a difference is a diagnostic naming the target and the first differing field', async () => {
  const host = await AnalysisHost.create();
  const file = host.openFile('/virtual/m.c', 'c', 'struct M { char a; int b; };\n');
  const c = host.cAnalysis(file)!;
  const target = DEFAULT_CONFIG.targets[0]!;
  const { decl, layout } = c.records(target)[0]!;
  assert.ok(!isUnknown(layout));
  // clang's dump as if `b` sat at offset 1 (a packed record): what a real disagreement looks like.
  const theirs = { name: 'M', size: 5, align: 1, fields: [{ path: 'a', offsetBits: 0 }, { path: 'b', offsetBits: 8 }] };
  const diff = firstDifference(theirs, layout)!;
  assert.equal(diff.field, 'b');
  assert.match(diff.message, /field `b`: ours at offset 4, clang at offset 1/);
  c.verification = { clang: '14.0.6', targets: new Map([[target.triple, { verified: new Set(), mismatches: [{ decl, message: `clang 14.0.6 differs on ${target.triple}: ${diff.message}` }] }]]) };
  const [d] = host.diagnostics(file, DEFAULT_CONFIG).filter((x) => x.code === CODE);
  assert.ok(d);
  assert.equal(file.text.slice(d.start, d.end), 'M');
  assert.match(d.message, /`struct M`: clang 14\.0\.6 differs on x86_64-unknown-linux-gnu: field `b`: ours at offset 4, clang at offset 1/);
  assert.equal(firstDifference({ ...theirs, size: 8, align: 4, fields: [{ path: 'a', offsetBits: 0 }, { path: 'b', offsetBits: 32 }] }, layout), undefined);
  file.dispose();
});
