// `ffi-lens layout`: record layouts of C files, as a table or JSON.
import { readFileSync } from 'node:fs';
import type { RecordReport } from '../ide/analysis.ts';
import { AnalysisHost, type SourceFile } from '../ide/analysis.ts';
import { declarationToString } from '../base/type-display.ts';
import { formatBits, padding } from '../hover/padding.ts';
import type { Target } from '../layout/types.ts';
import { isUnknown } from '../layout/types.ts';
import { MAX_FLATTENED_FIELDS } from '../layout/engine.ts';
import { diskWorkspace, type InputFile } from './files.ts';
import { includeSettingsFor, usesPreprocessor, type IncludeOptions } from './include-options.ts';
import { analyseTranslationUnit } from '../ide/translation-unit.ts';
import { DiskFileSource } from '../preproc/system.ts';
import { LexCache } from '../preproc/preprocess.ts';
import { findTarget } from '../layout/targets.ts';

export interface JsonField {
  name: string;
  offset: number;
  size: number;
  bitOffset?: number;
  bitWidth?: number;
  /** C++: the entry is the vtable pointer (`(vptr)`) or a base subobject (`(base B)`), not a member. */
  subobject?: 'vptr' | 'base' | 'primary-base';
}

export interface JsonRecord {
  name: string;
  kind: 'struct' | 'union';
  file: string;
  line: number;
  size: number | null;
  align: number | null;
  fields: JsonField[];
  /** Flattened nested entries left out of `fields` (a record nesting too many to list). */
  truncated?: number;
  unknown?: string;
}

function jsonRecord(r: RecordReport, file: string, line = r.line): JsonRecord {
  const base = { name: r.name, kind: r.kind, file, line: line + 1 };
  if (isUnknown(r.layout)) return { ...base, size: null, align: null, fields: [], unknown: r.layout.unknown };
  return {
    ...base,
    size: r.layout.size,
    align: r.layout.align,
    ...(r.layout.truncatedFields ? { truncated: r.layout.truncatedFields } : {}),
    fields: r.layout.fields.map((f) => {
      const offset = Math.floor(f.offsetBits / 8);
      if (!f.bitfield) return { name: f.path, offset, size: f.sizeBits / 8, ...(f.subobject ? { subobject: f.subobject } : {}) };
      const size = Math.ceil(((f.offsetBits % 8) + f.sizeBits) / 8);
      return { name: f.path, offset, size, bitOffset: f.offsetBits, bitWidth: f.sizeBits };
    }),
  };
}

function textRecord(r: RecordReport, file: string, out: string[], line = r.line): void {
  const key = r.decl.cxx?.classKey ?? r.kind;
  const title = r.decl.nameFromTypedef ? `${r.name} (typedef ${key})` : `${key} ${r.name}`;
  if (isUnknown(r.layout)) {
    out.push(`${title}  (${file}:${line + 1})  layout unknown: ${r.layout.unknown}`, '');
    return;
  }
  const layout = r.layout;
  const pad = padding(layout, r.kind);
  const padTotal = pad.interiorBits + pad.tailBits;
  out.push(`${title}  (${file}:${line + 1})  size ${layout.size}, align ${layout.align}${padTotal ? `, padding ${formatBits(padTotal)}` : ''}`);
  const rows: Array<{ at: number; order: number; text: string }> = [];
  layout.fields.forEach((f, i) => {
    const offset = f.bitfield ? `${Math.floor(f.offsetBits / 8)}:${f.offsetBits % 8}` : String(f.offsetBits / 8);
    const size = f.bitfield ? `${f.sizeBits}b` : String(f.sizeBits / 8);
    const name = f.path.split('.').pop() || '(unnamed)';
    const label = f.subobject === 'vptr' ? '(vtable pointer)'
      : f.subobject ? `(${f.subobject === 'primary-base' ? 'primary ' : ''}${name.slice(1)}`
      : declarationToString(f.type, name, r.table, f.bitfield ? f.sizeBits : undefined);
    rows.push({ at: f.offsetBits, order: i, text: `  ${offset.padStart(8)} ${size.padStart(6)}  ${'  '.repeat(f.depth)}${label}` });
  });
  for (const h of pad.holes) {
    const offset = h.startBits % 8 ? `${Math.floor(h.startBits / 8)}:${h.startBits % 8}` : String(h.startBits / 8);
    rows.push({ at: h.startBits, order: Number.MAX_SAFE_INTEGER, text: `  ${offset.padStart(8)} ${padSize(h.endBits - h.startBits).padStart(6)}  (${h.tail ? 'tail padding' : 'padding'})` });
  }
  rows.sort((a, b) => a.at - b.at || a.order - b.order);
  // A loop, not a spread: a record can have more rows than a call takes arguments.
  out.push('    offset   size  member');
  for (const row of rows) out.push(row.text);
  if (layout.truncatedFields) {
    out.push(`  … ${layout.truncatedFields} nested member entries not listed (at most ${MAX_FLATTENED_FIELDS} per record)`);
  }
  out.push('');
}

/** Padding in the size column: bytes when whole, else bits. */
function padSize(bits: number): string {
  return bits % 8 ? `${bits}b` : String(bits / 8);
}

