// The Rust libc crate (Debian's librust-libc-dev) is correct FFI code: checking
// it with the CLI must report nothing. Its speed is measured in `npm run bench`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { onCi } from './rustc.ts';

const REGISTRY = '/usr/share/cargo/registry';
const CLI = join(__dirname, '..', '..', 'dist', 'ffi-lens.js');
const dir = existsSync(REGISTRY) ? readdirSync(REGISTRY).find((d) => d.startsWith('libc-')) : undefined;
if (!dir && !onCi) process.stderr.write('\n!!! libc crate test SKIPPED: install the Debian package librust-libc-dev.\n\n');

test('ffi-lens check reports nothing on the libc crate', { skip: !dir && !onCi }, () => {
  assert.ok(dir, 'librust-libc-dev is required on CI');
  const r = spawnSync(process.execPath, [CLI, 'check', '--json', join(REGISTRY, dir)], { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, r.stderr);
  const found = JSON.parse(r.stdout) as unknown[];
  assert.deepEqual(found.slice(0, 10), []);
  // The crate was really read: over 200 Rust files.
  const files = spawnSync(process.execPath, [CLI, 'check', join(REGISTRY, dir)], { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.match(files.stdout, /0 problems \(0 errors\) in 2\d\d files/);
});
