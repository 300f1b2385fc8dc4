// rustc for the Rust agreement tests: whether it is there, and one compile of
// a library crate with its lints as JSON. Tests that need it fail on CI
// (CI=true) and are skipped, loudly, elsewhere.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function rustcVersion(): string | undefined {
  const r = spawnSync('rustc', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export const onCi = process.env['CI'] === 'true';

/** Prints the loud skip message once per test file; returns whether the tests must be skipped. */
export function skipWithoutRustc(what: string): boolean {
  const version = rustcVersion();
  if (!version && !onCi) {
    process.stderr.write(`\n!!! ${what} SKIPPED: \`rustc\` (1.95) is not on PATH. Install Rust to check against the real compiler.\n\n`);
    return true;
  }
  if (version && !version.startsWith('rustc 1.95')) process.stderr.write(`\n!!! ${what} runs against ${version}; the rules follow rustc 1.95.\n\n`);
  return false;
}

export interface RustcMessage {
  readonly level: string;
  /** The lint or error code, if any. */
  readonly code?: string;
  readonly message: string;
  /** 1-based line of the primary span. */
  readonly line?: number;
}

/** Compiles `source` as a library crate (edition 2021 unless given) and returns rustc's diagnostics. */
export function compileLib(source: string, edition = '2021'): RustcMessage[] {
  const dir = mkdtempSync(join(tmpdir(), 'ffi-lens-rustc-'));
  try {
    const file = join(dir, 'lib.rs');
    writeFileSync(file, source);
    const r = spawnSync('rustc', ['--edition', edition, '--error-format=json', '--crate-type=lib', '--emit=metadata', '-o', join(dir, 'lib.rmeta'), file], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const out: RustcMessage[] = [];
    for (const line of r.stderr.split('\n')) {
      if (!line.startsWith('{')) continue;
      const m = JSON.parse(line) as { level: string; message: string; code: { code: string } | null; spans: Array<{ is_primary: boolean; line_start: number }> };
      const primary = m.spans.find((s) => s.is_primary);
      out.push({ level: m.level, message: m.message, ...(m.code ? { code: m.code.code } : {}), ...(primary ? { line: primary.line_start } : {}) });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Builds and runs a Rust program, returning its standard output. */
export function runProgram(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ffi-lens-rustc-'));
  try {
    const file = join(dir, 'main.rs');
    const exe = join(dir, 'main');
    writeFileSync(file, source);
    const c = spawnSync('rustc', ['--edition', '2021', '-o', exe, file], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (c.status !== 0) throw new Error(`rustc failed:\n${c.stderr.slice(0, 4000)}`);
    const r = spawnSync(exe, [], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`program failed: ${r.stderr}`);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
