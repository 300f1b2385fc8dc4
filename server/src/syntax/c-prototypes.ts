// A C prelude's expanded headers without their function prototypes. Most of a
// system header's text (80% of <Python.h>'s) is top-level function declarations
// (`extern PyObject *PyList_New(Py_ssize_t size);`, glibc's `extern int f (int)
// __attribute__ ((__nothrow__)) __asm__ ("" "f64");`), and lower/c drops
// function declarations: the declarations a prelude seeds (records, enums,
// typedefs, enum constants) do not depend on them. Replacing them by spaces
// before parsing halves tree-sitter's work on such a unit and most of the
// lowering's. Every character keeps its place (line breaks are kept), so every
// offset, row and the preprocessor's source map stay valid.
//
// Only what certainly declares nothing but a function is blanked: a top-level
// statement `specifiers name ( parameters ) ;` once GNU/MSVC attribute groups,
// asm labels and `__extension__` are set aside, where the specifiers are words
// and `*` (at least one word), and nothing in it is `typedef` (a typedef of a
// function type declares a name), `struct`/`union`/`enum` (a tag named in a
// return type is declared at file scope), `_Static_assert`, `typeof`, `{`, `}`
// or `=`, and no directive line (`#pragma pack`) falls inside it. Variables,
// function definitions and anything else are kept as they are.
// `ide/prelude-blanking.test.ts` checks that the seed of real headers' preludes is
// the same with and without this.

const enum Ch {
  Tab = 9, Newline = 10, Return = 13, Space = 32, Quote = 34, Hash = 35, Apostrophe = 39,
  OpenParen = 40, CloseParen = 41, Star = 42, Slash = 47, Semicolon = 59, Equals = 61, Backslash = 92,
  OpenBrace = 123, CloseBrace = 125,
}

/** A statement with one of these words may declare something besides a function: kept (wherever the word is, even in an attribute's string). */
const KEEP_WORDS = /\b(?:typedef|struct|union|enum|_Static_assert|static_assert|_Pragma|__pragma|typeof|__typeof__|__typeof|typeof_unqual|_Atomic|_Alignas|alignas|__auto_type)\b/g;
const enum Word { Plain, Group, Skipped }

/**
 * What the word `text[start, end)` is: a group set aside wherever it is outside the parameter list
 * (`__attribute__`, `__attribute`, `__declspec`, `__asm__`, `__asm`, `asm`, each then a parenthesised
 * group), a word set aside alone (`__extension__`), or a plain word. Read without slicing the text.
 */
function wordKind(text: string, start: number, end: number): Word {
  const first = text.charCodeAt(start);
  if (first !== 95 && first !== 97) return Word.Plain;
  switch (end - start) {
    case 13:
      return text.startsWith('__attribute__', start) ? Word.Group : text.startsWith('__extension__', start) ? Word.Skipped : Word.Plain;
    case 11:
      return text.startsWith('__attribute', start) ? Word.Group : Word.Plain;
    case 10:
      return text.startsWith('__declspec', start) ? Word.Group : Word.Plain;
    case 7:
      return text.startsWith('__asm__', start) ? Word.Group : Word.Plain;
    case 5:
      return text.startsWith('__asm', start) ? Word.Group : Word.Plain;
    case 3:
      return text.startsWith('asm', start) ? Word.Group : Word.Plain;
    default:
      return Word.Plain;
  }
}

const enum Class { Other, Space, Special }

/** Per ASCII character: what the scans must look at (runs of the rest are skipped). */
const CLASS = new Uint8Array(128);
for (const c of [Ch.Space, Ch.Tab, Ch.Return, 11, 12]) CLASS[c] = Class.Space;
for (const c of '\n#"\'/(){};=') CLASS[c.charCodeAt(0)] = Class.Special;

function isWordStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c >= 128;
}

function isWordPart(c: number): boolean {
  return isWordStart(c) || (c >= 48 && c <= 57);
}

/** The end of the word starting at `i`. */
function wordEnd(text: string, i: number, end: number): number {
  let k = i + 1;
  while (k < end && isWordPart(text.charCodeAt(k))) k++;
  return k;
}

function isSpace(c: number): boolean {
  return c < 128 && CLASS[c] === Class.Space || c === Ch.Newline;
}

/** The end of the string or char literal opening at `i` (past its closing quote; at the line's end when unclosed). */
function literalEnd(text: string, i: number, end: number): number {
  const quote = text.charCodeAt(i);
  for (let k = i + 1; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c === Ch.Backslash) k++;
    else if (c === quote) return k + 1;
    else if (c === Ch.Newline) return k;
  }
  return end;
}

/** The end of the comment opening at `i` (`/*` or `//`), or `i` when none opens there. */
function commentEnd(text: string, i: number, end: number): number {
  const next = text.charCodeAt(i + 1);
  if (next === Ch.Star) {
    const close = text.indexOf('*/', i + 2);
    return close < 0 || close + 2 > end ? end : close + 2;
  }
  if (next === Ch.Slash) {
    const nl = text.indexOf('\n', i);
    return nl < 0 || nl > end ? end : nl;
  }
  return i;
}

