// The CLI shows a CPython finding's path: as notes in text, `related` in JSON,
// a code flow in SARIF. Runs the built bundle (npm test builds first).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'ffi-lens.js');
const LEAKY = join('test', 'cpython', 'proof', 'leaky.c');

function check(...args: string[]): string {
  const r = spawnSync(process.execPath, [CLI, 'check', ...args, LEAKY], { cwd: ROOT, encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return r.stdout;
}

test('text: each step of the path is a note line under the finding', () => {
  const out = check();
  assert.match(out, /leaky\.c:15:19: warning\[cpython-leak\]: new reference `t`[^\n]*\n {4}[^\n]*leaky\.c:15:19: note: a new reference from `PyTuple_Pack`\n {4}[^\n]*leaky\.c:16:9: note: `t == NULL` is false\n/);
});

test('JSON: `related` holds the path; SARIF: a code flow', () => {
  const json = JSON.parse(check('--json')) as { code: string; line: number; related?: { line: number; message: string }[] }[];
  const leak = json.find((d) => d.code === 'cpython-leak' && d.line === 15)!;
  assert.deepEqual(leak.related!.map((r) => r.line), [15, 16, 18, 19]);
  const sarif = JSON.parse(check('--sarif')) as { runs: { results: { ruleId: string; codeFlows?: { threadFlows: { locations: unknown[] }[] }[] }[] }[] };
  const result = sarif.runs[0]!.results.find((r) => r.ruleId === 'cpython-leak')!;
  assert.equal(result.codeFlows![0]!.threadFlows[0]!.locations.length, 4);
});
