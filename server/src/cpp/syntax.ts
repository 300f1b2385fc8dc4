// Small readers over tree-sitter-cpp trees shared by the C++ analyses: walking
// without recursion, finding a function's declarator and name, reading
// exception specifications and type spellings. No LSP, no layout.
import type { Node } from 'web-tree-sitter';

export interface Span {
  readonly start: number;
  readonly end: number;
}

export function spanOf(n: Node): Span {
  return { start: n.startIndex, end: n.endIndex };
}

export function namedChildren(n: Node): Node[] {
  return n.namedChildren.filter((c): c is Node => c !== null);
}

export function allChildren(n: Node): Node[] {
  return n.children.filter((c): c is Node => c !== null);
}

/**
 * Pre-order walk over the named descendants of `root` (not `root` itself), with an explicit
 * stack so hostile nesting cannot overflow the call stack. `visit` returns false to skip a subtree.
 */
export function walk(root: Node, visit: (n: Node) => boolean | void): void {
  const stack: Node[] = namedChildren(root).reverse();
  while (stack.length) {
    const n = stack.pop()!;
    if (visit(n) === false) continue;
    const kids = namedChildren(n);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
}

const DECLARATOR_WRAPPERS = new Set(['pointer_declarator', 'reference_declarator', 'parenthesized_declarator', 'attributed_declarator']);

/** The function_declarator under a definition's or declaration's declarator (through `*`, `&`, parentheses). */
export function functionDeclaratorOf(declarator: Node | null): Node | undefined {
  let n = declarator;
  for (let depth = 0; n && depth < 32; depth++) {
    if (n.type === 'function_declarator') {
      // `void (*f(int))(int)`: a function returning a function pointer keeps its own declarator inside.
      const inner = n.childForFieldName('declarator');
      if (inner && DECLARATOR_WRAPPERS.has(inner.type) && functionDeclaratorOf(inner)) return functionDeclaratorOf(inner);
      return n;
    }
    if (!DECLARATOR_WRAPPERS.has(n.type) && n.type !== 'init_declarator') return undefined;
    n = n.childForFieldName('declarator') ?? namedChildren(n).find((c) => c.type !== 'type_qualifier' && c.type !== 'attribute_declaration') ?? null;
  }
  return undefined;
}

/** Whether a declarator (of a parameter, return or variable) holds a pointer or a reference above any function declarator. */
export function declaratorIndirection(declarator: Node | null): 'pointer' | 'reference' | 'none' {
  let n = declarator;
  for (let depth = 0; n && depth < 32; depth++) {
    if (n.type === 'pointer_declarator' || n.type === 'abstract_pointer_declarator') return 'pointer';
    if (n.type === 'reference_declarator' || n.type === 'abstract_reference_declarator') return 'reference';
    if (n.type === 'function_declarator' || n.type === 'abstract_function_declarator') return 'none';
    n = n.childForFieldName('declarator') ?? namedChildren(n)[0] ?? null;
  }
  return 'none';
}

export interface FunctionName {
  /** The last component: `get` for `Foo::get`, `~Foo` for a destructor, `operator[]` for an operator. */
  readonly simple: string;
  /** The class or namespace written before the name (`Foo` in `Foo::get`), if any. */
  readonly scope: string | undefined;
  readonly node: Node;
}

export function nameOfDeclarator(fd: Node): FunctionName | undefined {
  let n = fd.childForFieldName('declarator');
  let scope: string | undefined;
  for (let depth = 0; n && depth < 16; depth++) {
    switch (n.type) {
      case 'identifier':
      case 'field_identifier':
      case 'destructor_name':
      case 'operator_name':
        return { simple: n.text.replace(/\s+/g, ''), scope, node: n };
      case 'qualified_identifier': {
        const s = n.childForFieldName('scope');
        if (s) scope = scope ? `${scope}::${s.text}` : s.text;
        n = n.childForFieldName('name');
        break;
      }
      case 'template_function':
        n = n.childForFieldName('name');
        break;
      default:
        return undefined;
    }
  }
  return undefined;
}

/**
 * The exception specification written on a function declarator: `noexcept`, `noexcept(true)`
 * and `throw()` promise no exception; `noexcept(false)` and nothing promise nothing.
 */
export function declaredNoexcept(fd: Node): boolean | undefined {
  for (const c of namedChildren(fd)) {
    if (c.type === 'noexcept') {
      const arg = namedChildren(c)[0];
      return !arg || arg.text.replace(/\s+/g, '') !== 'false';
    }
    if (c.type === 'throw_specifier') return namedChildren(c).length === 0;
  }
  return undefined;
}

/** The text of a type with qualifiers, class keys, references and spaces removed: `const std::string &` -> `std::string`. */
export function plainType(text: string): string {
  return text
    .replace(/\b(const|volatile|struct|class|union|enum|typename)\b/g, ' ')
    .replace(/&+/g, ' ')
    .replace(/\s+/g, '')
    .replace(/^::/, '');
}

/** The enclosing node of one of `types`, stopping (undefined) at any of `stopAt`. */
export function ancestor(n: Node, types: ReadonlySet<string>, stopAt: ReadonlySet<string> = new Set()): Node | undefined {
  for (let p = n.parent; p; p = p.parent) {
    if (types.has(p.type)) return p;
    if (stopAt.has(p.type)) return undefined;
  }
  return undefined;
}

export interface TypedNode {
  readonly node: Node;
  readonly type: string;
}

/**
 * The descendants of `root` of some types, in pre-order, each with its type, fetched from
 * tree-sitter in one call: reading a node's type costs a call into WebAssembly, and walking
 * a large tree node by node from JavaScript costs more than the analyses themselves.
 */
export class DescendantIndex {
  /** Every indexed descendant, in pre-order. */
  readonly nodes: readonly TypedNode[];

  constructor(root: Node, types: readonly string[]) {
    // One call: tree-sitter's own walk (in WebAssembly) in pre-order; a call per type would walk the tree again for each.
    const nodes: TypedNode[] = [];
    for (const n of root.descendantsOfType([...types])) if (n && n.id !== root.id) nodes.push({ node: n, type: n.type });
    this.nodes = nodes;
  }

  /** The indexed descendants of `n` (not `n` itself) of the given types, in pre-order. */
  within(n: Node, types?: ReadonlySet<string>): TypedNode[] {
    const start = n.startIndex;
    const end = n.endIndex;
    let lo = 0;
    let hi = this.nodes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.nodes[mid]!.node.startIndex < start) lo = mid + 1;
      else hi = mid;
    }
    const out: TypedNode[] = [];
    for (let i = lo; i < this.nodes.length; i++) {
      const d = this.nodes[i]!.node;
      if (d.startIndex >= end) break;
      if ((types && !types.has(this.nodes[i]!.type)) || d.endIndex > end || d.id === n.id) continue;
      out.push(this.nodes[i]!);
    }
    return out;
  }
}

