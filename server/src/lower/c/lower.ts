// C front end: a tree-sitter C tree -> the declaration model (records, enums,
// typedefs, file-scope variables). Walks the file in order, as a compiler
// would, so #define constants, enum constants and #pragma pack take effect
// where they are written. Target facts (sizeof, int widths, predefined
// macros) come from the caller; this module knows no layout rules.
import type { Node, Tree } from 'web-tree-sitter';
import type { Decl, DeclId, DeclTable, EnumDecl, Field, RecordDecl, ScalarKind, Span, TypedefDecl, TypeRef } from '../../base/model.ts';
import { evaluate, isConstant, type CInt, type EvalEnv, type EvalResult, type NotConstant } from './const-eval.ts';
import { isUnsignedScalar, NAMED_SCALARS, scalarOfWords } from './scalar-names.ts';
import type { CSyntaxNote } from '../../syntax/c-normalize.ts';

/** What lowering needs to know about the target; supplied by the caller (ide/). */
export interface TargetFacts {
  readonly triple: string;
  scalarBits(kind: ScalarKind): number;
  sizeAlign(type: TypeRef, table: DeclTable): { size: number; align: number } | { unknown: string };
  offsetOf(type: TypeRef, member: string, table: DeclTable): number | { unknown: string };
  /** Object-like macros the compiler predefines for this target (`__x86_64__` -> `1`). */
  readonly predefined: ReadonlyMap<string, string>;
}

export interface CVariable {
  readonly name: string;
  readonly type: TypeRef;
  readonly nameSpan: Span;
}

export interface LowerProblem {
  readonly span: Span;
  readonly message: string;
}

export interface CFile {
  readonly table: DeclTable;
  readonly tags: ReadonlyMap<string, DeclId>;
  readonly typedefs: ReadonlyMap<string, DeclId>;
  readonly variables: readonly CVariable[];
  readonly problems: readonly LowerProblem[];
  /** True when some value depended on the target (sizeof, int widths, target macros): lower again per target. */
  readonly targetDependent: boolean;
}

/** Parses a macro body as a C expression; the caller owns the parser. */
export type ExpressionParser = (text: string) => Tree | null;

const MAX_RECORD_NESTING = 128;
const UNNAMED = '__ffi_lens_unnamed';
const TYPE_KEYWORDS = new Set(['char', 'short', 'int', 'long', 'signed', 'unsigned', 'float', 'double', '_Bool', 'bool', '__int128', 'void']);

class Table implements DeclTable {
  readonly decls: Decl[] = [];
  get(id: DeclId): Decl {
    const d = this.decls[id];
    if (!d) throw new Error(`no declaration ${id}`);
    return d;
  }
}

interface Macro {
  readonly body: string;
  readonly functionLike: boolean;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function span(n: Node): Span {
  return { start: n.startIndex, end: n.endIndex };
}

function unknownType(spelling: string, reason: string): TypeRef {
  return { kind: 'unknown', spelling, reason };
}

/** The lowering of one file for one target. */
class Lowering {
  readonly table = new Table();
  readonly tags = new Map<string, DeclId>();
  readonly typedefs = new Map<string, DeclId>();
  readonly variables: CVariable[] = [];
  readonly problems: LowerProblem[] = [];
  targetDependent = false;

  private readonly macros = new Map<string, Macro>();
  private readonly enumConstants = new Map<string, CInt>();
  private readonly packStack: Array<number | undefined> = [];
  private pack: number | undefined;
  private readonly evaluatingMacros = new Set<string>();
  private readonly parsedMacros = new Map<string, Tree | null>();
  private recordDepth = 0;
  private readonly scratchTrees: Tree[] = [];
  private readonly scratchOrigins = new Map<Tree, { scratchStart: number; fileStart: number }>();

  constructor(
    private readonly facts: TargetFacts,
    private readonly parseExpression: ExpressionParser,
    private readonly notes: ReadonlyMap<number, CSyntaxNote>,
  ) {}

  dispose(): void {
    for (const tree of this.parsedMacros.values()) tree?.delete();
    for (const tree of this.scratchTrees) tree.delete();
  }

  // ---- top level -------------------------------------------------------

