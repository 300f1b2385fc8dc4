// Simple subtrees read straight from the source text. Copying a node out of
// web-tree-sitter costs a Node object and one or two WASM round trips; most
// statements of an extension function are plain (`PyObject *x = f(a, "s");`,
// `return NULL;`, `if (x == NULL)`), and reading them here, from a node whose
// type and range tree-sitter has already given, skips every node under them.
//
// The reader accepts a deliberately small subset of C and gives up (undefined)
// on anything outside it: `sizeof`, `switch`, ternaries, bitwise operators,
// casts other than `(T *)`, macros that glue literals, qualifiers, arrays. When it gives up, the caller copies the
// node from tree-sitter as before, so the reader only has to be right where it
// answers; lite.test.ts checks that it builds the very tree tree-sitter gives.
import type { LNode } from './lite.ts';

/** Every node has the same shape (`op` always present, maybe undefined): one hidden class for all readers. */
export function lnode(type: string, start: number, end: number, field: string | null, children: readonly LNode[], broken: boolean, op: string | undefined): LNode {
  return { type, start, end, field, children, broken, op };
}

const NONE: readonly LNode[] = Object.freeze([]);

/** Node types this reader can build from text. */
export const TEXT_READABLE: ReadonlySet<string> = new Set([
  'function_definition', 'compound_statement', 'if_statement', 'while_statement', 'for_statement', 'do_statement', 'switch_statement',
  'case_statement', 'labeled_statement', 'goto_statement', 'conditional_expression',
  'expression_statement', 'return_statement', 'declaration', 'init_declarator', 'parameter_declaration', 'parameter_list',
  'parenthesized_expression', 'call_expression', 'argument_list', 'binary_expression', 'unary_expression', 'pointer_expression',
  'field_expression', 'subscript_expression', 'assignment_expression', 'cast_expression', 'update_expression',
]);

/** tree-sitter-c's `primitive_type` token (grammar.js of tree-sitter-c 0.24). */
const PRIMITIVE = new Set(['bool', 'char', 'int', 'float', 'double', 'void', 'size_t', 'ssize_t', 'ptrdiff_t', 'intptr_t', 'uintptr_t',
  'charptr_t', 'nullptr_t', 'max_align_t', ...[8, 16, 32, 64].flatMap((n) => [`int${n}_t`, `uint${n}_t`, `char${n}_t`])]);

/** Words that are not plain identifiers anywhere (the reader gives up on them, and on `_Generic`, `__attribute__`, ...). */
const RESERVED = new Set(['auto', 'break', 'case', 'const', 'constexpr', 'continue', 'default', 'do', 'else', 'enum', 'extern', 'for', 'goto',
  'if', 'inline', 'long', 'register', 'restrict', 'return', 'short', 'signed', 'sizeof', 'static', 'struct', 'switch', 'typedef', 'union',
  'unsigned', 'volatile', 'while', 'alignof', 'alignas', 'offsetof', 'thread_local', 'typeof', 'asm', 'defined', 'noreturn', 'complex',
  '_alignof']);

/** Binary operators read here, with tree-sitter-c's precedences; the rest (arithmetic, bitwise, shifts) give up. */
const BINARY: ReadonlyMap<string, number> = new Map([['||', 1], ['&&', 2], ['==', 6], ['!=', 6], ['<', 7], ['>', 7], ['<=', 7], ['>=', 7],
  ['+', 10], ['-', 10], ['*', 11], ['/', 11], ['%', 11]]);
const SIZE_MODIFIER = new Set(['signed', 'unsigned', 'long', 'short']);
const ASSIGNMENT = new Set(['=', '+=', '-=', '*=', '/=', '%=', '&=']);
const ASSIGNABLE = new Set(['identifier', 'call_expression', 'field_expression', 'pointer_expression', 'subscript_expression', 'parenthesized_expression']);

type TokenKind = 'id' | 'num' | 'str' | 'chr' | 'p';

class GiveUp extends Error {}
const GIVE_UP = new GiveUp();

