// The array type of a C string literal (or of adjacent literals, which are one literal): how
// many code units its text makes in its encoding, plus the terminating zero. `sizeof "ab\n"` is
// 4, `sizeof u"é"` 4 (two UTF-16 units), `sizeof L"x"` 8 where wchar_t is 32-bit and 4 on
// Windows. Narrow literals are UTF-8, as gcc and clang store them by default.
import type { Node } from 'web-tree-sitter';
import type { ScalarKind, TypeRef } from '../../base/model.ts';

export interface StringLiteralType {
  readonly element: ScalarKind;
  /** Code units, the terminating zero included. */
  readonly length: bigint;
}

/** A code point (written as such, or with \u / \U) or one code unit as written (\x, octal, simple escapes). */
type Piece = { readonly codePoint: number } | { readonly unit: true };

const SIMPLE_ESCAPES = new Set(["'", '"', '?', '\\', 'a', 'b', 'f', 'n', 'r', 't', 'v', 'e', 'E']);

/** The pieces of one literal's body (between the quotes); undefined for an escape we cannot read. */
function pieces(body: string): Piece[] | undefined {
  const out: Piece[] = [];
  for (let i = 0; i < body.length;) {
    const c = body.codePointAt(i)!;
    if (c !== 0x5c) {
      out.push({ codePoint: c });
      i += c > 0xffff ? 2 : 1;
      continue;
    }
    const e = body[i + 1];
    if (e === undefined) return undefined;
    if (SIMPLE_ESCAPES.has(e)) {
      out.push({ unit: true });
      i += 2;
    } else if (e >= '0' && e <= '7') {
      let j = i + 1;
      while (j < body.length && j < i + 4 && body[j]! >= '0' && body[j]! <= '7') j++;
      out.push({ unit: true });
      i = j;
    } else if (e === 'x') {
      let j = i + 2;
      while (j < body.length && /[0-9a-fA-F]/.test(body[j]!)) j++;
      if (j === i + 2) return undefined;
      out.push({ unit: true });
      i = j;
    } else if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) return undefined;
      out.push({ codePoint: parseInt(hex, 16) });
      i += 2 + n;
    } else {
      return undefined;
    }
  }
  return out;
}

function utf8Units(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/**
 * The type of the literal written as `literals` (each with its prefix and quotes, e.g. `L"ab"`),
 * with `wcharBits` the target's wchar_t; undefined when one is not a plain C string literal.
 */
export function stringLiteralType(literals: readonly string[], wcharBits: number): StringLiteralType | undefined {
  // Adjacent literals take the prefix of the one that has one (u8 and none are both narrow).
  let prefix = '';
  const bodies: string[] = [];
  for (const literal of literals) {
    const m = /^(u8|u|U|L)?"([\s\S]*)"$/.exec(literal);
    if (!m) return undefined;
    const p = m[1] ?? '';
    if (p && p !== 'u8') prefix = p;
    bodies.push(m[2]!);
  }
  const bits = prefix === 'u' ? 16 : prefix === 'U' ? 32 : prefix === 'L' ? wcharBits : 8;
  const element: ScalarKind = prefix === 'u' ? 'char16' : prefix === 'U' ? 'char32' : prefix === 'L' ? 'wchar' : 'char';
  let units = 0;
  for (const body of bodies) {
    const ps = pieces(body);
    if (!ps) return undefined;
    for (const p of ps) {
      if ('unit' in p) units += 1;
      else units += bits === 8 ? utf8Units(p.codePoint) : bits === 16 ? (p.codePoint > 0xffff ? 2 : 1) : 1;
    }
  }
  return { element, length: BigInt(units + 1) };
}

/** How a literal's element type is written (for hovers that show it). */
const ELEMENT_SPELLING: Partial<Record<ScalarKind, string>> = { char: 'char', wchar: 'wchar_t', char16: 'char16_t', char32: 'char32_t' };

/** The array type of the string literal at `node` (tree-sitter-c or -cpp), if it is one (parentheses allowed). */
export function stringLiteralOf(node: Node, wcharBits: number): TypeRef | undefined {
  let inner: Node | null = node;
  while (inner && inner.type === 'parenthesized_expression') inner = inner.namedChildren.find((c) => c !== null) ?? null;
  if (inner?.type !== 'string_literal' && inner?.type !== 'concatenated_string') return undefined;
  const parts = inner.type === 'string_literal' ? [inner.text] : inner.namedChildren.filter((c) => c?.type === 'string_literal').map((c) => c!.text);
  const literal = stringLiteralType(parts, wcharBits);
  if (!literal) return undefined;
  return { kind: 'array', element: { kind: 'scalar', scalar: literal.element, spelling: ELEMENT_SPELLING[literal.element] ?? 'char' }, length: literal.length };
}