  topLevel(root: Node): void {
    // An explicit stack, not recursion: preprocessor conditionals and error
    // recovery nodes can nest arbitrarily deep in hostile input.
    const stack: Node[] = [...root.children].filter((c): c is Node => c !== null).reverse();
    while (stack.length) {
      const node = stack.pop()!;
      const pushChildren = (nodes: readonly (Node | null)[]) => {
        for (let i = nodes.length - 1; i >= 0; i--) if (nodes[i]) stack.push(nodes[i]!);
      };
      switch (node.type) {
        case 'preproc_def':
          this.define(node, false);
          break;
        case 'preproc_function_def':
          this.define(node, true);
          break;
        case 'preproc_call':
          this.directive(node);
          break;
        case 'preproc_if':
        case 'preproc_ifdef':
        case 'preproc_elif':
        case 'preproc_elifdef':
          pushChildren(this.takenBranch(node));
          break;
        case 'preproc_else':
          pushChildren(node.children.filter((c) => c?.type !== '#else'));
          break;
        case 'ERROR':
        case 'linkage_specification':
        case 'declaration_list':
          pushChildren(node.children);
          break;
        case 'struct_specifier':
        case 'union_specifier':
        case 'enum_specifier':
          this.typeSpecifier(node);
          break;
        case 'type_definition':
          this.typedef(node);
          break;
        case 'declaration':
          this.declaration(node);
          break;
        default:
          break;
      }
    }
  }

  private define(node: Node, functionLike: boolean): void {
    const name = node.childForFieldName('name')?.text;
    if (!name) return;
    const body = node.childForFieldName('value')?.text ?? '';
    this.macros.set(name, { body, functionLike });
    const old = this.parsedMacros.get(name);
    if (old) old.delete();
    this.parsedMacros.delete(name);
  }

  private directive(node: Node): void {
    const directive = node.childForFieldName('directive')?.text;
    const arg = (node.childForFieldName('argument')?.text ?? '').trim();
    if (directive === '#undef') {
      this.macros.delete(arg);
      return;
    }
    if (directive !== '#pragma') return;
    const m = /^pack\s*\((.*)\)\s*$/s.exec(arg);
    if (!m) return;
    const parts = m[1]!.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
    const value = (s: string | undefined): number | undefined => (s && /^\d+$/.test(s) ? Number(s) : undefined);
    if (parts.length === 0) {
      this.pack = undefined;
    } else if (parts[0] === 'push') {
      this.packStack.push(this.pack);
      const n = value(parts[parts.length - 1]);
      if (n !== undefined) this.pack = n || undefined;
    } else if (parts[0] === 'pop') {
      this.pack = this.packStack.length ? this.packStack.pop() : undefined;
    } else {
      const n = value(parts[0]);
      if (n !== undefined) this.pack = n || undefined;
    }
  }

  /** The children of the branch of an #if chain the target's compiler would take. */
  private takenBranch(node: Node): readonly (Node | null)[] {
    let taken: boolean;
    if (node.type === 'preproc_ifdef' || node.type === 'preproc_elifdef') {
      const name = node.childForFieldName('name')?.text ?? '';
      const negated = /^#(el)?ifndef/.test(node.child(0)?.text ?? '');
      taken = this.isDefined(name) !== negated;
    } else {
      const cond = node.childForFieldName('condition');
      const r = cond ? evaluate(cond, this.preprocessorEnv()) : { notConstant: 'no condition' };
      if (!isConstant(r)) {
        this.problems.push({ span: span(cond ?? node), message: `#if condition not evaluated: ${r.notConstant}; its branch is skipped` });
        taken = false;
      } else {
        taken = r.value !== 0n;
      }
    }
    const alternative = node.childForFieldName('alternative');
    if (taken) {
      const body: (Node | null)[] = [];
      for (let i = 0; i < node.childCount; i++) {
        const c = node.child(i);
        const field = node.fieldNameForChild(i);
        if (!c || field === 'condition' || field === 'name' || field === 'alternative' || !c.isNamed) continue;
        body.push(c);
      }
      return body;
    }
    return alternative ? [alternative] : [];
  }

  private isDefined(name: string): boolean {
    if (this.macros.has(name)) return true;
    if (this.facts.predefined.has(name)) {
      this.targetDependent = true;
      return true;
    }
    return false;
  }

  // ---- declarations ----------------------------------------------------

  private typedef(node: Node): void {
    const typeNode = node.childForFieldName('type');
    if (!typeNode) return;
    const base = this.typeSpecifier(typeNode);
    const alignAs = this.attributes(node).alignAs;
    for (const d of node.childrenForFieldName('declarator')) {
      if (!d) continue;
      const declared = this.applyDeclarator(base, d);
      if (!declared.name || declared.type === 'function') continue;
      const id = this.table.decls.length;
      const decl: TypedefDecl = {
        decl: 'typedef', id, name: declared.name.text, type: declared.type,
        ...(alignAs !== undefined ? { alignAs } : {}),
        span: span(node), nameSpan: span(declared.name), line: declared.name.startPosition.row,
      };
      this.table.decls.push(decl);
      this.typedefs.set(decl.name, id);
      this.nameUntagged(base, decl.name);
    }
  }

  /** `typedef struct { ... } T;` names the untagged record T. */
  private nameUntagged(base: TypeRef, name: string): void {
    if (base.kind !== 'record' && base.kind !== 'enum') return;
    const d = this.table.decls[base.id] as Mutable<RecordDecl | EnumDecl> | undefined;
    if (d && d.name === undefined) {
      d.name = name;
      d.nameFromTypedef = true;
    }
  }

