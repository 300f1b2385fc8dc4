// `ffi-lens check`: every diagnostic over files and folders, as text, JSON or
// SARIF 2.1.0; `--fix` applies each diagnostic's preferred fix in place.
import { readFileSync, writeFileSync } from 'node:fs';
import type * as Sarif from 'sarif';
import { AnalysisHost, emptyFlags, WorkspaceIncludes, type AnalysisConfig, type Diagnostic, type TextEdit } from '../ide/analysis.ts';
import { DIAGNOSTICS } from '../diagnostics/registry.ts';
import { diskWorkspace, type InputFile } from './files.ts';
import type { IncludeOptions } from './include-options.ts';
import type { LineIndex } from '../base/line-index.ts';
import { appendAll } from '../base/arrays.ts';

export interface CheckOptions {
  readonly format: 'text' | 'json' | 'sarif';
  readonly fix: boolean;
  readonly config: AnalysisConfig;
  /** -I/-D/-U/--compile-commands for files with #include. */
  readonly include?: IncludeOptions;
  /** `--target` was given: it wins over a file's compile command's `--target`/`-m32`. */
  readonly explicitTarget?: boolean;
}

export interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Diagnostic['severity'];
  code: string;
  message: string;
  /** Present when the diagnostic has related places (1-based, as above); `file` is another file's path where it is one. */
  related?: JsonRelated[];
}

export interface JsonRelated {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

/** Preferred fixes whose edits overlap none already taken, applied back to front. */
export function applyPreferredFixes(text: string, diagnostics: readonly Diagnostic[]): { text: string; applied: Diagnostic[] } {
  const taken: TextEdit[] = [];
  const applied: Diagnostic[] = [];
  for (const d of diagnostics) {
    const fix = d.fixes.find((f) => f.preferred);
    if (!fix) continue;
    // An edit identical to one already taken (e.g. the same #include two fixes add) is applied once.
    const fresh = fix.edits.filter((e) => !taken.some((t) => t.start === e.start && t.end === e.end && t.text === e.text));
    const overlaps = fresh.some((e) => taken.some((t) => e.start < t.end && t.start < e.end));
    if (overlaps) continue;
    taken.push(...fresh);
    applied.push(d);
  }
  let out = text;
  for (const e of [...taken].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return { text: out, applied };
}

function toJson(path: string, lines: LineIndex, d: Diagnostic): JsonDiagnostic {
  const s = lines.position(d.start);
  const e = lines.position(d.end);
  const json: JsonDiagnostic = { file: path, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1, severity: d.severity, code: d.code, message: d.message };
  if (d.related.length) {
    json.related = d.related.map((r) => {
      if (r.file) return { file: r.file.path, line: r.file.line + 1, column: r.file.character + 1, endLine: r.file.endLine + 1, endColumn: r.file.endCharacter + 1, message: r.message };
      const rs = lines.position(r.start);
      const re = lines.position(r.end);
      return { file: path, line: rs.line + 1, column: rs.character + 1, endLine: re.line + 1, endColumn: re.character + 1, message: r.message };
    });
  }
  return json;
}

function sarifLocation(d: { file: string; line: number; column: number; endLine: number; endColumn: number }): Sarif.Location {
  return { physicalLocation: { artifactLocation: { uri: d.file.split('\\').join('/') }, region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn } } };
}

const SARIF_LEVEL: Record<Diagnostic['severity'], Sarif.Result.level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

function toSarif(found: readonly JsonDiagnostic[]): Sarif.Log {
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{
      tool: { driver: { name: 'ffi-lens', version: '0.1.0', rules: DIAGNOSTICS.map((d) => ({ id: d.code, shortDescription: { text: d.summary } })) } },
      results: found.map((d) => ({
        ruleId: d.code,
        level: SARIF_LEVEL[d.severity],
        message: { text: d.message },
        locations: [sarifLocation(d)],
        ...(d.related ? {
          relatedLocations: d.related.map((r, id) => ({ id, ...sarifLocation(r), message: { text: r.message } })),
          // A finding's path, as SARIF viewers show paths: one thread flow, step by step.
          codeFlows: [{ threadFlows: [{ locations: d.related.map((r) => ({ location: { ...sarifLocation(r), message: { text: r.message } } })) }] }],
        } : {}),
      })),
    }],
  };
}

export async function checkCommand(files: readonly InputFile[], options: CheckOptions, write: (s: string) => void | Promise<void>, report: (s: string) => void): Promise<number> {
  const host = await AnalysisHost.create(diskWorkspace);
  const include = options.include;
  host.setIncludeProvider(new WorkspaceIncludes(() => include?.flags ?? emptyFlags(), include?.compileCommands, !options.explicitTarget));
  const found: JsonDiagnostic[] = [];
  // A check that throws is a bug: said on stderr and in the exit code, never a silent "0 problems".
  let internalErrors = 0;
  for (const input of files) {
    const onError = (what: string, e: unknown): void => {
      internalErrors++;
      report(`ffi-lens: ${input.path}: internal error in ${what}: ${e instanceof Error ? e.message : String(e)}\n`);
    };
    let text = readFileSync(input.path, 'utf8');
    let file = host.openFile(input.path, input.language, text);
    try {
      if (file.problem) {
        report(`ffi-lens: ${input.path}: ${file.problem}\n`);
        continue;
      }
      let diagnostics = host.diagnostics(file, options.config, onError);
      if (options.fix) {
        const { text: fixed, applied } = applyPreferredFixes(text, diagnostics);
        if (applied.length) {
          writeFileSync(input.path, fixed);
          for (const d of applied) report(`fixed ${input.path}:${file.lines.position(d.start).line + 1}: ${d.code}: ${d.fixes.find((f) => f.preferred)!.title}\n`);
          text = fixed;
          file.dispose();
          file = host.openFile(input.path, input.language, text);
          diagnostics = host.diagnostics(file, options.config, onError);
        }
      }
      appendAll(found, diagnostics.map((d) => toJson(input.path, file.lines, d)));
    } finally {
      file.dispose();
    }
  }
  if (options.format === 'json') await write(JSON.stringify(found, null, 2) + '\n');
  else if (options.format === 'sarif') await write(JSON.stringify(toSarif(found), null, 2) + '\n');
  else {
    // In chunks, each awaited: a pipe that fills waits for the reader instead of queueing every line.
    let chunk = '';
    for (const d of found) {
      chunk += `${d.file}:${d.line}:${d.column}: ${d.severity}[${d.code}]: ${d.message}\n`;
      for (const r of d.related ?? []) chunk += `    ${r.file}:${r.line}:${r.column}: note: ${r.message}\n`;
      if (chunk.length > 64 * 1024) {
        await write(chunk);
        chunk = '';
      }
    }
    if (chunk) await write(chunk);
  }
  const errors = found.filter((d) => d.severity === 'error').length;
  if (options.format === 'text') await write(`${found.length} problem${found.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}) in ${files.length} file${files.length === 1 ? '' : 's'}\n`);
  if (internalErrors > 0) return 2;
  return errors > 0 ? 1 : 0;
}
