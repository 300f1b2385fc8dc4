// Another editor: Emacs's eglot in batch mode against the built server over stdio
// (test/emacs/ffi-lens.el): diagnostics (through flymake) and a hover on a C file.
// Needs `emacs` and eglot (Debian 12: apt-get install emacs-nox elpa-eglot, eglot 1.9
// for Emacs 28; eglot is built into Emacs 29+; .ci/run installs them): skipped
// locally with a loud message when missing, failing in CI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EDITOR_C_TEXT } from '../support/editor-fixture.ts';

const ROOT = join(__dirname, '..', '..');
const probe = spawnSync('emacs', ['--batch', '--eval', '(progn (require (quote package)) (package-initialize) (require (quote eglot)) (princ "eglot"))'], { encoding: 'utf8' });
const hasEglot = probe.status === 0 && probe.stdout.includes('eglot');
if (!hasEglot && !process.env.CI) console.warn('\n!!! SKIPPING the Emacs test: `emacs` with eglot not found (apt-get install emacs-nox elpa-eglot). It runs in CI. !!!\n');

test('Emacs (batch, eglot) gets hover text and diagnostics over stdio', { skip: !hasEglot && !process.env.CI ? 'emacs/eglot missing' : false, timeout: 120_000 }, () => {
  assert.ok(hasEglot, `emacs with eglot is required in CI (apt-get install emacs-nox elpa-eglot): ${probe.stderr}`);
  const dir = mkdtempSync(join(tmpdir(), 'ffi-lens-emacs-'));
  try {
    const file = join(dir, 'wire.c');
    const out = join(dir, 'result.json');
    writeFileSync(file, EDITOR_C_TEXT);
    const r = spawnSync('emacs', ['--batch', '-l', join(ROOT, 'test/emacs/ffi-lens.el')], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 90_000,
      env: { ...process.env, HOME: dir, FFI_LENS_SERVER: join(ROOT, 'dist/ffi-lens.js'), FFI_LENS_OUT: out, FFI_LENS_FILE: file },
    });
    assert.equal(r.status, 0, `emacs exited ${r.status}: ${r.stderr}`);
    const result = JSON.parse(readFileSync(out, 'utf8')) as { error?: string; diagnostics?: Array<{ line: number; text: string }>; hover?: unknown };
    assert.equal(result.error, undefined, `${result.error}\n${r.stderr.slice(-3000)}`);
    const zero = result.diagnostics?.find((d) => /zero-length array/i.test(d.text));
    assert.ok(zero, JSON.stringify(result.diagnostics));
    assert.equal(zero.line, 9, 'on the line of body[0]');
    assert.equal(typeof result.hover, 'string');
    const hover = result.hover as string;
    assert.match(hover, /\*\*struct sample\*\* — x86-64/);
    assert.match(hover, /size \*\*24\*\* · align \*\*8\*\*/);
    assert.match(hover, /\| 4 \| 4 \| `int count` \|/);
    // The workspace configuration eglot sent (two targets) reached the server: the matrix has both.
    assert.match(hover, /\| x86-64 \| i686 \|/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
