// The integer expressions of #if/#elif, after `defined` and macros are
// replaced: intmax_t/uintmax_t arithmetic (64 bits) with C's usual
// conversions, as C11 6.10.1 asks.
import type { Token } from './lexer.ts';

interface Value {
  readonly v: bigint;
  readonly unsigned: boolean;
}

export class IfExpressionError extends Error {}

const norm = (v: bigint, unsigned: boolean): Value => ({ v: unsigned ? BigInt.asUintN(64, v) : BigInt.asIntN(64, v), unsigned });

/** `0` and `1`: what `defined` and the built-in queries are replaced with, so most #if operands. */
const ZERO: Value = { v: 0n, unsigned: false };
const ONE: Value = { v: 1n, unsigned: false };

/** The value of an integer literal or character constant token. */
export function literalValue(t: Token): Value {
  if (t.kind === 'num' && t.text.length === 1) {
    if (t.text === '0') return ZERO;
    if (t.text === '1') return ONE;
  }
  if (t.kind === 'chr') {
    const body = t.text.slice(t.text.indexOf("'") + 1, -1);
    let code: number;
    if (body.startsWith('\\')) {
      const e = body.slice(1);
      const simple: Record<string, number> = { n: 10, t: 9, r: 13, '0': 0, a: 7, b: 8, f: 12, v: 11, '\\': 92, "'": 39, '"': 34, '?': 63, e: 27 };
      if (/^[0-7]{1,3}$/.test(e)) code = parseInt(e, 8);
      else if (/^x[0-9a-fA-F]+$/.test(e)) code = parseInt(e.slice(1), 16);
      else code = simple[e] ?? e.charCodeAt(0);
    } else {
      code = body.codePointAt(0) ?? 0;
    }
    // A plain `char` constant is an int holding a (signed, on the targets that matter here) char.
    return norm(BigInt(t.text.startsWith("'") && code > 127 && code < 256 ? code - 256 : code), false);
  }
  const m = /^(0[xX][0-9a-fA-F']+|0[bB][01']+|[0-9']+)([uUlL]*)$/.exec(t.text);
  if (!m) throw new IfExpressionError(`\`${t.text}\` is not an integer constant`);
  const digits = m[1]!.replace(/'/g, '');
  const v = /^0[bB]/.test(digits) ? BigInt(digits) : /^0[0-7]+$/.test(digits) ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
  const unsigned = /u/i.test(m[2]!) || v > 0x7fffffffffffffffn;
  return norm(v, unsigned);
}

const BINARY: Record<string, number> = {
  '*': 10, '/': 10, '%': 10, '+': 9, '-': 9, '<<': 8, '>>': 8, '<': 7, '>': 7, '<=': 7, '>=': 7, '==': 6, '!=': 6,
  '&': 5, '^': 4, '|': 3, '&&': 2, '||': 1,
};

/** Evaluates fully replaced tokens (numbers, character constants, operators); throws IfExpressionError when malformed. */
export function evaluateIf(tokens: readonly Token[]): bigint {
  let i = 0;
  const peek = (): string | undefined => tokens[i]?.text;
  const expect = (s: string): void => {
    if (tokens[i]?.text !== s) throw new IfExpressionError(`expected \`${s}\`${tokens[i] ? ` before \`${tokens[i]!.text}\`` : ' at the end'}`);
    i++;
  };
  const primary = (): Value => {
    const t = tokens[i++];
    if (!t) throw new IfExpressionError('expression ends too early');
    if (t.text === '(') {
      const v = comma();
      expect(')');
      return v;
    }
    if (t.kind === 'num' || t.kind === 'chr') return literalValue(t);
    if (t.text === '-' || t.text === '+' || t.text === '~' || t.text === '!') {
      const v = primary();
      if (t.text === '-') return norm(-v.v, v.unsigned);
      if (t.text === '+') return v;
      if (t.text === '~') return norm(~v.v, v.unsigned);
      return norm(v.v === 0n ? 1n : 0n, false);
    }
    throw new IfExpressionError(`unexpected \`${t.text}\``);
  };
  const binary = (minPrec: number): Value => {
    let left = primary();
    for (;;) {
      const op = peek();
      const prec = op !== undefined ? BINARY[op] : undefined;
      if (prec === undefined || prec < minPrec) return left;
      i++;
      if (op === '&&' || op === '||') {
        const right = binary(prec + 1);
        const r = op === '&&' ? left.v !== 0n && right.v !== 0n : left.v !== 0n || right.v !== 0n;
        left = norm(r ? 1n : 0n, false);
        continue;
      }
      const right = binary(prec + 1);
      const shift = op === '<<' || op === '>>';
      const u = shift ? left.unsigned : left.unsigned || right.unsigned;
      const a = norm(left.v, u).v;
      const b = shift ? right.v : norm(right.v, u).v;
      switch (op) {
        case '*': left = norm(a * b, u); break;
        case '/': case '%':
          if (b === 0n) throw new IfExpressionError('division by zero');
          left = norm(op === '/' ? a / b : a % b, u);
          break;
        case '+': left = norm(a + b, u); break;
        case '-': left = norm(a - b, u); break;
        case '<<': left = norm(a << (b & 63n), u); break;
        case '>>': left = norm(a >> (b & 63n), u); break;
        case '<': left = norm(a < b ? 1n : 0n, false); break;
        case '>': left = norm(a > b ? 1n : 0n, false); break;
        case '<=': left = norm(a <= b ? 1n : 0n, false); break;
        case '>=': left = norm(a >= b ? 1n : 0n, false); break;
        case '==': left = norm(a === b ? 1n : 0n, false); break;
        case '!=': left = norm(a !== b ? 1n : 0n, false); break;
        case '&': left = norm(a & b, u); break;
        case '^': left = norm(a ^ b, u); break;
        case '|': left = norm(a | b, u); break;
      }
    }
  };
  const conditional = (): Value => {
    const c = binary(1);
    if (peek() !== '?') return c;
    i++;
    const a = comma();
    expect(':');
    const b = conditional();
    const u = a.unsigned || b.unsigned;
    return norm(c.v !== 0n ? a.v : b.v, u);
  };
  const comma = (): Value => {
    let v = conditional();
    while (peek() === ',') {
      i++;
      v = conditional();
    }
    return v;
  };
  if (tokens.length === 0) throw new IfExpressionError('#if with no expression');
  const v = comma();
  if (i < tokens.length) throw new IfExpressionError(`unexpected \`${tokens[i]!.text}\` after the expression`);
  return v.v;
}
