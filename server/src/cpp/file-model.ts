// What the C++ analyses need to know about one file, read once from the
// tree-sitter-cpp tree: its functions (definitions and declarations, with
// language linkage and exception specification) and its classes (bases,
// members, access, virtual functions). Syntactic: no headers are read here; the
// names an included header declares with C linkage come from the caller.
import type { Node, Tree } from 'web-tree-sitter';
import {
  allChildren, arityOf, DescendantIndex, declaratorIndirection, declaredNoexcept, functionDeclaratorOf, nameOfDeclarator, namedChildren, plainType,
  type Arity, type FunctionName, type TypedNode,
} from './syntax.ts';

export type Access = 'public' | 'protected' | 'private';

export interface CppFunction {
  readonly name: FunctionName;
  /** The class whose member this is (from `Foo::` or the enclosing class body). */
  readonly owner: string | undefined;
  /** function_definition, or the declaration for a function without a body in this file. */
  readonly node: Node;
  readonly declarator: Node;
  /** compound_statement, or try_statement for a function-try-block; undefined for declarations. */
  readonly body: Node | undefined;
  /** `noexcept`/`throw()` here or on an earlier declaration, or a destructor without `noexcept(false)`. */
  readonly noexcept: boolean;
  /** `noexcept` written by the user, not implied (destructors). */
  readonly writtenNoexcept: boolean;
  readonly cLinkage: boolean;
  readonly isDestructor: boolean;
  readonly isConstructor: boolean;
  /** How many arguments it takes (undefined when its parameter list cannot be read), for overloads. */
  readonly arity: Arity | undefined;
}

export interface CppMember {
  readonly name: string;
  readonly access: Access;
  readonly kind: 'data' | 'method' | 'constructor' | 'destructor';
  readonly isStatic: boolean;
  readonly isVirtual: boolean;
  readonly isReference: boolean;
  /** Type text as written (plain, no qualifiers) for data members; the return type for methods. */
  readonly type: string;
  readonly node: Node;
  /** The function declarator of a method, constructor or destructor. */
  readonly declarator?: Node;
}

export interface CppBase {
  readonly name: string;
  readonly isVirtual: boolean;
  readonly access: Access;
}

export interface CppClass {
  readonly name: string;
  readonly key: 'class' | 'struct' | 'union';
  readonly node: Node;
  readonly nameNode: Node;
  readonly bases: readonly CppBase[];
  readonly members: readonly CppMember[];
}

export interface CppFileModel {
  readonly text: string;
  readonly root: Node;
  /** Definitions first, in file order; then functions only declared here. */
  readonly functions: readonly CppFunction[];
  readonly classes: ReadonlyMap<string, CppClass>;
  /** Names declared with C language linkage anywhere in the file. */
  readonly cLinkageNames: ReadonlySet<string>;
  /** Declarations with C linkage (`extern "C" void f(int);`), for their parameter types. */
  readonly cDeclarations: readonly CppFunction[];
  /** The nodes the C++ analyses read outside function bodies, found once per tree (see DescendantIndex and bodyNodes). */
  readonly nodes: DescendantIndex;
  /** `declaration` nodes at file or namespace scope (not in a function, class or lambda), for global variables. */
  readonly globalDeclarations: readonly Node[];
}

const CLASS_NODES = new Set(['class_specifier', 'struct_specifier', 'union_specifier']);

/** The language linkage a node sits in: the nearest `extern "..."`, stopping at a class body (members have C++ linkage). */
export function linkageOf(n: Node): 'C' | 'C++' {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === 'linkage_specification') return p.childForFieldName('value')?.text === '"C"' ? 'C' : 'C++';
    if (CLASS_NODES.has(p.type) || p.type === 'lambda_expression' || p.type === 'template_declaration') return 'C++';
  }
  return 'C++';
}