  private declaration(node: Node): void {
    const typeNode = node.childForFieldName('type');
    if (!typeNode) return;
    const base = this.typeSpecifier(typeNode);
    for (const d of node.childrenForFieldName('declarator')) {
      if (!d) continue;
      const target = d.type === 'init_declarator' ? d.childForFieldName('declarator') : d;
      if (!target) continue;
      const declared = this.applyDeclarator(base, target);
      if (!declared.name || declared.type === 'function') continue;
      this.variables.push({ name: declared.name.text, type: declared.type, nameSpan: span(declared.name) });
    }
  }

  /** Lowers a type specifier, defining any record or enum written in it. */
  private typeSpecifier(node: Node, anonymousMember = false): TypeRef {
    switch (node.type) {
      case 'primitive_type': {
        if (node.text === 'void') return { kind: 'void' };
        const scalar = NAMED_SCALARS.get(node.text);
        return scalar ? { kind: 'scalar', scalar, spelling: node.text } : unknownType(node.text, `\`${node.text}\` is a type FFI Lens does not model`);
      }
      case 'sized_type_specifier': {
        const words: string[] = [];
        for (const c of node.children) if (c && c.type !== 'comment') words.push(c.text);
        const scalar = scalarOfWords(words);
        const spelling = words.join(' ');
        return scalar ? { kind: 'scalar', scalar, spelling } : unknownType(spelling, `\`${spelling}\` is not a valid C type`);
      }
      case 'type_identifier': {
        const id = this.typedefs.get(node.text);
        if (id !== undefined) return { kind: 'typedef', id, name: node.text };
        const scalar = NAMED_SCALARS.get(node.text);
        if (scalar) return { kind: 'scalar', scalar, spelling: node.text };
        return unknownType(node.text, `\`${node.text}\` is not declared in this file (it comes from a header FFI Lens has not read)`);
      }
      case 'struct_specifier':
      case 'union_specifier':
        return this.record(node, anonymousMember);
      case 'enum_specifier':
        return this.enumSpecifier(node);
      case 'macro_type_specifier':
        return unknownType(node.text, `\`${node.text}\` is a macro FFI Lens cannot expand here`);
      default:
        return unknownType(node.text, `\`${node.text.slice(0, 40)}\` is a type FFI Lens does not model`);
    }
  }

  private record(node: Node, anonymousMember: boolean): TypeRef {
    const kind = node.type === 'union_specifier' ? 'union' : 'struct';
    const nameNode = node.childForFieldName('name');
    const body = node.childForFieldName('body');
    const tag = nameNode?.text;
    if (!body) {
      if (!tag) return unknownType(node.text, 'a record with neither tag nor body');
      const existing = this.tags.get(tag);
      if (existing !== undefined) return { kind: 'record', id: existing };
      return { kind: 'record', id: this.forwardRecord(kind, tag, node, nameNode!) };
    }
    if (this.recordDepth >= MAX_RECORD_NESTING) {
      this.problems.push({ span: span(node), message: `records nested more than ${MAX_RECORD_NESTING} deep are not modelled` });
      return unknownType(`${kind} ${tag ?? '(unnamed)'}`, `records nested more than ${MAX_RECORD_NESTING} deep are not modelled`);
    }
    // A tag declared before (forward declaration) is completed in place so earlier uses see the definition.
    let id = tag !== undefined ? this.tags.get(tag) : undefined;
    const existing = id !== undefined ? (this.table.decls[id] as RecordDecl) : undefined;
    if (id === undefined || (existing && existing.fields !== null)) {
      id = this.table.decls.length;
      this.table.decls.push(this.placeholder(kind, tag, node, nameNode));
    }
    if (tag !== undefined) this.tags.set(tag, id);
    const attrs = this.attributes(node);
    this.recordDepth++;
    let fields: Field[];
    try {
      fields = this.fields(body);
    } finally {
      this.recordDepth--;
    }
    const prior = this.table.decls[id] as RecordDecl;
    const decl: RecordDecl = {
      decl: 'record', id, kind, name: prior.name ?? tag, nameFromTypedef: prior.nameFromTypedef, fields,
      packed: attrs.packed,
      ...(attrs.alignAs !== undefined ? { alignAs: attrs.alignAs } : {}),
      ...(this.pack !== undefined ? { maxFieldAlign: this.pack } : {}),
      anonymousMember,
      span: span(node), ...(nameNode ? { nameSpan: span(nameNode) } : {}), line: (nameNode ?? node).startPosition.row,
    };
    this.table.decls[id] = decl;
    return { kind: 'record', id };
  }

