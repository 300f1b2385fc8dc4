// C++ front end: a tree-sitter-cpp tree -> the declaration model. Records
// (struct/class/union) with their base-specifier lists, virtual functions and
// special members (which decide POD-ness and trivial copyability), access
// specifiers, references, `[[no_unique_address]]` and `alignas`; static data
// members and member functions take no storage and are not fields. Enums
// (scoped, with fixed types), typedefs and `using` aliases are lowered so
// members can use them. Names are one flat scope (namespaces and nested classes
// are walked, their names not qualified): enough for layouts, where a clash
// would be rare. Constants go through lower/c's evaluator; C's scalar spellings
// are shared with lower/c. Deliberately simpler than lower/c (a plain tree walk):
// `#if`/`#ifdef` branches are chosen with the target's predefined macros and the
// file's `#define`s, `#pragma pack` and GNU packed/aligned are read, and a macro
// whose body is an integer literal can size an array; other macros are not
// expanded (what depends on them is unknown, with the reason).
import { applyPragmaPack } from '../c/pragma-pack.ts';
import { isBranchTaken } from '../c/preproc-branch.ts';
import type { Node, Tree } from 'web-tree-sitter';
import type {
  Access, BaseSpecifier, Decl, DeclId, DeclTable, EnumDecl, Field, RecordDecl, Span, TypedefDecl, TypeRef,
} from '../../base/model.ts';
import { evaluate, isConstant, parseIntegerLiteral, type CInt, type EvalEnv, type EvalResult } from '../c/const-eval.ts';
import { isUnsignedScalar, NAMED_SCALARS, scalarOfWords } from '../c/scalar-names.ts';
import type { CFile, CVariable, LowerProblem, LowerSeed, TargetFacts } from '../c/lower.ts';
import type { CSyntaxNote } from '../../syntax/c-normalize.ts';
import { appendAll } from '../../base/arrays.ts';
import { stringLiteralOf } from '../c/string-literal.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const MAX_DEPTH = 128;

class Table implements DeclTable {
  readonly decls: Decl[] = [];
  get(id: DeclId): Decl {
    const d = this.decls[id];
    if (!d) throw new Error(`no declaration ${id}`);
    return d;
  }
}

