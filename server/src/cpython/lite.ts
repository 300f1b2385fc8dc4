// A plain-object copy of a function's syntax tree. The path exploration reads
// the same expressions once per abstract state; reading them from JS objects
// instead of through web-tree-sitter's WASM accessors keeps a 5,000-line
// extension inside the latency budget.
import type { Language, Node } from 'web-tree-sitter';
import { lnode, readSubtree, TEXT_READABLE } from './lite-text.ts';

export interface LNode {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  /** The field this node fills in its parent (`left`, `condition`, ...), or null. */
  readonly field: string | null;
  /** Named children (punctuation and comments are not kept). */
  readonly children: readonly LNode[];
  /** The operator of an expression (`==`, `!`, `&`, `=`, `++`, ...). */
  readonly op?: string;
  /** The function this node belongs to has an ERROR or MISSING node (it is then left alone). */
  readonly broken: boolean;
}

/**
 * Copies `node` and everything under it; comments, punctuation and the insides of
 * literals are dropped. Named children come in one call per parent (`namedChildren`);
 * field names are given by position for the node types whose named children are
 * fixed, and asked of tree-sitter only for the few with optional parts. Operators are
 * read from the text between operands. This is about three times cheaper than a
 * TreeCursor walk, which pays a WASM round trip for every token.
 */
export function liteTree(node: Node, text: string, options: { readText?: boolean; parsed?: string } = {}): LNode {
  const nm = names(node.tree.language);
  return copy(node, typeName(node, nm), null, { ...nm, readText: options.readText ?? true, parsed: options.parsed ?? text }, node.hasError, text);
}

interface CopyContext {
  readonly language: Language;
  readonly types: Map<number, string>;
  /** Simple statements and expressions are read from the text (lite-text.ts); off only to test that reader. */
  readonly readText: boolean;
  /** The text the tree was parsed from (empty macros blanked): what the reader must read. */
  readonly parsed: string;
}

const typeNames = new WeakMap<Language, Map<number, string>>();

function names(language: Language): { language: Language; types: Map<number, string> } {
  let types = typeNames.get(language);
  if (!types) typeNames.set(language, (types = new Map()));
  return { language, types };
}

const NONE: readonly LNode[] = Object.freeze([]);
const WORD = new Set(['identifier', 'field_identifier', 'statement_identifier', 'null', 'true', 'false', 'primitive_type', 'type_identifier']);
const WORD_RE = /[A-Za-z_$][\w$]*/y;
const POINTER_NAME_RE = /\*[ \t\r\n]*([A-Za-z_$][\w$]*)/y;

// Leaves and the insides we never read: no children are asked for (a third of all nodes are identifiers).
const OPAQUE = new Set(['identifier', 'field_identifier', 'statement_identifier', 'null', 'true', 'false', 'string_literal', 'char_literal', 'number_literal', 'primitive_type', 'type_identifier', 'concatenated_string',
  'sized_type_specifier', 'struct_specifier', 'union_specifier', 'enum_specifier', 'type_descriptor', 'comment', 'storage_class_specifier', 'type_qualifier']);

/** Field names by position among the named children. */
const POSITIONAL_FIELDS: Record<string, readonly string[]> = {
  call_expression: ['function', 'arguments'],
  assignment_expression: ['left', 'right'],
  binary_expression: ['left', 'right'],
  comma_expression: ['left', 'right'],
  unary_expression: ['argument'],
  update_expression: ['argument'],
  pointer_expression: ['argument'],
  field_expression: ['argument', 'field'],
  subscript_expression: ['argument', 'index'],
  cast_expression: ['type', 'value'],
  init_declarator: ['declarator', 'value'],
  labeled_statement: ['label'],
  goto_statement: ['label'],
  while_statement: ['condition', 'body'],
  do_statement: ['body', 'condition'],
  switch_statement: ['condition', 'body'],
  if_statement: ['condition', 'consequence', 'alternative'],
  function_declarator: ['declarator', 'parameters'],
};

/** Types whose fields are asked of tree-sitter by name (optional parts in any order). */
const BY_NAME_FIELDS: Record<string, readonly string[]> = {
  for_statement: ['initializer', 'condition', 'update', 'body'],
};
// Maps, not object lookups by a computed key: `copy` runs once per node, and keyed property loads go megamorphic.
const POSITIONAL = new Map(Object.entries(POSITIONAL_FIELDS));
const BY_NAME = new Map(Object.entries(BY_NAME_FIELDS));
const HAS_OPERATOR = new Set(['binary_expression', 'assignment_expression', 'unary_expression', 'pointer_expression', 'update_expression']);

