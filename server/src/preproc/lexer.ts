// Preprocessing tokens of one file, grouped into logical lines (line splices
// joined, comments removed). Offsets are UTF-16 code units into the file as
// written, so every token can be traced back for hovers and diagnostics.

export type TokenKind = 'id' | 'num' | 'str' | 'chr' | 'punct' | 'other' | 'placemarker';

export interface Token {
  readonly text: string;
  readonly kind: TokenKind;
  /** Offset of the token in its file (for expansions: of the macro use they came from). */
  readonly off: number;
  /** Index of the file in the preprocessor's file list. */
  readonly file: number;
  /** Whitespace (or a comment) came before it. */
  readonly space: boolean;
  /** First token of a source line. */
  readonly bol: boolean;
  /** Macros that must not expand this token again (C11 6.10.3.4). */
  readonly hide?: HideSet;
  /** Named a macro inside that macro's own expansion: never expanded again. */
  readonly painted?: boolean;
}

/** A set of macro names as a shared, interned chain (sets stay small: the macro nesting depth). */
export class HideSet {
  private readonly children = new Map<string, HideSet>();
  private constructor(readonly name: string, readonly parent: HideSet | undefined) {}
  static readonly EMPTY = new HideSet('', undefined);

  has(name: string): boolean {
    for (let h: HideSet | undefined = this; h && h.parent; h = h.parent) if (h.name === name) return true;
    return false;
  }

  with(name: string): HideSet {
    // A child exists only for a name this set lacks: look there before walking the chain.
    let c = this.children.get(name);
    if (c) return c;
    if (this.has(name)) return this;
    c = new HideSet(name, this);
    this.children.set(name, c);
    return c;
  }

  /** Results of `union` by the other set: every token of a function-like macro's expansion asks with the same few sets. */
  private unions: Map<HideSet, HideSet> | undefined;

  union(other: HideSet | undefined): HideSet {
    if (!other || !other.parent) return this;
    let out = this.unions?.get(other);
    if (out) return out;
    out = this;
    for (let h: HideSet | undefined = other; h && h.parent; h = h.parent) out = out.with(h.name);
    (this.unions ??= new Map()).set(other, out);
    return out;
  }
}

export interface Line {
  readonly tokens: Token[];
  /** The line starts with `#`: a directive (tokens[0] is the `#`). */
  readonly directive: boolean;
  /**
   * A directive's name (`tokens[1]`'s text, '' when there is none), the usual ones as one shared
   * string each; '' for text lines. Read where the line is, not through its tokens: the
   * preprocessor asks it of every directive line, also in skipped groups.
   */
  readonly name: string;
  /** Offset of the line's first character. */
  readonly start: number;
}

const PUNCTUATORS = ['%:%:', '...', '<<=', '>>=', '->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '*=', '/=', '%=', '+=', '-=',
  '&=', '^=', '|=', '##', '::', '<:', ':>', '<%', '%>', '%:'];
/** PUNCTUATORS by first character, in the list's order (longest first), so a `;` or `(` is not tried against all thirty. */
const PUNCTUATORS_BY_FIRST: ReadonlyArray<readonly string[] | undefined> = (() => {
  const by: string[][] = [];
  for (const p of PUNCTUATORS) (by[p.charCodeAt(0)] ??= []).push(p);
  return by;
})();

/** The directives' names as literals (one string each, not one per line). */
const DIRECTIVE_NAMES = new Map(['define', 'undef', 'include', 'include_next', 'import', 'if', 'ifdef', 'ifndef', 'elif', 'elifdef', 'elifndef', 'else',
  'endif', 'pragma', 'error', 'warning', 'line'].map((n) => [n, n]));

function isIdStart(ch: number): boolean {
  return (ch >= 97 && ch <= 122) || (ch >= 65 && ch <= 90) || ch === 95 || ch === 36 || ch > 127;
}
function isIdPart(ch: number): boolean {
  return isIdStart(ch) || (ch >= 48 && ch <= 57);
}

