// A C file with its #includes: preprocessed for one target (preproc/), the
// expanded text parsed and lowered by the same front end as a single file,
// and every declaration traced back to the file and line that define it.
import type { Tree } from 'web-tree-sitter';
import type { Decl, DeclId, DeclTable, Field, RecordDecl, Span } from '../base/model.ts';
import { LayoutEngine } from '../layout/engine.ts';
import type { LayoutAnswer, Target } from '../layout/types.ts';
import { lowerC, type CFile, type LowerSeed } from '../lower/c/lower.ts';
import { lowerCpp } from '../lower/cpp/lower.ts';
import { predefinedMacros } from '../preproc/predefined.ts';
import { preprocess, type FileSource, type LexCache, type Preamble, type PreprocessOptions, type PreprocessProblem, type PreprocessResult } from '../preproc/preprocess.ts';
import type { IncludeSettings } from '../preproc/compile-flags.ts';
import { normalizeC } from '../syntax/c-normalize.ts';
import { blankPrototypes } from '../syntax/c-prototypes.ts';
import type { Parsers } from '../syntax/parser.ts';
import { targetFacts } from './c-file.ts';

export interface DefinedAt {
  readonly path: string;
  /** 0-based. */
  readonly line: number;
  readonly offset: number;
}

export interface UnitRecord {
  readonly decl: RecordDecl;
  readonly layout: LayoutAnswer;
  readonly at: DefinedAt;
}

export interface TranslationUnit {
  readonly target: Target;
  readonly preprocessed: PreprocessResult;
  readonly file: CFile;
  readonly engine: LayoutEngine;
  /** Problems of preprocessing and parsing the expanded text (parse abandoned: one problem). */
  readonly problems: readonly PreprocessProblem[];
  /** The expansion's function prototypes were blanked before parsing (see `withoutPrototypes`). */
  readonly withoutPrototypes: boolean;
  /** Where a declaration of `file.table` is defined. */
  definedAt(decl: Decl): DefinedAt | undefined;
  /** Every complete record, in translation-unit order. */
  records(): UnitRecord[];
}