export interface LayoutOptions {
  readonly targets: readonly Target[];
  readonly json: boolean;
  readonly allTargets: boolean;
  /** -I/-D/-U/--compile-commands; undefined: none given. */
  readonly include?: IncludeOptions;
  /** List the records of included headers too. */
  readonly allRecords?: boolean;
  /** No target was asked for: a file's compile command (--target, -m32) picks it. */
  readonly fileTargetWins?: boolean;
}

/**
 * Writes as it goes, record by record (a file of deeply nested records can describe
 * millions of member entries; nothing is gathered in memory first).
 */
export async function layoutCommand(files: readonly InputFile[], options: LayoutOptions, write: (s: string) => void | Promise<void>): Promise<number> {
  const host = await AnalysisHost.create(diskWorkspace);
  const opened = new Map<string, SourceFile | undefined>();
  const open = (input: InputFile): SourceFile | undefined => {
    if (!opened.has(input.path)) {
      const file = host.openFile(input.path, input.language, readFileSync(input.path, 'utf8'));
      if (file.problem) {
        process.stderr.write(`ffi-lens: ${input.path}: ${file.problem}\n`);
        file.dispose();
        opened.set(input.path, undefined);
      } else {
        opened.set(input.path, file);
      }
    }
    return opened.get(input.path);
  };
  const cFiles = files.filter((f) => f.language === 'c' || f.language === 'cpp' || f.language === 'rust');
  try {
    if (options.json) await write(options.allTargets ? '{"targets":{' : '');
    let firstTarget = true;
    for (const target of options.targets) {
      if (options.json) {
        await write(`${options.allTargets ? `${firstTarget ? '' : ','}\n${JSON.stringify(target.triple)}:` : ''}{"records":[`);
      } else if (options.targets.length > 1) {
        await write(`== ${target.triple}\n\n`);
      }
      firstTarget = false;
      let firstRecord = true;
      for (const input of cFiles) {
        const text = readFileSync(input.path, 'utf8');
        if (usesPreprocessor(text, options)) {
          for (const r of unitRecords(host, input, text, target, options)) {
            if (options.json) await write(`${firstRecord ? '' : ','}\n${JSON.stringify(jsonRecord(r.report, r.file, r.line))}`);
            else {
              const lines: string[] = [];
              textRecord(r.report, r.file, lines, r.line);
              await write(lines.join('\n') + '\n');
            }
            firstRecord = false;
          }
          continue;
        }
        const file = open(input);
        if (!file) continue;
        for (const r of host.records(file, target)) {
          // Untagged records without a typedef are listed through the member or variable they type.
          if (r.decl.anonymousMember || r.decl.name === undefined) continue;
          if (options.json) {
            await write(`${firstRecord ? '' : ','}\n${JSON.stringify(jsonRecord(r, input.path))}`);
          } else {
            const lines: string[] = [];
            textRecord(r, input.path, lines);
            await write(lines.join('\n') + '\n');
          }
          firstRecord = false;
        }
        // One target at a time: keep trees only when another target will need them.
        if (options.targets.length === 1) {
          file.dispose();
          opened.set(input.path, undefined);
        }
      }
      if (options.json) await write('\n]}');
    }
    if (options.json) await write(options.allTargets ? '\n}}\n' : '\n');
  } finally {
    for (const f of opened.values()) f?.dispose();
  }
  return 0;
}

const sources = new DiskFileSource();
const lexCache = new LexCache();
let reportedProblems = new Set<string>();

/** The records of a file preprocessed with its includes: those it defines, or every one with `allRecords`. */
function unitRecords(host: AnalysisHost, input: InputFile, text: string, target: Target, options: LayoutOptions): Array<{ report: RecordReport; file: string; line: number }> {
  const { settings, target: flagTarget, problems } = includeSettingsFor(input.path, options.include, target.triple);
  const unitTarget = (options.fileTargetWins && flagTarget && findTarget(flagTarget)) || target;
  const unit = analyseTranslationUnit(host.parsers, input.path, text, settings, unitTarget, sources, lexCache, false, input.language === 'cpp' ? 'cpp' : 'c');
  for (const p of [...problems, ...unit.problems.filter((p) => p.severity === 'error').map((p) => `${unit.preprocessed.files[p.file]}:${lineAt(unit.preprocessed.texts[p.file]!, p.offset) + 1}: ${p.message}`)]) {
    const key = `${target.triple} ${p}`;
    if (reportedProblems.has(key)) continue;
    reportedProblems.add(key);
    process.stderr.write(`ffi-lens: ${p}\n`);
  }
  if (reportedProblems.size > 10_000) reportedProblems = new Set();
  const out: Array<{ report: RecordReport; file: string; line: number }> = [];
  for (const r of unit.records()) {
    if (r.decl.anonymousMember || r.decl.name === undefined) continue;
    if (!options.allRecords && r.at.path !== input.path) continue;
    out.push({ report: { name: r.decl.name, kind: r.decl.kind, line: r.at.line, decl: r.decl, layout: r.layout, table: unit.file.table }, file: r.at.path, line: r.at.line });
  }
  return out;
}

function lineAt(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
