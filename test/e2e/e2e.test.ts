// Runs the end-to-end suite (test/e2e/run.mjs: the .vsix in code-server, driven
// by Debian's chromium) as part of `npm test`. It needs /usr/bin/chromium and
// code-server prepared by scripts/e2e-setup.sh (.ci/run installs and prepares
// both); without chromium it is skipped locally with a loud message and fails in CI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const missing = existsSync(CHROMIUM) ? undefined : `${CHROMIUM} not found (apt-get install chromium)`;

if (missing && !process.env.CI) {
  console.warn(`\n!!! SKIPPING the end-to-end suite in code-server: ${missing}. It runs in CI. !!!\n`);
}

test('end to end in code-server: hover, quick fix, target switch, layout view, report', { skip: missing && !process.env.CI ? missing : false, timeout: 15 * 60_000 }, () => {
  assert.equal(missing, undefined, missing);
  const r = spawnSync(process.execPath, [join(ROOT, 'test/e2e/run.mjs')], { cwd: ROOT, encoding: 'utf8', timeout: 14 * 60_000 });
  const out = `${r.stdout}\n${r.stderr}`;
  // The suite's own lines (ok / not ok / timings) go to the test log either way.
  console.log(out.split('\n').filter((l) => /^(ok|not ok|\[e2e|FIRST_HOVER_MS|FIRST_HOVER_BREAKDOWN|package:| {2}log:| {2}opened)/.test(l)).join('\n'));
  assert.equal(r.status, 0, `e2e suite failed:\n${out.slice(-6000)}`);
  assert.match(out, /FIRST_HOVER_MS=\d+/);
  assert.doesNotMatch(out, /^not ok/m);
});