function lineOf(text: string, offset: number, cache: Map<string, number[]>, path: string): number {
  let starts = cache.get(path);
  if (!starts) {
    starts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    cache.set(path, starts);
  }
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Whether a unit's function prototypes are blanked by default: in C preludes (see `analyseTranslationUnit`). */
export function blanksPrototypes(mainDirectivesOnly: boolean, language: 'c' | 'cpp'): boolean {
  return mainDirectivesOnly && language === 'c';
}

export function analyseTranslationUnit(
  parsers: Parsers, path: string, text: string, settings: IncludeSettings, target: Target, source: FileSource, cache?: LexCache,
  mainDirectivesOnly = false,
  /** A C++ file: C++'s predefined macros (`__cplusplus`, so `extern "C" {` guards open), tree-sitter-cpp and lower/cpp. */
  language: 'c' | 'cpp' = 'c',
  /**
   * Blank the expansion's function prototypes before parsing (syntax/c-prototypes.ts): a C prelude
   * seeds only records, enums, typedefs, enum constants and macros, which they cannot change, and
   * they are most of a system header's text. The whole unit (the CLI) keeps them: its `variables`
   * and problems are read too. A parameter so that prelude-blanking.test.ts can compare both.
   */
  withoutPrototypes = blanksPrototypes(mainDirectivesOnly, language),
): TranslationUnit {
  const pre = preprocess(path, text, unitPreprocessOptions(settings, target, mainDirectivesOnly, language), source, cache);
  return unitOfPreprocessed(parsers, path, pre, target, language, withoutPrototypes);
}

/** What `analyseTranslationUnit` preprocesses with (a caller that preprocesses a slice at a time uses the same). */
export function unitPreprocessOptions(settings: IncludeSettings, target: Target, mainDirectivesOnly: boolean, language: 'c' | 'cpp'): PreprocessOptions {
  return { ...settings, predefined: predefinedMacros(target.triple, language), mainDirectivesOnly };
}

/** The rest of `analyseTranslationUnit` once the unit is preprocessed: parse, lower, lay out. */
export function unitOfPreprocessed(parsers: Parsers, path: string, pre: PreprocessResult, target: Target, language: 'c' | 'cpp', withoutPrototypes: boolean): TranslationUnit {
  return lowerUnit(parsers, path, parseUnit(parsers, pre, language, withoutPrototypes), target);
}

/** A preprocessed unit and its tree, not lowered yet (its tree is deleted by `lowerUnit`, or `dispose` when it never will be). */
export interface ParsedUnit {
  readonly pre: PreprocessResult;
  readonly language: 'c' | 'cpp';
  readonly prepared: ReturnType<typeof normalizeC>;
  readonly tree: Tree | null;
  /** The function prototypes were blanked before parsing. */
  readonly blanked: boolean;
  dispose(): void;
}

/** `withoutPrototypes`: as `analyseTranslationUnit`'s. */
export function parseUnit(parsers: Parsers, pre: PreprocessResult, language: 'c' | 'cpp', withoutPrototypes: boolean): ParsedUnit {
  // Not when preprocessing failed (a missing header, `#error`): its macros are left unexpanded,
  // tree-sitter reads the declarations around them as errors, and how it recovers depends on the
  // neighbouring text, prototypes included (prelude-blanking.test.ts saw seeds change then).
  const blanked = withoutPrototypes && !pre.problems.some((p) => p.severity === 'error');
  const prepared = normalizeC(blanked ? blankPrototypes(pre.text) : pre.text);
  let tree: Tree | null = null;
  try {
    // The six targets' expansions of a file differ only where headers test the target: each
    // parse reuses the previous one's tree (tree-sitter's incremental parse, same tree).
    tree = parsers.parseReusing(language, prepared.text, 'unit');
  } catch {
    tree = null;
  }
  return { pre, language, prepared, tree, blanked, dispose: () => tree?.delete() };
}

export function lowerUnit(parsers: Parsers, path: string, unit: ParsedUnit, target: Target): TranslationUnit {
  const { pre, language, prepared, tree, blanked } = unit;
  const problems: PreprocessProblem[] = [...pre.problems];
  if (!tree) problems.push({ severity: 'error', message: 'the expanded translation unit could not be parsed in time', file: 0, offset: 0, mainOffset: 0 });
  // An abandoned parse is lowered as an empty text (no declarations, the problem above says why).
  const parsed = tree ?? parsers.parse(language, '')!;
  const file = language === 'cpp'
    ? lowerCpp(parsed, targetFacts(target), prepared.notes)
    : lowerC(parsed, targetFacts(target), (t) => parsers.parse('c', t), prepared.notes);
  parsed.delete();
  const engine = new LayoutEngine(file.table, target);
  const lines = new Map<string, number[]>();
  const definedAt = (decl: Decl): DefinedAt | undefined => {
    // A record is where its definition starts (`struct`), as compilers report it; others at their name.
    const o = pre.map.origin(decl.decl === 'record' ? decl.span.start : (decl.nameSpan ?? decl.span).start);
    if (!o) return undefined;
    const p = pre.files[o.file]!;
    return { path: p, offset: o.offset, line: lineOf(pre.texts[o.file]!, o.offset, lines, p) };
  };
  return {
    target,
    preprocessed: pre,
    file,
    engine,
    problems,
    withoutPrototypes: blanked,
    definedAt,
    records: () => {
      const defined: RecordDecl[] = [];
      for (const d of file.table.decls) if (d.decl === 'record' && d.fields !== null) defined.push(d);
      defined.sort((a, b) => a.span.start - b.span.start);
      return defined.map((decl) => ({ decl, layout: engine.record(decl.id), at: definedAt(decl) ?? { path, line: decl.line, offset: decl.span.start } }));
    },
  };
}

/**
 * The editor's whole-unit reading of a file whose text uses its headers' macros, re-done on every
 * edit: only the file is preprocessed, continuing from its prelude's `preamble` (the headers are
 * not read again), and the expansion is lowered on top of the prelude's declarations (`seed`).
 * Declarations keep the file's own offsets. Undefined when the file's leading directives no longer
 * match the preamble (the caller reads the whole unit then).
 */
export function mainOnPreamble(
  parsers: Parsers, path: string, text: string, settings: IncludeSettings, target: Target, source: FileSource, cache: LexCache,
  preamble: Preamble, seed: LowerSeed, language: 'c' | 'cpp' = 'c',
): CFile | undefined {
  const pre = preprocess(path, text, { ...settings, predefined: predefinedMacros(target.triple, language), resume: preamble }, source, cache);
  if (!pre.resumed) return undefined;
  const prepared = normalizeC(pre.text);
  const tree = parsers.parseReusing(language, prepared.text, 'main');
  if (!tree) return undefined;
  try {
    const file = language === 'cpp'
      ? lowerCpp(tree, targetFacts(target), prepared.notes, seed)
      : lowerC(tree, targetFacts(target), (t) => parsers.parse('c', t), prepared.notes, seed);
    return inMainFileOffsets({ preprocessed: pre, file }, text.length);
  } finally {
    tree.delete();
  }
}

export type { DeclId, IncludeSettings };

const OUTSIDE: Span = { start: -1, end: -1 };

/**
 * The unit's declarations with spans in the main file's own offsets (those from other files, or
 * from text that maps nowhere, get -1), so the editor can use a whole preprocessed unit like a
 * lowering of the file as written: hovers match spans in the file's own tree.
 */
export function inMainFileOffsets(unit: Pick<TranslationUnit, 'preprocessed' | 'file'>, mainLength: number): CFile {
  const map = unit.preprocessed.map;
  const at = (out: number): number | undefined => {
    const o = map.origin(out);
    return o && o.file === 0 ? o.offset : undefined;
  };
  const remap = (s: Span): Span => {
    const start = at(s.start);
    if (start === undefined) return OUTSIDE;
    const last = s.end > s.start ? map.token(s.end - 1) : undefined;
    const end = last && last.file === 0 ? Math.min(mainLength, last.offset + (s.end - last.outStart)) : start + (s.end - s.start);
    return { start, end: Math.max(start, Math.min(end, mainLength)) };
  };
  const field = (f: Field): Field => ({ ...f, span: remap(f.span), ...(f.nameSpan ? { nameSpan: remap(f.nameSpan) } : {}) });
  const decls: Decl[] = unit.file.table.decls.map((d) => {
    const span = remap(d.span);
    if (d.decl === 'typedef') return { ...d, span, nameSpan: remap(d.nameSpan) };
    const nameSpan = d.nameSpan ? remap(d.nameSpan) : undefined;
    const base = { ...d, span, ...(nameSpan && nameSpan.start >= 0 ? { nameSpan } : {}) };
    if (!nameSpan || nameSpan.start < 0) delete (base as { nameSpan?: Span }).nameSpan;
    return d.decl === 'record' && d.fields ? { ...(base as RecordDecl), fields: d.fields.map(field) } : base;
  });
  const table: DeclTable = {
    decls,
    get(id) {
      const d = decls[id];
      if (!d) throw new Error(`no declaration ${id}`);
      return d;
    },
  };
  return {
    ...unit.file,
    table,
    variables: unit.file.variables.map((v) => ({ ...v, nameSpan: remap(v.nameSpan) })).filter((v) => v.nameSpan.start >= 0),
    problems: unit.file.problems.map((p) => ({ ...p, span: remap(p.span) })).filter((p) => p.span.start >= 0),
  };
}
