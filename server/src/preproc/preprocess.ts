// A C preprocessor good enough for layouts: #include (quote, -I, system dirs,
// #include_next), object- and function-like macros (# and ##, __VA_ARGS__,
// __VA_OPT__, GNU `, ## __VA_ARGS__`), #if/#ifdef/#ifndef/#elif/#else with
// defined() and __has_include, include guards and #pragma once. The output is
// one expanded translation unit plus a SourceMap back to the files as written.
// `#pragma pack` lines are kept (the lowering applies them); other directives
// are consumed. Every limit (include depth, output size, time, expansions)
// ends in a problem with a clear message, never a throw or a hang. A run can
// also be done a slice at a time (`startPreprocess`), with the same output.
import { dirname, isAbsolute, join, normalize } from 'node:path/posix';
import { evaluateIf, IfExpressionError } from './if-expr.ts';
import { HideSet, lex, lexText, type Line, type Token } from './lexer.ts';
import { SourceMap } from './source-map.ts';

/** Reads files for the preprocessor; the CLI and the server decide where text comes from (disk, open editors). */
export interface FileSource {
  /** The file's text and a version that changes when it does; undefined when it is not a readable file. */
  read(path: string): { text: string; version: string } | undefined;
}

export interface Limits {
  readonly includeDepth: number;
  /** UTF-16 code units of expanded text. */
  readonly outputChars: number;
  readonly milliseconds: number;
  readonly expansions: number;
}

export const DEFAULT_LIMITS: Limits = { includeDepth: 200, outputChars: 64 * 1024 * 1024, milliseconds: 20_000, expansions: 20_000_000 };

export interface PreprocessOptions {
  /** `-iquote` directories (searched for "..." only, after the including file's folder). */
  readonly quoteDirs?: readonly string[];
  /** `-I` directories, then the system directories, in search order. */
  readonly includeDirs: readonly string[];
  readonly systemDirs: readonly string[];
  /** `-D` in order: [name, body] (body `1` for `-DNAME`). */
  readonly defines?: ReadonlyArray<readonly [string, string]>;
  readonly undefines?: readonly string[];
  /** `-include FILE`, read before the main file. */
  readonly forcedIncludes?: readonly string[];
  /** The target's predefined macros as `#define` lines. */
  readonly predefined: string;
  readonly limits?: Partial<Limits>;
  /**
   * Read only the main file's directives, not its text: the declarations of its #includes (the
   * editor lowers the file as written on top of them, so hovers keep the file's own offsets).
   */
  readonly mainDirectivesOnly?: boolean;
  /**
   * Continue from a directives-only run's preamble (its state at the main file's first line of
   * text): the main file is read from that line on, its headers are not read again. Used when the
   * main file's text needs macros expanded (the editor re-reads only the file on each edit, as
   * clangd does with its preamble). Ignored, and `resumed` is false, when the text's directives
   * before its first line of text no longer match the preamble's.
   */
  readonly resume?: Preamble;
}

/**
 * The preprocessor's state where the main file's text starts (after its leading directives):
 * opaque outside this module.
 */
export interface Preamble {
  readonly kind: 'preamble';
}

interface PreambleState extends Preamble {
  readonly macros: ReadonlyMap<string, MacroDef>;
  readonly onceFiles: ReadonlySet<string>;
  readonly files: readonly string[];
  readonly texts: readonly string[];
  readonly dependencies: ReadonlySet<string>;
  /** How many directive lines of the main file come before its first line of text. */
  readonly directivesBefore: number;
  readonly conds: readonly Conditional[];
  readonly counter: number;
}

export type ProblemSeverity = 'error' | 'warning' | 'information';

export interface PreprocessProblem {
  readonly severity: ProblemSeverity;
  readonly message: string;
  /** Where it happened. */
  readonly file: number;
  readonly offset: number;
  /** The place in the main file it is reported at: the problem itself, or the `#include` that led to it. */
  readonly mainOffset: number;
  /** Set for an `#include` that was not found (a caller that did not provide the files drops these). */
  readonly missingInclude?: true;
}

export interface PreprocessResult {
  readonly text: string;
  readonly map: SourceMap;
  /** Paths by file index: 0 is the main file; `<built-in>` and `<command line>` are there too. */
  readonly files: readonly string[];
  readonly texts: readonly string[];
  readonly problems: readonly PreprocessProblem[];
  /** Files that were read (for invalidation). */
  readonly dependencies: ReadonlySet<string>;
  /** Object-like macros defined at the end, by their bodies' spelling (function-like ones are left out). */
  macros(): Map<string, string>;
  /** Names of the function-like macros defined at the end. */
  functionLikeMacros(): Set<string>;
  /** A directives-only run: the state where the main file's text starts (undefined when the file has no text). */
  readonly preamble?: Preamble;
  /** A run given `resume`: true when it continued from the preamble (false: it read everything). */
  readonly resumed: boolean;
}

interface MacroDef {
  readonly name: string;
  readonly params: readonly string[] | undefined;
  readonly variadic: boolean;
  readonly body: readonly Token[];
  /** Function-like: the parameter each body token names (-1: none), found once at #define rather than per use. */
  readonly paramOf: readonly number[] | undefined;
  /** The body has a `##` (an object-like use then pastes). */
  readonly pastes: boolean;
  /** Where it was defined (file index, offset). */
  readonly file: number;
  readonly off: number;
}

interface LexedFile {
  readonly version: string;
  readonly text: string;
  readonly lines: readonly Line[];
  /** The include-guard macro when the whole file is `#ifndef G ... #endif`. */
  readonly guard: string | undefined;
  /**
   * Its #define lines parsed, by line index, filled as runs read them: the macro a line defines is
   * the same in every run and target (only its file index differs), so it is parsed once.
   */
  readonly defines: Array<ParsedDefine | undefined>;
}

/**
 * Tokenized files kept across runs (the server re-preprocesses on every edit; headers rarely change).
 * Token file indexes are per run, so the cache keeps lines lexed with file index -1 and the run never
 * copies them: a token with file -1 belongs to the file whose lines are being read (see `fileOf`).
 */
export class LexCache {
  private readonly files = new Map<string, LexedFile>();
  get(path: string, version: string): LexedFile | undefined {
    const f = this.files.get(path);
    return f && f.version === version ? f : undefined;
  }
  set(path: string, f: LexedFile): void {
    this.files.set(path, f);
  }
  delete(path: string): void {
    this.files.delete(path);
  }
  clear(): void {
    this.files.clear();
  }
  get size(): number {
    return this.files.size;
  }
}

class Abort extends Error {}

const DIRECTIVES_OF_CONDITIONALS = new Set(['if', 'ifdef', 'ifndef', 'elif', 'elifdef', 'elifndef', 'else', 'endif']);

/** The main file's first line of text (-1: none) and how many directive lines come before it. */
function firstTextLine(lines: readonly Line[]): { line: number; directivesBefore: number } {
  let directivesBefore = 0;
  for (let k = 0; k < lines.length; k++) {
    const l = lines[k]!;
    if (l.directive) directivesBefore++;
    else if (l.tokens.length) return { line: k, directivesBefore };
  }
  return { line: -1, directivesBefore };
}