/** The class a member or its out-of-line definition belongs to. */
function ownerOf(n: Node, name: FunctionName): string | undefined {
  if (name.scope) {
    const parts = name.scope.split('::');
    return parts[parts.length - 1]!.replace(/<.*$/s, '').trim();
  }
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === 'field_declaration_list') {
      const cls = p.parent;
      return cls ? cls.childForFieldName('name')?.text.replace(/<.*$/s, '') : undefined;
    }
    if (p.type === 'compound_statement' || p.type === 'translation_unit') return undefined;
  }
  return undefined;
}

function hasToken(n: Node, token: string): boolean {
  return allChildren(n).some((c) => c.type === token);
}

function isVirtualDecl(n: Node, fd: Node | undefined): boolean {
  if (hasToken(n, 'virtual') || namedChildren(n).some((c) => c.type === 'virtual')) return true;
  return fd ? namedChildren(fd).some((c) => c.type === 'virtual_specifier') : false;
}

function readClass(node: Node, text: string): CppClass | undefined {
  const nameNode = node.childForFieldName('name');
  const body = node.childForFieldName('body');
  if (!nameNode || !body) return undefined;
  const key = node.type === 'class_specifier' ? 'class' : node.type === 'union_specifier' ? 'union' : 'struct';
  const bases: CppBase[] = [];
  const clause = namedChildren(node).find((c) => c.type === 'base_class_clause');
  if (clause) {
    let isVirtual = false;
    let access: Access = key === 'class' ? 'private' : 'public';
    for (const c of allChildren(clause)) {
      if (c.type === ',') { isVirtual = false; access = key === 'class' ? 'private' : 'public'; continue; }
      if (c.type === 'virtual') isVirtual = true;
      else if (c.type === 'access_specifier') access = c.text.trim() as Access;
      else if (c.isNamed && /identifier|template_type/.test(c.type)) bases.push({ name: plainType(c.text), isVirtual, access });
    }
  }
  const members: CppMember[] = [];
  const className = nameNode.text.replace(/<.*$/s, '');
  let access: Access = key === 'class' ? 'private' : 'public';
  for (const m of namedChildren(body)) {
    if (m.type === 'access_specifier') { access = m.text.trim() as Access; continue; }
    if (m.type !== 'field_declaration' && m.type !== 'declaration' && m.type !== 'function_definition') continue;
    const isStatic = namedChildren(m).some((c) => c.type === 'storage_class_specifier' && c.text === 'static');
    const typeText = plainType(m.childForFieldName('type')?.text ?? '');
    for (const d of m.childrenForFieldName('declarator').filter((x): x is Node => x !== null)) {
      const fd = functionDeclaratorOf(d);
      if (fd) {
        const name = nameOfDeclarator(fd);
        if (!name) continue;
        const kind = name.simple.startsWith('~') ? 'destructor' : name.simple === className ? 'constructor' : 'method';
        members.push({ name: name.simple, access, kind, isStatic, isVirtual: isVirtualDecl(m, fd), isReference: declaratorIndirection(d) === 'reference', type: typeText, node: m, declarator: fd });
      } else if (m.type === 'field_declaration') {
        const id = d.type === 'field_identifier' ? d : d.descendantsOfType('field_identifier')[0];
        if (!id) continue;
        members.push({ name: id.text, access, kind: 'data', isStatic, isVirtual: false, isReference: declaratorIndirection(d) === 'reference', type: typeText, node: m });
      }
    }
    // A member of anonymous struct/union type without declarator still holds data.
    if (m.type === 'field_declaration' && m.childrenForFieldName('declarator').length === 0 && m.childForFieldName('type')?.childForFieldName('body')) {
      members.push({ name: '', access, kind: 'data', isStatic: false, isVirtual: false, isReference: false, type: typeText, node: m });
    }
  }
  void text;
  return { name: className, key, node, nameNode, bases, members };
}

const models = new WeakMap<Tree, { key: string; model: CppFileModel }>();
const NO_NAMES: ReadonlySet<string> = new Set();

/**
 * The model of a C++ file; memoised per tree (a tree is one version of one file) and per set of
 * `headerCNames`: functions the file's included headers declare with C linkage (read by the caller).
 */
