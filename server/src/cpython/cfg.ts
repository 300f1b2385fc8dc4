// A control-flow graph of one C function body, built from its (lite) syntax
// tree: statements become `eval` nodes, conditions are split at `&&`, `||`
// and `!` into `branch` atoms (so `if (!a || !b) goto error;` refines each
// pointer on its own edge), and `goto`, `break`, `continue`, `switch`,
// loops, `return` and the `Py_RETURN_*` macros become edges and exits.
import { field, namedChildren, operator, unwrap, type LNode } from './lite.ts';

export type CfgNode =
  | { kind: 'eval'; expr: LNode; next: number }
  | { kind: 'branch'; cond: LNode; whenTrue: number; whenFalse: number }
  | { kind: 'fork'; targets: readonly { id: number; at: LNode }[] }
  | { kind: 'return'; stmt: LNode; value: LNode | undefined }
  /** Falling off the end of the body (`at` is the closing brace). */
  | { kind: 'end'; at: number }
  /** A call that does not return (`Py_FatalError`, `abort`): the path ends without an exit check. */
  | { kind: 'stop' }
  | { kind: 'label'; stmt: LNode; name: string; next: number }
  | { kind: 'goto'; stmt: LNode; label: string; next: number }
  | { kind: 'nop'; next: number };

export interface Cfg {
  readonly nodes: CfgNode[];
  readonly entry: number;
  /** Statements written directly in a `{ }` block (a fix may insert a statement before them without adding braces). */
  readonly inBlock: ReadonlySet<number>;
  readonly labels: ReadonlyMap<string, number>;
}

const RETURN_MACRO = /^Py_RETURN_(NONE|TRUE|FALSE|NOTIMPLEMENTED)$/;
const NO_RETURN = new Set(['Py_FatalError', 'abort', 'exit', '_exit', 'Py_Exit', 'Py_UNREACHABLE']);

export class CfgBuilder {
  private readonly nodes: CfgNode[] = [];
  private readonly labels = new Map<string, number>();
  private readonly gotos: number[] = [];
  private readonly inBlock = new Set<number>();

  constructor(private readonly text: string) {}

  build(body: LNode): Cfg {
    const end = this.add({ kind: 'end', at: body.end - 1 });
    const entry = this.stmt(body, end, undefined, undefined, false);
    for (const id of this.gotos) {
      const g = this.nodes[id] as Extract<CfgNode, { kind: 'goto' }>;
      // A goto to a label we never saw (a macro's, say) ends the path without a verdict.
      g.next = this.labels.get(g.label) ?? this.add({ kind: 'stop' });
    }
    return { nodes: this.nodes, entry, inBlock: this.inBlock, labels: this.labels };
  }

  private add(n: CfgNode): number {
    this.nodes.push(n);
    return this.nodes.length - 1;
  }

  private src(n: LNode): string {
    return this.text.slice(n.start, n.end);
  }