/** How many arguments a function accepts: `max` is Infinity for `...` and parameter packs. */
export interface Arity {
  readonly min: number;
  readonly max: number;
}

/** The arity of a function declarator (default arguments lower `min`; `(void)` takes none); undefined without a parameter list. */
export function arityOf(fd: Node): Arity | undefined {
  const params = fd.childForFieldName('parameters');
  if (!params) return undefined;
  let min = 0;
  let max = 0;
  const kids = allChildren(params);
  for (const p of kids) {
    switch (p.type) {
      case 'parameter_declaration':
        // `f(void)`: no parameters (a lone unnamed `void`).
        if (kids.filter((k) => k.isNamed && k.type !== 'comment').length === 1 && p.text.replace(/\s+/g, '') === 'void') return { min: 0, max: 0 };
        min++;
        max++;
        break;
      case 'optional_parameter_declaration':
        max++;
        break;
      case 'variadic_parameter_declaration':
      case '...':
        max = Infinity;
        break;
    }
  }
  return { min, max };
}

/** How many arguments a call passes (undefined when its argument list is not a plain list). */
export function argumentCount(call: Node): number | undefined {
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return undefined;
  return namedChildren(args).filter((a) => a.type !== 'comment').length;
}

/**
 * Overload choice by argument count: the candidates whose arity admits `count`. When none does
 * (or the count is unknown) every candidate is kept, as when resolving by name alone: a call the
 * syntax misreads must not lose its callee.
 */
export function byArgumentCount<T extends { readonly arity: Arity | undefined }>(candidates: readonly T[], count: number | undefined): readonly T[] {
  if (count === undefined || candidates.length === 0) return candidates;
  const fits = candidates.filter((c) => !c.arity || (count >= c.arity.min && count <= c.arity.max));
  return fits.length ? fits : candidates;
}