  private placeholder(kind: 'struct' | 'union', tag: string | undefined, node: Node, nameNode: Node | null): RecordDecl {
    return {
      decl: 'record', id: this.table.decls.length, kind, ...(tag !== undefined ? { name: tag } : {}), nameFromTypedef: false,
      fields: null, packed: false, anonymousMember: false, span: span(node),
      ...(nameNode ? { nameSpan: span(nameNode) } : {}), line: (nameNode ?? node).startPosition.row,
    };
  }

  private forwardRecord(kind: 'struct' | 'union', tag: string, node: Node, nameNode: Node): DeclId {
    const id = this.table.decls.length;
    this.table.decls.push(this.placeholder(kind, tag, node, nameNode));
    this.tags.set(tag, id);
    return id;
  }

  private fields(body: Node): Field[] {
    const fields: Field[] = [];
    for (const member of body.namedChildren) {
      if (!member) continue;
      if (member.type === 'preproc_if' || member.type === 'preproc_ifdef') {
        // Conditional members: take the branch the target's compiler takes.
        const fake = this.takenBranch(member);
        for (const f of fake) if (f && f.type === 'field_declaration') fields.push(...this.fieldDeclaration(f));
        continue;
      }
      if (member.type === 'preproc_call') this.directive(member);
      if (member.type === 'preproc_def') this.define(member, false);
      if (member.type !== 'field_declaration') continue;
      fields.push(...this.fieldDeclaration(member));
    }
    return fields;
  }

  private fieldDeclaration(original: Node): Field[] {
    const rewritten = this.unnamedBitfieldRewrite(original);
    const member = rewritten ?? original;
    const fields: Field[] = [];
    // One pass over the children with their field names: every node API call crosses into wasm.
    const kids = childrenWithFields(member);
    const typeNode = kids.find((k) => k.field === 'type')?.node;
    if (!typeNode) return fields;
    const hasDeclarator = kids.some((k) => k.field === 'declarator');
    const isAnonymousRecord =
      !hasDeclarator && (typeNode.type === 'struct_specifier' || typeNode.type === 'union_specifier') &&
      !typeNode.childForFieldName('name') && !!typeNode.childForFieldName('body');
    let base = this.typeSpecifier(typeNode, isAnonymousRecord);
    const attrs = this.attributes(member, kids.map((k) => k.node));
    const enumBitfield = this.notes.get(original.startIndex)?.unnamedEnumBitfield;
    if (enumBitfield !== undefined) {
      // `enum E : 4;` was prepared as `int  E : 4;`: an unnamed bit-field of type enum E.
      const id = this.tags.get(enumBitfield);
      base = id !== undefined ? { kind: 'enum', id } : unknownType(`enum ${enumBitfield}`, `\`enum ${enumBitfield}\` is not declared in this file`);
    }
    // tree-sitter-c reads `short name __attribute__(...)` as the type `short name` with no declarator.
    const misreadName = !hasDeclarator && typeNode.type === 'sized_type_specifier' ? typeNode.childForFieldName('type') : null;
    let current: Mutable<Field> | undefined;
    if (misreadName?.type === 'type_identifier' && !this.typedefs.has(misreadName.text) && !NAMED_SCALARS.has(misreadName.text)) {
      const words = typeNode.children.filter((c): c is Node => c !== null && c.startIndex !== misreadName.startIndex && c.type !== 'comment').map((c) => c.text);
      const scalar = scalarOfWords(words);
      base = scalar ? { kind: 'scalar', scalar, spelling: words.join(' ') } : unknownType(words.join(' '), `\`${words.join(' ')}\` is not a valid C type`);
      current = { name: misreadName.text, nameSpan: span(misreadName), type: base, packed: attrs.packed, ...(attrs.alignAs !== undefined ? { alignAs: attrs.alignAs } : {}), span: span(original) };
      fields.push(current);
    }
    if (isAnonymousRecord) {
      fields.push({ type: base, packed: attrs.packed, ...(attrs.alignAs !== undefined ? { alignAs: attrs.alignAs } : {}), span: span(member) });
      return fields;
    }
    // Declarators and their bit-field clauses alternate: `unsigned a:3, :0, b:5;`.
    for (const { node: c, field: fieldName } of kids) {
      if (fieldName === 'declarator') {
        let declared = this.applyDeclarator(base, c);
        // `unsigned __int128 : 3;` reads as a member named __int128 of type `unsigned`.
        if (c.type === 'field_identifier' && /^__int128$/.test(c.text) && typeNode.type === 'sized_type_specifier' && !typeNode.childForFieldName('type')) {
          const words = [...typeNode.children.filter((x): x is Node => x !== null).map((x) => x.text), '__int128'];
          const scalar = scalarOfWords(words);
          declared = { name: undefined, type: scalar ? { kind: 'scalar', scalar, spelling: words.join(' ') } : unknownType(words.join(' '), 'not a valid C type') };
        }
        const named = enumBitfield === undefined && declared.name && !declared.name.isMissing && declared.name.text !== '' && declared.name.text !== UNNAMED ? declared.name : undefined;
        if (declared.type === 'function') {
          this.problems.push({ span: span(c), message: 'a member cannot have function type' });
          current = undefined;
          continue;
        }
        current = {
          ...(named ? { name: named.text, nameSpan: span(named) } : {}),
          type: declared.type, packed: attrs.packed,
          ...(attrs.alignAs !== undefined ? { alignAs: attrs.alignAs } : {}),
          span: span(original),
        };
        fields.push(current);
      } else if (c.type === 'bitfield_clause') {
        const expr = c.namedChildren.find((n) => n !== null && n.type !== 'comment');
        const width = expr ? this.constant(expr) : { notConstant: 'missing width' };
        if (!current) {
          // `int : 3;` with no declarator at all.
          current = { type: base, packed: attrs.packed, span: span(member) };
          fields.push(current);
        }
        if (isConstant(width)) {
          if (width.value < 0n || width.value > 128n) {
            this.problems.push({ span: span(c), message: `bit-field width ${width.value} is out of range` });
            current.type = unknownType(typeNode.text, `bit-field width ${width.value} is out of range`);
          } else {
            current.bitWidth = Number(width.value);
          }
        } else {
          current.type = unknownType(typeNode.text, `bit-field width: ${width.notConstant}`);
        }
      }
    }
    return fields;
  }

