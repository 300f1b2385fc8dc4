// `npm run bench:editor`: first hovers in a real VS Code (code-server + Chromium, as the e2e
// suite drives it), FFI Lens against a probe extension whose hover provider answers at once
// (E2E_BASELINE=1 in test/e2e/run.mjs): the probe's figures are what VS Code itself costs on
// this machine, so the difference is what FFI Lens adds. Runs alternate (the load on a shared
// machine drifts); medians of RUNS each (default 3, `--runs N`).
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const at = process.argv.indexOf('--runs');
const RUNS = at > 0 ? Number(process.argv[at + 1]) : 3;

const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

/** One e2e run; the figures it printed (NAME=ms). */
function e2e(baseline) {
  const r = spawnSync(process.execPath, ['test/e2e/run.mjs'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...(baseline ? { E2E_BASELINE: '1' } : {}) } });
  if (r.status !== 0) throw new Error(`the e2e run${baseline ? ' (baseline)' : ''} failed:\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-2000)}`);
  const figures = {};
  for (const m of r.stdout.matchAll(/^(\w+_MS|PYTHON_H_READ_AHEAD)=(\d+)/gm)) figures[m[1]] = Number(m[2]);
  return figures;
}

const ours = [];
const probe = [];
const loads = [];
for (let i = 0; i < RUNS; i++) {
  loads.push(os.loadavg()[0]);
  probe.push(e2e(true));
  loads.push(os.loadavg()[0]);
  ours.push(e2e(false));
  console.error(`run ${i + 1}/${RUNS}: probe ${JSON.stringify(probe.at(-1))}, FFI Lens ${JSON.stringify(ours.at(-1))}`);
}
const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};
const rows = [
  ['first C file after the workbench starts (packet.h)', 'BASELINE_FIRST_HOVER_MS', 'FIRST_HOVER_MS'],
  ['a second C file (ring.h, <stdint.h>)', 'BASELINE_SECOND_FILE_FIRST_HOVER_MS', 'SECOND_FILE_FIRST_HOVER_MS'],
  ['a file including <Python.h> (keys.c)', 'BASELINE_PYTHON_H_FIRST_HOVER_MS', 'PYTHON_H_FIRST_HOVER_MS'],
];
console.log(`\n(f) first hover in code-server, Enter in Quick Open -> hover widget, ms; medians of ${RUNS} alternating runs; load ${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)} on ${os.cpus().length} CPUs`);
console.log('file'.padEnd(52), 'probe p50'.padStart(10), 'FFI Lens p50'.padStart(13), 'FFI Lens all'.padStart(22), 'added'.padStart(7));
for (const [what, base, ffi] of rows) {
  const b = base ? median(probe.map((f) => f[base])) : NaN;
  const o = median(ours.map((f) => f[ffi]));
  console.log(what.padEnd(52), (Number.isFinite(b) ? String(b) : '-').padStart(10), String(o).padStart(13), ours.map((f) => f[ffi]).join(' / ').padStart(22), (Number.isFinite(b) ? `${o - b >= 0 ? '+' : ''}${o - b}` : '-').padStart(7));
}
console.log(`(the Python.h file's headers were read ahead before it opened in ${ours.filter((f) => f.PYTHON_H_READ_AHEAD === 1).length} of ${RUNS} runs: ${ours.map((f) => (f.PYTHON_H_READ_AHEAD ? 'yes' : 'no')).join(' / ')})`);
