// What an open file's #includes declare, for the editor: the file's directives
// are preprocessed with its headers (not its text), the result is lowered
// once per target, and the file as written is lowered on top of it
// (lower/c `LowerSeed`). The file keeps its own offsets, so hovers, diagnostics
// and edits work as before; the prelude is reused until the file's directive
// lines, the settings or a header change.
import type { Decl, DeclId } from '../base/model.ts';
import type { Target } from '../layout/types.ts';
import type { LowerSeed } from '../lower/c/lower.ts';
import type { IncludeSettings } from '../preproc/compile-flags.ts';
import type { FileSource, LexCache, PreprocessProblem } from '../preproc/preprocess.ts';
import type { Parsers } from '../syntax/parser.ts';
import { analyseTranslationUnit, type DefinedAt } from './translation-unit.ts';

/** Where includes are looked for, per file (the server and the CLI supply it). */
export interface IncludeProvider {
  /** Settings for the file at `path` (a file system path) and target. */
  settingsFor(path: string, triple: string): IncludeSettings;
  readonly source: FileSource;
  readonly cache: LexCache;
}

export interface Prelude {
  readonly seed: LowerSeed;
  /** Problems of preprocessing, with `mainOffset` in the open file. */
  readonly problems: readonly PreprocessProblem[];
  readonly files: readonly string[];
  readonly texts: readonly string[];
  /** Where a seeded declaration (id below `seed.decls.length`) is defined. */
  definedAt(id: DeclId): DefinedAt | undefined;
}

const INCLUDE = /^[ \t]*#[ \t]*(?:include|include_next|import)\b/m;

/** The file's directive lines: the prelude depends on these alone. Runs on every edit, so it jumps from `#` to `#`. */
export function directiveKey(text: string): string {
  const parts: string[] = [];
  for (let at = text.indexOf('#'); at >= 0; at = text.indexOf('#', at + 1)) {
    let k = at - 1;
    while (k >= 0 && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k--;
    if (k >= 0 && text.charCodeAt(k) !== 10) continue;
    // To the end of the line, past line continuations.
    let end = text.indexOf('\n', at);
    while (end > 0 && (text.charCodeAt(end - 1) === 92 || (text.charCodeAt(end - 1) === 13 && text.charCodeAt(end - 2) === 92))) end = text.indexOf('\n', end + 1);
    if (end < 0) end = text.length;
    parts.push(text.slice(at, end));
    at = end;
  }
  return parts.join('\n');
}

export function hasIncludes(text: string): boolean {
  return INCLUDE.test(text);
}

/** Seeded declarations have no place in the open file: their spans are empty and before it (-1). */
function outOfFile(d: Decl): Decl {
  const span = { start: -1, end: -1 };
  if (d.decl === 'typedef') return { ...d, span, nameSpan: span };
  const { nameSpan: _drop, ...rest } = d;
  return { ...rest, span } as Decl;
}

export function buildPrelude(parsers: Parsers, path: string, text: string, provider: IncludeProvider, target: Target): Prelude {
  const unit = analyseTranslationUnit(parsers, path, text, provider.settingsFor(path, target.triple), target, provider.source, provider.cache, true);
  const originals = unit.file.table.decls;
  return {
    seed: {
      decls: originals.map(outOfFile),
      tags: unit.file.tags,
      typedefs: unit.file.typedefs,
      enumConstants: unit.file.enumConstants,
      macros: unit.preprocessed.macros(),
    },
    problems: unit.problems,
    files: unit.preprocessed.files,
    texts: unit.preprocessed.texts,
    definedAt: (id) => {
      const d = originals[id];
      return d ? unit.definedAt(d) : undefined;
    },
  };
}