  /**
   * tree-sitter-c misreads an unnamed bit-field whose width is not a plain number
   * (`int32_t : K16;`, `enum E : 1;` reads as C23 `enum E : type`). Such a member is
   * re-parsed with a placeholder name, which is dropped again when lowering it.
   */
  private unnamedBitfieldRewrite(member: Node): Node | undefined {
    const text = member.text;
    if (!text.includes(':')) return undefined;
    const m = /^([^:;{}]*?[\w)\s])\s*:(?!:)([^;{}]+);\s*$/ds.exec(text);
    if (!m || m[1]!.includes(',')) return undefined;
    const words = m[1]!.trim().split(/\s+/);
    const last = words[words.length - 1]!;
    const beforeLast = words[words.length - 2];
    // Unnamed when the text before the colon ends in a type, not in a member name.
    const endsInType = TYPE_KEYWORDS.has(last) || NAMED_SCALARS.has(last) || this.typedefs.has(last) ||
      beforeLast === 'enum' || beforeLast === 'struct' || beforeLast === 'union';
    if (!endsInType) return undefined;
    // A literal width is read correctly already.
    if (!member.hasError && /^\s*\d+\s*$/.test(m[2]!)) return undefined;
    const head = `struct __ffi_lens_tmp { ${m[1]} ${UNNAMED} : `;
    const tree = this.parseExpression(`${head}${m[2]}; };`);
    if (!tree) return undefined;
    this.scratchTrees.push(tree);
    // Notes are keyed by offsets in the file; the width's nodes map back to where it is written.
    this.scratchOrigins.set(tree, { scratchStart: head.length, fileStart: member.startIndex + m.indices![2]![0] });
    const fixed = tree.rootNode.descendantsOfType('field_declaration')[0];
    return fixed && !fixed.hasError ? fixed : undefined;
  }

  private enumSpecifier(node: Node): TypeRef {
    const nameNode = node.childForFieldName('name');
    const tag = nameNode?.text;
    const body = node.childForFieldName('body');
    const underlying = node.childForFieldName('underlying_type');
    const fixedText = this.notes.get(node.startIndex)?.fixedType;
    const fixedType = underlying ? this.typeSpecifier(underlying) : fixedText !== undefined ? this.typeFromText(fixedText) : undefined;
    if (!body) {
      const existing = tag !== undefined ? this.tags.get(tag) : undefined;
      if (existing !== undefined) return { kind: 'enum', id: existing };
    }
    const attrs = this.attributes(node);
    const id = this.table.decls.length;
    let values: bigint[] | null = body ? [] : null;
    let next: CInt = { value: 0n, bits: this.facts.scalarBits('int'), unsigned: false };
    for (const e of body?.namedChildren ?? []) {
      if (!e || e.type !== 'enumerator' || !values) continue;
      const name = e.childForFieldName('name')?.text;
      const valueNode = e.childForFieldName('value');
      let value: EvalResult = next;
      if (valueNode) value = this.constant(valueNode);
      if (!isConstant(value)) {
        this.problems.push({ span: span(valueNode ?? e), message: `enumerator value not evaluated: ${value.notConstant}` });
        values = null;
        continue;
      }
      values.push(value.value);
      // Enumerators are ints when they fit, else they take a wider type, as GCC and clang do.
      const asConstant: CInt = { value: value.value, bits: 64, unsigned: value.value > (1n << 63n) - 1n };
      if (name) this.enumConstants.set(name, asConstant);
      next = { value: value.value + 1n, bits: 64, unsigned: value.unsigned };
    }
    const decl: EnumDecl = {
      decl: 'enum', id, ...(tag !== undefined ? { name: tag } : {}), nameFromTypedef: false, values,
      ...(fixedType ? { fixedType } : {}),
      packed: attrs.packed, ...(attrs.alignAs !== undefined ? { alignAs: attrs.alignAs } : {}),
      span: span(node), ...(nameNode ? { nameSpan: span(nameNode) } : {}), line: (nameNode ?? node).startPosition.row,
    };
    this.table.decls.push(decl);
    if (tag !== undefined && body) this.tags.set(tag, id);
    return { kind: 'enum', id };
  }

