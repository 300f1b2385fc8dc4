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
import type { FileSource, LexCache, Preamble, PreprocessProblem } from '../preproc/preprocess.ts';
import type { Parsers } from '../syntax/parser.ts';
import { startPreprocess, type PreprocessResult } from '../preproc/preprocess.ts';
import { analyseTranslationUnit, blanksPrototypes, lowerUnit, parseUnit, unitPreprocessOptions, type DefinedAt, type ParsedUnit, type TranslationUnit } from './translation-unit.ts';

/** Where includes are looked for, per file (the server and the CLI supply it). */
export interface IncludeProvider {
  /** Settings for the file at `path` (a file system path) and target. */
  settingsFor(path: string, triple: string): IncludeSettings;
  /** The target the file is compiled for, when its compile command says (`--target`, `-m32`), and where that was read. */
  targetFor?(path: string): { readonly triple: string; readonly from: string } | undefined;
  readonly source: FileSource;
  readonly cache: LexCache;
}

export interface Prelude {
  readonly seed: LowerSeed;
  /** The preprocessor's state where the file's text starts: edits re-read only the file from there. */
  readonly preamble: Preamble | undefined;
  /** Problems of preprocessing, with `mainOffset` in the text the prelude was read from. */
  readonly problems: readonly PreprocessProblem[];
  /** `problems` with `mainOffset` in `text`: the same directive lines, which may have moved since. */
  problemsIn(text: string): readonly PreprocessProblem[];
  readonly files: readonly string[];
  readonly texts: readonly string[];
  /** Where a seeded declaration (id below `seed.decls.length`) is defined. */
  definedAt(id: DeclId, like?: Decl): DefinedAt | undefined;
  /**
   * The file uses a macro the lowering of the file as written cannot apply (function-like, or an
   * object-like one that is not a number or empty: `PyObject_HEAD`): it must be analysed as a whole
   * preprocessed unit instead.
   */
  needsFullUnit(text: string): boolean;
}

/** Bodies the lowering of the file as written applies itself (constants and empty macros). */
const SIMPLE_BODY = /^\s*(?:\(?\s*-?\s*(?:0[xX][0-9a-fA-F]+|\d+)[uUlL]*\s*\)?)?\s*$/;

const INCLUDE = /^[ \t]*#[ \t]*(?:include|include_next|import)\b/m;

/** The file's directive lines: the prelude depends on these alone. Runs on every edit, so it jumps from `#` to `#`. */
export function directiveKey(text: string): string {
  return directiveLines(text).map((l) => text.slice(l.start, l.end)).join('\n');
}

