// C++ fixtures: open a text as a .cpp file (tree-sitter-cpp), run diagnostics or
// actions, apply fixes, and compile the result with the installed g++/gcc.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyPreferredFixes } from '../../server/src/cli/check-command.ts';
import { DEFAULT_CONFIG, type Action, type Diagnostic } from '../../server/src/ide/analysis.ts';
import { cursor, sharedHost } from './fixture.ts';

export async function cppDiagnostics(text: string, codes: readonly string[]): Promise<Diagnostic[]> {
  const host = await sharedHost();
  const file = host.openFile('fixture.cpp', 'cpp', text);
  try {
    return host.diagnostics(file, DEFAULT_CONFIG, (what, e) => { throw new Error(`${what}: ${String(e)}`); }).filter((d) => codes.includes(d.code));
  } finally {
    file.dispose();
  }
}

/** Applies the first fix of each diagnostic of `code` (the preferred one when there is one). */
export async function cppFixed(text: string, code: string, preferredOnly = true): Promise<string> {
  const ds = await cppDiagnostics(text, [code]);
  const asPreferred = ds.map((d) => ({ ...d, fixes: d.fixes.map((f, i) => ({ ...f, preferred: preferredOnly ? f.preferred : i === 0 })) }));
  return applyPreferredFixes(text, asPreferred).text;
}

/** The actions offered at the `$0` of a C++ fixture. */
export async function cppActionsAt(fixture: string, path = 'fixture.cpp'): Promise<{ text: string; actions: Action[] }> {
  const { text, offset } = cursor(fixture);
  const host = await sharedHost();
  const file = host.openFile(path, 'cpp', text);
  try {
    return { text, actions: host.actions(file, offset, offset, DEFAULT_CONFIG, (what, e) => { throw new Error(`${what}: ${String(e)}`); }) };
  } finally {
    file.dispose();
  }
}

export function applyEdits(text: string, edits: readonly { start: number; end: number; text: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/**
 * Whether a compiler is installed. Locally a missing one skips the caller's test with a loud
 * message naming the tool; under CI it is a failure.
 */
export function haveTool(tool: string): boolean {
  const ok = spawnSync(tool, ['--version'], { encoding: 'utf8' }).status === 0;
  if (!ok) {
    if (process.env.CI) throw new Error(`${tool} is required in CI but not installed`);
    console.warn(`\n!!! ${tool} NOT INSTALLED: compile checks SKIPPED (install it: apt-get install g++ gcc) !!!\n`);
  }
  return ok;
}

export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'ffi-lens-cpp-'));
}

/** Runs a compiler; returns its diagnostics text, empty when it succeeded. */
export function compile(tool: string, args: readonly string[], cwd: string): string {
  const r = spawnSync(tool, args, { cwd, encoding: 'utf8' });
  return r.status === 0 ? '' : `${tool} ${args.join(' ')} failed:\n${r.stderr}${r.stdout}`;
}

/** `g++ -std=c++17 -fsyntax-only` on a text; returns the errors, empty when it compiles. */
export function cxxSyntaxErrors(text: string, name = 'check.cpp'): string {
  const dir = scratchDir();
  writeFileSync(join(dir, name), text);
  return compile('g++', ['-std=c++17', '-fsyntax-only', '-Wno-unused', name], dir);
}