/**
 * Past the parenthesised group opening at `open`, or -1 when it is unclosed or holds a brace,
 * `;`, `=` or `#`, or (a parameter list, `parameters`) a literal; attribute groups hold literals.
 */
function groupEnd(text: string, open: number, end: number, parameters: boolean): number {
  let depth = 0;
  for (let i = open; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || CLASS[c] !== Class.Special) continue;
    switch (c) {
      case Ch.OpenParen:
        depth++;
        break;
      case Ch.CloseParen:
        if (--depth === 0) return i + 1;
        break;
      case Ch.Quote:
      case Ch.Apostrophe:
        if (parameters) return -1;
        i = literalEnd(text, i, end) - 1;
        break;
      case Ch.Slash: {
        const k = commentEnd(text, i, end);
        if (k > i) i = k - 1;
        break;
      }
      case Ch.Newline:
        break;
      default:
        // `{`, `}`, `;`, `=`, `#`.
        return -1;
    }
  }
  return -1;
}

/** Past the white space and comments at `i` (`i` itself when there are none; a `/` that opens no comment stops it). */
function pastBlanks(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
    } else if (c === Ch.Slash) {
      const k = commentEnd(text, i, end);
      if (k === i) return i;
      i = k;
    } else {
      return i;
    }
  }
  return i;
}

/**
 * Whether `text[start, end)` (one top-level statement ending with its `;`, with no brace, `=`,
 * directive line or word of KEEP_WORDS in it) declares a function and nothing else:
 * `words-and-stars name ( parameters ) ;` with attribute groups, asm labels and `__extension__`
 * anywhere outside the parameters, and at least one word before the name.
 */
function isPrototype(text: string, start: number, end: number): boolean {
  let words = 0;
  let lastWasWord = false;
  let i = start;
  // The specifiers and the name, up to the parameter list.
  for (;;) {
    i = pastBlanks(text, i, end);
    if (i >= end) return false;
    const c = text.charCodeAt(i);
    if (isWordStart(c)) {
      const k = wordEnd(text, i, end);
      const kind = wordKind(text, i, k);
      if (kind !== Word.Plain) {
        // Between the name and its parameters, an attribute is no longer `name ( parameters )`.
        lastWasWord = false;
        i = kind === Word.Group ? skippedGroupEnd(text, k, end) : k;
        if (i < 0) return false;
      } else {
        words++;
        lastWasWord = true;
        i = k;
      }
    } else if (c === Ch.Star) {
      // A star before any word (`* f(void);`) is no declaration.
      if (words === 0) return false;
      lastWasWord = false;
      i++;
    } else if (c === Ch.OpenParen) {
      // The name, with at least one specifier before it.
      if (!lastWasWord || words < 2) return false;
      i = groupEnd(text, i, end, true);
      if (i < 0) return false;
      break;
    } else {
      return false;
    }
  }
  // After the parameter list: only attribute groups and asm labels, then the `;` that ends the statement.
  for (;;) {
    i = pastBlanks(text, i, end);
    if (i >= end) return false;
    const c = text.charCodeAt(i);
    if (isWordStart(c)) {
      const k = wordEnd(text, i, end);
      if (wordKind(text, i, k) !== Word.Group) return false;
      i = skippedGroupEnd(text, k, end);
      if (i < 0) return false;
    } else {
      return c === Ch.Semicolon && i === end - 1;
    }
  }
}

/** Past the parenthesised group of an attribute or asm label whose word ends at `k`; -1 when there is none. */
function skippedGroupEnd(text: string, k: number, end: number): number {
  while (k < end && isSpace(text.charCodeAt(k))) k++;
  return text.charCodeAt(k) === Ch.OpenParen ? groupEnd(text, k, end, false) : -1;
}

/** A character outside Latin-1: the text is copied as UTF-16 rather than as bytes. */
const WIDE = /[^\x00-\xff]/;

/**
 * `text` with the ranges `[ranges[2k], ranges[2k + 1])` replaced by spaces, line breaks kept:
 * spaces are filled in natively, line by line, in a copy of the text (Latin-1 bytes, or UTF-16
 * units when the text has wider characters), which is read back as a string.
 */