export function cppFileModel(tree: Tree, text: string, headerCNames: ReadonlySet<string> = NO_NAMES): CppFileModel {
  const key = `${text.length}\n${[...headerCNames].sort().join(',')}`;
  const cached = models.get(tree);
  if (cached && cached.key === key && cached.model.text === text) return cached.model;
  const model = buildModel(tree.rootNode, text, headerCNames);
  models.set(tree, { key, model });
  return model;
}

const MODEL_NODES = new Set(['function_definition', 'declaration', 'field_declaration', 'preproc_def', 'compound_statement', ...CLASS_NODES]);

/** What function bodies are read for (throw-analysis.ts): statements and expressions that throw or call, and what ends a body. */
export const BODY_NODES: ReadonlySet<string> = new Set([
  'try_statement', 'throw_statement', 'new_expression', 'declaration', 'compound_literal_expression', 'binary_expression',
  'assignment_expression', 'subscript_expression', 'call_expression', 'parameter_declaration', 'init_declarator',
  'lambda_expression', 'function_definition', ...CLASS_NODES,
]);

/**
 * The node types the file-wide index holds: what the model and the fix facts look for outside bodies.
 * Bodies are read per function (`bodyNodes`), so a body whose facts are cached costs nothing.
 */
const INDEXED_NODES = [...new Set([...MODEL_NODES, 'enum_specifier', 'type_definition'])];
export const BODY_NODE_LIST: readonly string[] = [...BODY_NODES];

/** The descendants of `n` (not `n`) of the BODY_NODES types, in pre-order: one call into tree-sitter. */
export function bodyNodes(n: Node): TypedNode[] {
  const out: TypedNode[] = [];
  for (const d of n.descendantsOfType(BODY_NODE_LIST as string[])) if (d && d.id !== n.id) out.push({ node: d, type: d.type });
  return out;
}

/** Whether a node sits under an expression (a lambda, an initialiser), or in a class body. */
function scopeOf(n: Node): { inExpression: boolean; inClass: boolean } {
  let inClass = false;
  for (let p = n.parent; p && p.type !== 'translation_unit'; p = p.parent) {
    const t = p.type;
    if (t.endsWith('expression')) return { inExpression: true, inClass };
    if (CLASS_NODES.has(t)) inClass = true;
  }
  return { inExpression: false, inClass };
}

