// The workspace index: records, enums, typedefs and function prototypes of C
// and C++ files, found lexically in each file as written (no preprocessing, so
// both branches of an #if are indexed: an index answers "where is X defined",
// the per-file analysis answers "what is X's layout"). Files are indexed once
// each, whoever includes them; entries are small and kept per file so a
// changed file is replaced alone.
import { lex, type Token } from '../preproc/lexer.ts';

export type IndexKind = 'struct' | 'union' | 'enum' | 'typedef' | 'function';

export interface IndexEntry {
  readonly name: string;
  readonly kind: IndexKind;
  /** 0-based line and UTF-16 column of the name. */
  readonly line: number;
  readonly character: number;
}

export interface IndexHit extends IndexEntry {
  readonly path: string;
}

const RECORD_WORDS = new Set(['struct', 'union', 'enum']);
const NOT_NAMES = new Set(['__attribute__', '__attribute', '__declspec', '__asm__', '__asm', 'asm', 'const', 'volatile', 'restrict', '__restrict',
  'extern', 'static', 'inline', '__inline', '__inline__', 'struct', 'union', 'enum', 'typedef', 'unsigned', 'signed', 'int', 'char', 'short', 'long',
  'float', 'double', 'void', '_Bool', 'sizeof', 'return', 'if', 'while', 'for', 'switch', '__extension__', '_Noreturn', '__THROW', '__wur', '__nonnull']);

/**
 * A copy of `name` that does not keep the file's text alive: V8 may make a substring a view
 * into its parent string, and the index outlives the text (all of /usr/include would stay in memory).
 */
function flat(name: string): string {
  return name.length < 13 ? name : Buffer.from(name, 'utf16le').toString('utf16le');
}

/** Line starts of `text`, for turning offsets into positions. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function position(starts: readonly number[], offset: number): { line: number; character: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo]! };
}

/** The declarator name of each comma-separated part of a typedef (`typedef int (*fn)(int), *pint;`). */
function typedefNames(tokens: readonly Token[]): Token[] {
  const names: Token[] = [];
  let depth = 0;
  let brace = 0;
  let best: Token | undefined;
  let inParensName: Token | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.text === '{') brace++;
    else if (t.text === '}') brace--;
    if (brace > 0 || t.text === '}') continue;
    if (t.text === '(' || t.text === '[') {
      // `( * name )`: a function pointer or array pointer declarator.
      if (t.text === '(' && depth === 0 && tokens[i + 1]?.text === '*') {
        let j = i + 2;
        while (tokens[j] && (tokens[j]!.text === '*' || tokens[j]!.text === 'const')) j++;
        if (tokens[j]?.kind === 'id' && tokens[j + 1]?.text === ')') inParensName = tokens[j];
      }
      depth++;
      continue;
    }
    if (t.text === ')' || t.text === ']') {
      depth--;
      continue;
    }
    if (depth > 0) continue;
    if (t.text === ',' || t.text === ';') {
      const n = inParensName ?? best;
      if (n) names.push(n);
      best = undefined;
      inParensName = undefined;
      continue;
    }
    if (t.kind === 'id' && !NOT_NAMES.has(t.text) && tokens[i + 1]?.text !== '(') best = t;
  }
  return names;
}

/** An `#include` (or `#include_next`) of a file as written; macro-named includes are left out. */
export interface IncludeDirective {
  readonly name: string;
  readonly angled: boolean;
  readonly next: boolean;
}

/** The `#include`s of a directive line, read from the file's text (`<sys/types.h>` is several tokens). */
function includeOf(text: string, tokens: readonly Token[]): IncludeDirective | undefined {
  const word = tokens[1]?.text;
  if (word !== 'include' && word !== 'include_next' && word !== 'import') return undefined;
  const first = tokens[2];
  const next = word === 'include_next';
  if (first?.kind === 'str' && first.text.startsWith('"')) return { name: first.text.slice(1, -1), angled: false, next };
  if (first?.text !== '<') return undefined;
  const close = tokens.find((t, i) => i > 2 && t.text === '>');
  return close ? { name: text.slice(first.off + 1, close.off).trim(), angled: true, next } : undefined;
}

/** Indexes one file's text. Never throws; unbalanced braces just end the file's top level early. */
export function indexText(text: string): IndexEntry[] {
  return indexTextWithIncludes(text).entries;
}

