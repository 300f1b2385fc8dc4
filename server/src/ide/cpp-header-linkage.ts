// The functions a C++ file's quote-included headers declare with C language
// linkage (`extern "C" { ... }`, usually behind `#ifdef __cplusplus`): a
// definition of one of them in the file has C linkage too, so an exception
// escaping it reaches C (cpp-exception-escapes-c). Headers are found as the
// compiler would for `#include "x.h"` (beside the including file, then the
// quote and -I directories), read through the include provider, followed to a
// bounded depth, and read once per header text.
import { dirname, join, resolve } from 'node:path';
import type { Tree } from 'web-tree-sitter';
import { cppFileModel } from '../cpp/file-model.ts';
import type { IncludeProvider } from './prelude.ts';

/** Headers followed below the file: `a.h` including `b.h` is depth 2. */
const MAX_DEPTH = 4;
const MAX_HEADERS = 64;
/** Larger headers are skipped (generated amalgamations): their names are not learnt. */
const MAX_HEADER_CHARS = 1_000_000;

interface HeaderFacts {
  readonly cNames: readonly string[];
}

/** Per header text; texts repeat across files and versions, so the key is the text itself. */
const factsByText = new Map<string, HeaderFacts>();
const MAX_CACHED = 256;

const QUOTE_INCLUDE = /^[ \t]*#[ \t]*include[ \t]*"([^"\n]+)"/gm;

export function quoteIncludes(text: string): string[] {
  return [...text.matchAll(QUOTE_INCLUDE)].map((m) => m[1]!);
}

/**
 * The header's text with every preprocessor line blanked (same length): the usual
 * `#ifdef __cplusplus` / `extern "C" {` / `#endif` guard then reads as a plain
 * `extern "C" { ... }` block, which is how a C++ compiler sees it.
 */
function withoutDirectives(text: string): string {
  return text.replace(/^[ \t]*#(?:[^\n]*\\\r?\n)*[^\n]*/gm, (line) => line.replace(/[^\n]/g, ' '));
}

function headerFacts(text: string, parseCpp: (text: string) => Tree | null): HeaderFacts {
  const cached = factsByText.get(text);
  if (cached) return cached;
  let cNames: string[] = [];
  const plain = withoutDirectives(text);
  const tree = text.includes('extern') ? parseCpp(plain) : null;
  if (tree) {
    try {
      cNames = [...cppFileModel(tree, plain).cLinkageNames];
    } finally {
      tree.delete();
    }
  }
  const facts = { cNames };
  if (factsByText.size >= MAX_CACHED) factsByText.clear();
  factsByText.set(text, facts);
  return facts;
}

/** Where `#include "name"` in `includer` resolves: beside it, then the quote and include directories. */
function resolveQuoted(name: string, includer: string, provider: IncludeProvider, triple: string): { path: string; text: string } | undefined {
  const settings = provider.settingsFor(includer, triple);
  for (const dir of [dirname(includer), ...(settings.quoteDirs ?? []), ...settings.includeDirs]) {
    const path = resolve(join(dir, name));
    const read = provider.source.read(path);
    if (read) return { path, text: read.text };
  }
  return undefined;
}

/** The quote-included headers of the file at `path`, followed through their own quote includes (bounded), in breadth-first order. */
export function quoteIncludedHeaders(path: string, text: string, provider: IncludeProvider, triple: string): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  const seen = new Set<string>();
  let queue = quoteIncludes(text).map((name) => ({ name, includer: path }));
  for (let depth = 1; depth <= MAX_DEPTH && queue.length; depth++) {
    const next: typeof queue = [];
    for (const { name, includer } of queue) {
      if (seen.size >= MAX_HEADERS) return out;
      const found = resolveQuoted(name, includer, provider, triple);
      if (!found || seen.has(found.path) || found.text.length > MAX_HEADER_CHARS) continue;
      seen.add(found.path);
      out.push(found);
      for (const n of quoteIncludes(found.text)) next.push({ name: n, includer: found.path });
    }
    queue = next;
  }
  return out;
}

/** The names of functions declared with C linkage by the quote-included headers of the file at `path`. */
export function cLinkageFromHeaders(path: string, text: string, provider: IncludeProvider, triple: string, parseCpp: (text: string) => Tree | null): ReadonlySet<string> {
  const names = new Set<string>();
  for (const header of quoteIncludedHeaders(path, text, provider, triple)) for (const n of headerFacts(header.text, parseCpp).cNames) names.add(n);
  return names;
}
