// web-tree-sitter set-up: the runtime and the grammars are loaded once, from
// dist/grammars in the bundle or from the pinned npm packages when run from
// source (tests), never downloaded.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Language, Parser, type Range, type Tree } from 'web-tree-sitter';

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

/** A parser per language, created after initSyntax resolved. */
export class Parsers {
  private readonly parsers = new Map<LanguageId, Parser>();
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
