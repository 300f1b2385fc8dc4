// Runs every *.test.ts under server/src and test/ with node's test runner
// (Node 20's --test takes no glob patterns, so the files are listed here).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
function find(dir) {
  return readdirSync(dir).sort().flatMap((name) => {
    const p = join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(p).isDirectory()) return find(p);
    return name.endsWith('.test.ts') ? [relative(root, p)] : [];
  });
}
const only = process.argv.slice(2);
const files = [...find(join(root, 'server/src')), ...find(join(root, 'test'))].filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...files], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
