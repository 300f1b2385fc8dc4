// THE API BOUNDARY. Everything the LSP server and the CLI ask goes through
// here and comes back as plain data: offsets, strings, edits. No LSP types,
// no file system: callers hand in text.
import type { DeclTable, RecordDecl } from '../base/model.ts';
import { hoverC, type HoverResult } from '../hover/c-hover.ts';
import { findTarget, DEFAULT_TARGET, TARGETS } from '../layout/targets.ts';
import type { LayoutAnswer, Target } from '../layout/types.ts';
import { Parsers, type LanguageId } from '../syntax/parser.ts';
import { CFileAnalysis } from './c-file.ts';
import { SourceFile, type TextEdit } from './source-file.ts';
import { collectDiagnostics, type Diagnostic } from '../diagnostics/registry.ts';

export type { HoverResult, Diagnostic, TextEdit };
export { SourceFile };

export interface AnalysisConfig {
  /** Targets in the hover matrix; the first is the primary one. */
  readonly targets: readonly Target[];
}

export interface RecordReport {
  readonly name: string;
  readonly kind: 'struct' | 'union';
  readonly line: number;
  readonly decl: RecordDecl;
  readonly layout: LayoutAnswer;
  /** The declarations the record's member types refer to. */
  readonly table: DeclTable;
}

/** Resolves target names; unknown names come back in `unknown` with the list of known ones for the message. */
export function resolveTargets(names: readonly string[]): { targets: Target[]; unknown: string[] } {
  const targets: Target[] = [];
  const unknown: string[] = [];
  for (const n of names) {
    const t = findTarget(n);
    if (t) {
      if (!targets.includes(t)) targets.push(t);
    } else {
      unknown.push(n);
    }
  }
  return { targets, unknown };
}

export function knownTargetNames(): string[] {
  return TARGETS.map((t) => t.triple);
}

export const DEFAULT_CONFIG: AnalysisConfig = { targets: [DEFAULT_TARGET, ...TARGETS.filter((t) => t !== DEFAULT_TARGET)] };

export class AnalysisHost {
  private readonly cFiles = new WeakMap<SourceFile, { version: number; analysis: CFileAnalysis }>();

  private constructor(readonly parsers: Parsers) {}

  static async create(): Promise<AnalysisHost> {
    return new AnalysisHost(await Parsers.create());
  }

  openFile(path: string, language: LanguageId, text: string): SourceFile {
    return new SourceFile(path, language, text, this.parsers);
  }

  /** The C analysis of a file's current version, or undefined for other languages or a file without a tree. */
  cAnalysis(file: SourceFile): CFileAnalysis | undefined {
    if ((file.language !== 'c' && file.language !== 'cpp') || !file.tree) return undefined;
    const cached = this.cFiles.get(file);
    if (cached && cached.version === file.version) return cached.analysis;
    const analysis = new CFileAnalysis(file.tree, (text) => this.parsers.parse('c', text), file.syntaxNotes);
    this.cFiles.set(file, { version: file.version, analysis });
    return analysis;
  }

  hover(file: SourceFile, offset: number, config: AnalysisConfig): HoverResult | undefined {
    if (file.problem) return { markdown: `FFI Lens: ${file.problem}`, start: offset, end: offset };
    const c = this.cAnalysis(file);
    return c ? hoverC(c, offset, config.targets) : undefined;
  }

  records(file: SourceFile, target: Target): RecordReport[] {
    const c = this.cAnalysis(file);
    if (!c) return [];
    const table = c.file(target).table;
    return c.records(target).map(({ decl, layout }) => ({
      table,
      name: decl.name ?? '(anonymous)',
      kind: decl.kind,
      line: decl.line,
      decl,
      layout,
    }));
  }

  diagnostics(file: SourceFile, config: AnalysisConfig): Diagnostic[] {
    const c = this.cAnalysis(file);
    return collectDiagnostics({ file, c, targets: config.targets });
  }
}

/** For the differential test: the records of a C text as one target lays them out. */
export async function layoutsOfC(text: string, triple: string): Promise<Array<{ name: string; layout: LayoutAnswer }>> {
  const target = findTarget(triple);
  if (!target) throw new Error(`unknown target ${triple}`);
  const host = await AnalysisHost.create();
  const file = host.openFile('input.c', 'c', text);
  try {
    return host.records(file, target).filter((r) => !r.decl.anonymousMember && r.decl.name !== undefined).map((r) => ({ name: r.name, layout: r.layout }));
  } finally {
    file.dispose();
  }
}
