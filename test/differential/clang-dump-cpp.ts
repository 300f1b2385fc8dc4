// Reads clang++'s `-Xclang -fdump-record-layouts` text for C++ classes and runs
// clang++ to get it. Entries follow the engine's FieldLayout paths: members by
// name, a class member `m` followed by `m.x` entries, the vtable pointer as
// `(vptr)` and a base subobject as `(base B)` followed by `(base B).x` entries;
// `primary` marks the primary base.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClangRun } from './clang-dump.ts';

export interface CppDumpEntry {
  readonly path: string;
  readonly offsetBits: number;
  readonly bitWidth?: number;
  readonly primary?: boolean;
}

export interface CppDumpRecord {
  readonly name: string;
  readonly size: number;
  readonly align: number;
  /** Itanium only (MSVC dumps none). */
  readonly dsize?: number;
  readonly entries: readonly CppDumpEntry[];
}

// `   6:0-2 |     int q`, `  56:- |   unsigned int `, `  8 |   char c`
const LINE = /^\s*(\d+)(?::(?:(\d+)-(\d+)|(-)))?\s\|\s(\s*)(.*)$/;
const SIZE = /^\s*\|\s*\[sizeof=(\d+),\s*(?:dsize=(\d+),\s*)?align=(\d+)/;
const KEY = /^(?:struct|class|union)\s+/;

export function parseCppRecordLayouts(text: string): CppDumpRecord[] {
  const out: CppDumpRecord[] = [];
  for (const block of text.split('*** Dumping AST Record Layout').slice(1)) {
    const lines = block.split('\n').filter((l) => l.trim() !== '');
    const header = lines[0] !== undefined ? LINE.exec(lines[0]) : null;
    if (!header) throw new Error(`unreadable record header: ${lines[0] ?? '(none)'}`);
    const title = header[6]!.replace(/ \(empty\)$/, '').trim();
    const entries: CppDumpEntry[] = [];
    const stack: string[] = [''];
    let size = -1;
    let align = -1;
    let dsize: number | undefined;
    for (const line of lines.slice(1)) {
      const s = SIZE.exec(line);
      if (s) {
        size = Number(s[1]);
        dsize = s[2] !== undefined ? Number(s[2]) : undefined;
        align = Number(s[3]);
        break;
      }
      const m = LINE.exec(line);
      if (!m) throw new Error(`unreadable layout line in ${title}: ${line}`);
      const depth = (m[5]!.length - 2) / 2;
      if (!Number.isInteger(depth) || depth < 0) throw new Error(`odd indentation in ${title}: ${line}`);
      const body = m[6]!.replace(/ \(empty\)$/, '');
      const prefix = stack[depth] ?? '';
      stack.length = depth + 1;
      const byte = Number(m[1]);
      if (/^\(.* (vtable|vftable) pointer\)$/.test(body)) {
        entries.push({ path: `${prefix}(vptr)`, offsetBits: byte * 8 });
        stack.push(prefix);
        continue;
      }
      if (/\((vbtable pointer|vtordisp for vbase .*)\)$/.test(body)) throw new Error(`virtual inheritance in ${title}: ${line}`);
      const baseMatch = /^(.*) \((primary base|base|virtual base|primary virtual base)\)$/.exec(body);
      if (baseMatch) {
        const path = `${prefix}(base ${baseMatch[1]!.replace(KEY, '')})`;
        entries.push({ path, offsetBits: byte * 8, ...(baseMatch[2] === 'primary base' ? { primary: true } : {}) });
        stack.push(`${path}.`);
        continue;
      }
      const cut = body.lastIndexOf(' ');
      const name = cut < 0 ? '' : body.slice(cut + 1);
      if (m[2] !== undefined || m[4] !== undefined) {
        const offsetBits = byte * 8 + (m[2] !== undefined ? Number(m[2]) : 0);
        const bitWidth = m[2] !== undefined ? Number(m[3]) - Number(m[2]) + 1 : 0;
        entries.push({ path: prefix + (name === '' ? '(unnamed)' : name), offsetBits, bitWidth });
        stack.push(prefix);
        continue;
      }
      if (name === '') {
        // An anonymous struct/union member: its members belong to this level.
        if (!/\((anonymous|unnamed) at /.test(body)) throw new Error(`nameless member in ${title}: ${line}`);
        stack.push(prefix);
        continue;
      }
      entries.push({ path: prefix + name, offsetBits: byte * 8 });
      stack.push(`${prefix}${name}.`);
    }
    if (size < 0) throw new Error(`no size line for ${title}`);
    // Anonymous members' own records are dumped too; they have no name to compare by.
    if (/\((anonymous|unnamed) at /.test(title)) continue;
    out.push({ name: title.replace(KEY, ''), size, align, ...(dsize !== undefined ? { dsize } : {}), entries });
  }
  return out;
}

/** Runs clang++ on `source` for `triple` (C++20), dumping record layouts. */
export function runClangCpp(source: string, triple: string, clang = 'clang++', extra: readonly string[] = []): ClangRun {
  const dir = mkdtempSync(join(tmpdir(), 'ffi-lens-diff-cpp-'));
  try {
    const file = join(dir, 'corpus.cpp');
    writeFileSync(file, source);
    const r = spawnSync(
      clang,
      [`--target=${triple}`, '-std=c++20', '-fsyntax-only', '-w', ...extra, '-Xclang', '-fdump-record-layouts', file],
      { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
    );
    if (r.error) return { ok: false, status: null, stdout: '', stderr: String(r.error) };
    return { ok: r.status === 0, status: r.status, stdout: r.stdout, stderr: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