function blankRanges(text: string, ranges: readonly number[]): string {
  const wide = WIDE.test(text);
  const returns = text.includes('\r');
  const buffer = Buffer.allocUnsafeSlow(wide ? text.length * 2 : text.length);
  buffer.write(text, wide ? 'utf16le' : 'latin1');
  // Typed-array views: their `fill` is the engine's (Buffer's own checks its arguments first).
  const codes = wide ? new Uint16Array(buffer.buffer, buffer.byteOffset, text.length) : new Uint8Array(buffer.buffer, buffer.byteOffset, text.length);
  for (let r = 0; r < ranges.length; r += 2) {
    const end = ranges[r + 1]!;
    for (let at = ranges[r]!; at < end;) {
      let next = text.indexOf('\n', at);
      if (next < 0 || next > end) next = end;
      // A line's spaces, up to its break (`\r\n` or `\n`; a lone `\r` is kept too).
      let stop = next;
      if (stop > at && text.charCodeAt(stop - 1) === Ch.Return) stop--;
      codes.fill(Ch.Space, at, stop);
      if (returns) for (let k = at; k < stop; k++) if (text.charCodeAt(k) === Ch.Return) codes[k] = Ch.Return;
      at = next + 1;
    }
  }
  return buffer.toString(wide ? 'utf16le' : 'latin1');
}

/**
 * `text` (a preprocessed C unit) with its top-level function prototypes replaced by spaces of the
 * same length, line breaks kept. One pass over the text for literals, comments, directive lines,
 * braces and parentheses; each candidate statement is then read once by `isPrototype`.
 */
export function blankPrototypes(text: string): string {
  const n = text.length;
  // Where the words that keep a statement are, in order (a regular expression finds them fastest).
  const keeps: number[] = [];
  KEEP_WORDS.lastIndex = 0;
  for (let m; (m = KEEP_WORDS.exec(text)); ) keeps.push(m.index);
  keeps.push(n);
  let nextKeep = 0;
  const ranges: number[] = [];
  let braces = 0;
  let parens = 0;
  /** Where the current top-level statement starts (its first non-space character), -1 before it does. */
  let start = -1;
  /** The current statement cannot be a prototype (a brace, `=`, a directive line, unbalanced text). */
  let kept = false;
  /** The top-level `{` of the current statement opens a function body. */
  let body = false;
  let lineStart = true;
  for (let i = 0; i < n;) {
    const c = text.charCodeAt(i);
    const k = c < 128 ? CLASS[c]! : Class.Other;
    if (k === Class.Space) {
      i++;
      continue;
    }
    if (k === Class.Other || (c === Ch.Hash && !lineStart)) {
      if (start < 0 && braces === 0) {
        start = i;
        kept = false;
        body = false;
      }
      lineStart = false;
      // The run of words, spaces and other punctuation up to the next character that matters.
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d < 128 && CLASS[d] === Class.Special) break;
      }
      continue;
    }
    if (c === Ch.Newline) {
      lineStart = true;
      i++;
      continue;
    }
    if (c === Ch.Hash) {
      // A directive line (`#pragma pack(...)`): never blanked; a statement around it is kept.
      let e = text.indexOf('\n', i);
      while (e > 0 && (text.charCodeAt(e - 1) === Ch.Backslash || (text.charCodeAt(e - 1) === Ch.Return && text.charCodeAt(e - 2) === Ch.Backslash))) e = text.indexOf('\n', e + 1);
      if (start >= 0) kept = true;
      i = e < 0 ? n : e;
      continue;
    }
    lineStart = false;
    if (start < 0 && braces === 0) {
      start = i;
      kept = false;
      body = false;
    }
    switch (c) {
      case Ch.Quote:
      case Ch.Apostrophe:
        i = literalEnd(text, i, n);
        continue;
      case Ch.Slash: {
        const e = commentEnd(text, i, n);
        if (e > i) {
          i = e;
          continue;
        }
        break;
      }
      case Ch.OpenParen:
        if (braces === 0) parens++;
        break;
      case Ch.CloseParen:
        if (braces === 0 && --parens < 0) {
          parens = 0;
          kept = true;
        }
        break;
      case Ch.Equals:
        kept = true;
        break;
      case Ch.OpenBrace:
        if (braces === 0 && parens === 0) body = opensFunctionBody(text, start, i);
        braces++;
        kept = true;
        break;
      case Ch.CloseBrace:
        kept = true;
        if (braces > 0 && --braces === 0 && parens === 0 && body) {
          // A function definition ends at its body's `}`: the next statement starts after it.
          start = -1;
        }
        break;
      case Ch.Semicolon:
        if (braces === 0 && parens === 0) {
          if (!kept && start >= 0) {
            while (keeps[nextKeep]! < start) nextKeep++;
            if (keeps[nextKeep]! > i && isPrototype(text, start, i + 1)) {
              ranges.push(start, i + 1);
            }
          }
          start = -1;
        }
        break;
    }
    i++;
  }
  return ranges.length ? blankRanges(text, ranges) : text;
}

/**
 * Whether the top-level `{` at `brace` opens a function body: what precedes it in the statement
 * ends with `)` and names no tag, `typedef` or `=` (`struct __attribute__((packed)) {` does not).
 */
function opensFunctionBody(text: string, start: number, brace: number): boolean {
  if (start < 0) return false;
  let k = brace - 1;
  while (k > start && isSpace(text.charCodeAt(k))) k--;
  if (text.charCodeAt(k) !== Ch.CloseParen) return false;
  return !/\b(?:struct|union|enum|typedef)\b|=/.test(text.slice(start, brace));
}
