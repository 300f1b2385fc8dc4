// The shapes every diagnostic and fix shares. Plain data: offsets, strings, edits.
import type { CFileAnalysis } from '../ide/c-file.ts';
import type { SourceFile, TextEdit } from '../ide/source-file.ts';
import type { Target } from '../layout/types.ts';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** `ffi-lens check --fix` and "fix all" apply only preferred fixes. */
  readonly preferred: boolean;
}

export interface Related {
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly start: number;
  readonly end: number;
  readonly related: readonly Related[];
  readonly fixes: readonly Fix[];
}

export interface DiagnosticContext {
  readonly file: SourceFile;
  /** Present for C and C++ files that parsed. */
  readonly c: CFileAnalysis | undefined;
  readonly targets: readonly Target[];
}

export interface DiagnosticDef {
  readonly code: string;
  /** One line for docs and `ffi-lens check --list`. */
  readonly summary: string;
  run(ctx: DiagnosticContext): Diagnostic[];
}