  /** The entry node of `s`, whose normal successor is `next`. */
  private stmt(s: LNode, next: number, brk: number | undefined, cont: number | undefined, blockChild: boolean): number {
    if (blockChild) this.inBlock.add(s.start);
    switch (s.type) {
      case 'compound_statement': {
        let cur = next;
        const kids = namedChildren(s);
        for (let i = kids.length - 1; i >= 0; i--) cur = this.stmt(kids[i]!, cur, brk, cont, true);
        return cur;
      }
      case 'expression_statement': {
        const e = namedChildren(s)[0];
        if (!e) return next;
        const u = unwrap(e);
        if (u.type === 'identifier' && RETURN_MACRO.test(this.src(u))) return this.add({ kind: 'return', stmt: s, value: undefined });
        if (u.type === 'call_expression') {
          const fn = field(u, 'function');
          const name = fn && fn.type === 'identifier' ? this.src(fn) : '';
          if (name === 'Py_RETURN_RICHCOMPARE') return this.add({ kind: 'eval', expr: e, next: this.add({ kind: 'return', stmt: s, value: undefined }) });
          if (NO_RETURN.has(name)) return this.add({ kind: 'eval', expr: e, next: this.add({ kind: 'stop' }) });
        }
        return this.add({ kind: 'eval', expr: e, next });
      }
      case 'declaration':
        return this.add({ kind: 'eval', expr: s, next });
      case 'return_statement':
        return this.add({ kind: 'return', stmt: s, value: namedChildren(s)[0] });
      case 'if_statement': {
        const cond = field(s, 'condition');
        const cons = field(s, 'consequence');
        const alt = field(s, 'alternative');
        const altStmt = alt ? (alt.type === 'else_clause' ? namedChildren(alt)[0] : alt) : undefined;
        const t = cons ? this.stmt(cons, next, brk, cont, false) : next;
        const f = altStmt ? this.stmt(altStmt, next, brk, cont, false) : next;
        return cond ? this.cond(cond, t, f) : next;
      }
      case 'while_statement': {
        const head = this.add({ kind: 'nop', next: -1 });
        const body = field(s, 'body');
        const b = body ? this.stmt(body, head, next, head, false) : head;
        const cond = field(s, 'condition');
        (this.nodes[head] as { next: number }).next = cond ? this.cond(cond, b, next) : b;
        return head;
      }
      case 'do_statement': {
        const head = this.add({ kind: 'nop', next: -1 });
        const condNode = this.add({ kind: 'nop', next: -1 });
        const body = field(s, 'body');
        const b = body ? this.stmt(body, condNode, next, condNode, false) : condNode;
        const cond = field(s, 'condition');
        (this.nodes[condNode] as { next: number }).next = cond ? this.cond(cond, head, next) : head;
        (this.nodes[head] as { next: number }).next = b;
        return head;
      }
      case 'for_statement': {
        const head = this.add({ kind: 'nop', next: -1 });
        const update = field(s, 'update');
        const upd = update ? this.add({ kind: 'eval', expr: update, next: head }) : head;
        const body = field(s, 'body');
        const b = body ? this.stmt(body, upd, next, upd, false) : upd;
        const cond = field(s, 'condition');
        (this.nodes[head] as { next: number }).next = cond ? this.cond(cond, b, next) : b;
        const init = field(s, 'initializer');
        return init ? this.add({ kind: 'eval', expr: init, next: head }) : head;
      }
      case 'switch_statement': {
        const cond = field(s, 'condition');
        const body = field(s, 'body');
        const cases = body ? namedChildren(body).filter((c) => c.type === 'case_statement') : [];
        const targets: { id: number; at: LNode }[] = [];
        let fall = next;
        let hasDefault = false;
        for (let i = cases.length - 1; i >= 0; i--) {
          const c = cases[i]!;
          const value = field(c, 'value');
          if (!value) hasDefault = true;
          let cur = fall;
          const kids = namedChildren(c).filter((k) => k !== value);
          for (let j = kids.length - 1; j >= 0; j--) cur = this.stmt(kids[j]!, cur, next, cont, true);
          targets.unshift({ id: cur, at: c });
          fall = cur;
        }
        if (!hasDefault) targets.push({ id: next, at: s });
        const fork = this.add({ kind: 'fork', targets });
        return cond ? this.add({ kind: 'eval', expr: cond, next: fork }) : fork;
      }
      case 'break_statement':
        return brk ?? this.add({ kind: 'stop' });
      case 'continue_statement':
        return cont ?? this.add({ kind: 'stop' });
      case 'goto_statement': {
        const label = field(s, 'label');
        const id = this.add({ kind: 'goto', stmt: s, label: label ? this.src(label) : '', next: -1 });
        this.gotos.push(id);
        return id;
      }
      case 'labeled_statement': {
        const label = field(s, 'label');
        const inner = namedChildren(s).find((c) => c !== label);
        const after = inner ? this.stmt(inner, next, brk, cont, true) : next;
        const id = this.add({ kind: 'label', stmt: s, name: label ? this.src(label) : '', next: after });
        if (label) this.labels.set(this.src(label), id);
        return id;
      }
      case ';':
      case 'empty_statement':
        return next;
      default:
        // Anything else (type definitions in a body, attributes, ...) is read for its effects.
        return this.add({ kind: 'eval', expr: s, next });
    }
  }

  /** Lowers a condition to branch atoms: `!`, `&&` and `||` become edges. */
  private cond(c: LNode, t: number, f: number): number {
    const u = unwrap(c);
    if (u.type === 'unary_expression' && operator(u) === '!') {
      const arg = field(u, 'argument');
      if (arg) return this.cond(arg, f, t);
    }
    if (u.type === 'binary_expression') {
      const op = operator(u);
      const l = field(u, 'left');
      const r = field(u, 'right');
      if (l && r && op === '&&') return this.cond(l, this.cond(r, t, f), f);
      if (l && r && op === '||') return this.cond(l, t, this.cond(r, t, f));
    }
    if (u.type === 'number_literal') {
      const v = this.src(u);
      if (/^0+[uUlL]*$/.test(v)) return f;
      if (/^[1-9]\d*[uUlL]*$/.test(v)) return t;
    }
    return this.add({ kind: 'branch', cond: u, whenTrue: t, whenFalse: f });
  }
}