function guardOf(lines: readonly Line[]): string | undefined {
  let first = -1;
  for (let k = 0; k < lines.length; k++) {
    if (lines[k]!.tokens.length) {
      first = k;
      break;
    }
  }
  if (first < 0) return undefined;
  const head = lines[first]!;
  if (!head.directive) return undefined;
  const t = head.tokens;
  let guard: string | undefined;
  if (t[1]?.text === 'ifndef' && t[2]?.kind === 'id' && t.length === 3) guard = t[2].text;
  else if (t[1]?.text === 'if' && t[2]?.text === '!' && t[3]?.text === 'defined') {
    const name = t[4]?.text === '(' ? t[5] : t[4];
    if (name?.kind === 'id') guard = name.text;
  }
  if (!guard) return undefined;
  let depth = 0;
  for (let k = first; k < lines.length; k++) {
    const l = lines[k]!;
    if (!l.directive) {
      if (depth === 0 && l.tokens.length) return undefined;
      continue;
    }
    const d = l.tokens[1]?.text;
    if (d === 'if' || d === 'ifdef' || d === 'ifndef') depth++;
    else if (d === 'endif') {
      depth--;
      if (depth === 0) {
        for (let r = k + 1; r < lines.length; r++) if (lines[r]!.tokens.length) return undefined;
        return guard;
      }
    } else if (depth === 1 && (d === 'else' || d === 'elif' || d === 'elifdef' || d === 'elifndef')) return undefined;
  }
  return undefined;
}

/** Spelling of tokens with single spaces where the source had whitespace (for `#` and header names). */
function spell(tokens: readonly Token[]): string {
  let s = '';
  for (const t of tokens) s += (s && t.space ? ' ' : '') + t.text;
  return s;
}