const ID_RE = /[A-Za-z_$][\w$]*/y;
const NUM_RE = /[0-9][0-9A-Za-z_.']*/y;

/**
 * The subtree of a node of type `type` spanning `[start, end)`, or undefined when the text is outside the
 * subset read here. `field` is the field the node fills in its parent.
 */
export function readSubtree(type: string, start: number, end: number, field: string | null, text: string, broken: boolean): LNode | undefined {
  const r = new Reader(text, start, end, broken);
  try {
    if (!r.lex()) return undefined;
    const n = r.node(type, field);
    return n && r.atEnd() && n.start === start && n.end === end && n.type === type ? n : undefined;
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}

class Reader {
  private readonly kinds: TokenKind[] = [];
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** The text of words and punctuation (empty for literals): compared many times, sliced once. */
  private readonly words: string[] = [];
  private i = 0;

  constructor(private readonly text: string, private readonly start: number, private readonly end: number, private readonly broken: boolean) {}

  /** Splits the range into tokens; false on any character outside the subset. */
  lex(): boolean {
    const { text, end } = this;
    let p = this.start;
    while (p < end) {
      const c = text.charCodeAt(p);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11) {
        p++;
        continue;
      }
      let q: number;
      let kind: TokenKind = 'p';
      let word = '';
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36) {
        ID_RE.lastIndex = p;
        word = ID_RE.exec(text)![0];
        q = p + word.length;
        const after = text.charCodeAt(q);
        if (after === 34 || after === 39) return false; // L"..", u8'..'
        kind = 'id';
      } else if (c >= 48 && c <= 57) {
        NUM_RE.lastIndex = p;
        q = p + NUM_RE.exec(text)![0].length;
        // `1e-3`: the exponent's sign belongs to the literal (and `0x1e-3` too, for tree-sitter): left to it.
        if (/[eEpP]/.test(text[q - 1]!) && (text[q] === '-' || text[q] === '+')) return false;
        kind = 'num';
      } else if (c === 34 || c === 39) {
        q = p + 1;
        for (;;) {
          if (q >= end) return false;
          const d = text.charCodeAt(q);
          if (d === 10) return false;
          if (d === 92) q += 2;
          else if (d === c) break;
          else q++;
        }
        q++;
        kind = c === 34 ? 'str' : 'chr';
      } else {
        const two = text.slice(p, p + 2);
        if (two === '/*') {
          // Comments are not kept in the copy: skipped like white space.
          const close = text.indexOf('*/', p + 2);
          if (close < 0 || close + 2 > end) return false;
          p = close + 2;
          continue;
        }
        if (two === '//') {
          const nl = text.indexOf('\n', p);
          if (nl < 0 || nl > end || text[nl - 1] === '\\') return false;
          p = nl;
          continue;
        }
        if (two === '->' || two === '==' || two === '!=' || two === '<=' || two === '>=' || two === '&&' || two === '||' || two === '++' || two === '--' ||
          two === '+=' || two === '-=' || two === '*=' || two === '/=' || two === '%=' || two === '&=') {
          q = p + 2;
          word = two;
        }
        else if (two === '<<' || two === '>>' || two === '|=' || two === '^=' || two === '..') return false;
        else if ('()[]{},;:?.!&*<>=+-/%'.includes(text[p]!)) {
          q = p + 1;
          word = text[p]!;
        }
        else return false; // `#`, `\`, `?`, `~`, `|`, `^`, non-ASCII
      }
      if (q > end) return false;
      this.kinds.push(kind);
      this.words.push(word);
      this.starts.push(p);
      this.ends.push(q);
      p = q;
    }
    return true;
  }

  atEnd(): boolean {
    return this.i === this.kinds.length;
  }

  private is(punct: string): boolean {
    return this.kinds[this.i] === 'p' && this.words[this.i] === punct;
  }

  private isWord(word: string): boolean {
    return this.kinds[this.i] === 'id' && this.words[this.i] === word;
  }

  /** The text of a word or punctuation token. */
  private tokenText(i: number): string {
    return this.words[i] ?? '';
  }

  private expect(punct: string): number {
    if (!this.is(punct)) throw GIVE_UP;
    return this.ends[this.i++]!;
  }

  private make(type: string, start: number, end: number, field: string | null, children: readonly LNode[], op?: string): LNode {
    return lnode(type, start, end, field, children.length ? children : NONE, this.broken, op);
  }

  node(type: string, field: string | null): LNode | undefined {
    switch (type) {
      case 'function_definition':
        return this.functionDefinition(field);
      case 'init_declarator': {
        const d = this.declarator(true, field);
        return d.type === type ? d : undefined;
      }
      case 'parameter_declaration':
        return this.parameter(field);
      case 'parameter_list':
        return this.parameterList(field);
      case 'argument_list':
        return this.argumentList(field);
      case 'compound_statement': case 'if_statement': case 'while_statement': case 'for_statement': case 'labeled_statement':
      case 'do_statement': case 'switch_statement': case 'case_statement':
      case 'goto_statement': case 'expression_statement': case 'return_statement': case 'declaration':
        return this.statement(field);
      default:
        return this.expression(field);
    }
  }

  /** `static PyObject *name(PyObject *self, PyObject *args) { ... }` */
  private functionDefinition(field: string | null): LNode {
    const children: LNode[] = [];
    const start = this.starts[this.i]!;
    this.specifiers(children);
    children.push(this.typeWord());
    let declarator: LNode;
    const star = this.is('*') ? this.starts[this.i++]! : -1;
    const name = this.identifier('declarator');
    const params = this.parameterList('parameters');
    const fn = this.make('function_declarator', name.start, params.end, 'declarator', [name, params]);
    declarator = star >= 0 ? this.make('pointer_declarator', star, fn.end, 'declarator', [fn]) : fn;
    children.push(declarator);
    if (!this.is('{')) throw GIVE_UP;
    const body = this.statement('body');
    children.push(body);
    return this.make('function_definition', start, body.end, field, children);
  }

  private statement(field: string | null): LNode {
    if (this.i >= this.kinds.length) throw GIVE_UP;
    const start = this.starts[this.i]!;
    if (this.kinds[this.i] === 'p') {
      if (this.is('{')) {
        this.i++;
        const items: LNode[] = [];
        while (!this.is('}')) items.push(this.statement(null));
        return this.make('compound_statement', start, this.expect('}'), field, items);
      }
      if (this.is(';')) return this.make('expression_statement', start, this.expect(';'), field, NONE);
    } else if (this.kinds[this.i] === 'id') {
      const w = this.tokenText(this.i);
      switch (w) {
        case 'if': {
          this.i++;
          const cond = this.parenthesized('condition');
          const then = this.statement('consequence');
          if (!this.isWord('else')) return this.make('if_statement', start, then.end, field, [cond, then]);
          const elseStart = this.starts[this.i++]!;
          const alt = this.statement(null);
          const clause = this.make('else_clause', elseStart, alt.end, 'alternative', [alt]);
          return this.make('if_statement', start, clause.end, field, [cond, then, clause]);
        }
        case 'while': {
          this.i++;
          const cond = this.parenthesized('condition');
          const body = this.statement('body');
          return this.make('while_statement', start, body.end, field, [cond, body]);
        }
        case 'for': {
          this.i++;
          this.expect('(');
          const parts: LNode[] = [];
          if (this.kinds[this.i] === 'id' && this.looksLikeDeclaration()) {
            const children: LNode[] = [this.typeWord()];
            parts.push(this.declaration(children[0]!.start, children, 'initializer'));
          } else {
            if (!this.is(';')) parts.push(this.expression('initializer'));
            this.expect(';');
          }
          if (!this.is(';')) parts.push(this.expression('condition'));
          this.expect(';');
          if (!this.is(')')) parts.push(this.expression('update'));
          this.expect(')');
          const body = this.statement('body');
          return this.make('for_statement', start, body.end, field, [...parts, body]);
        }
        case 'return': {
          this.i++;
          if (this.is(';')) return this.make('return_statement', start, this.expect(';'), field, NONE);
          const e = this.expression(null);
          return this.make('return_statement', start, this.expect(';'), field, [e]);
        }
        case 'goto': {
          this.i++;
          const label = this.label();
          return this.make('goto_statement', start, this.expect(';'), field, [label]);
        }
        case 'switch': {
          this.i++;
          const cond = this.parenthesized('condition');
          if (!this.is('{')) throw GIVE_UP;
          const body = this.statement('body');
          return this.make('switch_statement', start, body.end, field, [cond, body]);
        }
        case 'case': case 'default': {
          this.i++;
          const children: LNode[] = [];
          if (w === 'case') children.push(this.expression('value'));
          let end = this.expect(':');
          while (!this.is('}') && !this.isWord('case') && !this.isWord('default')) {
            const stmt = this.statement(null);
            children.push(stmt);
            end = stmt.end;
          }
          return this.make('case_statement', start, end, field, children);
        }
        case 'do': {
          this.i++;
          const body = this.statement('body');
          if (!this.isWord('while')) throw GIVE_UP;
          this.i++;
          const cond = this.parenthesized('condition');
          return this.make('do_statement', start, this.expect(';'), field, [body, cond]);
        }
        case 'break': case 'continue':
          this.i++;
          return this.make(`${w}_statement`, start, this.expect(';'), field, NONE);
        default:
          break;
      }
      if (this.kinds[this.i + 1] === 'p' && this.tokenText(this.i + 1) === ':') {
        const label = this.label();
        this.i++;
        const stmt = this.statement(null);
        return this.make('labeled_statement', start, stmt.end, field, [label, stmt]);
      }
      if (w === 'static' || w === 'const' || this.looksLikeDeclaration()) {
        const children: LNode[] = [];
        this.specifiers(children);
        children.push(this.typeWord());
        return this.declaration(start, children, field);
      }
    }
    const e = this.expression(null);
    return this.make('expression_statement', start, this.expect(';'), field, [e]);
  }

  /** `T x`, `T *x =`, `T *x;`, `T *x,`, `int ...`: what tree-sitter reads as a declaration. */
  private looksLikeDeclaration(): boolean {
    const i = this.i;
    if (PRIMITIVE.has(this.tokenText(i)) || SIZE_MODIFIER.has(this.tokenText(i))) return true;
    const k1 = this.kinds[i + 1];
    if (k1 === 'id') return true;
    if (k1 !== 'p' || this.tokenText(i + 1) !== '*' || this.kinds[i + 2] !== 'id') return false;
    const after = this.kinds[i + 3] === 'p' ? this.tokenText(i + 3) : '';
    return after === '=' || after === ';' || after === ',';
  }

  private label(): LNode {
    const id = this.identifier('label');
    return { ...id, type: 'statement_identifier' };
  }

  private parenthesized(field: string | null): LNode {
    if (!this.is('(')) throw GIVE_UP;
    return this.primary(field);
  }

  private parameterList(field: string | null): LNode {
    const start = this.starts[this.i]!;
    this.expect('(');
    const params: LNode[] = [];
    if (!this.is(')')) {
      do params.push(this.parameter(null));
      while (this.is(',') && ++this.i);
    }
    return this.make('parameter_list', start, this.expect(')'), field, params);
  }

  /** `PyObject`, `int`, `unsigned long`: a word naming a type (tagged types and `T const` give up). */
  private typeWord(): LNode {
    if (this.kinds[this.i] !== 'id') throw GIVE_UP;
    const w = this.tokenText(this.i);
    const start = this.starts[this.i]!;
    if (SIZE_MODIFIER.has(w)) {
      let end = this.ends[this.i++]!;
      while (this.kinds[this.i] === 'id' && SIZE_MODIFIER.has(this.tokenText(this.i))) end = this.ends[this.i++]!;
      if (this.kinds[this.i] === 'id' && (this.tokenText(this.i) === 'int' || this.tokenText(this.i) === 'char' || this.tokenText(this.i) === 'double')) {
        end = this.ends[this.i++]!;
        if (this.kinds[this.i] === 'id' && SIZE_MODIFIER.has(this.tokenText(this.i))) throw GIVE_UP;
      }
      return this.make('sized_type_specifier', start, end, 'type', NONE);
    }
    if (RESERVED.has(w) || /^_[A-Z_]/.test(w) || w === 'NULL' || w === 'nullptr' || /^(TRUE|true|FALSE|false)$/.test(w)) throw GIVE_UP;
    const end = this.ends[this.i++]!;
    return this.make(PRIMITIVE.has(w) ? 'primitive_type' : 'type_identifier', start, end, 'type', NONE);
  }

  /** `static`, `const` before the type: kept as children without a field, as the copy from tree-sitter does. */
  private specifiers(into: LNode[]): void {
    for (;;) {
      if (this.isWord('static')) into.push(this.make('storage_class_specifier', this.starts[this.i]!, this.ends[this.i++]!, null, NONE));
      else if (this.isWord('const')) into.push(this.make('type_qualifier', this.starts[this.i]!, this.ends[this.i++]!, null, NONE));
      else return;
    }
  }

  /** After the specifiers and type: declarators and `;`. */
  private declaration(start: number, children: LNode[], field: string | null): LNode {
    do children.push(this.declarator(true, 'declarator'));
    while (this.is(',') && ++this.i);
    return this.make('declaration', start, this.expect(';'), field, children);
  }

  /** `x`, `*x`, and with `withValue` also `x = value`, `*x = value`. */
  private declarator(withValue: boolean, field: string | null): LNode {
    const d = this.pointerOrName();
    if (!withValue || !this.is('=')) return field === 'declarator' ? d : { ...d, field };
    this.i++;
    const value = this.expression('value');
    return this.make('init_declarator', d.start, value.end, field, [d, value]);
  }

  /** `x`, `*x`, `**x`. */
  private pointerOrName(): LNode {
    if (!this.is('*')) return this.identifier('declarator');
    const star = this.starts[this.i++]!;
    const inner = this.pointerOrName();
    return this.make('pointer_declarator', star, inner.end, 'declarator', [inner]);
  }

  private parameter(field: string | null): LNode {
    const children: LNode[] = [];
    this.specifiers(children);
    const t = this.typeWord();
    children.push(t);
    const start = children[0]!.start;
    if (this.is(',') || this.is(')') || this.atEnd()) {
      // `(s)` may be a K&R identifier list: only `(void)`, `(int)`, ... are certainly types.
      if (t.type !== 'primitive_type' || children.length > 1) throw GIVE_UP;
      return this.make('parameter_declaration', start, t.end, field, children);
    }
    const d = this.declarator(false, 'declarator');
    children.push(d);
    return this.make('parameter_declaration', start, d.end, field, children);
  }

  private identifier(field: string | null): LNode {
    if (this.kinds[this.i] !== 'id') throw GIVE_UP;
    const w = this.tokenText(this.i);
    if (RESERVED.has(w) || PRIMITIVE.has(w) || /^_[A-Z_]/.test(w) || w === 'NULL' || w === 'nullptr' || /^(TRUE|true|FALSE|false)$/.test(w)) throw GIVE_UP;
    const start = this.starts[this.i]!;
    return this.make('identifier', start, this.ends[this.i++]!, field, NONE);
  }

  private argumentList(field: string | null): LNode {
    const start = this.starts[this.i]!;
    this.expect('(');
    const args: LNode[] = [];
    if (!this.is(')')) {
      do args.push(this.expression(null));
      while (this.is(',') && ++this.i);
    }
    return this.make('argument_list', start, this.expect(')'), field, args);
  }

  /** An expression without a top-level comma: assignment, then the binary operators by precedence. */
  private expression(field: string | null): LNode {
    const left = this.conditional(null);
    const op = this.kinds[this.i] === 'p' ? this.tokenText(this.i) : '';
    if (!ASSIGNMENT.has(op)) return field === null ? left : { ...left, field };
    if (!ASSIGNABLE.has(left.type)) throw GIVE_UP;
    this.i++;
    const right = this.expression('right');
    return this.make('assignment_expression', left.start, right.end, field, [{ ...left, field: 'left' }, right], op);
  }

  /** `a ? b : c` (right-associative; its parts have no field in the copy). */
  private conditional(field: string | null): LNode {
    const cond = this.binary(0, null);
    if (!this.is('?')) return field === null ? cond : { ...cond, field };
    this.i++;
    if (this.is(':')) throw GIVE_UP; // GNU `a ?: b`
    const then = this.expression(null);
    this.expect(':');
    const alt = this.conditional(null);
    return this.make('conditional_expression', cond.start, alt.end, field, [cond, then, alt]);
  }

  private binary(minPrec: number, field: string | null): LNode {
    let left = this.unary(field);
    for (;;) {
      if (this.kinds[this.i] !== 'p') return left;
      const op = this.tokenText(this.i);
      const prec = BINARY.get(op);
      if (prec === undefined || prec < minPrec) return left;
      this.i++;
      const right = this.binary(prec + 1, 'right');
      left = this.make('binary_expression', left.start, right.end, field, [{ ...left, field: 'left' }, right], op);
    }
  }

  private unary(field: string | null): LNode {
    if (this.kinds[this.i] === 'p') {
      const op = this.tokenText(this.i);
      const start = this.starts[this.i]!;
      if ((op === '-' || op === '+') && this.kinds[this.i + 1] === 'num' && this.starts[this.i + 1] === start + 1) {
        // tree-sitter-c's number_literal takes its sign: `-1` is one token.
        this.i++;
        return this.word('number_literal', start, this.ends[this.i]!, field);
      }
      if (op === '!' || op === '&' || op === '*' || op === '-' || op === '+') {
        this.i++;
        const a = this.unary('argument');
        return this.make(op === '&' || op === '*' ? 'pointer_expression' : 'unary_expression', start, a.end, field, [a], op);
      }
      if (op === '++' || op === '--') {
        this.i++;
        const a = this.unary('argument');
        return this.make('update_expression', start, a.end, field, [a], op);
      }
      if (op === '(' && this.isPointerCast()) {
        // `(T *)x`, `(T **)x`, `(void)x`: casts for certain (`(T)x` could be either, and is left to tree-sitter).
        this.i++;
        const typeStart = this.starts[this.i++]!;
        while (this.is('*')) this.i++;
        const type = this.make('type_descriptor', typeStart, this.ends[this.i - 1]!, 'type', NONE);
        this.expect(')');
        const value = this.unary('value');
        return this.make('cast_expression', start, value.end, field, [type, value]);
      }
    }
    return this.postfix(field);
  }

  /** At `(`: `( word * ... )` with a word that can name a type. */
  private isPointerCast(): boolean {
    let j = this.i + 1;
    if (this.kinds[j] !== 'id') return false;
    const w = this.tokenText(j);
    if ((RESERVED.has(w) && w !== 'void') || /^_[A-Z_]/.test(w) || w === 'NULL') return false;
    j++;
    let stars = 0;
    while (this.kinds[j] === 'p' && this.tokenText(j) === '*') {
      j++;
      stars++;
    }
    // `(void)x`, `(int)x`: a word that only names a type needs no star to be a cast.
    return (stars > 0 || PRIMITIVE.has(w)) && this.kinds[j] === 'p' && this.tokenText(j) === ')';
  }

  private postfix(field: string | null): LNode {
    let n = this.primary(field);
    if (n.type === 'parenthesized_expression') return n; // `(x)(y)`, `(T)x`: casts and calls through parentheses give up
    for (;;) {
      if (this.is('(')) {
        if (n.type !== 'identifier' && n.type !== 'field_expression') throw GIVE_UP;
        const args = this.argumentList('arguments');
        n = this.make('call_expression', n.start, args.end, field, [{ ...n, field: 'function' }, args]);
      } else if (this.is('->') || this.is('.')) {
        this.i++;
        if (this.kinds[this.i] !== 'id') throw GIVE_UP;
        const name = this.tokenText(this.i);
        if (RESERVED.has(name)) throw GIVE_UP;
        const f = this.make('field_identifier', this.starts[this.i]!, this.ends[this.i++]!, 'field', NONE);
        n = this.make('field_expression', n.start, f.end, field, [{ ...n, field: 'argument' }, f]);
      } else if (this.is('[')) {
        this.i++;
        const index = this.expression('index');
        n = this.make('subscript_expression', n.start, this.expect(']'), field, [{ ...n, field: 'argument' }, index]);
      } else if (this.is('++') || this.is('--')) {
        const op = this.tokenText(this.i);
        return this.make('update_expression', n.start, this.ends[this.i++]!, field, [{ ...n, field: 'argument' }], op);
      } else {
        return n;
      }
    }
  }

  private primary(field: string | null): LNode {
    if (this.i >= this.kinds.length) throw GIVE_UP;
    const kind = this.kinds[this.i]!;
    const start = this.starts[this.i]!;
    const end = this.ends[this.i]!;
    switch (kind) {
      case 'id': {
        const w = this.tokenText(this.i);
        if (w === 'NULL' || w === 'nullptr') return this.word('null', start, end, field);
        if (w === 'TRUE' || w === 'true') return this.word('true', start, end, field);
        if (w === 'FALSE' || w === 'false') return this.word('false', start, end, field);
        return this.identifier(field);
      }
      case 'num':
        return this.word('number_literal', start, end, field);
      case 'str':
        // Adjacent literals are one `concatenated_string`.
        if (this.kinds[this.i + 1] === 'str') throw GIVE_UP;
        return this.word('string_literal', start, end, field);
      case 'chr':
        return this.word('char_literal', start, end, field);
      case 'p': {
        if (!this.is('(')) throw GIVE_UP;
        this.i++;
        const inner = this.expression(null);
        return this.make('parenthesized_expression', start, this.expect(')'), field, [inner]);
      }
    }
  }

  private word(type: string, start: number, end: number, field: string | null): LNode {
    this.i++;
    return this.make(type, start, end, field, NONE);
  }
}