function span(n: Node): Span {
  return { start: n.startIndex, end: n.endIndex };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function unknownType(spelling: string, reason: string): TypeRef {
  return { kind: 'unknown', spelling, reason };
}

/** What a declarator says: the declared name, its type, and whether it is a reference or a function. */
interface Declared {
  readonly name?: Node;
  readonly type: TypeRef | 'function';
  readonly reference: boolean;
}

class CppLowering {
  readonly table = new Table();
  readonly tags = new Map<string, DeclId>();
  readonly typedefs = new Map<string, DeclId>();
  readonly variables: CVariable[] = [];
  readonly problems: LowerProblem[] = [];
  targetDependent = false;
  private readonly enumConstants = new Map<string, EvalResult>();
  /** The enumerators whose values are known (the shape `CFile.enumConstants` has for C). */
  knownEnumConstants(): ReadonlyMap<string, CInt> {
    const out = new Map<string, CInt>();
    for (const [name, v] of this.enumConstants) if (isConstant(v)) out.set(name, v);
    return out;
  }
  private depth = 0;
  /** `#pragma pack(N)` in force (bytes), and its push stack. */
  /** `#pragma pack` state (lower/c/pragma-pack.ts writes both). */
  pack: number | undefined;
  readonly packStack: (number | undefined)[] = [];
  /** Object-like macros `#define`d so far (name -> body text); `#undef` removes them. */
  private readonly defines = new Map<string, string>();

  constructor(
    private readonly facts: TargetFacts,
    /** What preparing the text for the parser moved out of it (syntax/c-normalize.ts), by keyword offset. */
    private readonly notes: ReadonlyMap<number, CSyntaxNote>,
  ) {}

  /** What the file's #includes declared, underneath the file (lower/c's `LowerSeed`, same ids). */
  seed(seed: LowerSeed): void {
    appendAll(this.table.decls, seed.decls);
    for (const [k, v] of seed.tags) this.tags.set(k, v);
    for (const [k, v] of seed.typedefs) this.typedefs.set(k, v);
    for (const [k, v] of seed.enumConstants) this.enumConstants.set(k, v);
    for (const [k, v] of seed.macros) this.defines.set(k, v);
  }

  items(node: Node): void {
    if (this.depth >= MAX_DEPTH) return;
    this.depth++;
    try {
      for (const child of node.namedChildren) {
        if (child) this.item(child);
      }
    } finally {
      this.depth--;
    }
  }

  private item(n: Node): void {
    switch (n.type) {
      case 'namespace_definition':
      case 'linkage_specification': {
        const body = n.childForFieldName('body');
        if (body) this.items(body);
        return;
      }
      case 'declaration_list':
      case 'ERROR':
        this.items(n);
        return;
      case 'preproc_if':
      case 'preproc_ifdef':
      case 'preproc_elif':
      case 'preproc_elifdef':
      case 'preproc_else':
        // The branch the target's compiler takes, decided with its predefined macros.
        for (const c of this.takenBranch(n)) this.item(c);
        return;
      case 'preproc_def': {
        const name = n.childForFieldName('name')?.text;
        if (name) this.defines.set(name, (n.childForFieldName('value')?.text ?? '').trim());
        return;
      }
      case 'struct_specifier':
      case 'class_specifier':
      case 'union_specifier':
      case 'enum_specifier':
        this.typeOf(n);
        return;
      case 'type_definition':
        this.typedef(n);
        return;
      case 'alias_declaration':
        this.alias(n);
        return;
      case 'preproc_call':
        this.directive(n);
        return;
      case 'declaration': {
        const typeNode = n.childForFieldName('type');
        if (!typeNode) return;
        const base = this.typeOf(typeNode);
        for (const d of n.childrenForFieldName('declarator')) {
          if (!d) continue;
          const target = d.type === 'init_declarator' ? d.childForFieldName('declarator') : d;
          if (!target) continue;
          const declared = this.declarator(target, base);
          if (declared.name && declared.type !== 'function') {
            this.variables.push({ name: declared.name.text, type: declared.type, nameSpan: span(declared.name) });
          }
        }
        return;
      }
      default:
        return;
    }
  }

  /** The children to walk of a conditional: its own when taken, else those of the branch that is (preproc_else is always taken). */
  private takenBranch(n: Node): Node[] {
    if (n.type !== 'preproc_else' && !this.isTaken(n)) {
      const alternative = n.childForFieldName('alternative');
      return alternative ? [alternative] : [];
    }
    const body: Node[] = [];
    for (let i = 0; i < n.childCount; i++) {
      const c = n.child(i);
      const field = n.fieldNameForChild(i);
      if (!c || !c.isNamed || field === 'condition' || field === 'name' || field === 'alternative') continue;
      body.push(c);
    }
    return body;
  }

  private isTaken(n: Node): boolean {
    // The answer depends on the target's predefined macros: lower again per target.
    this.targetDependent = true;
    return isBranchTaken(n, {
      isDefined: (name) => this.isDefined(name),
      env: () => this.preprocessorEnv(),
      skipped: (at, message) => this.problems.push({ span: span(at), message }),
    });
  }

  private isDefined(name: string): boolean {
    return this.defines.has(name) || this.facts.predefined.has(name) || name === '__cplusplus';
  }

  private ppEnv: EvalEnv | undefined;
  private preprocessorEnv(): EvalEnv {
    if (this.ppEnv) return this.ppEnv;
    const base = this.env();
    const seen = new Set<string>();
    const value = (name: string): EvalResult | undefined => {
      // clang++ -std=c++20.
      const text = name === '__cplusplus' ? '202002L' : this.defines.get(name) ?? this.facts.predefined.get(name);
      if (text === undefined || seen.has(name)) return undefined;
      const literal = parseIntegerLiteral(text.trim(), base);
      return isConstant(literal) ? literal : { notConstant: `macro \`${name}\` is \`${text.slice(0, 40)}\`, not an integer` };
    };
    this.ppEnv = { ...base, identifier: value, preprocessor: { defined: (name) => this.isDefined(name) } };
    return this.ppEnv;
  }

  /** `#pragma pack(...)`, as lower/c reads it; `#undef`. */
  private directive(n: Node): void {
    if (n.childForFieldName('directive')?.text === '#undef') {
      this.defines.delete((n.childForFieldName('argument')?.text ?? '').trim());
      return;
    }
    if (n.childForFieldName('directive')?.text !== '#pragma') return;
    applyPragmaPack(n.childForFieldName('argument')?.text ?? '', this);
  }

  /** GNU `__attribute__((packed))` and `aligned(N)` among `nodes` (attribute_specifier nodes). */
  private gnuAttributes(nodes: readonly Node[], moved: readonly string[] = []): { packed: boolean; alignAs?: number } {
    let packed = false;
    let alignAs: number | undefined;
    for (const text of [...nodes.map((a) => a.text), ...moved]) {
      if (/\b(__)?packed(__)?\b/.test(text)) packed = true;
      for (const m of text.matchAll(/\b(?:__)?aligned(?:__)?\s*\(\s*(\d+)\s*\)/g)) alignAs = Math.max(alignAs ?? 0, Number(m[1]));
    }
    return alignAs !== undefined ? { packed, alignAs } : { packed };
  }

  private typedef(n: Node): void {
    const typeNode = n.childForFieldName('type');
    if (!typeNode) return;
    const base = this.typeOf(typeNode);
    for (const d of n.childrenForFieldName('declarator')) {
      if (!d) continue;
      const declared = this.declarator(d, base);
      if (!declared.name || declared.type === 'function') continue;
      this.addTypedef(declared.name, declared.type, n);
    }
  }

  private alias(n: Node): void {
    const name = n.childForFieldName('name');
    const type = n.childForFieldName('type');
    if (!name || !type) return;
    this.addTypedef(name, this.typeDescriptor(type), n);
  }

  private addTypedef(name: Node, type: TypeRef, n: Node): void {
    // `typedef struct { ... } T;` names the untagged record.
    if (type.kind === 'record' || type.kind === 'enum') {
      const d = this.table.decls[type.id] as Mutable<RecordDecl | EnumDecl> | undefined;
      if (d && d.name === undefined) {
        d.name = name.text;
        d.nameFromTypedef = true;
      }
    }
    const id = this.table.decls.length;
    const decl: TypedefDecl = { decl: 'typedef', id, name: name.text, type, span: span(n), nameSpan: span(name), line: name.startPosition.row };
    this.table.decls.push(decl);
    this.typedefs.set(name.text, id);
  }

  /** A type_descriptor (`using T = ...`, `alignas(T)`, `sizeof(T)`). */
  private typeDescriptor(n: Node): TypeRef {
    const typeNode = n.childForFieldName('type');
    if (!typeNode) return unknownType(n.text, 'a type FFI Lens cannot read');
    const base = this.typeOf(typeNode);
    const d = n.childForFieldName('declarator');
    if (!d) return base;
    const declared = this.declarator(d, base);
    return declared.type === 'function' ? unknownType(n.text, 'a function type has no size') : declared.type;
  }

  /** A type specifier, defining any record or enum written in it. */
  private typeOf(n: Node, anonymousMember = false): TypeRef {
    switch (n.type) {
      case 'struct_specifier':
      case 'class_specifier':
      case 'union_specifier':
        return this.record(n, anonymousMember);
      case 'enum_specifier':
        return this.enumSpecifier(n);
      case 'primitive_type': {
        const text = n.text;
        if (text === 'void') return { kind: 'void' };
        const scalar = NAMED_SCALARS.get(text);
        return scalar ? { kind: 'scalar', scalar, spelling: text } : unknownType(text, `\`${text}\` is a type FFI Lens does not model`);
      }
      case 'sized_type_specifier': {
        const words = n.text.split(/\s+/).filter((w) => w !== '');
        const scalar = scalarOfWords(words);
        return scalar ? { kind: 'scalar', scalar, spelling: words.join(' ') } : unknownType(n.text, `\`${n.text}\` is not a valid type`);
      }
      case 'type_identifier':
        return this.named(n.text);
      case 'qualified_identifier': {
        // `::C`, `ns::C`: names are one flat scope here, so the last component decides.
        const name = n.text.split('::').pop()!.trim();
        return /^\w+$/.test(name) ? this.named(name) : unknownType(n.text, `\`${n.text}\` is a type FFI Lens does not model`);
      }
      default:
        return unknownType(n.text.slice(0, 60), `\`${n.text.slice(0, 40)}\` is a type FFI Lens does not model (templates are not instantiated)`);
    }
  }

  /** A type spelled in words (an enum's fixed type moved out of the parsed text). */
  private spelledType(text: string): TypeRef {
    const words = text.split(/\s+/).filter((w) => w !== '');
    const scalar = scalarOfWords(words);
    if (scalar) return { kind: 'scalar', scalar, spelling: words.join(' ') };
    return words.length === 1 ? this.named(words[0]!) : unknownType(text, `\`${text}\` is not a valid type`);
  }

  private named(name: string): TypeRef {
    const td = this.typedefs.get(name);
    if (td !== undefined) return { kind: 'typedef', id: td, name };
    const tag = this.tags.get(name);
    if (tag !== undefined) {
      const d = this.table.decls[tag]!;
      return d.decl === 'enum' ? { kind: 'enum', id: tag } : { kind: 'record', id: tag };
    }
    const scalar = NAMED_SCALARS.get(name);
    if (scalar) return { kind: 'scalar', scalar, spelling: name };
    return unknownType(name, `\`${name}\` is not declared in this file (it comes from a header FFI Lens has not read)`);
  }

  private record(n: Node, anonymousMember: boolean): TypeRef {
    const classKey = n.type === 'class_specifier' ? 'class' : n.type === 'union_specifier' ? 'union' : 'struct';
    const kind = classKey === 'union' ? 'union' : 'struct';
    const nameNode = n.childForFieldName('name');
    const tag = nameNode ? nameNode.text.split('::').pop()!.trim() : undefined;
    const body = n.childForFieldName('body');
    const existing = tag !== undefined ? this.tags.get(tag) : undefined;
    if (!body) {
      if (tag === undefined) return unknownType(n.text, 'a record with neither tag nor body');
      if (existing !== undefined) return { kind: 'record', id: existing };
      const id = this.table.decls.length;
      this.table.decls.push(this.placeholder(id, kind, tag, n, nameNode));
      this.tags.set(tag, id);
      return { kind: 'record', id };
    }
    // A class declared before is completed in place, so earlier uses see the definition.
    let id = existing;
    if (id === undefined || this.table.decls[id]!.decl !== 'record' || (this.table.decls[id] as RecordDecl).fields !== null) {
      id = this.table.decls.length;
      this.table.decls.push(this.placeholder(id, kind, tag, n, nameNode));
    }
    if (tag !== undefined) this.tags.set(tag, id);

    const defaultAccess: Access = classKey === 'class' ? 'private' : 'public';
    const bases: BaseSpecifier[] = [];
    for (const child of n.namedChildren) {
      if (child?.type === 'base_class_clause') this.bases(child, defaultAccess, bases);
    }
    const info = { declaresVirtual: false, notAggregate: false, nonTrivialCopy: false };
    const fields: Field[] = [];
    const pack = this.pack;
    const gnu = this.gnuAttributes(n.children.filter((c): c is Node => c?.type === 'attribute_specifier'), this.notes.get(n.startIndex)?.attributes);
    let alignAs = gnu.alignAs;
    for (const child of n.children) {
      if (child?.type === 'alignas_qualifier' || child?.type === 'alignas_specifier') alignAs = Math.max(alignAs ?? 0, this.alignas(child) ?? 0) || alignAs;
    }
    this.depth++;
    try {
      if (this.depth < MAX_DEPTH) this.members(body, tag, defaultAccess, fields, info);
    } finally {
      this.depth--;
    }
    const prior = this.table.decls[id] as RecordDecl;
    const decl: RecordDecl = {
      decl: 'record', id, kind, ...(prior.name !== undefined ? { name: prior.name } : tag !== undefined ? { name: tag } : {}),
      nameFromTypedef: prior.nameFromTypedef, fields, packed: gnu.packed,
      ...(alignAs !== undefined ? { alignAs } : {}),
      ...(pack !== undefined ? { maxFieldAlign: pack } : {}),
      anonymousMember, span: span(n), ...(nameNode ? { nameSpan: span(nameNode) } : {}),
      line: (nameNode ?? n).startPosition.row,
      cxx: { classKey, bases, ...info },
    };
    this.table.decls[id] = decl;
    return { kind: 'record', id };
  }

  private placeholder(id: DeclId, kind: 'struct' | 'union', tag: string | undefined, n: Node, nameNode: Node | null): RecordDecl {
    return {
      decl: 'record', id, kind, ...(tag !== undefined ? { name: tag } : {}), nameFromTypedef: false, fields: null, packed: false,
      anonymousMember: false, span: span(n), ...(nameNode ? { nameSpan: span(nameNode) } : {}), line: (nameNode ?? n).startPosition.row,
    };
  }

  /** `: public A, virtual protected B`: modifiers accumulate until a type names the base. */
  private bases(clause: Node, defaultAccess: Access, out: BaseSpecifier[]): void {
    let access: Access | undefined;
    let isVirtual = false;
    let start = -1;
    for (const c of clause.children) {
      if (!c) continue;
      if (c.type === ':' || c.type === ',') continue;
      if (start < 0) start = c.startIndex;
      if (c.type === 'access_specifier' || c.text === 'public' || c.text === 'private' || c.text === 'protected') {
        access = c.text as Access;
        continue;
      }
      if (c.type === 'virtual' || c.text === 'virtual') {
        isVirtual = true;
        continue;
      }
      out.push({ type: this.typeOf(c), virtual: isVirtual, access: access ?? defaultAccess, span: { start, end: c.endIndex } });
      access = undefined;
      isVirtual = false;
      start = -1;
    }
  }

  /** Lowers a class body's members (or a conditional branch of them); returns the access in force after them. */
  private members(body: Pick<Node, 'namedChildren'>, className: string | undefined, defaultAccess: Access, fields: Field[], info: { declaresVirtual: boolean; notAggregate: boolean; nonTrivialCopy: boolean }): Access {
    let access = defaultAccess;
    for (const child of body.namedChildren) {
      if (!child) continue;
      switch (child.type) {
        case 'access_specifier':
          access = child.text.replace(/\s*:$/, '') as Access;
          break;
        case 'field_declaration':
          this.fieldDeclaration(child, className, access, fields, info);
          break;
        case 'function_definition':
        case 'declaration':
          this.method(child, className, info);
          break;
        case 'template_declaration': {
          if (/\bvirtual\b/.test(child.text)) info.declaresVirtual = true;
          break;
        }
        case 'type_definition':
          this.typedef(child);
          break;
        case 'alias_declaration':
          this.alias(child);
          break;
        case 'preproc_call':
          this.directive(child);
          break;
        case 'preproc_if':
        case 'preproc_ifdef':
        case 'preproc_elif':
        case 'preproc_elifdef':
        case 'preproc_else': {
          // The branch the target's compiler takes; its members are walked like the body's.
          const branch = { namedChildren: this.takenBranch(child) } as unknown as Node;
          access = this.members(branch, className, access, fields, info);
          break;
        }
        default:
          break;
      }
    }
    return access;
  }

  /** A member function declared or defined in the class: only what it changes about the class matters. */
  private method(n: Node, className: string | undefined, info: { declaresVirtual: boolean; notAggregate: boolean; nonTrivialCopy: boolean }): void {
    const text = n.text;
    if (/^\s*(\[\[[^\]]*\]\]\s*)*(virtual|(\w+\s+)*virtual)\b/.test(text)) info.declaresVirtual = true;
    let d: Node | null = n.childForFieldName('declarator');
    while (d && d.type !== 'function_declarator') d = d.childForFieldName('declarator') ?? d.namedChild(0);
    if (!d) return;
    const name = d.childForFieldName('declarator');
    if (!name) return;
    const defaulted = /=\s*default\s*;?\s*$/.test(text);
    const params = d.childForFieldName('parameters')?.text ?? '()';
    const copyLike = className !== undefined && new RegExp(`^\\(\\s*(const\\s+)?${escapeRegExp(className)}\\s*&{1,2}\\s*\\w*\\s*\\)$`).test(params);
    if (name.type === 'destructor_name') {
      info.notAggregate = true;
      if (!defaulted) info.nonTrivialCopy = true;
    } else if (className !== undefined && name.text === className) {
      info.notAggregate = true;
      if (copyLike && !defaulted) info.nonTrivialCopy = true;
    } else if (name.type === 'operator_name' && /^operator\s*=$/.test(name.text)) {
      info.notAggregate = true;
      if (!defaulted) info.nonTrivialCopy = true;
    }
  }

  private fieldDeclaration(n: Node, className: string | undefined, access: Access, fields: Field[], info: { declaresVirtual: boolean; notAggregate: boolean; nonTrivialCopy: boolean }): void {
    // An unnamed bit-field (`int : 3;`) parses with a MISSING name: it has no declarator.
    const declarators = n.childrenForFieldName('declarator').filter((d): d is Node => d !== null && !d.isMissing);
    // Member functions declared with a field_declaration (`virtual void f();`, `T &operator=(...)`).
    if (declarators.some((d) => this.isFunction(d))) {
      this.method(n, className, info);
      return;
    }
    let isStatic = false;
    let noUniqueAddress = false;
    let alignAs: number | undefined;
    let bitWidth: number | undefined;
    let hasInitializer = false;
    for (const c of n.children) {
      if (!c) continue;
      if (c.type === 'storage_class_specifier' && /^(static|thread_local)$/.test(c.text)) isStatic = true;
      if (c.type === 'attribute_declaration' && /\bno_unique_address\b/.test(c.text)) noUniqueAddress = true;
      if (c.type === 'type_qualifier' || c.type === 'alignas_qualifier' || c.type === 'alignas_specifier') {
        const a = c.type === 'type_qualifier' ? c.namedChildren.find((k) => k?.type === 'alignas_qualifier' || k?.type === 'alignas_specifier') : c;
        if (a) alignAs = Math.max(alignAs ?? 0, this.alignas(a) ?? 0) || alignAs;
      }
      if (c.type === 'bitfield_clause') {
        const expr = c.namedChild(0);
        const v = expr ? this.constant(expr) : undefined;
        bitWidth = v !== undefined && isConstant(v) ? Number(v.value) : -1;
      }
      if (c.type === 'default_value' || c.type === 'initializer_list') hasInitializer = true;
    }
    const typeNode = n.childForFieldName('type');
    if (!typeNode) return;
    // `enum E : 4;` was prepared as `int  E : 4;` for the parser: an unnamed bit-field of type `enum E`.
    const enumBitfield = this.notes.get(n.startIndex)?.unnamedEnumBitfield;
    if (enumBitfield !== undefined && bitWidth !== undefined) {
      fields.push({ type: this.named(enumBitfield), bitWidth, packed: false, span: span(n), access });
      return;
    }
    // A static data member has no storage in the object; its type may still define a class.
    const base = this.typeOf(typeNode, declarators.length === 0 && bitWidth === undefined);
    if (isStatic) return;
    if (hasInitializer || n.childForFieldName('default_value')) info.notAggregate = true;
    // The member's own attributes: beside its type or in its declarators, not in a class its type defines.
    // (tree-sitter-cpp wraps one between the name and `= init` in an ERROR node.)
    const carriers = [n, ...declarators].flatMap((c) => (c === n ? c.children : c.descendantsOfType('attribute_specifier')))
      .flatMap((c) => (c?.type === 'ERROR' ? c.descendantsOfType('attribute_specifier') : [c]));
    const gnu = this.gnuAttributes(carriers.filter((a): a is Node => a !== null && a.type === 'attribute_specifier'));
    if (gnu.alignAs !== undefined) alignAs = Math.max(alignAs ?? 0, gnu.alignAs);
    const common = { packed: gnu.packed, span: span(n), access, ...(noUniqueAddress ? { noUniqueAddress: true } : {}), ...(alignAs !== undefined ? { alignAs } : {}) } as const;
    if (declarators.length === 0) {
      if (bitWidth !== undefined) fields.push({ type: base, bitWidth, ...common });
      else if (base.kind === 'record') {
        // An anonymous struct/union member.
        const d = this.table.decls[base.id] as Mutable<RecordDecl>;
        if (d.name === undefined) {
          d.anonymousMember = true;
          fields.push({ type: base, ...common });
        }
      }
      return;
    }
    for (const d of declarators) {
      const declared = this.declarator(d, base);
      if (declared.type === 'function') continue;
      fields.push({
        ...(declared.name ? { name: declared.name.text, nameSpan: span(declared.name) } : {}),
        type: declared.type,
        ...(bitWidth !== undefined ? { bitWidth } : {}),
        ...(declared.reference ? { reference: true } : {}),
        ...common,
      });
    }
  }

  private isFunction(d: Node): boolean {
    for (let cur: Node | null = d; cur; cur = cur.childForFieldName('declarator') ?? (cur.type === 'reference_declarator' ? cur.namedChild(0) : null)) {
      if (cur.type === 'function_declarator') return true;
      if (cur.type === 'parenthesized_declarator') return false;
    }
    return false;
  }

  /** Applies a declarator to `base`, innermost last (C's inside-out reading). */
  private declarator(d: Node, base: TypeRef | 'function'): Declared {
    let type: TypeRef | 'function' = base;
    let reference = false;
    let cur: Node | null = d;
    for (let i = 0; cur && i < MAX_DEPTH; i++) {
      switch (cur.type) {
        case 'identifier':
        case 'field_identifier':
        case 'type_identifier':
          return { name: cur, type, reference };
        case 'pointer_declarator':
        case 'abstract_pointer_declarator':
          type = { kind: 'pointer', pointee: type };
          cur = cur.childForFieldName('declarator');
          break;
        case 'reference_declarator':
        case 'abstract_reference_declarator':
          // A reference member is stored as a pointer on every ABI modelled here.
          type = { kind: 'pointer', pointee: type };
          reference = true;
          cur = cur.namedChildren.find((k) => k !== null && k.type !== 'type_qualifier') ?? null;
          break;
        case 'array_declarator':
        case 'abstract_array_declarator': {
          if (type === 'function') return { type: unknownType(d.text, 'an array of functions'), reference };
          const sizeNode = cur.childForFieldName('size');
          if (!sizeNode) type = { kind: 'array', element: type, length: null };
          else {
            const v = this.constant(sizeNode);
            type = isConstant(v) ? { kind: 'array', element: type, length: v.value } : unknownType(d.text, `the array length \`${sizeNode.text}\` is not a constant FFI Lens can evaluate: ${v.notConstant}`);
          }
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
          cur = cur.namedChildren.find((k) => k !== null && k.type !== 'attribute_declaration') ?? null;
          break;
        default:
          return { type, reference };
      }
    }
    return { type, reference };
  }

  private alignas(n: Node): number | undefined {
    const arg = n.namedChildren.find((k) => k !== null);
    if (!arg) return undefined;
    if (arg.type === 'type_descriptor') {
      const r = this.facts.sizeAlign(this.typeDescriptor(arg), this.table);
      this.targetDependent = true;
      return 'unknown' in r ? undefined : r.align;
    }
    const v = this.constant(arg);
    return isConstant(v) ? Number(v.value) : undefined;
  }

  private enumSpecifier(n: Node): TypeRef {
    const nameNode = n.childForFieldName('name');
    const tag = nameNode?.text;
    const body = n.childForFieldName('body');
    const baseNode = n.childForFieldName('base');
    const scoped = /^enum\s+(class|struct)\b/.test(n.text);
    const existing = tag !== undefined ? this.tags.get(tag) : undefined;
    if (!body && existing !== undefined) return { kind: 'enum', id: existing };
    const id = existing !== undefined && (this.table.decls[existing] as EnumDecl).values === null ? existing : this.table.decls.length;
    const note = this.notes.get(n.startIndex);
    const movedType = note?.fixedType !== undefined ? this.spelledType(note.fixedType) : undefined;
    const fixedType = baseNode ? this.typeOf(baseNode) : movedType ?? (scoped ? ({ kind: 'scalar', scalar: 'int', spelling: 'int' } as const) : undefined);
    const moved = this.gnuAttributes([], note?.attributes);
    let values: bigint[] | null = null;
    if (body) {
      values = [];
      let next: EvalResult = { value: 0n, bits: 32, unsigned: false };
      for (const e of body.namedChildren) {
        if (e?.type !== 'enumerator') continue;
        const valueNode = e.childForFieldName('value');
        const v: EvalResult = valueNode ? this.constant(valueNode) : next;
        if (!isConstant(v)) {
          values = null;
          break;
        }
        values.push(v.value);
        const name = e.childForFieldName('name')?.text;
        if (name) this.enumConstants.set(name, v);
        next = { ...v, value: v.value + 1n };
      }
    }
    const decl: EnumDecl = {
      decl: 'enum', id, ...(tag !== undefined ? { name: tag } : {}), nameFromTypedef: false, values,
      ...(fixedType ? { fixedType } : {}), packed: moved.packed, ...(moved.alignAs !== undefined ? { alignAs: moved.alignAs } : {}), span: span(n), ...(nameNode ? { nameSpan: span(nameNode) } : {}),
      line: (nameNode ?? n).startPosition.row,
    };
    if (id === this.table.decls.length) this.table.decls.push(decl);
    else this.table.decls[id] = decl;
    if (tag !== undefined) this.tags.set(tag, id);
    return { kind: 'enum', id };
  }

  private constant(n: Node): EvalResult {
    if (n.type !== 'number_literal') this.targetDependent = true;
    return evaluate(n, this.env());
  }

  private envMemo: EvalEnv | undefined;
  private env(): EvalEnv {
    if (this.envMemo) return this.envMemo;
    const bits = (k: 'int' | 'long' | 'llong'): number => this.facts.scalarBits(k);
    const sizeOf = (t: TypeRef, what: 'size' | 'align'): EvalResult => {
      this.targetDependent = true;
      const r = this.facts.sizeAlign(t, this.table);
      if ('unknown' in r) return { notConstant: r.unknown };
      return { value: BigInt(what === 'size' ? r.size : r.align), bits: this.facts.scalarBits('size'), unsigned: true };
    };
    this.envMemo = {
      intBits: bits('int'),
      longBits: bits('long'),
      llongBits: bits('llong'),
      identifier: (name) => {
        const known = this.enumConstants.get(name);
        if (known) return known;
        const text = this.defines.get(name);
        if (text === undefined) return undefined;
        const literal = parseIntegerLiteral(text, this.envMemo!);
        return isConstant(literal) ? literal : { notConstant: `macro \`${name}\` is \`${text.slice(0, 40)}\`, which FFI Lens does not expand` };
      },
      sizeofType: (typeNode, what) => sizeOf(this.typeDescriptor(typeNode), what),
      // `sizeof (in_port_t)`: tree-sitter-cpp reads a parenthesised typedef name as an expression.
      sizeofExpression: (expr, what) => {
        const inner = expr.type === 'parenthesized_expression' && expr.namedChildCount === 1 ? expr.namedChild(0) : null;
        const td = inner?.type === 'identifier' ? this.typedefs.get(inner.text) : undefined;
        if (td !== undefined && inner) return sizeOf({ kind: 'typedef', id: td, name: inner.text }, what);
        const literal = stringLiteralOf(inner ?? expr, this.facts.scalarBits('wchar'));
        if (literal) return sizeOf(literal, what);
        return { notConstant: 'sizeof of an expression is not evaluated in C++ files' };
      },
      offsetOf: () => ({ notConstant: 'offsetof is not evaluated in C++ files' }),
      castType: (typeNode) => {
        const t = this.typeDescriptor(typeNode);
        if (t.kind !== 'scalar') return { notConstant: `a cast to \`${typeNode.text}\`` };
        return { bits: this.facts.scalarBits(t.scalar), unsigned: isUnsignedScalar(t.scalar) };
      },
    };
    return this.envMemo;
  }
}

/** Lowers a tree-sitter-cpp tree for one target. */
export function lowerCpp(tree: Tree, facts: TargetFacts, notes: ReadonlyMap<number, CSyntaxNote> = new Map(), seed?: LowerSeed): CFile {
  const l = new CppLowering(facts, notes);
  if (seed) l.seed(seed);
  l.items(tree.rootNode);
  return { table: l.table, tags: l.tags, typedefs: l.typedefs, variables: l.variables, problems: l.problems, targetDependent: l.targetDependent, enumConstants: l.knownEnumConstants() };
}
