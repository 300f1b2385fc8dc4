// A plain-object copy of a function's syntax tree. The path exploration reads
// the same expressions once per abstract state; reading them from JS objects
// instead of through web-tree-sitter's WASM accessors keeps a 5,000-line
// extension well inside the latency budget. Built with one TreeCursor walk.
import type { Language, Node, TreeCursor } from 'web-tree-sitter';

export interface LNode {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  /** The field this node fills in its parent (`left`, `condition`, ...), or null. */
  readonly field: string | null;
  /** Named children and the anonymous tokens that carry meaning (operators). */
  readonly children: readonly LNode[];
  readonly named: boolean;
  /** The function this node belongs to has an ERROR or MISSING node (it is then left alone). */
  readonly broken: boolean;
}

/** Copies `node` and everything under it; comments and the insides of literals are dropped. */
export function liteTree(node: Node): LNode {
  const broken = node.hasError;
  const names = namesFor(node.tree.language);
  const cursor = node.walk();
  try {
    return copy(cursor, null, names, broken);
  } finally {
    cursor.delete();
  }
}

/** Type and field names by id, cached per grammar: reading integers from the cursor is what keeps the copy cheap. */
interface Names {
  readonly types: Map<number, { type: string; named: boolean }>;
  readonly fields: Map<number, string | null>;
  readonly language: Language;
}

const namesByLanguage = new WeakMap<Language, Names>();

function namesFor(language: Language): Names {
  let n = namesByLanguage.get(language);
  if (!n) namesByLanguage.set(language, (n = { types: new Map(), fields: new Map(), language }));
  return n;
}

const NONE: readonly LNode[] = Object.freeze([]);
const NO_FIELDS = new Set(['compound_statement', 'argument_list', 'parameter_list', 'translation_unit', 'expression_statement', 'return_statement', 'parenthesized_expression', 'initializer_list', 'else_clause']);
const WITH_OPERATOR = new Set(['binary_expression', 'unary_expression', 'assignment_expression', 'pointer_expression', 'update_expression']);
const OPAQUE = new Set(['string_literal', 'char_literal', 'number_literal', 'primitive_type', 'type_identifier', 'concatenated_string', 'comment']);

function copy(c: TreeCursor, field: string | null, names: Names, broken: boolean): LNode {
  const id = c.nodeTypeId;
  let t = names.types.get(id);
  if (!t) names.types.set(id, (t = { type: names.language.nodeTypeForId(id) ?? '?', named: names.language.nodeTypeIsNamed(id) }));
  const start = c.startIndex;
  const end = c.endIndex;
  const children: LNode[] = [];
  const keepTokens = WITH_OPERATOR.has(t.type);
  if (!OPAQUE.has(t.type) && c.gotoFirstChild()) {
    do {
      const cid = c.nodeTypeId;
      const ct = names.types.get(cid);
      if (ct?.type === 'comment') continue;
      // Punctuation and keywords carry no meaning here, except an expression's operator.
      if (ct && !ct.named) {
        if (keepTokens) children.push({ type: ct.type, start: -1, end: -1, field: null, children: NONE, named: false, broken });
        continue;
      }
      // Children of lists have no field name: one call per node saved.
      const fid = NO_FIELDS.has(t.type) ? 0 : c.currentFieldId;
      let f = names.fields.get(fid);
      if (f === undefined) names.fields.set(fid, (f = fid ? names.language.fieldNameForId(fid) : null));
      const child = copy(c, f, names, broken);
      if (child.type !== 'comment') children.push(child);
    } while (c.gotoNextSibling());
    c.gotoParent();
  }
  return { type: t.type, start, end, field, children: children.length ? children : NONE, named: t.named, broken };
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
