// A plain-object copy of a function's syntax tree. The path exploration reads
// the same expressions once per abstract state; reading them from JS objects
// instead of through web-tree-sitter's WASM accessors keeps a 5,000-line
// extension well inside the latency budget. Built with one TreeCursor walk.
import type { Node, TreeCursor } from 'web-tree-sitter';

export interface LNode {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  /** The field this node fills in its parent (`left`, `condition`, ...), or null. */
  readonly field: string | null;
  /** Named children and the anonymous tokens that carry meaning (operators). */
  readonly children: readonly LNode[];
  readonly named: boolean;
  /** An ERROR or MISSING node lies inside (the function is then left alone). */
  readonly broken: boolean;
}

/** Copies `node` and everything under it; comments are dropped. */
export function liteTree(node: Node): LNode {
  const cursor = node.walk();
  try {
    return copy(cursor, null);
  } finally {
    cursor.delete();
  }
}

function copy(c: TreeCursor, field: string | null): LNode {
  const type = c.nodeType;
  const start = c.startIndex;
  const end = c.endIndex;
  const named = c.nodeIsNamed;
  let broken = type === 'ERROR' || c.nodeIsMissing;
  const children: LNode[] = [];
  if (c.gotoFirstChild()) {
    do {
      if (c.nodeType === 'comment') continue;
      const child = copy(c, c.currentFieldName);
      if (child.broken) broken = true;
      children.push(child);
    } while (c.gotoNextSibling());
    c.gotoParent();
  }
  return { type, start, end, field, children, named, broken };
}

export function field(n: LNode, name: string): LNode | undefined {
  for (const c of n.children) if (c.field === name) return c;
  return undefined;
}

export function namedChildren(n: LNode): LNode[] {
  return n.children.filter((c) => c.named);
}

/** Strips parentheses and casts: `((PyObject *)x)` is `x`. */
export function unwrap(n: LNode): LNode {
  let cur = n;
  for (;;) {
    if (cur.type === 'parenthesized_expression') {
      const inner = namedChildren(cur)[0];
      if (!inner) return cur;
      cur = inner;
    } else if (cur.type === 'cast_expression') {
      const v = field(cur, 'value');
      if (!v) return cur;
      cur = v;
    } else {
      return cur;
    }
  }
}

/** The operator token of a binary, unary or assignment expression. */
export function operator(n: LNode): string | undefined {
  const op = n.children.find((c) => c.field === 'operator') ?? n.children.find((c) => !c.named);
  return op?.type;
}
