// Code actions that are not fixes of a diagnostic: generators and refactors
// offered where the cursor is (generate an opaque-handle API, add layout
// assertions, ...). Fixes travel with their diagnostics (diagnostics/types.ts).
import type { NewFile } from '../diagnostics/types.ts';
import type { CFileAnalysis } from '../ide/c-file.ts';
import type { RustFileAnalysis } from '../ide/rust-file.ts';
import type { AnalysisConfig } from '../ide/config.ts';
import type { SourceFile, TextEdit } from '../ide/source-file.ts';

export type ActionKind = 'refactor' | 'refactor.rewrite' | 'source';

export interface Action {
  /** The action's id, e.g. `rust-generate-handle-api`. */
  readonly id: string;
  readonly title: string;
  readonly kind: ActionKind;
  readonly edits: readonly TextEdit[];
  readonly newFiles?: readonly NewFile[];
}

export interface ActionContext {
  readonly file: SourceFile;
  /** Present for C and C++ files that parsed. */
  readonly c: CFileAnalysis | undefined;
  /** Present for Rust files that parsed. */
  readonly rust?: RustFileAnalysis | undefined;
  readonly config: AnalysisConfig;
  /** The selection (UTF-16 offsets); start === end for a bare cursor. */
  readonly start: number;
  readonly end: number;
}

export interface ActionDef {
  readonly id: string;
  readonly summary: string;
  /** Not applicable: return []. Never throw on purpose; the registry guards anyway. */
  run(ctx: ActionContext): Action[];
}