function stringify(tokens: readonly Token[]): string {
  let s = '';
  for (const t of tokens) {
    if (t.kind === 'placemarker') continue;
    const text = t.kind === 'str' || t.kind === 'chr' ? t.text.replace(/[\\"]/g, (c) => `\\${c}`) : t.text;
    s += (s && t.space ? ' ' : '') + text;
  }
  return `"${s}"`;
}

interface Conditional {
  /** This group's lines are processed. */
  active: boolean;
  /** Some group of this #if chain was taken (later #elif/#else are skipped). */
  taken: boolean;
  /** The enclosing group is active. */
  readonly parentActive: boolean;
  sawElse: boolean;
  readonly off: number;
}

interface IncludeFrame {
  readonly file: number;
  readonly path: string;
  /** Index into the search path where it was found (-1: by its own folder or an absolute path). */
  readonly searchIndex: number;
}

/** A file being read (`Run.processLines`): its lines and where the reading is. */
interface LinesFrame {
  readonly lines: readonly Line[];
  readonly file: number;
  readonly conds: Conditional[];
  /** Its lines' parsed #defines, kept with a cached file (see `LexedFile.defines`). */
  readonly defines: Array<ParsedDefine | undefined> | undefined;
  /** The next line to read. */
  next: number;
  /** The text run being gathered (-1: none): lines [runFrom, runTo). */
  runFrom: number;
  runTo: number;
  /** An included file: on the include stack until its end. */
  readonly included: boolean;
}

function frame(lines: readonly Line[], file: number, conds: Conditional[] = [], defines?: Array<ParsedDefine | undefined>, next = 0, included = false): LinesFrame {
  return { lines, file, conds, defines, next, runFrom: -1, runTo: -1, included };
}

/** An `#include` that names a file: `Run.processLines` stops there and the driver reads the file. */
interface IncludeRequest {
  readonly path: string;
  readonly searchIndex: number;
  /** The including file and the directive's offset (for problems). */
  readonly from: number;
  readonly off: number;
}

/** `Run.processLines` reached a pause point of a sliced run. */
const PAUSE = 1;

/** `[\w$]` (ASCII letters, digits, `_`, `$`) on a character code. */
function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;
}
/** Adjacent characters that would read as one token (or a comment) if written without a space. */
const WOULD_JOIN = ['++', '--', '->', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '*=', '/=', '%=', '+=', '-=', '&=', '^=', '|=',
  '##', '::', '<:', ':>', '<%', '%>', '%:', '..', '/*', '//', '.0', '.1', '.2', '.3', '.4', '.5', '.6', '.7', '.8', '.9', '!='];
/** WOULD_JOIN as a 128 x 128 table of character codes: asked for every token written, without building a string. */
const JOINS = (() => {
  const table = new Uint8Array(128 * 128);
  for (const pair of WOULD_JOIN) table[pair.charCodeAt(0) * 128 + pair.charCodeAt(1)] = 1;
  return table;
})();

/** A token with every field, in one order (one object shape, so the expansion loop reads fields fast). */
function token(text: string, kind: Token['kind'], off: number, file: number, space: boolean, bol: boolean, hide: HideSet | undefined, painted?: true): Token {
  return { text, kind, off, file, space, bol, hide, painted };
}

/**
 * Tokens being expanded: what macro replacements pushed back (last first) in front of the input,
 * rows[from..to)'s tokens, which are read in place (a file's text lines are never copied).
 */
class Pending {
  readonly stack: Token[] = [];
  private row: number;
  private next = 0;
  constructor(private readonly rows: ReadonlyArray<{ readonly tokens: readonly Token[] }>, from: number, private readonly to: number) {
    this.row = from;
  }
  static of(tokens: readonly Token[]): Pending {
    return new Pending([{ tokens }], 0, 1);
  }
  pop(): Token | undefined {
    if (this.stack.length) return this.stack.pop();
    for (; this.row < this.to; this.row++, this.next = 0) {
      const tokens = this.rows[this.row]!.tokens;
      if (this.next < tokens.length) return tokens[this.next++];
    }
    return undefined;
  }
  peek(): Token | undefined {
    if (this.stack.length) return this.stack[this.stack.length - 1];
    for (; this.row < this.to; this.row++, this.next = 0) {
      const tokens = this.rows[this.row]!.tokens;
      if (this.next < tokens.length) return tokens[this.next];
    }
    return undefined;
  }
  push(t: Token): void {
    this.stack.push(t);
  }
}

/** The preprocessor's work as a generator: it yields at its pause points (see `startPreprocess`) and returns the result. */
type Work<T = void> = Generator<void, T, void>;

export function preprocess(mainPath: string, mainText: string, options: PreprocessOptions, source: FileSource, cache = new LexCache()): PreprocessResult {
  const work = new Run(options, source, cache).run(mainPath, mainText);
  for (;;) {
    const r = work.next();
    if (r.done) return r.value;
  }
}

/** A preprocessor run done a slice at a time (see `startPreprocess`). */
export interface PreprocessJob {
  /**
   * Works until the next pause point after `budgetMs` milliseconds (0: the next pause point),
   * then returns the result when the run is done (and again on every later call), undefined while
   * it is not.
   */
  step(budgetMs: number): PreprocessResult | undefined;
  readonly done: boolean;
}

/**
 * `preprocess`, a slice at a time, so a single-threaded caller can answer requests in between (the
 * server reads a file's headers in idle time). The result is the same as `preprocess`'s. The run
 * pauses at the start and end of every included file and every 64 lines within a file; nothing runs
 * between steps. The time limit counts only the time spent in steps. The files, the LexCache and the
 * options are read as steps need them: a file that changes between steps may be seen changed
 * (one read per path per run, as in `preprocess`).
 */
export function startPreprocess(mainPath: string, mainText: string, options: PreprocessOptions, source: FileSource, cache = new LexCache()): PreprocessJob {
  const run = new Run(options, source, cache);
  run.pausable = true;
  const work = run.run(mainPath, mainText);
  let result: PreprocessResult | undefined;
  /** What the run threw (a bug: limits end in problems, not throws), thrown again by later steps. */
  let failed: { error: unknown } | undefined;
  return {
    get done() {
      return result !== undefined || failed !== undefined;
    },
    step(budgetMs: number): PreprocessResult | undefined {
      if (result) return result;
      if (failed) throw failed.error;
      const started = performance.now();
      run.resumeClock(started);
      const until = started + budgetMs;
      try {
        for (;;) {
          const r = work.next();
          if (r.done) {
            result = r.value;
            return result;
          }
          if (performance.now() >= until) {
            run.compactText();
            return undefined;
          }
        }
      } catch (error) {
        failed = { error };
        throw error;
      } finally {
        run.pauseClock(performance.now());
      }
    },
  };
}

class Run {
  private readonly limits: Limits;
  private macros = new Map<string, MacroDef>();
  /**
   * `macros` is also a preamble's (taken, or resumed from): copied before the next change rather
   * than when the preamble is taken or resumed (most files change no macro after their includes).
   */
  private macrosShared = false;
  private files: string[] = [];
  private texts: string[] = [];
  private readonly problems: PreprocessProblem[] = [];
  private dependencies = new Set<string>();
  private onceFiles = new Set<string>();
  private preamble: PreambleState | undefined;
  /** Directives-only runs: the main file's first line of text, where the preamble is taken. */
  private preambleAt: { line: number; directivesBefore: number } | undefined;
  private readonly searchPath: string[];
  private readonly stack: IncludeFrame[] = [];
  /** Offset in the main file of the outermost #include being processed. */
  private mainOffset = 0;
  /**
   * The expanded text's pieces, joined once at the end. (Appending to one string instead makes a
   * rope of ~170,000 pieces per Python.h run that lives until the end and only moves the flattening
   * to the first reader: more garbage-collection work, no gain.)
   */
  private readonly parts: string[] = [];
  /** A sliced run's earlier pieces, joined a few thousand at a time between steps (`compactText`), so the last step's join stays short. */
  private readonly joinedParts: string[] = [];
  private outLen = 0;
  /** The last character written, as a code (a newline at the start). */
  private lastCode = 10;
  /** What `source.read` answered during this run: an #include probes the same folders again and again, and each read is a stat. */
  private readonly reads = new Map<string, { text: string; version: string } | undefined>();
  private readonly map = new SourceMap();
  /** When the time limit ends (`performance.now()`); moved on by the pauses of a sliced run (`pauseClock`, `resumeClock`). */
  private deadline: number;
  /** A paused run's time left (ms). */
  private timeLeft: number;
  /** A sliced run (`startPreprocess`): pause within files too. */
  pausable = false;
  private expansions = 0;
  private readonly reportedSelfReference = new Set<string>();
  private counter = 0;

  constructor(private readonly options: PreprocessOptions, private readonly source: FileSource, private readonly cache: LexCache) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.searchPath = [...options.includeDirs, ...options.systemDirs];
    this.timeLeft = this.limits.milliseconds;
    this.deadline = performance.now() + this.timeLeft;
  }

  /** A sliced run starts or continues a step at `now`: the time limit counts on from where it paused. */
  resumeClock(now: number): void {
    this.deadline = now + this.timeLeft;
  }

  /** A sliced run pausing: the text's pieces so far joined into one (a step's worth, ~0.1 ms for 4096 pieces). */
  compactText(): void {
    if (this.parts.length < 4096) return;
    this.joinedParts.push(this.parts.join(''));
    this.parts.length = 0;
  }

  /** A sliced run pauses at `now`: the time between steps does not count. */
  pauseClock(now: number): void {
    this.timeLeft = this.deadline - now;
  }

  *run(mainPath: string, mainText: string): Work<PreprocessResult> {
    const resume = this.options.resume as PreambleState | undefined;
    if (resume) {
      const lines = lex(mainText, 0);
      const start = firstTextLine(lines);
      if (start.line >= 0 && start.directivesBefore === resume.directivesBefore) return yield* this.resumeFrom(resume, mainPath, mainText, lines, start.line);
    }
    const main = this.addFile(mainPath, mainText);
    const builtin = this.addFile('<built-in>', options_predefined(this.options));
    const commandLine = this.addFile('<command line>', commandLineText(this.options));
    try {
      yield* this.readLines(frame(lex(this.texts[builtin]!, builtin), builtin));
      yield* this.readLines(frame(lex(this.texts[commandLine]!, commandLine), commandLine));
      this.stack.push({ file: main, path: mainPath, searchIndex: -1 });
      for (const inc of this.options.forcedIncludes ?? []) {
        const found = this.resolve(inc, false, false);
        if (found) yield;
        const inner = found && this.enterFile(found.path, found.searchIndex, main, 0);
        if (inner) yield* this.readLines(inner);
        else if (!found) this.problem('error', `cannot find the file \`${inc}\` named by -include`, main, 0);
      }
      const lines = this.mainLines(mainPath, mainText, main);
      // A directives-only run keeps its state where the file's text starts (see `resume`).
      if (this.options.mainDirectivesOnly) this.preambleAt = firstTextLine(lines);
      yield* this.readLines(frame(lines, main));
    } catch (e) {
      if (!(e instanceof Abort)) throw e;
    }
    return this.result(false);
  }

  /** The main file from its first line of text on, in the preamble's state (same file indexes). */
  private *resumeFrom(p: PreambleState, mainPath: string, mainText: string, lines: readonly Line[], start: number): Work<PreprocessResult> {
    this.macros = p.macros as Map<string, MacroDef>;
    this.macrosShared = true;
    this.onceFiles = new Set(p.onceFiles);
    this.files = [...p.files];
    this.texts = [...p.texts];
    this.files[0] = mainPath;
    this.texts[0] = mainText;
    this.dependencies = new Set(p.dependencies);
    this.counter = p.counter;
    this.stack.push({ file: 0, path: mainPath, searchIndex: -1 });
    try {
      yield* this.readLines(frame(lines, 0, p.conds.map((c) => ({ ...c })), undefined, start));
    } catch (e) {
      if (!(e instanceof Abort)) throw e;
    }
    return this.result(true);
  }

  private result(resumed: boolean): PreprocessResult {
    const macros = this.macros;
    return {
      preamble: this.preamble,
      resumed,
      text: this.joinedParts.length ? this.joinedParts.join('') + this.parts.join('') : this.parts.join(''), map: this.map, files: this.files, texts: this.texts, problems: this.problems, dependencies: this.dependencies,
      macros: () => {
        const out = new Map<string, string>();
        for (const [name, m] of macros) if (!m.params) out.set(name, spell(m.body));
        return out;
      },
      functionLikeMacros: () => new Set([...macros.values()].filter((m) => m.params).map((m) => m.name)),
    };
  }

  private mainLines(path: string, text: string, file: number): readonly Line[] {
    this.dependencies.add(path);
    return lex(text, file);
  }

  private addFile(path: string, text: string): number {
    this.files.push(path);
    this.texts.push(text);
    return this.files.length - 1;
  }

  private problem(severity: ProblemSeverity, message: string, file: number, offset: number, missingInclude = false): void {
    if (this.problems.length >= 1000) return;
    this.problems.push({ severity, message, file, offset, mainOffset: file === 0 ? offset : this.mainOffset, ...(missingInclude ? { missingInclude: true as const } : {}) });
  }

  private checkTime(file: number, off: number): void {
    if (performance.now() > this.deadline) {
      this.problem('error', `preprocessing stopped after ${this.limits.milliseconds} ms (time limit); declarations after this point are not read`, file, off);
      throw new Abort();
    }
  }

  // ---- output -----------------------------------------------------------

  private write(s: string): void {
    this.parts.push(s);
    this.outLen += s.length;
    if (s.length) this.lastCode = s.charCodeAt(s.length - 1);
  }

  /** Writes `t`, read in `file` (its own file index when it has one, see `fileOf`). */
  private emit(t: Token, file: number): void {
    if (t.kind === 'placemarker') return;
    const last = this.lastCode;
    if (last !== 10) {
      if (t.bol) this.write('\n');
      else {
        // (An empty text counted as a word before, the old test read `undefined`: kept.)
        const first = t.text.length ? t.text.charCodeAt(0) : 117;
        if (t.space || (isWordCode(last) && isWordCode(first)) || (last < 128 && first < 128 && JOINS[last * 128 + first] === 1)) this.write(' ');
      }
    }
    this.map.add(this.outLen, fileOf(t, file), t.off);
    this.write(t.kind === 'id' ? KEYWORD_ALIASES.get(t.text) ?? t.text : t.text);
    if (this.outLen > this.limits.outputChars) {
      this.problem('error', `the expanded translation unit is larger than ${this.limits.outputChars} characters (size limit); declarations after this point are not read`, fileOf(t, file), t.off);
      throw new Abort();
    }
  }

  private emitPragmaLine(text: string, file: number, off: number): void {
    if (this.lastCode !== 10) this.write('\n');
    this.map.add(this.outLen, file, off);
    this.write(`#pragma ${text}\n`);
  }

  // ---- lines and directives ---------------------------------------------

  /**
   * A file's lines from `f.next` on, with the state `f` keeps, until the end (undefined), an
   * `#include` that names a file to read (the driver, `readLines`, reads it, then continues here) or,
   * in a sliced run, a pause point (every 64 lines).
   */
  private processLines(f: LinesFrame): IncludeRequest | typeof PAUSE | undefined {
    const { lines, file, conds, defines } = f;
    // Text lines are expanded a run at a time, read in place: lines [runFrom, runTo) are text lines of one
    // group (a directive ends the run), and a macro use may span them.
    let runFrom = f.runFrom;
    let runTo = f.runTo;
    const flush = (): void => {
      if (runFrom >= 0) {
        this.expandInto(new Pending(lines, runFrom, runTo), undefined, file);
        runFrom = -1;
      }
    };
    const readText = !(file === 0 && this.options.mainDirectivesOnly);
    // Whether the current group is read; changes only at a conditional directive.
    let active = conds.length === 0 || conds[conds.length - 1]!.active;
    const from = f.next;
    for (let k = from; k < lines.length; k++) {
      // A pause point every 64 lines (the text run being gathered waits in the frame).
      if ((k & 63) === 63 && this.pausable && k > from) {
        f.next = k;
        f.runFrom = runFrom;
        f.runTo = runTo;
        return PAUSE;
      }
      const line = lines[k]!;
      if (file === 0 && k === this.preambleAt?.line) this.takePreamble(this.preambleAt.directivesBefore, conds);
      if (!line.directive) {
        if (active && readText && line.tokens.length) {
          if (runFrom < 0) runFrom = k;
          runTo = k + 1;
        }
        continue;
      }
      if ((k & 255) === 0) this.checkTime(file, line.start);
      const t = line.tokens;
      const name = line.name;
      if (DIRECTIVES_OF_CONDITIONALS.has(name)) {
        flush();
        this.conditional(name, t, conds, file);
        active = conds.length === 0 || conds[conds.length - 1]!.active;
        continue;
      }
      if (!active) continue;
      flush();
      if (name === 'define') this.define(t, file, defines, k);
      else if (name === 'include' || name === 'include_next' || name === 'import') {
        const request = this.include(name, t, file);
        if (request) {
          // Continue after this line (no text run is open: the directive flushed it; `active` follows from `conds`).
          f.next = k + 1;
          f.runFrom = -1;
          return request;
        }
      } else this.directive(name, t, file);
    }
    flush();
    for (const c of conds) this.problem('error', '#if without #endif: the conditional is still open at the end of the file', file, c.off);
    return undefined;
  }

  /**
   * Reads `first` with the files it includes, to the end: a stack of frames rather than recursion,
   * so a sliced run can pause (yield) anywhere in it, and at the start and end of each included file.
   */
  private *readLines(first: LinesFrame): Work {
    const frames = [first];
    while (frames.length) {
      const f = frames[frames.length - 1]!;
      const r = this.processLines(f);
      if (r === undefined) {
        frames.pop();
        if (f.included) {
          this.stack.pop();
          yield;
        }
      } else if (r === PAUSE) {
        yield;
      } else {
        // Before the header is read (lexed, when the LexCache lacks it).
        yield;
        const inner = this.enterFile(r.path, r.searchIndex, r.from, r.off);
        if (inner) frames.push(inner);
      }
    }
  }

  private shareMacros(): ReadonlyMap<string, MacroDef> {
    this.macrosShared = true;
    return this.macros;
  }

  /** `macros`, to change: a copy first when a preamble holds it too. */
  private ownMacros(): Map<string, MacroDef> {
    if (this.macrosShared) {
      this.macros = new Map(this.macros);
      this.macrosShared = false;
    }
    return this.macros;
  }

  private takePreamble(directivesBefore: number, conds: readonly Conditional[]): void {
    this.preamble = {
      kind: 'preamble',
      macros: this.shareMacros(),
      onceFiles: new Set(this.onceFiles),
      files: [...this.files],
      texts: [...this.texts],
      dependencies: new Set(this.dependencies),
      directivesBefore,
      conds: conds.map((c) => ({ ...c })),
      counter: this.counter,
    };
  }

  private conditional(name: string, t: readonly Token[], conds: Conditional[], file: number): void {
    const top = conds[conds.length - 1];
    const off = t[0]!.off;
    if (name === 'if' || name === 'ifdef' || name === 'ifndef') {
      const parentActive = !top || top.active;
      const value = parentActive ? this.condition(name, t, file) : false;
      conds.push({ active: parentActive && value, taken: value, parentActive, sawElse: false, off });
      return;
    }
    if (!top) {
      this.problem('error', `#${name} without #if`, file, off);
      return;
    }
    if (name === 'endif') {
      conds.pop();
      return;
    }
    if (top.sawElse) this.problem('error', `#${name} after #else`, file, off);
    if (name === 'else') {
      top.sawElse = true;
      top.active = top.parentActive && !top.taken;
      top.taken = true;
      return;
    }
    // #elif, #elifdef, #elifndef
    if (!top.parentActive || top.taken) {
      top.active = false;
      return;
    }
    const value = this.condition(name === 'elif' ? 'if' : name === 'elifdef' ? 'ifdef' : 'ifndef', t, file);
    top.active = value;
    top.taken = value;
  }

  /** A macro, or one of the built-in queries compilers report as defined (`#ifdef __has_include`). */
  private isDefined(name: string): boolean {
    return this.macros.has(name) || name === '__has_include' || name === '__has_include_next' || BUILTIN_QUERIES[name] !== undefined
      || name === '__LINE__' || name === '__FILE__' || name === '__COUNTER__';
  }

  private condition(kind: string, t: readonly Token[], file: number): boolean {
    if (kind === 'ifdef' || kind === 'ifndef') {
      const id = t[2];
      if (!id || id.kind !== 'id') {
        this.problem('error', `#${kind} needs a macro name`, file, t[0]!.off);
        return false;
      }
      return this.isDefined(id.text) === (kind === 'ifdef');
    }
    const expr = t.slice(2);
    try {
      return evaluateIf(this.ifTokens(expr, file)) !== 0n;
    } catch (e) {
      if (e instanceof IfExpressionError) {
        this.problem('error', `cannot evaluate #if: ${e.message}`, file, t[0]!.off);
        return false;
      }
      throw e;
    }
  }

  /** #if tokens with `defined`, `__has_include` and the other built-in queries replaced, macros expanded, other names 0. */
  private ifTokens(expr: readonly Token[], file: number): Token[] {
    const pre = this.replaceQueries(expr, file);
    const expanded: Token[] = [];
    this.expandInto(pre, expanded, file, true);
    const post = this.replaceQueries(expanded, file);
    return post.map((x) => (x.kind === 'id' ? { ...x, kind: 'num', text: x.text === 'true' ? '1' : '0' } : x));
  }

  private replaceQueries(tokens: readonly Token[], file: number): Token[] {
    const out: Token[] = [];
    const num = (at: Token, v: boolean): Token => ({ ...at, kind: 'num', text: v ? '1' : '0' });
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.kind !== 'id') {
        out.push(t);
        continue;
      }
      if (t.text === 'defined') {
        const paren = tokens[i + 1]?.text === '(';
        const id = tokens[i + (paren ? 2 : 1)];
        if (!id || id.kind !== 'id') throw new IfExpressionError('`defined` needs a macro name');
        out.push(num(t, this.isDefined(id.text)));
        i += paren ? 3 : 1;
        continue;
      }
      if ((t.text === '__has_include' || t.text === '__has_include_next') && tokens[i + 1]?.text === '(') {
        const { arg, close: j } = parenthesised(tokens, i + 1);
        const header = this.headerName(arg, file);
        out.push(num(t, header !== undefined && this.resolve(header.name, header.angled, t.text === '__has_include_next') !== undefined));
        i = j;
        continue;
      }
      const query = BUILTIN_QUERIES[t.text];
      if (query !== undefined && tokens[i + 1]?.text === '(') {
        const { arg, close: j } = parenthesised(tokens, i + 1);
        out.push(num(t, query(spell(arg))));
        i = j;
        continue;
      }
      out.push(t);
    }
    return out;
  }

  private directive(name: string, t: readonly Token[], file: number): void {
    const off = t[0]!.off;
    switch (name) {
      case 'define':
        this.define(t, file, undefined, -1);
        return;
      case 'undef':
        if (t[2]?.kind === 'id') this.ownMacros().delete(t[2].text);
        return;
      case 'pragma': {
        const what = t[2]?.text;
        if (what === 'once') this.onceFiles.add(this.files[file]!);
        else if (what === 'pack') this.emitPragmaLine(spell(t.slice(2)), file, off);
        else if (what === 'push_macro' || what === 'pop_macro') this.pushPopMacro(what, t, file);
        return;
      }
      case 'error':
        this.problem('error', `#error ${spell(t.slice(2))}`, file, off);
        return;
      default:
        // #warning, #line, #ident, #sccs, #assert, null directives and unknown ones change no layout.
        return;
    }
  }

  /** `#include`, `#include_next`, `#import`: the file to read, if any (`readLines` reads it). */
  private include(name: string, t: readonly Token[], file: number): IncludeRequest | undefined {
    const off = t[0]!.off;
    let arg = t.slice(2);
    if (arg[0] && arg[0].kind !== 'str' && arg[0].text !== '<') {
      // A computed include: the macros give the header name.
      const expanded: Token[] = [];
      this.expandInto(arg, expanded, file);
      arg = expanded;
    }
    const header = this.headerName(arg, file);
    if (!header) {
      this.problem('error', `#${name} needs "file" or <file>`, file, off);
      return undefined;
    }
    if (file === 0) this.mainOffset = off;
    const found = this.resolve(header.name, header.angled, name === 'include_next', file);
    if (!found) {
      const where = [...(header.angled ? [] : ['the including file\'s folder', ...(this.options.quoteDirs ?? [])]), ...this.searchPath];
      this.problem('error', `cannot find the include file ${header.angled ? `<${header.name}>` : `"${header.name}"`} (searched ${where.join(', ') || 'no directories'}); its declarations are unknown`, file, off, true);
      return undefined;
    }
    return { path: found.path, searchIndex: found.searchIndex, from: file, off };
  }

  private readonly pushedMacros = new Map<string, Array<MacroDef | undefined>>();
  private pushPopMacro(what: string, t: readonly Token[], file: number): void {
    const str = t.find((x) => x.kind === 'str');
    if (!str) return;
    const name = str.text.slice(1, -1);
    const stack = this.pushedMacros.get(name) ?? [];
    this.pushedMacros.set(name, stack);
    if (what === 'push_macro') stack.push(this.macros.get(name));
    else if (stack.length) {
      const m = stack.pop();
      if (m) this.ownMacros().set(name, m);
      else this.ownMacros().delete(name);
    } else {
      this.problem('warning', `#pragma pop_macro("${name}") without a push`, file, t[0]!.off);
    }
  }

  private headerName(arg: readonly Token[], _file: number): { name: string; angled: boolean } | undefined {
    const first = arg[0];
    if (!first) return undefined;
    if (first.kind === 'str' && first.text.startsWith('"')) return { name: first.text.slice(1, -1), angled: false };
    if (first.text === '<') {
      const close = arg.findIndex((x) => x.text === '>');
      if (close < 0) return undefined;
      return { name: spell(arg.slice(1, close)), angled: true };
    }
    return undefined;
  }

  /** Finds a header: the including file's folder for "...", then -iquote, -I and system directories. */
  private resolve(name: string, angled: boolean, next: boolean, from?: number): { path: string; searchIndex: number } | undefined {
    if (isAbsolute(name)) return this.read(name) ? { path: normalize(name), searchIndex: -1 } : undefined;
    let start = 0;
    if (next) {
      const frame = this.stack[this.stack.length - 1];
      start = frame && frame.searchIndex >= 0 ? frame.searchIndex + 1 : 0;
    } else if (!angled) {
      const current = this.stack[this.stack.length - 1];
      const dirs = [current ? dirname(current.path) : '.', ...(this.options.quoteDirs ?? [])];
      for (const d of dirs) {
        const p = joined(d, name);
        // #include_next from a file found beside its includer continues after that folder's place in the search path, as GCC does.
        if (this.read(p)) return { path: p, searchIndex: this.searchPath.indexOf(dirname(p)) };
      }
    }
    void from;
    for (let k = start; k < this.searchPath.length; k++) {
      const p = joined(this.searchPath[k]!, name);
      if (this.read(p)) return { path: p, searchIndex: k };
    }
    return undefined;
  }

  private read(path: string): { text: string; version: string } | undefined {
    if (this.reads.has(path)) return this.reads.get(path);
    const r = this.source.read(path);
    this.reads.set(path, r);
    return r;
  }

  private lexed(path: string): LexedFile | undefined {
    const r = this.read(path);
    if (!r) return undefined;
    let f = this.cache.get(path, r.version);
    if (!f) {
      // Cached lines carry file index -1, which stands for the file being read (see `fileOf`).
      const lines = lex(r.text, -1);
      f = { version: r.version, text: r.text, lines, guard: guardOf(lines), defines: new Array<ParsedDefine | undefined>(lines.length).fill(undefined) };
      this.cache.set(path, f);
    }
    return f;
  }

  /** An included file's frame, pushed on the include stack (`readLines` pops it at its end); undefined when it is not read. */
  private enterFile(path: string, searchIndex: number, from: number, off: number): LinesFrame | undefined {
    if (this.onceFiles.has(path)) return undefined;
    const f = this.lexed(path);
    if (!f) {
      this.problem('error', `cannot read ${path}`, from, off);
      return undefined;
    }
    if (f.guard !== undefined && this.macros.has(f.guard)) return undefined;
    if (this.stack.length > this.limits.includeDepth) {
      this.problem('error', `#include nested more than ${this.limits.includeDepth} levels deep (at ${path}); the rest of that chain is not read`, from, off);
      return undefined;
    }
    // Headers may include themselves on purpose (GCC's limits.h through syslimits.h); a third entry is a cycle.
    if (this.stack.filter((s) => s.path === path).length >= 2) {
      const chain = [...this.stack.slice(this.stack.findIndex((s) => s.path === path)).map((s) => s.path), path];
      this.problem('error', `#include cycle: ${chain.join(' -> ')}; the file is not read again`, from, off);
      return undefined;
    }
    this.dependencies.add(path);
    const index = this.addFile(path, f.text);
    this.stack.push({ file: index, path, searchIndex });
    return frame(f.lines, index, [], f.defines, 0, true);
  }

  /** `defines[line]` holds the line's parsed macro once a run has read it (cached files only). */
  private define(t: readonly Token[], file: number, defines: Array<ParsedDefine | undefined> | undefined, line: number): void {
    const nameTok = t[2];
    if (!nameTok || nameTok.kind !== 'id') {
      this.problem('error', '#define needs a macro name', file, t[0]!.off);
      return;
    }
    let d = defines?.[line];
    if (!d) {
      d = parseDefine(t, nameTok.text);
      if (defines) defines[line] = d;
    }
    const body = d.body;
    if (file === 0 && !this.reportedSelfReference.has(nameTok.text) && body.some((b) => b.kind === 'id' && b.text === nameTok.text)) {
      this.reportedSelfReference.add(nameTok.text);
      this.problem('information', `macro \`${nameTok.text}\` refers to itself; as in C, the inner \`${nameTok.text}\` is left unexpanded`, file, nameTok.off);
    }
    this.ownMacros().set(d.name, { name: d.name, params: d.params, variadic: d.variadic, body, paramOf: d.paramOf, pastes: d.pastes, file, off: nameTok.off });
  }

  // ---- macro expansion --------------------------------------------------

  /**
   * Expands `input` (one run of text lines or a directive's operands) into `sink`, or writes them
   * to the output when there is none. Macro replacements are pushed back in front of what is left
   * and rescanned (C11 6.10.3.4). `file` is the file being read (see `fileOf`).
   */
  private expandInto(input: readonly Token[] | Pending, sink: Token[] | undefined, file: number, inIf = false): void {
    const pending = input instanceof Pending ? input : Pending.of(input);
    for (let t = pending.pop(); t !== undefined; t = pending.pop()) {
      if (t.kind !== 'id' || t.painted) {
        if (sink) sink.push(t);
        else this.emit(t, file);
        continue;
      }
      if (inIf && t.text === 'defined') {
        // `defined` produced by a macro in #if: keep the operand unexpanded, as GCC and clang do.
        // (Only directives expand with `inIf`, always into a sink.)
        sink!.push(t);
        const a = pending.pop();
        if (a) {
          sink!.push(a);
          if (a.text === '(') {
            const b = pending.pop();
            if (b) sink!.push(b);
          }
        }
        continue;
      }
      const m = this.macros.get(t.text);
      if (!m) {
        // Every name that is not a macro comes here: its first character rules out the built-ins cheaply.
        const underscore = t.text.charCodeAt(0) === 95;
        if (underscore && t.text === '_Pragma' && !inIf && pending.peek()?.text === '(') {
          this.pragmaOperator(pending, t, file);
          continue;
        }
        const x = underscore && (t.text === '__LINE__' || t.text === '__FILE__' || t.text === '__COUNTER__') ? this.builtinMacro(t, file) : t;
        if (sink) sink.push(x);
        else this.emit(x, file);
        continue;
      }
      if (t.hide !== undefined && t.hide.has(t.text)) {
        if (!this.reportedSelfReference.has(t.text) && m.file === 0) {
          this.reportedSelfReference.add(t.text);
          this.problem('information', `macro \`${t.text}\` refers to itself (directly or through other macros); as in C, the inner \`${t.text}\` is left unexpanded`, m.file, m.off);
        }
        const painted = token(t.text, t.kind, t.off, t.file, t.space, t.bol, t.hide, true);
        if (sink) sink.push(painted);
        else this.emit(painted, file);
        continue;
      }
      if (++this.expansions > this.limits.expansions) {
        this.problem('error', `more than ${this.limits.expansions} macro expansions (limit); declarations after this point are not read`, fileOf(t, file), t.off);
        throw new Abort();
      }
      if ((this.expansions & 4095) === 0) this.checkTime(fileOf(t, file), t.off);
      if (!m.params) {
        const hide = (t.hide ?? HideSet.EMPTY).with(m.name);
        const body = m.body;
        for (let k = body.length - 1; k >= 0; k--) {
          const b = body[k]!;
          pending.push(token(b.text, b.kind, t.off, t.file, k === 0 ? t.space : b.space, k === 0 ? t.bol : false, hide));
        }
        if (m.pastes) this.pasteObjectLike(pending.stack, body.length);
        continue;
      }
      if (pending.peek()?.text !== '(') {
        if (sink) sink.push(t);
        else this.emit(t, file);
        continue;
      }
      const lparen = pending.pop()!;
      const args = this.collectArgs(pending, m, t, file);
      if (!args) {
        pending.push(lparen);
        if (sink) sink.push(t);
        else this.emit(t, file);
        continue;
      }
      const hide = (t.hide ?? HideSet.EMPTY).with(m.name);
      const result = this.substitute(m, m.body, m.paramOf!, args, t, hide, file, inIf);
      for (let k = result.length - 1; k >= 0; k--) pending.push(result[k]!);
    }
  }

  /** An object-like body with `##`: paste in place (the body was pushed reversed: its `n` tokens are on top). */
  private pasteObjectLike(stack: Token[], n: number): void {
    const body = stack.splice(stack.length - n, n).reverse();
    const out: Token[] = [];
    for (let k = 0; k < body.length; k++) {
      const b = body[k]!;
      if (b.text === '##' && out.length && k + 1 < body.length) {
        const left = out.pop()!;
        const right = body[++k]!;
        out.push(...this.paste(left, right));
      } else {
        out.push(b);
      }
    }
    for (let k = out.length - 1; k >= 0; k--) stack.push(out[k]!);
  }

  private paste(left: Token, right: Token): Token[] {
    if (left.kind === 'placemarker') return [right];
    if (right.kind === 'placemarker') return [left];
    const made = lexText(left.text + right.text, left);
    return made.map((x) => token(x.text, x.kind, x.off, x.file, x.space, x.bol, left.hide));
  }

  /** The arguments of a function-like macro use, the `(` already taken; undefined when the list never closes. */
  private collectArgs(pending: Pending, m: MacroDef, at: Token, file: number): Token[][] | undefined {
    const args: Token[][] = [[]];
    let depth = 0;
    const taken: Token[] = [];
    for (let x = pending.pop(); x !== undefined; x = pending.pop()) {
      taken.push(x);
      if (x.text === '(') depth++;
      else if (x.text === ')') {
        if (depth === 0) {
          const want = m.params!.length;
          if (want === 0 && args.length === 1 && args[0]!.length === 0) return [];
          if (args.length < want && m.variadic && args.length === want - 1) args.push([]);
          if (args.length !== want) {
            this.problem('error', `macro \`${m.name}\` takes ${want} argument${want === 1 ? '' : 's'}, given ${args.length}`, fileOf(at, file), at.off);
            return [];
          }
          return args;
        }
        depth--;
      } else if (x.text === ',' && depth === 0 && !(m.variadic && args.length === m.params!.length)) {
        args.push([]);
        continue;
      }
      args[args.length - 1]!.push(x);
    }
    this.problem('error', `unterminated argument list for macro \`${m.name}\``, fileOf(at, file), at.off);
    // Put the tokens back: they are ordinary text after all.
    for (let k = taken.length - 1; k >= 0; k--) pending.push(taken[k]!);
    return undefined;
  }

  /** A body token or argument token placed at the macro use `at` (its file and offset), under `hide`. */
  private static place(x: Token, at: Token, space: boolean, hide: HideSet): Token {
    return token(x.text, x.kind, at.off, at.file, space, false, hide.union(x.hide), x.painted ? true : undefined);
  }

  /** `body` (the macro's, or a `__VA_OPT__`'s contents) with the arguments put in; `paramOf[k]`: the parameter body[k] names, or -1. */
  private substitute(m: MacroDef, body: readonly Token[], paramOf: readonly number[], args: Token[][], at: Token, hide: HideSet, file: number, inIf: boolean): Token[] {
    const place = Run.place;
    // Each parameter's fully expanded argument, made the first time the body uses it.
    let expandedCache: Array<Token[] | undefined> | undefined;
    const expanded = (p: number): Token[] => {
      expandedCache ??= [];
      let e = expandedCache[p];
      if (!e) {
        e = [];
        this.expandInto(args[p]!, e, file, inIf);
        expandedCache[p] = e;
      }
      return e;
    };
    const vaIndex = m.variadic ? m.params!.length - 1 : -1;
    const out: Token[] = [];
    let placemarkers = false;
    for (let k = 0; k < body.length; k++) {
      const b = body[k]!;
      // __VA_OPT__(x): x when the variadic argument has tokens.
      if (b.text === '__VA_OPT__' && body[k + 1]?.text === '(' && vaIndex >= 0) {
        let depth = 0;
        let j = k + 1;
        const inner: Token[] = [];
        for (; j < body.length; j++) {
          if (body[j]!.text === '(') { if (depth++ === 0) continue; }
          else if (body[j]!.text === ')' && --depth === 0) break;
          inner.push(body[j]!);
        }
        if (args[vaIndex]!.length) {
          const sub = this.substitute(m, inner, paramIndexes(inner, m.params!), args, at, hide, file, inIf);
          for (const x of sub) out.push(x);
        }
        k = j;
        continue;
      }
      if (b.text === '#' && k + 1 < body.length && paramOf[k + 1]! >= 0) {
        const arg = args[paramOf[k + 1]!]!;
        out.push(token(stringify(arg), 'str', at.off, at.file, b.space, false, hide));
        k++;
        continue;
      }
      if (b.text === '##' && k + 1 < body.length) {
        const next = body[++k]!;
        const p = paramOf[k]!;
        if (p >= 0 && p === vaIndex && out[out.length - 1]?.text === ',' && args[p]!.length === 0) {
          // GNU: `, ## __VA_ARGS__` drops the comma when there are no variadic arguments.
          out.pop();
          continue;
        }
        const right = p >= 0 ? args[p]!.map((x, i) => place(x, at, i === 0 ? next.space : x.space, hide)) : [place(next, at, next.space, hide)];
        if (right.length === 0) continue;
        if (p >= 0 && p === vaIndex && out[out.length - 1]?.text === ',') {
          // GNU: with variadic arguments, `, ## __VA_ARGS__` is just the comma and the arguments.
          for (const x of right) out.push(x);
          continue;
        }
        const left = out.pop();
        if (!left) {
          for (const x of right) out.push(x);
          continue;
        }
        for (const x of this.paste(left, right[0]!)) {
          if (x.kind === 'placemarker') placemarkers = true;
          out.push(x);
        }
        for (let i = 1; i < right.length; i++) out.push(right[i]!);
        continue;
      }
      const p = paramOf[k]!;
      if (p >= 0) {
        const raw = body[k + 1]?.text === '##';
        const arg = raw ? args[p]! : expanded(p);
        if (arg.length === 0) {
          if (raw) {
            out.push(token('', 'placemarker', at.off, at.file, false, false, undefined));
            placemarkers = true;
          }
          continue;
        }
        for (let i = 0; i < arg.length; i++) out.push(place(arg[i]!, at, i === 0 ? b.space : arg[i]!.space, hide));
        continue;
      }
      out.push(place(b, at, b.space, hide));
    }
    if (out.length) {
      const o = out[0]!;
      out[0] = token(o.text, o.kind, o.off, o.file, at.space, at.bol, o.hide, o.painted ? true : undefined);
    }
    return placemarkers ? out.filter((x) => x.kind !== 'placemarker') : out;
  }

  private builtinMacro(t: Token, file: number): Token {
    const at = fileOf(t, file);
    if (t.text === '__FILE__') return token(JSON.stringify(this.files[at] ?? ''), 'str', t.off, t.file, t.space, t.bol, t.hide, t.painted ? true : undefined);
    if (t.text === '__COUNTER__') return token(String(this.counter++), 'num', t.off, t.file, t.space, t.bol, t.hide, t.painted ? true : undefined);
    const text = this.texts[at] ?? '';
    let line = 1;
    for (let k = text.indexOf('\n'); k >= 0 && k < t.off; k = text.indexOf('\n', k + 1)) line++;
    return token(String(line), 'num', t.off, t.file, t.space, t.bol, t.hide, t.painted ? true : undefined);
  }

  /** `_Pragma("pack(...)")` becomes a `#pragma pack` line; other pragmas are dropped. */
  private pragmaOperator(pending: Pending, at: Token, file: number): void {
    pending.pop();
    const str = pending.pop();
    const close = pending.pop();
    if (!str || str.kind !== 'str' || close?.text !== ')') {
      this.problem('warning', '_Pragma needs one string literal in parentheses', fileOf(at, file), at.off);
      return;
    }
    const body = str.text.slice(str.text.indexOf('"') + 1, -1).replace(/\\(["\\])/g, '$1').trim();
    if (/^pack\b/.test(body)) this.emitPragmaLine(body, fileOf(at, file), at.off);
  }
}

/**
 * A token's file index. Cached lines carry -1, and so do the tokens expanded from them (an expansion
 * takes its use's file); every token met while reading a file's lines comes from that file, so -1
 * means `file`, the file being read.
 */
function fileOf(t: Token, file: number): number {
  return t.file < 0 ? file : t.file;
}

/** A #define line's macro, without where it is (the file index is per run). */
type ParsedDefine = Pick<MacroDef, 'name' | 'params' | 'variadic' | 'body' | 'paramOf' | 'pastes'>;

/** `t`: a #define line whose name (t[2]) is an identifier. */
function parseDefine(t: readonly Token[], name: string): ParsedDefine {
  let i = 3;
  let params: string[] | undefined;
  let variadic = false;
  if (t[3]?.text === '(' && !t[3].space) {
    params = [];
    i = 4;
    for (; i < t.length && t[i]!.text !== ')'; i++) {
      const p = t[i]!;
      if (p.text === ',') continue;
      if (p.text === '...') {
        variadic = true;
        params.push('__VA_ARGS__');
      } else if (p.kind === 'id') {
        if (t[i + 1]?.text === '...') {
          // GNU named variadic parameter: `args...`.
          variadic = true;
          i++;
        }
        params.push(p.text);
      }
    }
    i++;
  }
  const body = t.slice(i);
  return { name, params, variadic, body, paramOf: params && paramIndexes(body, params), pastes: body.some((b) => b.text === '##') };
}

/** `normalize(join(dir, name))`, remembered: every run looks for the same headers in the same folders. */
const JOINED = new Map<string, string>();
function joined(dir: string, name: string): string {
  const key = `${dir}\n${name}`;
  let p = JOINED.get(key);
  if (p === undefined) {
    p = normalize(join(dir, name));
    if (JOINED.size >= 100_000) JOINED.clear();
    JOINED.set(key, p);
  }
  return p;
}

/** The parameter each of `body`'s tokens names, or -1. */
function paramIndexes(body: readonly Token[], params: readonly string[]): number[] {
  return body.map((b) => (b.kind === 'id' ? params.indexOf(b.text) : -1));
}

function options_predefined(o: PreprocessOptions): string {
  return o.predefined;
}

function commandLineText(o: PreprocessOptions): string {
  const lines: string[] = [];
  for (const [name, body] of o.defines ?? []) lines.push(`#define ${name.replace('(', '(')} ${body}`);
  for (const name of o.undefines ?? []) lines.push(`#undef ${name}`);
  return lines.join('\n') + '\n';
}

/** `__has_attribute` and friends: what clang would answer for the queries headers make to pick declarations. */
const BUILTIN_QUERIES: Readonly<Record<string, (arg: string) => boolean>> = {
  // GNU attributes: tree-sitter-c reads any `__attribute__((...))`, and packed/aligned are applied.
  __has_attribute: () => true,
  __has_c_attribute: () => false,
  __has_cpp_attribute: () => false,
  __has_declspec_attribute: () => false,
  // Builtins and features change function bodies and prototypes, not layouts; answering no keeps the plainest spelling.
  __has_builtin: () => false,
  __has_feature: (a) => /^(c_alignas|c_alignof|c_static_assert|c_generic_selections|c_atomic)$/.test(a.trim()),
  __has_extension: (a) => /^(c_alignas|c_alignof|c_static_assert|c_generic_selections|c_atomic)$/.test(a.trim()),
  __has_warning: () => false,
  __is_identifier: () => true,
};

/** GNU spellings of keywords tree-sitter-c does not know, written as the keyword (C's meaning is the same). */
const KEYWORD_ALIASES: ReadonlyMap<string, string> = new Map([
  ['__signed__', 'signed'], ['__signed', 'signed'], ['__const', 'const'], ['__const__', 'const'], ['__volatile', 'volatile'],
]);

/** The tokens between the `(` at `open` and its matching `)`, and the index of that `)` (tokens.length when unclosed). */
function parenthesised(tokens: readonly Token[], open: number): { arg: Token[]; close: number } {
  let depth = 1;
  const arg: Token[] = [];
  let j = open + 1;
  for (; j < tokens.length; j++) {
    const x = tokens[j]!;
    if (x.text === '(') depth++;
    else if (x.text === ')' && --depth === 0) break;
    arg.push(x);
  }
  return { arg, close: j };
}
