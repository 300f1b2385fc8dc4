// Proof by running: test/cpython/proof/leaky.c is built twice against the
// installed python3-dev headers, as written and after applying FFI Lens's
// preferred cpython-* fixes programmatically; each function is called 1000
// times from that same interpreter (measure.py) and the argument's reference
// count is compared. Before: it drifts by about one per call (a leak grows it,
// a wrongly released borrowed reference shrinks it). After: it does not move.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { applyPreferredFixes } from '../../server/src/cli/check-command.ts';
import { DEFAULT_CONFIG } from '../../server/src/ide/analysis.ts';
import { openC } from '../support/fixture.ts';
import { pythonHeaders, type PythonToolchain } from './python-toolchain.ts';

const SOURCE = join(__dirname, 'proof', 'leaky.c');
const MEASURE = join(__dirname, 'proof', 'measure.py');

/** The bug each function has, as our diagnostics must name it. */
const EXPECTED: Record<string, string> = {
  leak_early: 'cpython-leak',
  leak_goto: 'cpython-leak',
  leak_buildvalue: 'cpython-buildvalue-format',
  borrowed_return: 'cpython-borrowed-returned',
  borrowed_decref: 'cpython-borrowed-release',
  borrowed_store: 'cpython-borrowed-stored',
  buildvalue_n_borrowed: 'cpython-buildvalue-format',
};

async function cpythonDiagnostics(text: string) {
  const { host, file } = await openC(text, 'leaky.c');
  try {
    return host.diagnostics(file, { ...DEFAULT_CONFIG, python: { major: 3, minor: 11 } }).filter((d) => d.code.startsWith('cpython-'));
  } finally {
    file.dispose();
  }
}

function functionAt(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const all = [...before.matchAll(/static PyObject \*(\w+)\(/g)];
  return all[all.length - 1]?.[1] ?? '?';
}

function buildAndMeasure(py: PythonToolchain, text: string, dir: string): { calls: number; deltas: Record<string, number> } {
  const suffix = spawnSync(py.python, ['-c', 'import sysconfig; print(sysconfig.get_config_var("EXT_SUFFIX"))'], { encoding: 'utf8' }).stdout.trim();
  writeFileSync(join(dir, 'leaky.c'), text);
  const cc = spawnSync(py.cc, ['-shared', '-fPIC', '-O0', '-Wno-unused-variable', ...py.includeFlags, '-o', join(dir, `leaky${suffix}`), join(dir, 'leaky.c')], { encoding: 'utf8' });
  assert.equal(cc.status, 0, `compiling failed:\n${cc.stderr}`);
  const run = spawnSync(py.python, [MEASURE, dir], { encoding: 'utf8' });
  assert.equal(run.status, 0, `measure.py failed:\n${run.stderr}`);
  return JSON.parse(run.stdout) as { calls: number; deltas: Record<string, number> };
}

test('quick fixes remove leaks at run time: refcount drift before, none after', async (t) => {
  const original = readFileSync(SOURCE, 'utf8');
  const diags = await cpythonDiagnostics(original);
  const byFunction = new Map(diags.map((d) => [functionAt(original, d.start), d.code]));
  for (const [fn, code] of Object.entries(EXPECTED)) assert.equal(byFunction.get(fn), code, `${fn}: expected ${code}`);
  assert.equal(diags.length, Object.keys(EXPECTED).length, diags.map((d) => `${d.code} ${d.message}`).join('\n'));
  assert.ok(diags.every((d) => d.fixes.some((f) => f.preferred)), 'every diagnostic has a preferred fix');
  const fixedText = applyPreferredFixes(original, diags).text;
  assert.deepEqual((await cpythonDiagnostics(fixedText)).map((d) => d.message), [], 'the fixed module is clean');

  const py = pythonHeaders();
  if (!py) {
    if (process.env.CI) assert.fail('gcc and python3-dev are needed for the run-time proof (apt-get install gcc python3-dev)');
    console.error('!!! SKIPPED: gcc or python3-dev headers missing: the run-time proof did not run');
    t.skip('LOUD: gcc or python3-dev headers missing');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'ffi-lens-proof-'));
  try {
    const before = buildAndMeasure(py, original, join(dir, '.'));
    const fixedDir = mkdtempSync(join(dir, 'fixed-'));
    const after = buildAndMeasure(py, fixedText, fixedDir);
    console.log(`python ${py.version} (${py.python}), ${before.calls} calls each; refcount change of the argument:`);
    for (const fn of Object.keys(EXPECTED)) console.log(`  ${fn.padEnd(22)} before ${String(before.deltas[fn]).padStart(6)}   after fix ${String(after.deltas[fn]).padStart(3)}`);
    for (const fn of Object.keys(EXPECTED)) {
      const b = before.deltas[fn]!;
      const a = after.deltas[fn]!;
      assert.ok(Math.abs(b) >= before.calls * 0.9, `${fn}: the unfixed build should drift by ~${before.calls}, drifted ${b}`);
      assert.ok(Math.abs(a) <= 2, `${fn}: the fixed build drifted by ${a}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