/** Indexes one file's text and lists its `#include`s (both sides of every `#if`). */
export function indexTextWithIncludes(text: string): { entries: IndexEntry[]; includes: IncludeDirective[] } {
  const out: IndexEntry[] = [];
  const includes: IncludeDirective[] = [];
  const starts = lineStarts(text);
  const tokens: Token[] = [];
  for (const line of lex(text, 0)) {
    if (!line.directive) for (const t of line.tokens) tokens.push(t);
    else {
      const inc = includeOf(text, line.tokens);
      if (inc) includes.push(inc);
    }
  }
  const at = (t: Token, name: string, kind: IndexKind): void => {
    out.push({ name: flat(name), kind, ...position(starts, t.off) });
  };
  let depth = 0;
  let statement = 0;
  /** The `{` at depth 0 opened a function body: its `}` ends the statement. */
  let functionBody = false;
  /** Per open brace: true for `extern "C" {`, whose contents are still at file scope. */
  const braces: boolean[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.text === '{' && depth === 0 && tokens[i - 1]?.kind === 'str' && tokens[i - 2]?.text === 'extern') {
      braces.push(true);
      statement = i + 1;
      continue;
    }
    if (t.text === '{') {
      braces.push(false);
      if (depth === 0) {
        // `name ( ... ) {`: a function definition.
        const close = tokens[i - 1];
        functionBody = close?.text === ')';
        if (functionBody) {
          let k = i - 1;
          let d = 0;
          for (; k >= statement; k--) {
            if (tokens[k]!.text === ')') d++;
            else if (tokens[k]!.text === '(' && --d === 0) break;
          }
          const name = tokens[k - 1];
          if (name?.kind === 'id' && !NOT_NAMES.has(name.text) && tokens[statement]?.text !== 'typedef') at(name, name.text, 'function');
        }
      }
      depth++;
      continue;
    }
    if (t.text === '}') {
      if (braces.pop() === true) {
        statement = i + 1;
        continue;
      }
      depth = Math.max(0, depth - 1);
      if (depth === 0 && functionBody) statement = i + 1;
      continue;
    }
    if (t.kind === 'id' && RECORD_WORDS.has(t.text)) {
      // `struct name {` anywhere (nested definitions are file-scope names in C).
      let k = i + 1;
      while (tokens[k]?.text === '__attribute__' || tokens[k]?.text === '__declspec') k = skipParens(tokens, k + 1);
      const name = tokens[k];
      if (name?.kind === 'id' && (tokens[k + 1]?.text === '{' || (tokens[k + 1]?.text === ':' && t.text === 'enum'))) at(name, name.text, t.text as IndexKind);
      continue;
    }
    if (depth > 0) continue;
    if (t.text === ';') {
      const stmt = tokens.slice(statement, i + 1);
      if (stmt[0]?.text === 'typedef' || (stmt[0]?.text === '__extension__' && stmt[1]?.text === 'typedef')) {
        for (const n of typedefNames(stmt.slice(stmt[0]!.text === 'typedef' ? 1 : 2))) at(n, n.text, 'typedef');
      } else {
        const fn = prototypeName(stmt);
        if (fn) at(fn, fn.text, 'function');
      }
      statement = i + 1;
    }
  }
  return { entries: out, includes };
}

function skipParens(tokens: readonly Token[], i: number): number {
  if (tokens[i]?.text !== '(') return i;
  let d = 0;
  for (let k = i; k < tokens.length; k++) {
    if (tokens[k]!.text === '(') d++;
    else if (tokens[k]!.text === ')' && --d === 0) return k + 1;
  }
  return tokens.length;
}

/** `int name(...);` at file scope: the name before the first top-level `(`. */
function prototypeName(stmt: readonly Token[]): Token | undefined {
  let depth = 0;
  for (let i = 0; i < stmt.length; i++) {
    const t = stmt[i]!;
    if (t.text === '{' || t.text === '=') return undefined;
    if (t.text === '(') {
      if (depth === 0) {
        const prev = stmt[i - 1];
        if (prev?.kind === 'id' && !NOT_NAMES.has(prev.text) && i > 1) return prev;
        // `int (*name)(void);` is a variable; `__attribute__((x)) int f(void)`: keep looking.
        if (prev?.kind === 'id' && NOT_NAMES.has(prev.text)) {
          i = skipParens(stmt, i) - 1;
          continue;
        }
        return undefined;
      }
      depth++;
    } else if (t.text === ')') depth--;
  }
  return undefined;
}

/** Entries by file; lookups by exact name through a name -> files map. */
export class SymbolIndex {
  private readonly byFile = new Map<string, readonly IndexEntry[]>();
  private readonly byName = new Map<string, Set<string>>();

  get fileCount(): number {
    return this.byFile.size;
  }

  get entryCount(): number {
    let n = 0;
    for (const e of this.byFile.values()) n += e.length;
    return n;
  }

  has(path: string): boolean {
    return this.byFile.has(path);
  }

  set(path: string, entries: readonly IndexEntry[]): void {
    this.remove(path);
    this.byFile.set(path, entries);
    for (const e of entries) {
      let files = this.byName.get(e.name);
      if (!files) {
        files = new Set();
        this.byName.set(e.name, files);
      }
      files.add(path);
    }
  }

  remove(path: string): void {
    const old = this.byFile.get(path);
    if (!old) return;
    this.byFile.delete(path);
    for (const e of old) {
      const files = this.byName.get(e.name);
      files?.delete(path);
      if (files?.size === 0) this.byName.delete(e.name);
    }
  }

  /** Definitions named exactly `name` (records and enums before typedefs before functions). */
  lookup(name: string, kinds?: ReadonlySet<IndexKind>): IndexHit[] {
    const out: IndexHit[] = [];
    for (const path of this.byName.get(name) ?? []) {
      for (const e of this.byFile.get(path) ?? []) if (e.name === name && (!kinds || kinds.has(e.kind))) out.push({ ...e, path });
    }
    return out;
  }

  /** Every entry of `kind` in files whose path ends with one of `extensions` (C++ function definitions in source files, for the C++ throw analysis). */
  inFiles(kind: IndexKind, extensions: readonly string[]): IndexHit[] {
    const out: IndexHit[] = [];
    for (const [path, entries] of this.byFile) {
      if (!extensions.some((e) => path.endsWith(e))) continue;
      for (const e of entries) if (e.kind === kind) out.push({ ...e, path });
    }
    return out;
  }

  /** Names containing `query` (case-insensitive), at most `limit`. */
  search(query: string, limit: number): IndexHit[] {
    const q = query.toLowerCase();
    const out: IndexHit[] = [];
    for (const [name, files] of this.byName) {
      if (q && !name.toLowerCase().includes(q)) continue;
      for (const path of files) {
        for (const e of this.byFile.get(path) ?? []) {
          if (e.name !== name) continue;
          out.push({ ...e, path });
          if (out.length >= limit) return out;
        }
      }
    }
    return out;
  }
}