/** Tokenizes `src` into logical lines. Never throws: unterminated literals and comments end at the line or file end. */
export function lex(src: string, file: number): Line[] {
  const hasSplice = src.includes('\\\n') || src.includes('\\\r\n');
  const n = src.length;
  const lines: Line[] = [];
  let tokens: Token[] = [];
  let lineStart = 0;
  let space = false;
  let bol = true;
  let i = 0;
  /** Skips line splices at `j`. */
  const sp = (j: number): number => {
    if (!hasSplice) return j;
    while (src.charCodeAt(j) === 92) {
      if (src.charCodeAt(j + 1) === 10) j += 2;
      else if (src.charCodeAt(j + 1) === 13 && src.charCodeAt(j + 2) === 10) j += 3;
      else break;
    }
    return j;
  };
  const endLine = (): void => {
    const directive = tokens.length > 0 && tokens[0]!.text === '#' || tokens.length > 0 && tokens[0]!.text === '%:';
    const name = directive ? tokens[1]?.text ?? '' : '';
    lines.push({ tokens, directive, name: DIRECTIVE_NAMES.get(name) ?? name, start: lineStart });
    tokens = [];
    bol = true;
    space = false;
  };
  /** A literal's text without its line splices (only a file with splices, and a literal with a backslash, can have one). */
  const unsplice = (text: string): string => (hasSplice && text.includes('\\') ? text.replace(/\\\r?\n/g, '') : text);
  const push = (text: string, kind: TokenKind, off: number): void => {
    // Every token has the same fields in the same order (one object shape for V8 to read fast).
    tokens.push({ text, kind, off, file, space, bol, hide: undefined, painted: undefined });
    space = false;
    bol = false;
  };
  // `sp` is only called at a backslash: everywhere else it would answer its argument.
  while (i < n) {
    if (hasSplice && src.charCodeAt(i) === 92) i = sp(i);
    if (i >= n) break;
    const ch = src.charCodeAt(i);
    if (ch === 10) {
      i++;
      endLine();
      lineStart = i;
      continue;
    }
    if (ch === 32 || ch === 9 || ch === 13 || ch === 11 || ch === 12) {
      space = true;
      i++;
      continue;
    }
    if (ch === 47) {
      const k = sp(i + 1);
      const next = src.charCodeAt(k);
      if (next === 47) {
        // A line comment runs to the end of the line (splices continue it).
        let j = k + 1;
        while (j < n) {
          const c = src.charCodeAt(j);
          if (c === 10) {
            if (hasSplice && (src.charCodeAt(j - 1) === 92 || (src.charCodeAt(j - 1) === 13 && src.charCodeAt(j - 2) === 92))) { j++; continue; }
            break;
          }
          j++;
        }
        i = j;
        space = true;
        continue;
      }
      if (next === 42) {
        const end = src.indexOf('*/', k + 1);
        i = end < 0 ? n : end + 2;
        space = true;
        continue;
      }
    }
    const start = i;
    if (isIdStart(ch)) {
      let j = i + 1;
      let text = '';
      for (;;) {
        const k = hasSplice && src.charCodeAt(j) === 92 ? sp(j) : j;
        if (k !== j) {
          text += src.slice(i, j);
          i = j = k;
        }
        if (j < n && isIdPart(src.charCodeAt(j))) j++;
        else break;
      }
      text += src.slice(i, j);
      // An encoding prefix makes a string or character literal.
      const q = src.charCodeAt(j);
      if ((q === 34 || q === 39) && /^(u8|u|U|L)$/.test(text)) {
        i = j;
        const end = literalEnd(src, i, q);
        push(unsplice(src.slice(start, end)), q === 34 ? 'str' : 'chr', start);
        i = end;
        continue;
      }
      push(text, 'id', start);
      i = j;
      continue;
    }
    if ((ch >= 48 && ch <= 57) || (ch === 46 && src.charCodeAt(sp(i + 1)) >= 48 && src.charCodeAt(sp(i + 1)) <= 57)) {
      // A pp-number: digits, letters, dots, and e+ e- p+ p- (and ' digit separators).
      let j = i + 1;
      for (;;) {
        if (hasSplice && src.charCodeAt(j) === 92) j = sp(j);
        const c = src.charCodeAt(j);
        if ((c === 43 || c === 45) && /[eEpP]/.test(src[j - 1] ?? '')) j++;
        else if (isIdPart(c) || c === 46 || (c === 39 && isIdPart(src.charCodeAt(j + 1)))) j++;
        else break;
      }
      push(unsplice(src.slice(i, j)), 'num', start);
      i = j;
      continue;
    }
    if (ch === 34 || ch === 39) {
      const end = literalEnd(src, i, ch);
      push(unsplice(src.slice(i, end)), ch === 34 ? 'str' : 'chr', start);
      i = end;
      continue;
    }
    let matched = '';
    for (const p of PUNCTUATORS_BY_FIRST[ch] ?? []) {
      if (src.startsWith(p, i)) {
        matched = p;
        break;
      }
    }
    if (matched) {
      push(matched === '%:' ? '#' : matched === '%:%:' ? '##' : matched, 'punct', start);
      i += matched.length;
      continue;
    }
    push(src[i]!, ch < 128 ? 'punct' : 'other', start);
    i++;
  }
  if (tokens.length || lineStart < n) endLine();
  return lines;
}

/** The end of a string or character literal starting at `at` (quote `q`); at the line end when unterminated. */
function literalEnd(src: string, at: number, q: number): number {
  let j = at + 1;
  while (j < src.length) {
    const c = src.charCodeAt(j);
    if (c === 92) {
      j += 2;
      continue;
    }
    if (c === q) return j + 1;
    if (c === 10) return j;
    j++;
  }
  return j;
}

/** Tokenizes a short text made by the preprocessor (a `##` paste, a command-line macro). */
export function lexText(text: string, origin: { off: number; file: number; space: boolean; bol: boolean }): Token[] {
  const out: Token[] = [];
  for (const line of lex(text, origin.file)) {
    for (const t of line.tokens) out.push({ text: t.text, kind: t.kind, off: origin.off, file: origin.file, space: out.length ? t.space : origin.space, bol: out.length ? false : origin.bol, hide: undefined, painted: undefined });
  }
  return out;
}
