// Real headers from Debian's -dev packages, included as written: our
// `ffi-lens layout --json --all-records` against clang's
// `-fdump-record-layouts-complete` (every complete record of the translation unit).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRecordLayouts, type DumpRecord } from './clang-dump.ts';

export interface RealHeader {
  readonly header: string;
  /** Extra -I the header needs (Python.h lives in its version's folder). */
  readonly includeDirs: readonly string[];
}

export const REAL_HEADERS: readonly RealHeader[] = [
  { header: 'zlib.h', includeDirs: [] },
  { header: 'sqlite3.h', includeDirs: [] },
  { header: 'Python.h', includeDirs: ['/usr/include/python3.11'] },
  { header: 'sys/stat.h', includeDirs: [] },
  { header: 'netinet/in.h', includeDirs: [] },
  { header: 'linux/perf_event.h', includeDirs: [] },
  { header: 'linux/if_link.h', includeDirs: [] },
  { header: 'linux/bpf.h', includeDirs: [] },
];

export interface JsonLayoutField {
  readonly name: string;
  readonly offset: number;
  readonly bitOffset?: number;
  readonly bitWidth?: number;
}

export interface JsonLayoutRecord {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly size: number | null;
  readonly align: number | null;
  readonly fields: readonly JsonLayoutField[];
  readonly unknown?: string;
}

/** Records clang makes up itself, in no header. */
const IMPLICIT_RECORDS = new Set(['__NSConstantString_tag', '__va_list_tag']);

/** Why our JSON record differs from clang's, or undefined when they agree exactly. */
export function diffJsonRecord(theirs: DumpRecord, ours: JsonLayoutRecord): string | undefined {
  if (ours.size === null) return `we declined: ${ours.unknown}`;
  const problems: string[] = [];
  if (ours.size !== theirs.size) problems.push(`size ${ours.size} vs clang ${theirs.size}`);
  if (ours.align !== theirs.align) problems.push(`align ${ours.align} vs clang ${theirs.align}`);
  const a = ours.fields.map((f) => `${f.name.replace(/\(unnamed \d+\)/g, '(unnamed)')}@${f.bitOffset ?? f.offset * 8}${f.bitWidth !== undefined ? `:${f.bitWidth}` : ''}`);
  const b = theirs.fields.map((f) => `${f.path}@${f.offsetBits}${f.bitWidth !== undefined ? `:${f.bitWidth}` : ''}`);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      problems.push(`field #${i}: ours ${a[i] ?? '(none)'} vs clang ${b[i] ?? '(none)'}`);
      break;
    }
  }
  return problems.length ? problems.join('; ') : undefined;
}

export interface HeaderResult {
  readonly header: string;
  readonly triple: string;
  /** clang could not build the header for this target (missing multiarch headers): nothing compared. */
  readonly clangFailed?: string;
  readonly total: number;
  readonly exact: number;
  readonly misses: ReadonlyArray<{ name: string; reason: string; size?: number | null; align?: number | null }>;
}

export function compareHeader(h: RealHeader, triple: string, cli: string, clang = 'clang'): HeaderResult {
  const dir = mkdtempSync(join(tmpdir(), 'ffi-lens-headers-'));
  try {
    const file = join(dir, 'main.c');
    writeFileSync(file, `#include <${h.header}>\n`);
    const flags = ['-D_GNU_SOURCE', ...h.includeDirs.map((d) => `-I${d}`)];
    const c = spawnSync(clang, [`--target=${triple}`, ...flags, '-fsyntax-only', '-w', '-Xclang', '-fdump-record-layouts-complete', file], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
    if (c.error || c.status !== 0) return { header: h.header, triple, clangFailed: (c.stderr || String(c.error)).split('\n').find((l) => /error/.test(l)) ?? 'clang failed', total: 0, exact: 0, misses: [] };
    const theirs = [...parseRecordLayouts(c.stdout), ...typedefNamedRecords(c.stdout)].filter((r) => !IMPLICIT_RECORDS.has(r.name));
    const ours = spawnSync(process.execPath, [cli, 'layout', '--json', '--all-records', '--target', triple, ...flags, file], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
    if (ours.status !== 0) throw new Error(`ffi-lens layout exited ${ours.status}: ${ours.stderr}`);
    const records = (JSON.parse(ours.stdout) as { records: JsonLayoutRecord[] }).records;
    const byName = new Map<string, JsonLayoutRecord>();
    for (const r of records) if (!byName.has(r.name)) byName.set(r.name, r);
    const misses: Array<{ name: string; reason: string; size?: number | null; align?: number | null }> = [];
    let exact = 0;
    for (const t of theirs) {
      const mine = byName.get(t.name);
      const why = mine ? diffJsonRecord(t, mine) : 'not reported by ffi-lens';
      if (why === undefined) exact++;
      else misses.push({ name: t.name, reason: why, ...(mine ? { size: mine.size, align: mine.align } : {}) });
    }
    return { header: h.header, triple, total: theirs.length, exact, misses };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * clang names an untagged record `(unnamed at FILE:LINE:COL)`. Those named by a typedef
 * (`typedef struct { ... } T;`) are listed by ffi-lens under the typedef's name; this finds
 * them from the source at that place (`typedef` before, `} T;` after) and names them so.
 */
export function typedefNamedRecords(dump: string): DumpRecord[] {
  const out: DumpRecord[] = [];
  const texts = new Map<string, string[]>();
  for (const block of dump.split('*** Dumping AST Record Layout').slice(1)) {
    const m = /^\s*0 \| (struct|union) \(unnamed at (.+):(\d+):(\d+)\)\s*$/m.exec(block.split('\n').find((l) => l.trim() !== '') ?? '');
    if (!m) continue;
    const [, , file, line, col] = m;
    let lines = texts.get(file!);
    if (!lines) {
      try {
        lines = readFileSync(file!, 'utf8').split('\n');
      } catch {
        continue;
      }
      texts.set(file!, lines);
    }
    const at = lines.slice(0, Number(line) - 1).reduce((n, l) => n + l.length + 1, 0) + Number(col) - 1;
    const text = lines.join('\n');
    const before = text.slice(Math.max(0, at - 400), at);
    const statementStart = Math.max(before.lastIndexOf(';'), before.lastIndexOf('{'), before.lastIndexOf('}'), before.lastIndexOf('#'));
    if (!/\btypedef\b/.test(before.slice(statementStart + 1).replace(/\/\*[\s\S]*?\*\//g, ''))) continue;
    const open = text.indexOf('{', at);
    if (open < 0) continue;
    let depth = 0;
    let close = -1;
    for (let k = open; k < text.length; k++) {
      if (text[k] === '{') depth++;
      else if (text[k] === '}' && --depth === 0) {
        close = k;
        break;
      }
    }
    if (close < 0) continue;
    const after = /^\s*(?:__attribute__\s*\(\((?:[^()]|\([^()]*\))*\)\)\s*)*([A-Za-z_]\w*)\s*[;,]/.exec(text.slice(close + 1, close + 400));
    if (!after) continue;
    const renamed = block.replace(/\((?:unnamed|anonymous) at [^)]*\)/, after[1]!);
    const [record] = parseRecordLayouts(`*** Dumping AST Record Layout${renamed}`);
    if (record) out.push({ ...record, name: after[1]! });
  }
  return out;
}
