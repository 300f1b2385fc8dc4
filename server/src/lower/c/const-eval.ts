// Integer constant expressions as C evaluates them (array sizes, bit widths,
// enum values, #if conditions): typed integer arithmetic with the usual
// arithmetic conversions, wrapping at the type's width. Anything it cannot
// evaluate comes back as a reason, never as a guess.
import type { Node } from 'web-tree-sitter';

export interface CInt {
  readonly value: bigint;
  readonly bits: number;
  readonly unsigned: boolean;
}

export interface NotConstant {
  readonly notConstant: string;
}

export type EvalResult = CInt | NotConstant;

export function isConstant(r: EvalResult): r is CInt {
  return 'value' in r;
}

/** What the evaluator asks its caller: names, types and the target's sizes. */
export interface EvalEnv {
  /** `int` and `long` widths in bits on the target. */
  readonly intBits: number;
  readonly longBits: number;
  readonly llongBits: number;
  /** An identifier: an enum constant, a macro, or undefined when unknown. */
  identifier(name: string): EvalResult | undefined;
  /** sizeof / _Alignof of a type written at `typeNode` (a type_descriptor), in bytes. */
  sizeofType(typeNode: Node, what: 'size' | 'align'): EvalResult;
  /** sizeof of an expression (a variable's type, say). */
  sizeofExpression(exprNode: Node, what: 'size' | 'align'): EvalResult;
  /** offsetof(type, member.path), in bytes. */
  offsetOf(typeNode: Node, member: string, node: Node): EvalResult;
  /** A cast's target type: its width and signedness, or a reason. */
  castType(typeNode: Node): { bits: number; unsigned: boolean } | NotConstant;
  /** True inside #if, where `defined(X)` is allowed and unknown names are 0. */
  readonly preprocessor?: { defined(name: string): boolean };
}

function wrap(value: bigint, bits: number, unsigned: boolean): CInt {
  return { value: unsigned ? BigInt.asUintN(bits, value) : BigInt.asIntN(bits, value), bits, unsigned };
}

function notConstant(reason: string): NotConstant {
  return { notConstant: reason };
}

/** The C type of an integer literal: the first of int, long, long long (and unsigned kinds) its value fits. */
export function parseIntegerLiteral(text: string, env: EvalEnv): EvalResult {
  // Fast path for the common small decimal literal: below 2^31 it is an int on every target (int is 32 bits or wider).
  if (env.intBits >= 32 && /^(?:0|[1-9]\d{0,8})$/.test(text)) return { value: BigInt(text), bits: env.intBits, unsigned: false };
  const m = /^(0[xX][0-9a-fA-F']+|0[bB][01']+|0[0-7']*|[1-9][0-9']*)([uUlLzZ]*)$/.exec(text);
  if (!m) {
    if (/^[0-9.]+([eE][-+]?\d+)?[fFlL]?$|^0[xX].*[pP]/.test(text)) return notConstant(`\`${text}\` is a floating constant, not an integer`);
    return notConstant(`\`${text}\` is not an integer literal`);
  }
  const digits = m[1]!.replace(/'/g, '');
  const suffix = m[2]!.toLowerCase();
  let value: bigint;
  if (/^0[xX]/.test(digits)) value = BigInt(digits);
  else if (/^0[bB]/.test(digits)) value = BigInt('0b' + digits.slice(2));
  else if (digits.length > 1 && digits.startsWith('0')) value = BigInt('0o' + digits.slice(1));
  else value = BigInt(digits);
  const decimal = !/^0/.test(digits) || digits === '0';
  const unsignedSuffix = suffix.includes('u');
  const longs = (suffix.match(/l/g) ?? []).length;
  // Width is read lazily: only a literal too big for int (or with an L suffix) depends on `long`.
  const kinds: Array<() => number> = [() => env.intBits, () => env.longBits, () => env.llongBits];
  for (const bitsOf of kinds.slice(longs >= 2 ? 2 : longs)) {
    const bits = bitsOf();
    const signedMax = (1n << BigInt(bits - 1)) - 1n;
    const unsignedMax = (1n << BigInt(bits)) - 1n;
    if (!unsignedSuffix && value <= signedMax) return { value, bits, unsigned: false };
    // Octal and hex literals may take the unsigned type of the same width; decimal ones never do.
    if ((unsignedSuffix || !decimal) && value <= unsignedMax) return { value, bits, unsigned: true };
  }
  return notConstant(`integer literal \`${text}\` is too large for any integer type`);
}

const SIMPLE_ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, '0': 0, a: 7, b: 8, f: 12, v: 11, '\\': 92, "'": 39, '"': 34, '?': 63 };

