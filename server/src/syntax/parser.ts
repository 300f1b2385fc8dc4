// web-tree-sitter set-up: the runtime and the grammars are loaded once, from
// dist/grammars in the bundle or from the pinned npm packages when run from
// source (tests), never downloaded.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Edit, Language, Parser, type Range, type Tree } from 'web-tree-sitter';
import { lineHunks } from './line-diff.ts';

export type LanguageId = 'c' | 'cpp' | 'rust' | 'python';
export const LANGUAGES: readonly LanguageId[] = ['c', 'cpp', 'rust', 'python'];

const GRAMMAR_PACKAGE: Record<LanguageId, string> = {
  c: 'tree-sitter-c',
  cpp: 'tree-sitter-cpp',
  rust: 'tree-sitter-rust',
  python: 'tree-sitter-python',
};

/** Parsing more than this many milliseconds is abandoned (a parse-time cap for absurd inputs). */
const PARSE_TIMEOUT_MS = 10_000;

function locate(pkg: string, file: string): string {
  const bundled = join(__dirname, 'grammars', file);
  if (existsSync(bundled)) return bundled;
  // Run from source (tests): the file in the pinned package under the nearest node_modules.
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', pkg, file);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`grammar file ${file} not found: run \`npm ci\` and \`npm run build\``);
  }
}

let ready: Promise<Map<LanguageId, Language>> | undefined;

async function load(): Promise<Map<LanguageId, Language>> {
  await Parser.init({ locateFile: (name: string) => locate('web-tree-sitter', name) });
  const languages = new Map<LanguageId, Language>();
  for (const id of LANGUAGES) {
    const pkg = GRAMMAR_PACKAGE[id];
    languages.set(id, await Language.load(locate(pkg, `${pkg}.wasm`)));
  }
  return languages;
}

/** Loads the runtime and every grammar; call once at start-up and await it. */
export function initSyntax(): Promise<Map<LanguageId, Language>> {
  ready ??= load();
  return ready;
}

/**
 * An incremental parse is not tried when more than this fraction of the new text is inserted
 * text (what tree-sitter must read again; deleted text costs little): tree-sitter then re-reads
 * most of the text anyway, on top of the diff and of walking the old tree, so a fresh parse is as
 * fast and simpler. Measured on the six targets' expansions of <Python.h> (keys.c): i686 after
 * x86_64 inserts 8% of its text, aarch64 after i686 0.04%, the Windows unit after aarch64 56% and
 * armv7 after it 62%, and each of these still parsed faster incrementally (Windows 87 against 99 ms, load 1.5).
 */
const MAX_INSERTED_FRACTION = 0.75;
/**
 * Nor when the lines found on both texts need more than this many insertions plus deletions to
 * match: bounds the diff's time (O(lines x changes)) and memory (changes^2 / 2 integers, 2 MB).
 * The Python.h units need at most a few hundred.
 */
const MAX_CHANGED_LINES = 1000;

/** A parser per language, created after initSyntax resolved. */
export class Parsers {
  private readonly parsers = new Map<LanguageId, Parser>();
  /** Per language and slot: the last text given to parseReusing and a copy of its tree (freed when replaced). */
  private readonly previous = new Map<string, { text: string; tree: Tree }>();
  /** How parseReusing went: incremental parses on an edited previous tree, and fresh ones (tests check the first is used). */
  readonly reuseCounts = { incremental: 0, fresh: 0 };
  /** Parsers for included-range parses, kept apart so a whole-text parse never inherits a range. */
  private readonly rangeParsers = new Map<LanguageId, Parser>();
  constructor(private readonly languages: Map<LanguageId, Language>) {}

  static async create(): Promise<Parsers> {
    return new Parsers(await initSyntax());
  }

  language(id: LanguageId): Language {
    const language = this.languages.get(id);
    if (!language) throw new Error(`no grammar for ${id}`);
    return language;
  }

  /** Parses `text`, reusing `old` (already edited with tree.edit) when given. Null when the parse was abandoned. */
  parse(id: LanguageId, text: string, old?: Tree): Tree | null {
    const deadline = performance.now() + PARSE_TIMEOUT_MS;
    return this.parser(id, this.parsers).parse(text, old ?? null, { progressCallback: () => performance.now() > deadline });
  }

