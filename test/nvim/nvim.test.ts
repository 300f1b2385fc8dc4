// Another editor: Neovim's built-in LSP client, headless, against the built
// server over stdio (test/nvim/ffi-lens.lua): diagnostics and a hover on a C file.
// Needs `nvim` (apt-get install neovim; .ci/run installs it): skipped locally with a
// loud message when missing, failing in CI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EDITOR_C_TEXT } from '../support/editor-fixture.ts';

const ROOT = join(__dirname, '..', '..');
const hasNvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0;
if (!hasNvim && !process.env.CI) console.warn('\n!!! SKIPPING the Neovim test: `nvim` not found (apt-get install neovim). It runs in CI. !!!\n');

test('Neovim (headless, built-in LSP client) gets hover text and diagnostics over stdio', { skip: !hasNvim && !process.env.CI ? 'nvim missing' : false, timeout: 120_000 }, () => {
  assert.ok(hasNvim, 'nvim is required in CI (apt-get install neovim)');
  const dir = mkdtempSync(join(tmpdir(), 'ffi-lens-nvim-'));
  try {
    const file = join(dir, 'wire.c');
    const out = join(dir, 'result.json');
    writeFileSync(file, EDITOR_C_TEXT);
    const r = spawnSync('nvim', ['--headless', '--clean', '-n', '-u', join(ROOT, 'test/nvim/ffi-lens.lua')], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 90_000,
      env: { ...process.env, FFI_LENS_SERVER: join(ROOT, 'dist/ffi-lens.js'), FFI_LENS_OUT: out, FFI_LENS_FILE: file },
    });
    assert.equal(r.status, 0, `nvim exited ${r.status}: ${r.stderr}`);
    const result = JSON.parse(readFileSync(out, 'utf8')) as { got_diagnostics: boolean; diagnostics: Array<{ lnum: number; message: string; code: unknown }>; hover: unknown };
    assert.ok(result.got_diagnostics, 'diagnostics were published to Neovim');
    const zero = result.diagnostics.find((d) => d.code === 'c-zero-length-array');
    assert.ok(zero, JSON.stringify(result.diagnostics));
    assert.equal(zero.lnum, 8, 'on the line of body[0]');
    assert.equal(typeof result.hover, 'string');
    const hover = result.hover as string;
    assert.match(hover, /\*\*struct sample\*\* — x86-64/);
    assert.match(hover, /size \*\*24\*\* · align \*\*8\*\*/);
    assert.match(hover, /\| 4 \| 4 \| `int count` \|/);
    // The settings Neovim sent (two targets) reached the server: the matrix has both.
    assert.match(hover, /\| x86-64 \| i686 \|/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