/** Declarations: specifiers, then the type, then declarators (and a function's body). */
const DECLARATION_LIKE = new Set(['declaration', 'parameter_declaration', 'function_definition']);
const TYPE_SPECIFIER = new Set(['primitive_type', 'type_identifier', 'sized_type_specifier', 'struct_specifier', 'union_specifier',
  'enum_specifier', 'macro_type_specifier']);

/** `type` is passed in: the parent already asked for it, and each `typeId` is a WASM round trip. */
function copy(n: Node, type: string, fieldName: string | null, nm: CopyContext, broken: boolean, text: string): LNode {
  const start = n.startIndex;
  if (WORD.has(type)) {
    // A word's end is where its characters end: one WASM call saved on a third of all nodes.
    WORD_RE.lastIndex = start;
    const m = WORD_RE.exec(text);
    if (m) return lnode(type, start, start + m[0].length, fieldName, NONE, broken, undefined);
  }
  const end = n.endIndex;
  if (OPAQUE.has(type)) return lnode(type, start, end, fieldName, NONE, broken, undefined);
  if (nm.readText && TEXT_READABLE.has(type)) {
    const read = readSubtree(type, start, end, fieldName, nm.parsed, broken);
    if (read) return read;
  }
  if (type === 'pointer_declarator') {
    // `*name`, the most common inner node of a C function (every `PyObject *x`): its one child is read
    // from the text, which saves a `namedChildren` call and the child's `typeId`.
    POINTER_NAME_RE.lastIndex = start;
    const m = POINTER_NAME_RE.exec(text);
    if (m && start + m[0].length === end) {
      const at = end - m[1]!.length;
      return lnode(type, start, end, fieldName, [lnode('identifier', at, end, 'declarator', NONE, broken, undefined)], broken, undefined);
    }
  }
  const kids = n.namedChildren;
  const children: LNode[] = [];
  const positional = POSITIONAL.get(type);
  const byName = BY_NAME.get(type);
  // Fields by name: one tree-sitter call per field, keyed by the child's start.
  let named: Map<number, string> | undefined;
  if (!positional && byName) {
    named = new Map();
    for (const f of byName) for (const c of n.childrenForFieldName(f)) if (c) named.set(c.startIndex, f);
  }
  const isCase = type === 'case_statement' && text.startsWith('case', start);
  const declarationLike = DECLARATION_LIKE.has(type);
  let seenType = false;
  let i = 0;
  for (const k of kids) {
    if (!k) continue;
    const kt = typeName(k, nm);
    if (kt === 'comment') continue;
    let f: string | null = null;
    if (positional) f = positional[i] ?? null;
    else if (named) f = named.get(k.startIndex) ?? null;
    else if (type === 'pointer_declarator') f = i === kids.length - 1 ? 'declarator' : null;
    else if (isCase && i === 0) f = 'value';
    else if (declarationLike) {
      if (!seenType && TYPE_SPECIFIER.has(kt)) {
        f = 'type';
        seenType = true;
      } else if (seenType) {
        f = kt === 'compound_statement' && type === 'function_definition' ? 'body' : 'declarator';
      }
    }
    children.push(copy(k, kt, f, nm, broken, text));
    i++;
  }
  const op = HAS_OPERATOR.has(type) ? operatorText(type, start, end, children, text) || undefined : undefined;
  return lnode(type, start, end, fieldName, children.length ? children : NONE, broken, op);
}

function typeName(n: Node, nm: { language: Language; types: Map<number, string> }): string {
  const id = n.typeId;
  let type = nm.types.get(id);
  if (type === undefined) nm.types.set(id, (type = nm.language.nodeTypeForId(id) ?? n.type));
  return type;
}

/** The operator of an expression, read from the text around its operands. */
function operatorText(type: string, start: number, end: number, children: readonly LNode[], text: string): string | undefined {
  switch (type) {
    case 'binary_expression': case 'assignment_expression': {
      const [l, r] = children;
      return l && r ? stripComments(text.slice(l.end, r.start)) : undefined;
    }
    case 'unary_expression': case 'pointer_expression': {
      const a = children[0];
      return a ? stripComments(text.slice(start, a.start)) : undefined;
    }
    case 'update_expression': {
      const a = children[0];
      if (!a) return undefined;
      return a.start > start ? stripComments(text.slice(start, a.start)) : stripComments(text.slice(a.end, end));
    }
    default:
      return undefined;
  }
}

function stripComments(s: string): string {
  if (!s.includes('/')) return s.trim();
  return s.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '').trim();
}

export function field(n: LNode, name: string): LNode | undefined {
  for (const c of n.children) if (c.field === name) return c;
  return undefined;
}

export function namedChildren(n: LNode): readonly LNode[] {
  return n.children;
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

/** The operator of a binary, unary, update, pointer or assignment expression. */
export function operator(n: LNode): string | undefined {
  return n.op;
}