function parseCharLiteral(text: string, env: EvalEnv): EvalResult {
  const m = /^(u8|u|U|L)?'(.*)'$/s.exec(text);
  if (!m) return notConstant(`\`${text}\` is not a character constant`);
  const body = m[2]!;
  let code: number | undefined;
  if (body.length === 1) code = body.charCodeAt(0);
  else if (body.startsWith('\\x')) code = parseInt(body.slice(2), 16);
  else if (/^\\[0-7]{1,3}$/.test(body)) code = parseInt(body.slice(1), 8);
  else if (body.length === 2 && body[0] === '\\') code = SIMPLE_ESCAPES[body[1]!];
  if (code === undefined || Number.isNaN(code)) return notConstant(`character constant \`${text}\` is not supported`);
  // A plain char constant has type int; its value is that of a (signed, on our targets' ABIs for x86) char, but
  // only ASCII values occur in practice, where signedness does not matter.
  return { value: BigInt(code), bits: env.intBits, unsigned: false };
}

/** Integer promotion then the usual arithmetic conversions of two operands. */
function common(a: CInt, b: CInt, env: EvalEnv): { bits: number; unsigned: boolean } {
  const pa = promote(a, env);
  const pb = promote(b, env);
  if (pa.bits === pb.bits) return { bits: pa.bits, unsigned: pa.unsigned || pb.unsigned };
  const [wide, narrow] = pa.bits > pb.bits ? [pa, pb] : [pb, pa];
  void narrow;
  return { bits: wide.bits, unsigned: wide.unsigned };
}

function promote(a: CInt, env: EvalEnv): { bits: number; unsigned: boolean } {
  if (a.bits < env.intBits) return { bits: env.intBits, unsigned: false };
  return { bits: a.bits, unsigned: a.unsigned };
}

function truth(v: boolean, env: EvalEnv): CInt {
  return { value: v ? 1n : 0n, bits: env.intBits, unsigned: false };
}

const MAX_DEPTH = 200;

/**
 * A literal or a name, from its node type and text alone: the front end reads
 * these from a tree cursor without creating a node. Undefined for other types.
 */
export function evaluateLeaf(type: string, text: string, env: EvalEnv): EvalResult | undefined {
  switch (type) {
    case 'number_literal': {
      // tree-sitter-c folds a leading sign into the literal; C reads it as a unary operator.
      const m = /^([-+])\s*(.*)$/s.exec(text);
      if (!m) return parseIntegerLiteral(text, env);
      const lit = parseIntegerLiteral(m[2]!, env);
      if (!isConstant(lit)) return lit;
      const p = promote(lit, env);
      return wrap(m[1] === '-' ? -lit.value : lit.value, p.bits, p.unsigned);
    }
    case 'char_literal':
      return parseCharLiteral(text, env);
    case 'identifier': {
      const found = env.identifier(text);
      if (found) return found;
      if (env.preprocessor) return { value: 0n, bits: 64, unsigned: false };
      return notConstant(`\`${text}\` is not a constant FFI Lens knows (a macro or enum from a header it has not seen?)`);
    }
    default:
      return undefined;
  }
}