  // ---- declarators -----------------------------------------------------

  /** C declarators read inside out: `int (*fp[3])(void)` is an array of 3 pointers to functions. */
  private applyDeclarator(base: TypeRef | 'function', node: Node): { name: Node | undefined; type: TypeRef | 'function' } {
    let type = base;
    let cur: Node | null = node;
    for (let guard = 0; cur && guard < 10_000; guard++) {
      switch (cur.type) {
        case 'identifier':
        case 'field_identifier':
        case 'type_identifier':
          return { name: cur, type };
        case 'pointer_declarator':
        case 'abstract_pointer_declarator':
          type = { kind: 'pointer', pointee: type };
          cur = cur.childForFieldName('declarator');
          break;
        case 'array_declarator':
        case 'abstract_array_declarator': {
          type = this.arrayOf(type, cur);
          cur = cur.childForFieldName('declarator');
          break;
        }
        case 'function_declarator':
        case 'abstract_function_declarator':
          type = 'function';
          cur = cur.childForFieldName('declarator');
          break;
        case 'parenthesized_declarator':
        case 'abstract_parenthesized_declarator':
        case 'attributed_declarator':
          cur = cur.namedChildren.find((c) => c !== null && c.type.endsWith('declarator') || c?.type === 'identifier' || c?.type === 'field_identifier' || c?.type === 'type_identifier') ?? null;
          break;
        default:
          return { name: undefined, type };
      }
    }
    return { name: undefined, type };
  }

  private arrayOf(element: TypeRef | 'function', node: Node): TypeRef {
    if (element === 'function') return unknownType(node.text, 'an array of functions is not a C type');
    const sizeNode = node.childForFieldName('size');
    if (!sizeNode) return { kind: 'array', element, length: null };
    const n = this.constant(sizeNode);
    if (!isConstant(n)) return unknownType(node.text, `array size \`${sizeNode.text}\`: ${n.notConstant}`);
    if (!n.unsigned && n.value < 0n) return unknownType(node.text, `array size \`${sizeNode.text}\` is negative (${n.value})`);
    return { kind: 'array', element, length: n.value };
  }

  // ---- attributes ------------------------------------------------------

