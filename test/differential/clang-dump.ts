// Reads clang's `-Xclang -fdump-record-layouts` text (C records only) and
// runs clang to get it. Field paths follow the engine's FieldLayout scheme:
// members of anonymous members are named as members of the enclosing record,
// a named record member `m` is followed by `m.x` entries, and an unnamed
// bit-field is `(unnamed)` under its parent's path.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export { parseRecordLayouts, type DumpField, type DumpRecord } from '../../server/src/verify/clang-layouts.ts';

export interface ClangRun {
  readonly ok: boolean;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs clang on `source` for `triple`, dumping record layouts. */
export function runClang(source: string, triple: string, clang = 'clang'): ClangRun {
  const dir = mkdtempSync(join(tmpdir(), 'ffi-lens-diff-'));
  try {
    const file = join(dir, 'corpus.c');
    writeFileSync(file, source);
    const r = spawnSync(
      clang,
      [`--target=${triple}`, '-std=c11', '-ffreestanding', '-fsyntax-only', '-w', '-Xclang', '-fdump-record-layouts', file],
      { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
    );
    if (r.error) return { ok: false, status: null, stdout: '', stderr: String(r.error) };
    return { ok: r.status === 0, status: r.status, stdout: r.stdout, stderr: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** clang's major version, or undefined when there is no runnable clang. */
export function clangMajorVersion(clang = 'clang'): number | undefined {
  const r = spawnSync(clang, ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return undefined;
  const m = /clang version (\d+)/.exec(r.stdout);
  return m ? Number(m[1]) : undefined;
}

/** True when a runnable clang is on PATH. */
export function clangAvailable(clang = 'clang'): boolean {
  const r = spawnSync(clang, ['--version'], { encoding: 'utf8' });
  return !r.error && r.status === 0;
}
