// THE API BOUNDARY. Everything the LSP server and the CLI ask goes through
// here and comes back as plain data: offsets, strings, edits. No LSP types,
// no file system: callers hand in text.
import type { DeclTable, RecordDecl } from '../base/model.ts';
import { hoverC, type HoverResult } from '../hover/c-hover.ts';
import { collectActions, type Action } from '../actions/registry.ts';
import { collectInlayHints, type InlayHint } from '../inlay/registry.ts';
import { findTarget } from '../layout/targets.ts';
import type { LayoutAnswer, Target } from '../layout/types.ts';
import { Parsers, type LanguageId } from '../syntax/parser.ts';
import { CFileAnalysis } from './c-file.ts';
import { SourceFile, type TextEdit } from './source-file.ts';
import { collectDiagnostics, type Diagnostic } from '../diagnostics/registry.ts';
import type { AnalysisConfig } from './config.ts';
import { recordViews, type RecordView } from './layout-view.ts';

export type { HoverResult, Diagnostic, TextEdit, Action, InlayHint, AnalysisConfig, RecordView };
export { DEFAULT_CONFIG, knownTargetNames, parseSettings, resolveTargets } from './config.ts';
export { SourceFile };

export interface RecordReport {
  readonly name: string;
  readonly kind: 'struct' | 'union';
  readonly line: number;
  readonly decl: RecordDecl;
  readonly layout: LayoutAnswer;
  /** The declarations the record's member types refer to. */
  readonly table: DeclTable;
}

/** Where a guarded provider's failure is reported (the LSP log, stderr in the CLI). */
export type ErrorSink = (what: string, e: unknown) => void;

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
    return c ? hoverC(c, offset, config.targets, { byteMap: config.hover.byteMap }) : undefined;
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

  /** Every record of the file laid out for every configured target, for the layout view and report. */
  recordLayouts(file: SourceFile, config: AnalysisConfig): RecordView[] {
    const c = this.cAnalysis(file);
    return c ? recordViews(c, config.targets) : [];
  }

  /** Diagnostics with the user's per-check settings applied (disabled codes dropped, severities overridden). */
  diagnostics(file: SourceFile, config: AnalysisConfig, onError?: ErrorSink): Diagnostic[] {
    const c = this.cAnalysis(file);
    const all = collectDiagnostics({ file, c, targets: config.targets, config }, onError && ((code, e) => onError(`diagnostic ${code}`, e)));
    const out: Diagnostic[] = [];
    for (const d of all) {
      const setting = config.checks[d.code];
      if (setting?.enabled === false) continue;
      out.push(setting?.severity ? { ...d, severity: setting.severity } : d);
    }
    return out;
  }

  /** Generators and refactors available at a selection (fixes come with `diagnostics`). */
  actions(file: SourceFile, start: number, end: number, config: AnalysisConfig, onError?: ErrorSink): Action[] {
    if (!file.tree) return [];
    return collectActions({ file, c: this.cAnalysis(file), config, start, end }, onError && ((id, e) => onError(`action ${id}`, e)));
  }

  inlayHints(file: SourceFile, start: number, end: number, config: AnalysisConfig, onError?: ErrorSink): InlayHint[] {
    if (!file.tree) return [];
    return collectInlayHints({ file, c: this.cAnalysis(file), config, start, end }, onError && ((id, e) => onError(`inlay hints ${id}`, e)));
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