  /** GCC attributes and C11/C23 alignment specifiers written directly on `node`. */
  private attributes(node: Node, direct?: readonly (Node | null)[]): { packed: boolean; alignAs?: number } {
    let packed = false;
    let alignAs: number | undefined;
    const raise = (n: number) => { alignAs = Math.max(alignAs ?? 0, n); };
    // tree-sitter-c wraps all but the last of several attribute groups in ERROR nodes.
    const children = (direct ?? node.children).flatMap((c) => (c?.type === 'ERROR' ? c.children : [c]));
    for (const c of children) {
      if (!c) continue;
      if (c.type === 'attribute_specifier') {
        const list = c.namedChildren.find((n) => n?.type === 'argument_list');
        for (const a of list?.namedChildren ?? []) {
          if (!a) continue;
          const name = (a.type === 'call_expression' ? a.childForFieldName('function')?.text : a.text) ?? '';
          const bare = name.replace(/^__(.*)__$/, '$1');
          if (bare === 'packed') packed = true;
          if (bare === 'aligned' && a.type === 'call_expression') {
            const arg = a.childForFieldName('arguments')?.namedChildren.find((x) => x !== null);
            const v = arg ? this.constant(arg) : undefined;
            if (v && isConstant(v)) raise(Number(v.value));
            else this.problems.push({ span: span(a), message: `alignment not evaluated: ${v && !isConstant(v) ? v.notConstant : 'missing'}` });
          } else if (bare === 'aligned') {
            this.problems.push({ span: span(a), message: '`aligned` without a value (the target\'s largest alignment) is not modelled' });
          }
        }
      } else if (c.type === 'type_qualifier') {
        const alignas = c.namedChildren.find((n) => n?.type === 'alignas_qualifier');
        if (alignas) {
          const arg = alignas.namedChildren.find((n) => n !== null);
          if (!arg) continue;
          const v = arg.type === 'type_descriptor' ? this.sizeofType(arg, 'align') : this.constant(arg);
          if (isConstant(v)) { if (v.value > 0n) raise(Number(v.value)); }
          else this.problems.push({ span: span(alignas), message: `alignment not evaluated: ${v.notConstant}` });
        }
      }
    }
    // Attribute groups the text preparation moved out of the way (enum/union before the tag).
    // (A member declaration can start at the same offset as its type: only specifiers take them.)
    const moved = node.type.endsWith('_specifier') ? this.notes.get(node.startIndex)?.attributes ?? [] : [];
    for (const text of moved) {
      if (/\b(__)?packed(__)?\b/.test(text)) packed = true;
      const m = /\b(?:__)?aligned(?:__)?\s*\((.*)\)\s*\)\)\s*$/s.exec(text);
      if (m) {
        const v = this.evaluateText(m[1]!);
        if (isConstant(v)) raise(Number(v.value));
        else this.problems.push({ span: span(node), message: `alignment not evaluated: ${v.notConstant}` });
      }
    }
    return alignAs !== undefined ? { packed, alignAs } : { packed };
  }

  /** A type written as text (`unsigned char`, `uint8_t`, a typedef name). */
  private typeFromText(text: string): TypeRef {
    const words = text.trim().split(/\s+/);
    if (words.length === 1) {
      const id = this.typedefs.get(words[0]!);
      if (id !== undefined) return { kind: 'typedef', id, name: words[0]! };
    }
    const scalar = words.length === 1 ? NAMED_SCALARS.get(words[0]!) ?? scalarOfWords(words) : scalarOfWords(words);
    return scalar ? { kind: 'scalar', scalar, spelling: text.trim() } : unknownType(text, `\`${text}\` is not a type FFI Lens knows here`);
  }

  /** Evaluates an expression written as text (a macro body, an attribute argument moved out of the tree). */
  private evaluateText(text: string, inPreprocessor = false): EvalResult {
    const tree = this.parseExpression(`int __ffi_lens_macro = (${text}\n);`);
    if (!tree) return { notConstant: `\`${text}\` could not be parsed` };
    this.scratchTrees.push(tree);
    const value = macroValueNode(tree);
    if (!value) return { notConstant: `\`${text}\` is not an expression` };
    return evaluate(value, this.env(inPreprocessor));
  }

  // ---- constants -------------------------------------------------------

  private constant(node: Node): EvalResult {
    return evaluate(node, this.env());
  }

  private env(inPreprocessor = false): EvalEnv {
    const facts = this.facts;
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the getter below needs the lowering, not the env object
    const self = this;
    return {
      intBits: facts.scalarBits('int'),
      get longBits(): number { return self.targetBits('long'); },
      llongBits: facts.scalarBits('llong'),
      identifier: (name) => this.identifierValue(name, inPreprocessor),
      ...(inPreprocessor ? { preprocessor: { defined: (name: string) => this.isDefined(name) } } : {}),
      sizeofType: (typeNode, what) => this.sizeofType(typeNode, what),
      sizeofExpression: (expr, what) => this.sizeofExpression(expr, what),
      offsetOf: (typeNode, member, node) => {
        this.targetDependent = true;
        const type = this.typeDescriptor(typeNode);
        const origin = this.scratchOrigins.get(node.tree);
        const at = origin ? node.startIndex - origin.scratchStart + origin.fileStart : node.startIndex;
        const path = this.notes.get(at)?.offsetofPath ?? member;
        const r = facts.offsetOf(type, path, this.table);
        return typeof r === 'number' ? this.sizeT(BigInt(r)) : { notConstant: r.unknown };
      },
      castType: (typeNode) => {
        const t = this.resolve(this.typeDescriptor(typeNode));
        if (t.kind !== 'scalar') return { notConstant: `cast to \`${typeNode.text}\` is not an integer cast` };
        this.targetDependent = true;
        return { bits: facts.scalarBits(t.scalar), unsigned: isUnsignedScalar(t.scalar) };
      },
    };
  }

  private preprocessorEnv(): EvalEnv {
    return this.env(true);
  }

  private targetBits(kind: ScalarKind): number {
    this.targetDependent = true;
    return this.facts.scalarBits(kind);
  }

  private sizeT(value: bigint): CInt {
    return { value, bits: this.targetBits('size'), unsigned: true };
  }

  private identifierValue(name: string, inPreprocessor: boolean): EvalResult | undefined {
    const e = inPreprocessor ? undefined : this.enumConstants.get(name);
    if (e) return e;
    let macro = this.macros.get(name);
    if (!macro) {
      const predefined = this.facts.predefined.get(name);
      if (predefined === undefined) return undefined;
      this.targetDependent = true;
      macro = { body: predefined, functionLike: false };
    }
    if (macro.functionLike) return { notConstant: `\`${name}\` is a function-like macro` };
    if (this.evaluatingMacros.has(name)) return { notConstant: `macro \`${name}\` refers to itself` };
    if (macro.body.trim() === '') return { notConstant: `macro \`${name}\` is empty` };
    let tree = this.parsedMacros.get(name);
    if (tree === undefined) {
      tree = this.parseExpression(`int __ffi_lens_macro = (${macro.body}\n);`);
      this.parsedMacros.set(name, tree);
    }
    const value = tree ? macroValueNode(tree) : undefined;
    if (!value) return { notConstant: `macro \`${name}\` is not an expression` };
    this.evaluatingMacros.add(name);
    try {
      const r = evaluate(value, inPreprocessor ? this.preprocessorEnv() : this.env());
      return isConstant(r) ? r : { notConstant: `macro \`${name}\`: ${r.notConstant}` };
    } finally {
      this.evaluatingMacros.delete(name);
    }
  }

  private typeDescriptor(node: Node): TypeRef {
    const typeNode = node.childForFieldName('type');
    if (!typeNode) return unknownType(node.text, 'no type');
    const base = this.typeSpecifier(typeNode);
    const declarator = node.childForFieldName('declarator');
    if (!declarator) return base;
    const t = this.applyDeclarator(base, declarator).type;
    return t === 'function' ? unknownType(node.text, 'a function type has no size') : t;
  }

  private sizeofType(typeNode: Node, what: 'size' | 'align'): EvalResult {
    return this.sizeofTypeRef(this.typeDescriptor(typeNode), what);
  }

  private sizeofTypeRef(type: TypeRef, what: 'size' | 'align'): EvalResult {
    this.targetDependent = true;
    const r = this.facts.sizeAlign(type, this.table);
    if ('unknown' in r) return { notConstant: r.unknown } satisfies NotConstant;
    return this.sizeT(BigInt(what === 'size' ? r.size : r.align));
  }

  private sizeofExpression(expr: Node, what: 'size' | 'align'): EvalResult {
    let inner: Node | null = expr;
    while (inner && inner.type === 'parenthesized_expression') inner = inner.namedChildren.find((c) => c !== null) ?? null;
    if (inner?.type === 'identifier') {
      const typedef = this.typedefs.get(inner.text);
      if (typedef !== undefined) return this.sizeofTypeRef({ kind: 'typedef', id: typedef, name: inner.text }, what);
      const variable = [...this.variables].reverse().find((v) => v.name === inner!.text);
      if (variable) return this.sizeofTypeRef(variable.type, what);
      const scalar = NAMED_SCALARS.get(inner.text);
      if (scalar) return this.sizeofTypeRef({ kind: 'scalar', scalar, spelling: inner.text }, what);
    }
    return { notConstant: `sizeof of the expression \`${expr.text.slice(0, 40)}\` is not evaluated` };
  }

  private resolve(t: TypeRef): TypeRef {
    let cur = t;
    for (let i = 0; i < 1000 && cur.kind === 'typedef'; i++) cur = (this.table.get(cur.id) as TypedefDecl).type;
    return cur;
  }
}

