// The shapes every diagnostic and fix shares. Plain data: offsets, strings, edits.
import type { CFileAnalysis } from '../ide/c-file.ts';
import type { RustFileAnalysis } from '../ide/rust-file.ts';
import type { SourceFile, TextEdit } from '../ide/source-file.ts';
import type { AnalysisConfig } from '../ide/config.ts';
import type { Target } from '../layout/types.ts';
import type { OtherFileFunctions } from '../cpp/throw-analysis.ts';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A file a fix or generator creates beside the current one (e.g. a C header for a generated API). */
export interface NewFile {
  /** Relative to the directory of the file being edited. */
  readonly path: string;
  readonly text: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  readonly newFiles?: readonly NewFile[];
  /** `ffi-lens check --fix` and "fix all" apply only preferred fixes. */
  readonly preferred: boolean;
}

export interface Related {
  /** Offsets in the diagnostic's file, or in `file` when that is set. */
  readonly start: number;
  readonly end: number;
  readonly message: string;
  /** Set when the place is in another file (e.g. a function of another file of the crate): its path and line/column range. */
  readonly file?: RelatedFile;
}

/** A range in another file: `path` as the workspace names files (a path in the CLI, a URI in the editor); 0-based, UTF-16 columns. */
export interface RelatedFile {
  readonly path: string;
  readonly line: number;
  readonly character: number;
  readonly endLine: number;
  readonly endCharacter: number;
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
  /** Present for Rust files that parsed. */
  readonly rust?: RustFileAnalysis | undefined;
  readonly targets: readonly Target[];
  readonly config: AnalysisConfig;
  /** C++ files: functions their quote-included headers declare with C linkage (read by the host). */
  readonly cppHeaderCNames?: ReadonlySet<string>;
  /** C++ files: the functions of the workspace's other files, for calls the file's own do not answer (read by the host). */
  readonly cppOtherFiles?: OtherFileFunctions;
}

export interface DiagnosticDef {
  readonly code: string;
  /** One line for docs and `ffi-lens check --list`. */
  readonly summary: string;
  run(ctx: DiagnosticContext): Diagnostic[];
}