export function evaluate(node: Node, env: EvalEnv, depth = 0): EvalResult {
  if (depth > MAX_DEPTH) return notConstant('expression nested too deeply');
  const sub = (n: Node | null): EvalResult => (n ? evaluate(n, env, depth + 1) : notConstant('incomplete expression'));
  switch (node.type) {
    case 'number_literal':
    case 'char_literal':
    case 'identifier':
      return evaluateLeaf(node.type, node.text, env)!;
    case 'true':
      return truth(true, env);
    case 'false':
      return truth(false, env);
    case 'parenthesized_expression': {
      const inner = node.namedChildren.find((c) => c !== null && c.type !== 'comment');
      return sub(inner ?? null);
    }
    case 'preproc_defined': {
      const name = node.namedChildren.find((c) => c?.type === 'identifier')?.text;
      if (!env.preprocessor || !name) return notConstant('`defined` outside #if');
      return { value: env.preprocessor.defined(name) ? 1n : 0n, bits: 64, unsigned: false };
    }
    case 'sizeof_expression':
    case 'alignof_expression': {
      const what = node.type === 'sizeof_expression' ? 'size' : 'align';
      const type = node.childForFieldName('type');
      if (type) return env.sizeofType(type, what);
      const value = node.childForFieldName('value');
      if (value) return env.sizeofExpression(value, what);
      return notConstant(`\`${node.text}\` is incomplete`);
    }
    case 'offsetof_expression': {
      const type = node.childForFieldName('type');
      const member = node.childForFieldName('member');
      if (!type || !member) return notConstant(`\`${node.text}\` is incomplete`);
      return env.offsetOf(type, member.text.replace(/\s+/g, ''), node);
    }
    case 'cast_expression': {
      const type = node.childForFieldName('type');
      const value = sub(node.childForFieldName('value'));
      if (!type || !isConstant(value)) return value;
      const to = env.castType(type);
      if ('notConstant' in to) return to;
      return wrap(value.value, to.bits, to.unsigned);
    }
    case 'unary_expression': {
      const op = node.childForFieldName('operator')?.text;
      const a = sub(node.childForFieldName('argument'));
      if (!isConstant(a)) return a;
      const p = promote(a, env);
      switch (op) {
        case '-': return wrap(-a.value, p.bits, p.unsigned);
        case '+': return wrap(a.value, p.bits, p.unsigned);
        case '~': return wrap(~a.value, p.bits, p.unsigned);
        case '!': return truth(a.value === 0n, env);
        default: return notConstant(`operator \`${op ?? '?'}\` is not allowed in a constant expression`);
      }
    }
    case 'binary_expression':
      return binary(node, env, sub);
    case 'conditional_expression': {
      const cond = sub(node.childForFieldName('condition'));
      if (!isConstant(cond)) return cond;
      const a = sub(node.childForFieldName('consequence'));
      const b = sub(node.childForFieldName('alternative'));
      if (!isConstant(a)) return cond.value !== 0n ? a : isConstant(b) ? a : b;
      if (!isConstant(b)) return cond.value !== 0n ? a : b;
      const t = common(a, b, env);
      return wrap(cond.value !== 0n ? a.value : b.value, t.bits, t.unsigned);
    }
    case 'call_expression': {
      const fn = node.childForFieldName('function')?.text ?? '';
      return notConstant(`\`${fn}(...)\` is a function-like macro or call FFI Lens cannot evaluate here`);
    }
    default:
      return notConstant(`\`${node.text.slice(0, 40)}\` is not an integer constant expression`);
  }
}

function binary(node: Node, env: EvalEnv, sub: (n: Node | null) => EvalResult): EvalResult {
  const op = node.childForFieldName('operator')?.text ?? '';
  const a = sub(node.childForFieldName('left'));
  if (!isConstant(a)) return a;
  // && and || do not evaluate their right operand when the left decides.
  if (op === '&&' && a.value === 0n) return truth(false, env);
  if (op === '||' && a.value !== 0n) return truth(true, env);
  const b = sub(node.childForFieldName('right'));
  if (!isConstant(b)) return b;
  if (op === '&&' || op === '||') return truth(b.value !== 0n, env);
  if (op === '<<' || op === '>>') {
    const p = promote(a, env);
    if (b.value < 0n || b.value >= BigInt(p.bits)) return notConstant(`shift by ${b.value} is undefined for a ${p.bits}-bit operand`);
    const v = p.unsigned ? BigInt.asUintN(p.bits, a.value) : a.value;
    return wrap(op === '<<' ? v << b.value : v >> b.value, p.bits, p.unsigned);
  }
  const t = common(a, b, env);
  const x = t.unsigned ? BigInt.asUintN(t.bits, a.value) : a.value;
  const y = t.unsigned ? BigInt.asUintN(t.bits, b.value) : b.value;
  switch (op) {
    case '+': return wrap(x + y, t.bits, t.unsigned);
    case '-': return wrap(x - y, t.bits, t.unsigned);
    case '*': return wrap(x * y, t.bits, t.unsigned);
    case '/': return y === 0n ? notConstant('division by zero') : wrap(x / y, t.bits, t.unsigned);
    case '%': return y === 0n ? notConstant('remainder by zero') : wrap(x % y, t.bits, t.unsigned);
    case '&': return wrap(x & y, t.bits, t.unsigned);
    case '|': return wrap(x | y, t.bits, t.unsigned);
    case '^': return wrap(x ^ y, t.bits, t.unsigned);
    case '<': return truth(x < y, env);
    case '>': return truth(x > y, env);
    case '<=': return truth(x <= y, env);
    case '>=': return truth(x >= y, env);
    case '==': return truth(x === y, env);
    case '!=': return truth(x !== y, env);
    default: return notConstant(`operator \`${op}\` is not allowed in a constant expression`);
  }
}