/** A node's children with the grammar field each fills, read with one cursor walk. */
function childrenWithFields(node: Node): Array<{ node: Node; field: string | null }> {
  const out: Array<{ node: Node; field: string | null }> = [];
  const cursor = node.walk();
  try {
    if (cursor.gotoFirstChild()) {
      do out.push({ node: cursor.currentNode, field: cursor.currentFieldName });
      while (cursor.gotoNextSibling());
    }
  } finally {
    cursor.delete();
  }
  return out;
}

function macroValueNode(tree: Tree): Node | undefined {
  const decl = tree.rootNode.namedChildren.find((c) => c?.type === 'declaration');
  const init = decl?.childForFieldName('declarator');
  if (!init || init.type !== 'init_declarator' || tree.rootNode.hasError) return undefined;
  return init.childForFieldName('value') ?? undefined;
}

/** Lowers a parsed C file for one target. */
export function lowerC(tree: Tree, facts: TargetFacts, parseExpression: ExpressionParser, notes: ReadonlyMap<number, CSyntaxNote> = new Map()): CFile {
  const lowering = new Lowering(facts, parseExpression, notes);
  try {
    lowering.topLevel(tree.rootNode);
  } finally {
    lowering.dispose();
  }
  return {
    table: lowering.table,
    tags: lowering.tags,
    typedefs: lowering.typedefs,
    variables: lowering.variables,
    problems: lowering.problems,
    targetDependent: lowering.targetDependent,
  };
}
