// Optional compiler verification: asks an installed clang for the layouts of a
// file's records (`-Xclang -fdump-record-layouts-complete`, with the file's include
// flags, per target) and compares them with ours. Only ever run by the caller
// when the workspace is trusted; bounded in time; the file's text goes in on stdin.
import { spawn, spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import type { RecordLayout } from '../layout/types.ts';
import type { IncludeSettings } from '../preproc/compile-flags.ts';
import { parseRecordLayouts, type DumpRecord } from './clang-layouts.ts';

export const VERIFY_TIMEOUT_MS = 10_000;

let clangVersion: string | null | undefined;

/** The installed clang's version ("14.0.6"), or null when there is none (asked once). */
export function installedClang(): string | null {
  if (clangVersion !== undefined) return clangVersion;
  const r = spawnSync('clang', ['--version'], { encoding: 'utf8', timeout: 5_000 });
  clangVersion = r.error || r.status !== 0 ? null : /clang version (\d+(?:\.\d+)*)/.exec(r.stdout)?.[1] ?? null;
  return clangVersion;
}

/** clang's dumped records of `text` (the file at `path`) for `triple`; rejects on failure or timeout with a reason. */
export function clangLayouts(path: string, text: string, triple: string, settings: IncludeSettings): Promise<DumpRecord[]> {
  const args = [
    `--target=${triple}`, '-x', 'c', '-fsyntax-only', '-w', '-Xclang', '-fdump-record-layouts-complete',
    // Text on stdin: "..." includes are looked up beside the file as they would be.
    '-iquote', dirname(path),
    ...(settings.quoteDirs ?? []).flatMap((d) => ['-iquote', d]),
    ...settings.includeDirs.map((d) => `-I${d}`),
    ...settings.defines.map(([n, v]) => `-D${n}=${v}`),
    ...settings.undefines.map((n) => `-U${n}`),
    ...settings.forcedIncludes.flatMap((f) => ['-include', f]),
    '-',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('clang', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`clang took longer than ${VERIFY_TIMEOUT_MS / 1000} s`));
    }, VERIFY_TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.length > 256 * 1024 * 1024) child.kill('SIGKILL');
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      if (err.length < 64 * 1024) err += d;
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      if (status !== 0) {
        reject(new Error(`clang failed: ${err.split('\n').find((l) => /error/.test(l)) ?? `exit ${status}`}`));
        return;
      }
      try {
        resolve(parseRecordLayouts(out));
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
    child.stdin.on('error', () => {});
    child.stdin.end(text);
  });
}

/** The first difference between our layout and clang's, in words, or undefined when they agree. */
export function firstDifference(theirs: DumpRecord, ours: RecordLayout): { field?: string; message: string } | undefined {
  const fields = ours.fields;
  const n = Math.max(fields.length, theirs.fields.length);
  for (let i = 0; i < n; i++) {
    const a = fields[i];
    const b = theirs.fields[i];
    const aPath = a?.path.replace(/\(unnamed \d+\)/g, '(unnamed)');
    const aWidth = a?.bitfield ? a.sizeBits : undefined;
    if (a && b && aPath === b.path && a.offsetBits === b.offsetBits && aWidth === b.bitWidth) continue;
    const where = (bits: number) => (bits % 8 ? `bit ${bits}` : `offset ${bits / 8}`);
    if (a && b && aPath === b.path) return { field: b.path, message: `field \`${b.path}\`: ours at ${where(a.offsetBits)}${aWidth !== undefined ? ` (${aWidth} bits)` : ''}, clang at ${where(b.offsetBits)}${b.bitWidth !== undefined ? ` (${b.bitWidth} bits)` : ''}` };
    if (b) return { field: b.path, message: `field \`${b.path}\` at ${where(b.offsetBits)} in clang's layout; ours has ${a ? `\`${aPath}\` at ${where(a.offsetBits)}` : 'no more fields'} there` };
    return { field: aPath ?? '', message: `field \`${aPath}\` is not in clang's layout` };
  }
  if (ours.size !== theirs.size) return { message: `size ${ours.size}, clang ${theirs.size}` };
  if (ours.align !== theirs.align) return { message: `alignment ${ours.align}, clang ${theirs.align}` };
  return undefined;
}