/** Where each directive line (past its line continuations) starts and ends in `text`, in order. */
export function directiveLines(text: string): Array<{ readonly start: number; readonly end: number }> {
  const lines: Array<{ start: number; end: number }> = [];
  for (let at = text.indexOf('#'); at >= 0; at = text.indexOf('#', at + 1)) {
    let k = at - 1;
    while (k >= 0 && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k--;
    if (k >= 0 && text.charCodeAt(k) !== 10) continue;
    // To the end of the line, past line continuations.
    let end = text.indexOf('\n', at);
    while (end > 0 && (text.charCodeAt(end - 1) === 92 || (text.charCodeAt(end - 1) === 13 && text.charCodeAt(end - 2) === 92))) end = text.indexOf('\n', end + 1);
    if (end < 0) end = text.length;
    lines.push({ start: at, end });
    at = end;
  }
  return lines;
}

/**
 * `problems` (read from `builtFrom`) placed in `text`, whose directive lines are the same but may
 * have moved (a prelude is kept while they stay the same): a problem on the k-th directive line
 * moves with it; one elsewhere keeps its offset.
 */
function problemsMoved(problems: readonly PreprocessProblem[], builtFrom: readonly { start: number; end: number }[], text: string): PreprocessProblem[] {
  if (!problems.length) return [];
  const now = directiveLines(text);
  if (now.length !== builtFrom.length) return [...problems];
  return problems.map((p) => {
    let k = builtFrom.length - 1;
    while (k >= 0 && builtFrom[k]!.start > p.mainOffset) k--;
    if (k < 0 || p.mainOffset > builtFrom[k]!.end) return p;
    const mainOffset = now[k]!.start + (p.mainOffset - builtFrom[k]!.start);
    return mainOffset === p.mainOffset ? p : { ...p, mainOffset };
  });
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

/** `withoutPrototypes`: see analyseTranslationUnit (a C prelude blanks its headers' function prototypes; tests compare both). */
export function buildPrelude(
  parsers: Parsers, path: string, text: string, provider: IncludeProvider, target: Target, language: 'c' | 'cpp' = 'c', withoutPrototypes?: boolean,
): Prelude {
  const unit = analyseTranslationUnit(parsers, path, text, provider.settingsFor(path, target.triple), target, provider.source, provider.cache, true, language, withoutPrototypes);
  return preludeOf(unit, text);
}

/** A prelude built a slice at a time: the server reads a file's headers ahead in its idle time. */
export interface PreludeJob {
  /** Works for about `budgetMs` (the preprocessor pauses between headers); the prelude once done. */
  step(budgetMs: number): Prelude | undefined;
  /** Given up before done: frees what it holds (a tree between parse and lowering). */
  cancel(): void;
}

/**
 * `buildPrelude` in slices: the headers are preprocessed over several steps, then the expansion is
 * parsed in a step and lowered in another (each is one uninterruptible piece of work).
 */
export function startPrelude(parsers: Parsers, path: string, text: string, provider: IncludeProvider, target: Target, language: 'c' | 'cpp' = 'c'): PreludeJob {
  const options = unitPreprocessOptions(provider.settingsFor(path, target.triple), target, true, language);
  const job = startPreprocess(path, text, options, provider.source, provider.cache);
  let pre: PreprocessResult | undefined;
  let parsed: ParsedUnit | undefined;
  let done: Prelude | undefined;
  return {
    step: (budgetMs) => {
      if (done) return done;
      if (!pre) {
        pre = job.step(budgetMs);
      } else if (!parsed) {
        parsed = parseUnit(parsers, pre, language, blanksPrototypes(true, language));
      } else {
        done = preludeOf(lowerUnit(parsers, path, parsed, target), text);
        parsed = undefined;
      }
      return done;
    },
    cancel: () => {
      parsed?.dispose();
      parsed = undefined;
    },
  };
}

function preludeOf(unit: TranslationUnit, text: string): Prelude {
  const originals = unit.file.table.decls;
  const builtFrom = directiveLines(text);
  return {
    seed: {
      decls: originals.map(outOfFile),
      tags: unit.file.tags,
      typedefs: unit.file.typedefs,
      enumConstants: unit.file.enumConstants,
      macros: unit.preprocessed.macros(),
    },
    preamble: unit.preprocessed.preamble,
    problems: unit.problems,
    problemsIn: (now) => (now === text ? unit.problems : problemsMoved(unit.problems, builtFrom, now)),
    files: unit.preprocessed.files,
    texts: unit.preprocessed.texts,
    definedAt: (id, like) => {
      let d: Decl | undefined = originals[id];
      // A declaration of another lowering of the same file (the whole unit): found by name here.
      if (like && (!d || d.decl !== like.decl || d.name !== like.name)) {
        const byName = like.name === undefined ? undefined : like.decl === 'typedef' ? unit.file.typedefs.get(like.name) : unit.file.tags.get(like.name);
        d = byName === undefined ? undefined : originals[byName];
      }
      return d ? unit.definedAt(d) : undefined;
    },
    needsFullUnit: (fileText) => {
      const functionLike = unit.preprocessed.functionLikeMacros();
      const bodies = unit.preprocessed.macros();
      for (const m of fileText.matchAll(/[A-Za-z_]\w*/g)) {
        const name = m[0];
        if (functionLike.has(name)) return true;
        const body = bodies.get(name);
        if (body !== undefined && !SIMPLE_BODY.test(body)) return true;
      }
      return false;
    },
  };
}