  /**
   * Parses `text` like `parse`, reusing the tree of the previous text parsed through here for the
   * same language and `slot` (the per-target expansions of one file differ only where headers test
   * the target): the line differences are applied to a copy of that tree with `Tree.edit`, last
   * hunk first so that each edit's offsets and rows are still those of the old text, and the text
   * is parsed incrementally. Gives the same tree as a fresh parse (tested in ide/incremental-parse.test.ts).
   * The caller owns (and deletes) the returned tree; one previous tree per language and slot is kept.
   * `maxInsertedFraction`: see MAX_INSERTED_FRACTION (tests force reuse with 1).
   */
  parseReusing(id: LanguageId, text: string, slot = '', maxInsertedFraction = MAX_INSERTED_FRACTION): Tree | null {
    const key = `${id}\0${slot}`;
    const previous = this.previous.get(key);
    this.previous.delete(key);
    let tree: Tree | null = null;
    if (!previous) {
      tree = this.parse(id, text);
      this.reuseCounts.fresh++;
    } else {
      try {
        const hunks = previous.text === text ? [] : lineHunks(previous.text, text, MAX_CHANGED_LINES, maxInsertedFraction);
        if (hunks) {
          for (let h = hunks.length - 1; h >= 0; h--) {
            const k = hunks[h]!;
            // The text before this hunk is not edited yet: its start is at the same place in both texts.
            const newEndPosition = k.newEndPoint.row === k.newStartPoint.row
              ? { row: k.oldStartPoint.row, column: k.oldStartPoint.column + k.newEndPoint.column - k.newStartPoint.column }
              : { row: k.oldStartPoint.row + k.newEndPoint.row - k.newStartPoint.row, column: k.newEndPoint.column };
            previous.tree.edit(new Edit({
              startIndex: k.oldStart, oldEndIndex: k.oldEnd, newEndIndex: k.oldStart + (k.newEnd - k.newStart),
              startPosition: k.oldStartPoint, oldEndPosition: k.oldEndPoint, newEndPosition,
            }));
          }
          tree = this.parse(id, text, previous.tree);
          this.reuseCounts.incremental++;
        } else {
          tree = this.parse(id, text);
          this.reuseCounts.fresh++;
        }
      } finally {
        previous.tree.delete();
      }
    }
    if (tree) this.previous.set(key, { text, tree: tree.copy() });
    return tree;
  }

  /** Frees the trees kept by parseReusing. */
  forgetPrevious(): void {
    for (const p of this.previous.values()) p.tree.delete();
    this.previous.clear();
  }

  /** Parses one range of `text` only (see parseRange). */
  parseIncluded(id: LanguageId, text: string, range: Range): Tree | null {
    const deadline = performance.now() + PARSE_TIMEOUT_MS;
    return this.parser(id, this.rangeParsers).parse(text, null, { includedRanges: [range], progressCallback: () => performance.now() > deadline });
  }

  private parser(id: LanguageId, pool: Map<LanguageId, Parser>): Parser {
    let parser = pool.get(id);
    if (!parser) {
      parser = new Parser();
      parser.setLanguage(this.language(id));
      pool.set(id, parser);
    }
    return parser;
  }
}

/** A 0-based row and column (UTF-16 units, like the indices the runtime reports) of an offset. */
function pointOf(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) row++;
  return { row, column: offset - (text.lastIndexOf('\n', offset - 1) + 1) };
}

/** Parses only `text[start, end)`, with nodes at their offsets in `text` (tree-sitter's included ranges); the rest is not read. */
export function parseRange(parsers: Parsers, id: LanguageId, text: string, start: number, end: number): Tree | null {
  return parsers.parseIncluded(id, text, { startIndex: start, endIndex: end, startPosition: pointOf(text, start), endPosition: pointOf(text, end) });
}

export function languageOfPath(path: string): LanguageId | undefined {
  if (/\.(c|h)$/i.test(path)) return 'c';
  if (/\.(cc|cpp|cxx|c\+\+|hh|hpp|hxx|h\+\+|ipp|inl)$/i.test(path)) return 'cpp';
  if (/\.rs$/i.test(path)) return 'rust';
  if (/\.(py|pyi)$/i.test(path)) return 'python';
  return undefined;
}