export function buildModel(root: Node, text: string, headerCNames: ReadonlySet<string> = NO_NAMES): CppFileModel {
  const definitions: Node[] = [];
  const declarations: { node: Node; declarator: Node }[] = [];
  const classes = new Map<string, CppClass>();
  // `#define MYLIB_NOEXCEPT noexcept`: the grammar cannot read `f() MYLIB_NOEXCEPT {`, so it is recovered below.
  const noexceptMacros = new Set<string>();
  const globalDeclarations: Node[] = [];
  // The walk this replaces stopped at function definitions, blocks and expressions: read the
  // pre-ordered candidates from tree-sitter in one call and drop those under such a node.
  let skipEnd = -1;
  const nodes = new DescendantIndex(root, INDEXED_NODES);
  for (const { node: n, type } of nodes.nodes) {
    if (!MODEL_NODES.has(type)) continue;
    if (n.startIndex < skipEnd) continue;
    if (type === 'compound_statement') { skipEnd = n.endIndex; continue; }
    const scope = scopeOf(n);
    if (scope.inExpression) continue;
    if (type === 'preproc_def' && /^\s*(noexcept(\s*\(\s*true\s*\))?|throw\s*\(\s*\))\s*$/.test(n.childForFieldName('value')?.text ?? '')) {
      const name = n.childForFieldName('name')?.text;
      if (name) noexceptMacros.add(name);
    }
    // Bodies are read by the analyses that need them; the model wants declarations only.
    if (type === 'function_definition') { definitions.push(n); skipEnd = n.endIndex; continue; }
    if (type === 'declaration' || type === 'field_declaration') {
      if (type === 'declaration' && !scope.inClass) globalDeclarations.push(n);
      for (const d of n.childrenForFieldName('declarator')) {
        const fd = functionDeclaratorOf(d);
        if (fd) declarations.push({ node: n, declarator: fd });
      }
    }
    if (CLASS_NODES.has(type)) {
      const c = readClass(n, text);
      if (c && !classes.has(c.name)) classes.set(c.name, c);
    }
  }

  const cLinkageNames = new Set<string>();
  const noexceptDeclared = new Set<string>();
  const declared: CppFunction[] = [];
  for (const { node, declarator } of declarations) {
    const name = nameOfDeclarator(declarator);
    if (!name) continue;
    const cLinkage = linkageOf(node) === 'C';
    const owner = ownerOf(node, name);
    const written = mayBeNoexcept(declarator) && declaredNoexcept(declarator) === true;
    const key = owner ? `${owner}::${name.simple}` : name.simple;
    if (cLinkage && !owner) cLinkageNames.add(name.simple);
    if (written) noexceptDeclared.add(key);
    declared.push(makeFunction(node, declarator, undefined, name, owner, cLinkage, written));
  }
  const functions: CppFunction[] = [];
  for (const def of definitions) {
    let fd = functionDeclaratorOf(def.childForFieldName('declarator'));
    let macroNoexcept = false;
    if (!fd) {
      // `int f(int x) SOME_MACRO { ... }` parses as an ERROR holding `f(int x)` and the macro as the declarator.
      const declarator = def.childForFieldName('declarator');
      const recovered = namedChildren(def).find((c) => c.type === 'ERROR')?.descendantsOfType('function_declarator')[0];
      if (!recovered || declarator?.type !== 'identifier') continue;
      fd = recovered;
      macroNoexcept = noexceptMacros.has(declarator.text);
    }
    const name = nameOfDeclarator(fd);
    if (!name) continue;
    const owner = ownerOf(def, name);
    const key = owner ? `${owner}::${name.simple}` : name.simple;
    const cLinkage = linkageOf(def) === 'C' || (!owner && !name.scope && (cLinkageNames.has(name.simple) || headerCNames.has(name.simple)));
    const written = (mayBeNoexcept(fd) && declaredNoexcept(fd) === true) || noexceptDeclared.has(key) || macroNoexcept;
    const body = def.childForFieldName('body') ?? undefined;
    functions.push(makeFunction(def, fd, body, name, owner, cLinkage, written));
  }
  const defined = new Set(functions.map((f) => `${f.owner ?? ''}::${f.name.simple}`));
  for (const d of declared) if (!defined.has(`${d.owner ?? ''}::${d.name.simple}`)) functions.push(d);
  return { text, root, functions, classes, cLinkageNames, cDeclarations: declared.filter((d) => d.cLinkage), nodes, globalDeclarations };
}

/** A cheap test on the declarator's text before reading its children (most functions say nothing). */
function mayBeNoexcept(fd: Node): boolean {
  const t = fd.text;
  return t.includes('noexcept') || t.includes('throw');
}

function makeFunction(node: Node, declarator: Node, body: Node | undefined, name: FunctionName, owner: string | undefined, cLinkage: boolean, writtenNoexcept: boolean): CppFunction {
  const isDestructor = name.simple.startsWith('~');
  const isConstructor = owner !== undefined && name.simple === owner;
  // A destructor is noexcept unless it says noexcept(false) (C++11 [except.spec]).
  const explicitFalse = isDestructor && namedChildren(declarator).some((c) => c.type === 'noexcept' && /false/.test(c.text));
  const noexcept = writtenNoexcept || (isDestructor && !explicitFalse);
  // The arity is read when an overload is chosen, not for every function of a large file.
  let arity: Arity | undefined | null = null;
  return {
    name, owner, node, declarator, body, noexcept, writtenNoexcept, cLinkage, isDestructor, isConstructor,
    get arity() {
      if (arity === null) arity = arityOf(declarator);
      return arity;
    },
  };
}
