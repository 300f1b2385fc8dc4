// Text handed to tree-sitter-c, prepared so its grammar reads what compilers
// read. Every change keeps the length (text is replaced by spaces or by a
// same-length spelling), so offsets into the prepared text are offsets into
// the file as written. What was removed is kept as notes, keyed by the offset
// of the keyword it belongs to, for the front end to apply.
//
// Why: tree-sitter-c (0.24) misparses, and its error recovery then swallows
// the following declarations, on
//   - `enum __attribute__((packed)) E {` and `union __attribute__(...) U {`;
//   - C23/C++ fixed enum types `enum E : short {`;
//   - an unnamed enum bit-field `enum E : 4;` inside a record;
//   - declaration-specifier macros that expand to nothing (`SQLITE_API int f(void);`).

export interface CSyntaxNote {
  /** Attribute groups removed after the keyword, e.g. `__attribute__((packed))`. */
  readonly attributes: readonly string[];
  /** The fixed underlying type of an enum, as written (`unsigned char`). */
  readonly fixedType?: string;
  /** `offsetof(T, a.b.c)`: the member path as written; the prepared text spells it `a_b_c`. */
  readonly offsetofPath?: string;
  /** `enum E : W;` in a record: an unnamed bit-field of type `enum E`, rewritten as `int  E : W;`. */
  readonly unnamedEnumBitfield?: string;
}

export interface NormalizedC {
  readonly text: string;
  readonly notes: ReadonlyMap<number, CSyntaxNote>;
}

const ATTRIBUTE = String.raw`__attribute__\s*\(\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)\)`;
const RECORD_ATTRIBUTES = new RegExp(String.raw`\b(enum|union|struct)(\s+)((?:${ATTRIBUTE}\s*)+)`, 'g');
const ENUM_FIXED_TYPE = /\benum\b(\s+[A-Za-z_]\w*)?(\s*):(?!:)([\s\w]*?)(?=\{)/g;
const ENUM_BITFIELD = /\benum(\s+)([A-Za-z_]\w*)(\s*):(?!:)([^;{}:]+);/g;
const EMPTY_MACRO = /^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)[ \t]*(?:\/\/[^\n]*|\/\*[^\n]*?\*\/[ \t]*)?$/gm;
const OFFSETOF_PATH = /\b(?:__builtin_)?offsetof\s*\(([^,()]*),\s*([A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)+)\s*\)/g;
const TYPE_WORDS = /^\s*(?:(?:unsigned|signed|short|long|int|char|_Bool|bool|[A-Za-z_]\w*_t)\s*)+$/;

function blank(s: string): string {
  return s.replace(/[^\n]/g, ' ');
}

export function normalizeC(text: string): NormalizedC {
  // Fast path: nothing to do in most files.
  const hasAttr = text.includes('__attribute__');
  const hasEnumColon = /\benum\b[^;{}]*:/.test(text);
  const hasDefine = text.includes('define');
  const hasOffsetof = text.includes('offsetof');
  if (!hasAttr && !hasEnumColon && !hasDefine && !hasOffsetof) return { text, notes: new Map() };

  // Replacements are collected and applied once: no per-character arrays for large headers.
  const replacements: Array<[number, string]> = [];
  const notes = new Map<number, { attributes: string[]; fixedType?: string; unnamedEnumBitfield?: string; offsetofPath?: string }>();
  const note = (at: number) => {
    let n = notes.get(at);
    if (!n) notes.set(at, (n = { attributes: [] }));
    return n;
  };
  let current = text;
  const flush = () => {
    if (!replacements.length) return;
    replacements.sort((a, b) => a[0] - b[0]);
    const parts: string[] = [];
    let at = 0;
    for (const [start, r] of replacements) {
      parts.push(current.slice(at, start), r);
      at = start + r.length;
    }
    parts.push(current.slice(at));
    current = parts.join('');
    replacements.length = 0;
  };

  if (hasAttr) {
    for (const m of current.matchAll(RECORD_ATTRIBUTES)) {
      // tree-sitter-c reads struct attributes before the tag; only enums and unions need help.
      if (m[1] === 'struct') continue;
      note(m.index!).attributes.push(...(m[3]!.match(new RegExp(ATTRIBUTE, 'g')) ?? []));
      replacements.push([m.index! + m[1]!.length + m[2]!.length, blank(m[3]!)]);
    }
    flush();
  }
  if (hasEnumColon) {
    for (const m of current.matchAll(ENUM_FIXED_TYPE)) {
      const type = m[3]!.trim();
      if (!type) continue;
      note(m.index!).fixedType = type.replace(/\s+/g, ' ');
      replacements.push([m.index! + 4 + (m[1]?.length ?? 0) + m[2]!.length, blank(':' + m[3]!)]);
    }
    flush();
    for (const m of current.matchAll(ENUM_BITFIELD)) {
      if (TYPE_WORDS.test(m[4]!)) continue; // `enum E : short;` declares an enum with a fixed type
      note(m.index!).unnamedEnumBitfield = m[2]!;
      replacements.push([m.index!, 'int ']);
    }
    flush();
  }
  if (hasOffsetof) {
    // tree-sitter-c takes one name as offsetof's member; a dotted path becomes one identifier.
    for (const m of current.matchAll(OFFSETOF_PATH)) {
      const pathStart = m.index! + m[0].lastIndexOf(m[2]!);
      note(m.index!).offsetofPath = m[2]!.replace(/\s+/g, '');
      replacements.push([pathStart, m[2]!.replace(/[.\s]/g, '_')]);
    }
    flush();
  }
  if (hasDefine) {
    const empty = new Set<string>();
    for (const m of current.matchAll(EMPTY_MACRO)) empty.add(m[1]!);
    if (empty.size) {
      const names = new RegExp(String.raw`\b(?:${[...empty].join('|')})\b`, 'g');
      for (const m of current.matchAll(names)) {
        // Directive lines keep their names (`#ifndef X`, `#define X`); uses in code expand to nothing.
        const lineStart = current.lastIndexOf('\n', m.index!) + 1;
        if (/^\s*#/.test(current.slice(lineStart, m.index!))) continue;
        replacements.push([m.index!, blank(m[0])]);
      }
      flush();
    }
  }
  return { text: current, notes };
}
