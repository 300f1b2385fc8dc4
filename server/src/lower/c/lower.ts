// C front end: a tree-sitter C tree -> the declaration model (records, enums,
// typedefs, file-scope variables). Walks the file in order, as a compiler
// would, so #define constants, enum constants and #pragma pack take effect
// where they are written. Target facts (sizeof, int widths, predefined
// macros) come from the caller; this module knows no layout rules.
import { applyPragmaPack } from './pragma-pack.ts';
import { isBranchTaken } from './preproc-branch.ts';
import type { Node, Tree, TreeCursor } from 'web-tree-sitter';
import type { Decl, DeclId, DeclTable, EnumDecl, Field, RecordDecl, ScalarKind, Span, TypedefDecl, TypeRef } from '../../base/model.ts';
import { evaluate, evaluateLeaf, isConstant, type CInt, type EvalEnv, type EvalResult, type NotConstant } from './const-eval.ts';
import { isUnsignedScalar, NAMED_SCALARS, scalarOfWords } from './scalar-names.ts';
import type { CSyntaxNote } from '../../syntax/c-normalize.ts';
import { appendAll } from '../../base/arrays.ts';
import { stringLiteralOf } from './string-literal.ts';

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
  /** Enumerators with their values (a later file lowered on top of this one sees them: `LowerSeed`). */
  readonly enumConstants: ReadonlyMap<string, CInt>;
}

/**
 * What a file's #includes declared (lowered from their preprocessed text), lowered underneath the file as
 * written: its declarations keep their ids, its names and macros are visible to the file.
 */
export interface LowerSeed {
  readonly decls: readonly Decl[];
  readonly tags: ReadonlyMap<string, DeclId>;
  readonly typedefs: ReadonlyMap<string, DeclId>;
  readonly enumConstants: ReadonlyMap<string, CInt>;
  /** Object-like macros defined at the end of the includes, by their bodies' text. */
  readonly macros: ReadonlyMap<string, string>;
}

/** Parses a macro body as a C expression; the caller owns the parser. */
export type ExpressionParser = (text: string) => Tree | null;

const MAX_RECORD_NESTING = 128;
const UNNAMED = '__ffi_lens_unnamed';
/** Expressions `evaluateLeaf` reads from type and text alone. */
const LEAF_EXPRESSIONS = new Set(['number_literal', 'char_literal', 'identifier']);
/** An enumerator that is a plain name, or a name and a decimal or hex literal (no comments, no expressions). */
const SIMPLE_ENUMERATOR = /^(\w+)(?:\s*=\s*(\d\w*))?$/;
/** A member `type words : width;` (is it unnamed? see unnamedBitfieldRewrite). */
const UNNAMED_BITFIELD = /^([^:;{}]*?[\w)\s])\s*:(?!:)([^;{}]+);\s*$/s;
/** tree-sitter-c's `primitive_type` tokens. */
const PRIMITIVE_TYPES = new Set(['bool', 'char', 'int', 'float', 'double', 'void', 'size_t', 'ssize_t', 'ptrdiff_t', 'intptr_t', 'uintptr_t',
  'charptr_t', 'nullptr_t', 'max_align_t', ...[8, 16, 32, 64].flatMap((n) => [`int${n}_t`, `uint${n}_t`, `char${n}_t`])]);
/** The words of a `sized_type_specifier` besides its type. */
const SIZE_MODIFIERS = new Set(['signed', 'unsigned', 'long', 'short']);
/**
 * Every word tree-sitter-c spells as a token (the string literals of its grammar.js, a superset of
 * its keywords), and `__int128` (repaired in `members`): a member whose type or name is one of these is
 * never read from its text.
 */
const GRAMMAR_WORDS = new Set(`FALSE NULL TRUE _Alignas _Alignof _Atomic _Generic _Nonnull _Noreturn __alignof __alignof__ __asm __asm__
  __attribute __attribute__ __based __cdecl __clrcall __declspec __except __extension__ __fastcall __finally __forceinline __inline
  __inline__ __leave __restrict __restrict__ __sptr __stdcall __thiscall __thread __try __unaligned __uptr __vectorcall __volatile__
  _alignof _unaligned alignas alignof asm auto bool break case char charptr_t const constexpr continue default defined do double elif
  elifdef elifndef else endif enum extern false float for goto if ifdef ifndef include inline int intptr_t long max_align_t noreturn
  nullptr nullptr_t offsetof register restrict return short signed size_t sizeof ssize_t static struct switch thread_local true typedef
  uintptr_t union unsigned void volatile while __int128`.split(/\s+/));

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

const NO_ATTRIBUTES: { readonly packed: boolean; readonly alignAs?: number } = { packed: false };

/** The C constructs whose spelling names a declarator's identifier. */
const NAME_TYPES = new Set(['identifier', 'field_identifier', 'type_identifier']);
/** Children that may carry GCC attributes or alignment specifiers (ERROR: tree-sitter-c wraps extra attribute groups). */
const ATTRIBUTE_CARRIERS = new Set(['attribute_specifier', 'type_qualifier', 'ERROR']);

/**
 * A tree cursor plus the text of its tree. Lowering reads the tree through a
 * cursor because every web-tree-sitter `Node` access allocates a JS object and
 * crosses into wasm; texts are slices of the source, not wasm calls.
 */
class Walker {
  constructor(
    readonly c: TreeCursor,
    readonly source: string,
    readonly base: number,
    /** The tree has no ERROR or MISSING node, so no node in it has an error. */
    readonly clean: boolean,
  ) {}

  text(start: number, end: number): string {
    return this.source.slice(start - this.base, end - this.base);
  }

  /** The current node's text. */
  nodeText(): string {
    return this.text(this.c.startIndex, this.c.endIndex);
  }

  /** Moves to the first child filling `field`; false (and not moved) when there is none. */
  gotoField(field: string): boolean {
    const c = this.c;
    if (!c.gotoFirstChild()) return false;
    do if (c.currentFieldName === field) return true;
    while (c.gotoNextSibling());
    c.gotoParent();
    return false;
  }
}

/** One child of the cursor's node, read once. */
interface Kid {
  readonly index: number;
  readonly type: string;
  readonly field: string | null;
  /** Offsets; -1 for the punctuation of `PUNCTUATION`, whose place is never needed. */
  readonly start: number;
  readonly end: number;
}

/**
 * Tokens that fill no grammar field in the nodes `kids` reads (declarations, specifiers,
 * members: tree-sitter-c gives fields to punctuation only in expressions and array sizes),
 * so their field and offsets are not read.
 */
const PUNCTUATION = new Set([';', ',', '{', '}', '(', ')', '[', ']']);

/** The first child filling `field` (plain loops: the hot paths avoid closures). */
function kidOf(kids: readonly Kid[], field: string): Kid | undefined {
  for (const k of kids) if (k.field === field) return k;
  return undefined;
}

/**
 * The words of a `sized_type_specifier` (`unsigned long int`) from its text: in a tree
 * without errors its children are single-word tokens, so splitting the text gives their
 * texts. Undefined when the text has anything else (comments, line continuations).
 */
function splitWords(w: Walker, text: string): string[] | undefined {
  return w.clean && /^\w+(?:\s+\w+)*$/.test(text) ? text.split(/\s+/) : undefined;
}

/** `simpleMember`: a plain member, read only once its node is known to have no error. */
const UNNAMED_NEEDS_CHECK = -1;

/** Skips whitespace in `src` from `at` (not past `limit`). */
function skipSpace(src: string, at: number, limit: number): number {
  let i = at;
  while (i < limit) {
    const ch = src.charCodeAt(i);
    if (ch === 32 || ch === 10 || ch === 9 || ch === 13 || ch === 11 || ch === 12) i++;
    else break;
  }
  return i;
}

function isWordChar(ch: number): boolean {
  return (ch >= 97 && ch <= 122) || (ch >= 65 && ch <= 90) || (ch >= 48 && ch <= 57) || ch === 95;
}

/** A name tree-sitter-c reads as an identifier: a word not starting with a digit, not a token of the grammar. */
function isPlainWord(t: string | undefined): boolean {
  if (t === undefined || t.length === 0) return false;
  const ch = t.charCodeAt(0);
  return isWordChar(ch) && !(ch >= 48 && ch <= 57) && !GRAMMAR_WORDS.has(t) && !PRIMITIVE_TYPES.has(t);
}

function isDigits(t: string | undefined): boolean {
  if (t === undefined || t.length === 0) return false;
  for (let i = 0; i < t.length; i++) {
    const ch = t.charCodeAt(i);
    if (ch < 48 || ch > 57) return false;
  }
  return true;
}

/**
 * The tokens of the text from `at` to the first `;` (before `limit`): words and `* [ ] :`,
 * separated by whitespace, `;` last. Fills `toks` and their offsets `at_`; returns how many
 * (0 when anything else comes first, or more than 16 tokens).
 */
function memberTokens(src: string, at: number, limit: number, toks: string[], offsets: number[]): number {
  let n = 0;
  let i = at;
  while (i < limit && n < 16) {
    const ch = src.charCodeAt(i);
    if (ch === 32 || ch === 10 || ch === 9 || ch === 13) {
      i++;
      continue;
    }
    if (isWordChar(ch)) {
      let j = i + 1;
      while (j < limit && isWordChar(src.charCodeAt(j))) j++;
      toks[n] = src.slice(i, j);
      offsets[n++] = i;
      i = j;
      continue;
    }
    if (ch === 42 || ch === 91 || ch === 93 || ch === 58 || ch === 59) {
      toks[n] = ch === 42 ? '*' : ch === 91 ? '[' : ch === 93 ? ']' : ch === 58 ? ':' : ';';
      offsets[n++] = i;
      if (ch === 59) {
        // Reads past the end stay undefined.
        toks[n] = '';
        return n;
      }
      i++;
      continue;
    }
    return 0;
  }
  return 0;
}

/** The children of the cursor's node, visited in increasing index with one step each (no quadratic re-walks). */
class ChildSeek {
  private at = -1;
  constructor(private readonly c: TreeCursor) {}

  to(index: number): void {
    if (this.at > index) {
      this.c.gotoParent();
      this.at = -1;
    }
    if (this.at < 0) {
      this.c.gotoFirstChild();
      this.at = 0;
    }
    while (this.at < index && this.c.gotoNextSibling()) this.at++;
  }

  /** Back on the parent. */
  done(): void {
    if (this.at >= 0) this.c.gotoParent();
    this.at = -1;
  }
}

/** A declarator's identifier: where it is and what it says. */
interface DeclaredName {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** The line, read only when asked for (it costs a wasm call). */
  readonly row: number;
}

/** How #if branches walk: every child, the taken branch's body, or only the alternative of a skipped one. */
const enum Walk { All, Taken, Skipped }

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
  get enumConstantsRead(): ReadonlyMap<string, CInt> {
    return this.enumConstants;
  }
  /** `#pragma pack` state (pragma-pack.ts writes both). */
  readonly packStack: Array<number | undefined> = [];
  pack: number | undefined;
  private readonly evaluatingMacros = new Set<string>();
  private readonly parsedMacros = new Map<string, Tree | null>();
  private recordDepth = 0;
  private readonly scratchTrees: Tree[] = [];
  private readonly scratchOrigins = new Map<Tree, { scratchStart: number; fileStart: number }>();
  /** Each tree's text and whether it has errors: read once per tree, not per node. */
  private readonly sources = new Map<Tree, { text: string; base: number; clean: boolean }>();
  private plainEnv: EvalEnv | undefined;
  private ppEnv: EvalEnv | undefined;

  constructor(
    private readonly facts: TargetFacts,
    private readonly parseExpression: ExpressionParser,
    private readonly notes: ReadonlyMap<number, CSyntaxNote>,
  ) {}

  /** Starts from what the includes declared. */
  seed(seed: LowerSeed): void {
    appendAll(this.table.decls, seed.decls);
    for (const [k, v] of seed.tags) this.tags.set(k, v);
    for (const [k, v] of seed.typedefs) this.typedefs.set(k, v);
    for (const [k, v] of seed.enumConstants) this.enumConstants.set(k, v);
    for (const [k, v] of seed.macros) this.macros.set(k, { body: v, functionLike: false });
  }

  dispose(): void {
    for (const tree of this.parsedMacros.values()) tree?.delete();
    for (const tree of this.scratchTrees) tree.delete();
  }

  /** A cursor on `node`; the caller deletes it. */
  private walker(node: Node): Walker {
    let source = this.sources.get(node.tree);
    if (!source) {
      const root = node.tree.rootNode;
      source = { text: root.text, base: root.startIndex, clean: !root.hasError };
      this.sources.set(node.tree, source);
    }
    return new Walker(node.walk(), source.text, source.base, source.clean);
  }

  /** Runs `fn` with a cursor on `node` (for the rare paths that start from a node). */
  private withWalker<T>(node: Node, fn: (w: Walker) => T): T {
    const w = this.walker(node);
    try {
      return fn(w);
    } finally {
      w.c.delete();
    }
  }

  /**
   * The children of the cursor's node with their grammar fields. With `attributes`, children
   * that may carry attributes are also returned as nodes (rare: only those are materialised);
   * `nameRow` receives the line of the first child filling `name`.
   */
  private kids(w: Walker, attributes?: Node[], nameRow?: { row: number }): Kid[] {
    const c = w.c;
    const out: Kid[] = [];
    if (!c.gotoFirstChild()) return out;
    let index = 0;
    do {
      const type = c.nodeType;
      if (PUNCTUATION.has(type)) {
        out.push({ index, type, field: null, start: -1, end: -1 });
        index++;
        continue;
      }
      const start = c.startIndex;
      const end = c.endIndex;
      const field = c.currentFieldName;
      out.push({ index, type, field, start, end });
      // The line of a specifier's name, read while the cursor is there.
      if (nameRow && field === 'name' && nameRow.row < 0) nameRow.row = c.startPosition.row;
      // A plain qualifier (`const`) cannot hold an alignment specifier: no node for it.
      if (attributes && ATTRIBUTE_CARRIERS.has(type) && !(type === 'type_qualifier' && /^\w+$/.test(w.text(start, end)))) attributes.push(c.currentNode);
      index++;
    } while (c.gotoNextSibling());
    c.gotoParent();
    return out;
  }

  // ---- top level -------------------------------------------------------

  topLevel(root: Node): void {
    this.withWalker(root, (w) => this.items(w));
  }

  /**
   * The file's items in order. An explicit level stack, not recursion: preprocessor
   * conditionals and error recovery nodes can nest arbitrarily deep in hostile input.
   */
  private items(w: Walker): void {
    const c = w.c;
    if (!c.gotoFirstChild()) return;
    const levels: Walk[] = [Walk.All];
    for (;;) {
      const level = levels[levels.length - 1]!;
      let into: Walk | undefined;
      if (level === Walk.All) {
        into = this.item(w);
      } else {
        const field = c.currentFieldName;
        if (level === Walk.Taken ? field !== 'condition' && field !== 'name' && field !== 'alternative' : field === 'alternative') into = this.item(w);
      }
      if (into !== undefined && c.gotoFirstChild()) {
        levels.push(into);
        continue;
      }
      while (!c.gotoNextSibling()) {
        c.gotoParent();
        levels.pop();
        if (!levels.length) return;
      }
    }
  }

  /** Lowers one item at the cursor (leaving the cursor there); returns how to walk its children, if at all. */
  private item(w: Walker): Walk | undefined {
    const c = w.c;
    switch (c.nodeType) {
      case 'preproc_def':
        this.define(c.currentNode, false);
        return undefined;
      case 'preproc_function_def':
        this.define(c.currentNode, true);
        return undefined;
      case 'preproc_call':
        this.directive(c.currentNode);
        return undefined;
      case 'preproc_if':
      case 'preproc_ifdef':
      case 'preproc_elif':
      case 'preproc_elifdef':
        return this.isTaken(c.currentNode) ? Walk.Taken : Walk.Skipped;
      case 'preproc_else':
      case 'ERROR':
      case 'linkage_specification':
      case 'declaration_list':
        return Walk.All;
      case 'struct_specifier':
      case 'union_specifier':
      case 'enum_specifier':
        this.typeSpecifier(w);
        return undefined;
      case 'type_definition':
        this.typedef(w);
        return undefined;
      case 'declaration':
        this.declaration(w);
        return undefined;
      default:
        return undefined;
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
    applyPragmaPack(arg, this);
  }

  /** Whether the target's compiler takes this branch of an #if chain. */
  private isTaken(node: Node): boolean {
    return isBranchTaken(node, {
      isDefined: (name) => this.isDefined(name),
      env: () => this.preprocessorEnv(),
      skipped: (at, message) => this.problems.push({ span: span(at), message }),
    });
  }

  /** The children of the branch of an #if chain the target's compiler would take. */
  private takenBranch(node: Node): readonly (Node | null)[] {
    const taken = this.isTaken(node);
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

  private typedef(w: Walker): void {
    const c = w.c;
    const start = c.startIndex;
    const end = c.endIndex;
    if (w.clean && this.plainTypedef(w, start, end)) return;
    const carriers: Node[] = [];
    const kids = this.kids(w, carriers);
    const typeKid = kidOf(kids, 'type');
    if (!typeKid) return;
    const seek = new ChildSeek(c);
    const base = this.typeOfKid(w, typeKid, seek);
    const alignAs = this.attributes(carriers, undefined, { start, end }).alignAs;
    for (const d of kids) {
      if (d.field !== 'declarator') continue;
      seek.to(d.index);
      const declared = this.applyDeclarator(w, base, true);
      if (!declared.name) continue;
      const id = this.table.decls.length;
      const nameSpan = { start: declared.name.start, end: declared.name.end };
      // `typedef int handler_fn(int);` names a function type: no size, but `handler_fn *` is a pointer like any other.
      const type = declared.type === 'function'
        ? unknownType(declared.name.text, `\`${declared.name.text}\` names a function type, which has no size (a pointer to it has)`)
        : declared.type;
      const decl: TypedefDecl = alignAs === undefined
        ? { decl: 'typedef', id, name: declared.name.text, type, span: { start, end }, nameSpan, line: declared.name.row }
        : { decl: 'typedef', id, name: declared.name.text, type, alignAs, span: { start, end }, nameSpan, line: declared.name.row };
      this.table.decls.push(decl);
      this.typedefs.set(decl.name, id);
      this.nameUntagged(base, decl.name);
    }
    seek.done();
  }

  /**
   * A plain typedef read from its text (a tree without errors): `typedef TYPE [*]NAME[[N]];`,
   * TYPE as in `simpleMember` (a tag only when already declared). tree-sitter-c reads such
   * text as a `type_definition` with one declarator, so the typedef is what `typedef` makes
   * of it; false (nothing declared) when the text is anything else.
   */
  private plainTypedef(w: Walker, start: number, end: number): boolean {
    const base = w.base;
    const notes = this.notes;
    if (notes.size !== 0) for (let k = start; k < end; k++) if (notes.has(k)) return false;
    const src = w.source;
    const toks = this.tokens;
    const at = this.tokenAt;
    const n = memberTokens(src, start - base, end - base, toks, at);
    if (n < 3 || toks[0] !== 'typedef' || at[0] !== start - base || at[n - 1]! + 1 !== end - base) return false;
    let i = 1;
    if (toks[1] === 'const') i++;
    const spec = this.textTypeSpecifier(toks, i);
    if (!spec) return false;
    let type: TypeRef = spec.type;
    i = spec.next;
    const specified = type;
    let t = toks[i]!;
    if (t === '*') {
      i++;
      type = { kind: 'pointer', pointee: type };
    }
    const nameAt = i;
    if (!isPlainWord(toks[i]!)) return false;
    i++;
    if (toks[i] === '[') {
      if (nameAt !== i - 1 || type !== specified) return false;
      const size = toks[i + 1]!;
      if (!isDigits(size) || toks[i + 2] !== ']') return false;
      const length = evaluateLeaf('number_literal', size, this.env());
      if (!length || !isConstant(length) || (!length.unsigned && length.value < 0n)) return false;
      type = { kind: 'array', element: type, length: length.value };
      i += 3;
    }
    if (i !== n - 1) return false;
    const nameStart = at[nameAt]! + base;
    const name = toks[nameAt]!;
    // The name's line: the typedef's, plus the line breaks before the name.
    let line = w.c.startPosition.row;
    for (let k = src.indexOf('\n', start - base); k >= 0 && k < nameStart - base; k = src.indexOf('\n', k + 1)) line++;
    const id = this.table.decls.length;
    const decl: TypedefDecl = { decl: 'typedef', id, name, type, span: { start, end }, nameSpan: { start: nameStart, end: nameStart + name.length }, line };
    this.table.decls.push(decl);
    this.typedefs.set(name, id);
    this.nameUntagged(specified, name);
    return true;
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

  private declaration(w: Walker): void {
    const c = w.c;
    const kids = this.kids(w);
    const typeKid = kidOf(kids, 'type');
    if (!typeKid) return;
    const seek = new ChildSeek(c);
    const base = this.typeOfKid(w, typeKid, seek);
    for (const d of kids) {
      if (d.field !== 'declarator') continue;
      seek.to(d.index);
      const init = d.type === 'init_declarator';
      if (init && !w.gotoField('declarator')) continue;
      const declared = this.applyDeclarator(w, base, false);
      if (init) c.gotoParent();
      if (!declared.name || declared.type === 'function') continue;
      this.variables.push({ name: declared.name.text, type: declared.type, nameSpan: { start: declared.name.start, end: declared.name.end } });
    }
    seek.done();
  }

  /** Lowers the type specifier at the cursor, defining any record or enum written in it. */
  private typeSpecifier(w: Walker, anonymousMember = false): TypeRef {
    const type = w.c.nodeType;
    switch (type) {
      case 'struct_specifier':
      case 'union_specifier':
        return this.record(w, anonymousMember);
      case 'enum_specifier':
        return this.enumSpecifier(w);
      case 'sized_type_specifier': {
        const text = w.nodeText();
        return this.sizedType(splitWords(w, text) ?? this.kids(w).filter((k) => k.type !== 'comment').map((k) => w.text(k.start, k.end)));
      }
      default:
        return this.typeOfText(type, w.nodeText());
    }
  }

  /**
   * The type specifier `kid` (a child of the cursor's node). Most specifiers are read from
   * their type and text alone; the cursor moves (through `seek`) only into records, enums
   * and unusual sized types.
   */
  private typeOfKid(w: Walker, kid: Kid, seek: ChildSeek, anonymousMember = false): TypeRef {
    switch (kid.type) {
      case 'struct_specifier':
      case 'union_specifier':
      case 'enum_specifier':
        seek.to(kid.index);
        return this.typeSpecifier(w, anonymousMember);
      case 'sized_type_specifier': {
        const words = splitWords(w, w.text(kid.start, kid.end));
        if (words) return this.sizedType(words);
        seek.to(kid.index);
        return this.typeSpecifier(w);
      }
      default:
        return this.typeOfText(kid.type, w.text(kid.start, kid.end));
    }
  }

  private sizedType(words: readonly string[]): TypeRef {
    const spelling = words.join(' ');
    const known = this.sizedRefs.get(spelling);
    if (known) return known;
    const scalar = scalarOfWords(words);
    if (!scalar) return unknownType(spelling, `\`${spelling}\` is not a valid C type`);
    const ref: TypeRef = { kind: 'scalar', scalar, spelling };
    this.sizedRefs.set(spelling, ref);
    return ref;
  }

  // Type references that say the same are one object (nothing mutates a TypeRef): fewer
  // model objects for the GC to copy. Keyed by spelling or declaration id.
  private readonly sizedRefs = new Map<string, TypeRef>();
  private readonly namedRefs = new Map<string, TypeRef>();
  private readonly idRefs: Array<TypeRef | undefined> = [];

  private namedScalar(scalar: ScalarKind, text: string): TypeRef {
    let ref = this.namedRefs.get(text);
    if (!ref) this.namedRefs.set(text, (ref = { kind: 'scalar', scalar, spelling: text }));
    return ref;
  }

  /** `{ kind: 'record' | 'enum' | 'typedef', id }` (a typedef's name is its declaration's). */
  private idRef(kind: 'record' | 'enum' | 'typedef', id: DeclId, name?: string): TypeRef {
    const ref = this.idRefs[id];
    if (ref && ref.kind === kind) return ref;
    const made: TypeRef = kind === 'typedef' ? { kind, id, name: name! } : { kind, id };
    this.idRefs[id] = made;
    return made;
  }

  /** The specifiers whose text says all: primitive types, type names, macros, and what is not modelled. */
  private typeOfText(type: string, text: string): TypeRef {
    switch (type) {
      case 'primitive_type': {
        if (text === 'void') return { kind: 'void' };
        const scalar = NAMED_SCALARS.get(text);
        return scalar ? this.namedScalar(scalar, text) : unknownType(text, `\`${text}\` is a type FFI Lens does not model`);
      }
      case 'type_identifier': {
        const id = this.typedefs.get(text);
        if (id !== undefined) return this.idRef('typedef', id, text);
        const scalar = NAMED_SCALARS.get(text);
        if (scalar) return this.namedScalar(scalar, text);
        return unknownType(text, `\`${text}\` is not declared in this file (it comes from a header FFI Lens has not read)`);
      }
      case 'macro_type_specifier':
        return unknownType(text, `\`${text}\` is a macro FFI Lens cannot expand here`);
      default:
        return unknownType(text, `\`${text.slice(0, 40)}\` is a type FFI Lens does not model`);
    }
  }

  private record(w: Walker, anonymousMember: boolean): TypeRef {
    const c = w.c;
    const kind = c.nodeType === 'union_specifier' ? 'union' : 'struct';
    const nodeSpan: Span = { start: c.startIndex, end: c.endIndex };
    const carriers: Node[] = [];
    const nameRow = { row: -1 };
    let tag: string | undefined;
    let nameSpan: Span | undefined;
    let hasBody: boolean;
    // Where the body is: on it already (read from the text) or the child to seek.
    let bodyIndex = -1;
    // (With a body read from the text, the cursor is left on the body.)
    const head = this.recordHead(w, nodeSpan, kind);
    if (head) {
      tag = head.tag;
      nameSpan = head.nameSpan;
      hasBody = head.body;
    } else {
      const kids = this.kids(w, carriers, nameRow);
      const nameKid = kidOf(kids, 'name');
      const bodyKid = kidOf(kids, 'body');
      tag = nameKid ? w.text(nameKid.start, nameKid.end) : undefined;
      nameSpan = nameKid ? { start: nameKid.start, end: nameKid.end } : undefined;
      hasBody = !!bodyKid;
      if (bodyKid) bodyIndex = bodyKid.index;
    }
    if (!hasBody) {
      if (!tag) return unknownType(w.nodeText(), 'a record with neither tag nor body');
      const existing = this.tags.get(tag);
      if (existing !== undefined) return this.idRef('record', existing);
      const id = this.table.decls.length;
      this.table.decls.push(this.placeholder(kind, tag, nodeSpan, nameSpan, this.row(w, nameRow)));
      this.tags.set(tag, id);
      return { kind: 'record', id };
    }
    if (this.recordDepth >= MAX_RECORD_NESTING) {
      if (bodyIndex < 0) c.gotoParent();
      this.problems.push({ span: nodeSpan, message: `records nested more than ${MAX_RECORD_NESTING} deep are not modelled` });
      return unknownType(`${kind} ${tag ?? '(unnamed)'}`, `records nested more than ${MAX_RECORD_NESTING} deep are not modelled`);
    }
    const line = bodyIndex < 0 ? head!.row : this.row(w, nameRow);
    // A tag declared before (forward declaration) is completed in place so earlier uses see the definition.
    let id = tag !== undefined ? this.tags.get(tag) : undefined;
    const existing = id !== undefined ? (this.table.decls[id] as RecordDecl) : undefined;
    if (id === undefined || (existing && existing.fields !== null)) {
      id = this.table.decls.length;
      this.table.decls.push(this.placeholder(kind, tag, nodeSpan, nameSpan, line));
    }
    if (tag !== undefined) this.tags.set(tag, id);
    const attrs = this.attributes(carriers, nodeSpan.start, nodeSpan);
    this.recordDepth++;
    let fields: Field[];
    const seek = new ChildSeek(c);
    try {
      if (bodyIndex >= 0) seek.to(bodyIndex);
      fields = this.fields(w);
    } finally {
      if (bodyIndex >= 0) seek.done();
      else c.gotoParent();
      this.recordDepth--;
    }
    const prior = this.table.decls[id] as RecordDecl;
    const name = prior.name ?? tag;
    // Literals for the common shapes (spreads cost); the key order is the one the model always had.
    const decl: RecordDecl = attrs.alignAs === undefined && this.pack === undefined
      ? nameSpan
        ? { decl: 'record', id, kind, name, nameFromTypedef: prior.nameFromTypedef, fields, packed: attrs.packed, anonymousMember, span: nodeSpan, nameSpan, line }
        : { decl: 'record', id, kind, name, nameFromTypedef: prior.nameFromTypedef, fields, packed: attrs.packed, anonymousMember, span: nodeSpan, line }
      : {
          decl: 'record', id, kind, name, nameFromTypedef: prior.nameFromTypedef, fields,
          packed: attrs.packed,
          ...(attrs.alignAs !== undefined ? { alignAs: attrs.alignAs } : {}),
          ...(this.pack !== undefined ? { maxFieldAlign: this.pack } : {}),
          anonymousMember,
          span: nodeSpan, ...(nameSpan ? { nameSpan } : {}), line,
        };
    this.table.decls[id] = decl;
    return { kind: 'record', id };
  }

  /**
   * A record specifier read from its text: `struct NAME`, or `struct [NAME] {...}` with the
   * name on the specifier's first line (so its line is the specifier's) and nothing else
   * outside the body (no attributes: no carriers). Undefined when the text is anything else,
   * or when a tag without a body is not declared yet (its placeholder needs the name's line).
   * With a body, the cursor is left on it and `row` is the specifier's line.
   */
  private recordHead(w: Walker, nodeSpan: Span, kind: 'struct' | 'union'): { tag: string | undefined; nameSpan: Span | undefined; body: boolean; row: number } | undefined {
    const src = w.source;
    const base = w.base;
    const start = nodeSpan.start - base;
    const end = nodeSpan.end - base;
    let i = start + kind.length;
    if (src.startsWith(kind, start) === false) return undefined;
    const afterKeyword = skipSpace(src, i, end);
    let tag: string | undefined;
    let nameSpan: Span | undefined;
    i = afterKeyword;
    if (i > start + kind.length || !isWordChar(src.charCodeAt(i))) {
      let j = i;
      while (j < end && isWordChar(src.charCodeAt(j))) j++;
      if (j > i) {
        tag = src.slice(i, j);
        if (!isPlainWord(tag)) return undefined;
        nameSpan = { start: i + base, end: j + base };
        if (j === end) {
          // `struct NAME` alone: a reference.
          return this.tags.has(tag) ? { tag, nameSpan, body: false, row: -1 } : undefined;
        }
        i = skipSpace(src, j, end);
      }
    } else {
      return undefined;
    }
    if (src.charCodeAt(i) !== 123 || src.charCodeAt(end - 1) !== 125) return undefined;
    if (tag !== undefined && src.lastIndexOf('\n', i) >= start) return undefined;
    const c = w.c;
    const row = c.startPosition.row;
    // The body is the child at the brace (checked: with errors around, the tree may say otherwise).
    if (!c.gotoFirstChildForIndex(i + base)) return undefined;
    if (c.nodeType === 'field_declaration_list' && c.startIndex === i + base && c.endIndex === nodeSpan.end) return { tag, nameSpan, body: true, row };
    c.gotoParent();
    return undefined;
  }

  /** The line of the specifier's name (read by `kids`), or of the specifier at the cursor. */
  private row(w: Walker, name: { row: number }): number {
    return name.row >= 0 ? name.row : w.c.startPosition.row;
  }

  private placeholder(kind: 'struct' | 'union', tag: string | undefined, nodeSpan: Span, nameSpan: Span | undefined, line: number): RecordDecl {
    const id = this.table.decls.length;
    // Literals for the common shapes (spreads cost), in the model's key order.
    if (tag !== undefined && nameSpan) return { decl: 'record', id, kind, name: tag, nameFromTypedef: false, fields: null, packed: false, anonymousMember: false, span: nodeSpan, nameSpan, line };
    if (tag === undefined && !nameSpan) return { decl: 'record', id, kind, nameFromTypedef: false, fields: null, packed: false, anonymousMember: false, span: nodeSpan, line };
    return {
      decl: 'record', id, kind, ...(tag !== undefined ? { name: tag } : {}), nameFromTypedef: false,
      fields: null, packed: false, anonymousMember: false, span: nodeSpan,
      ...(nameSpan ? { nameSpan } : {}), line,
    };
  }

  /**
   * The members of the record body at the cursor. In a tree without errors, plain members
   * (`unsigned int a : 3;`, `T *p;`, `char s[16];`, see `simpleMember`) are read from the text
   * alone, without visiting their nodes; the cursor jumps to each other child by offset.
   */
  private fields(w: Walker): Field[] {
    const c = w.c;
    const fields: Field[] = [];
    const src = w.source;
    const base = w.base;
    // (One node for the body: whether it has errors decides how much the text says.)
    if (!w.clean && c.currentNode.hasError) {
      // Each member is read from its text when its node has no error (or is an unnamed
      // bit-field, which reads the same either way); the rest from the tree.
      if (!c.gotoFirstChild()) return fields;
      do {
        if (c.nodeType === 'field_declaration') {
          const start = c.startIndex - base;
          const end = c.endIndex - base;
          const n = this.simpleMember(src, base, start, end, fields, true);
          if (n > 0) continue;
          if (n === UNNAMED_NEEDS_CHECK && !c.currentNode.hasError && this.simpleMember(src, base, start, end, fields, true, true) > 0) continue;
        }
        this.fieldChild(w, fields);
      } while (c.gotoNextSibling());
      c.gotoParent();
      return fields;
    }
    const bodyEnd = c.endIndex - base;
    let pos = c.startIndex - base;
    // `{` then the members then `}` (the body has no errors, so both are there).
    if (src.charCodeAt(pos) !== 123 || src.charCodeAt(bodyEnd - 1) !== 125) {
      if (!c.gotoFirstChild()) return fields;
      do this.fieldChild(w, fields);
      while (c.gotoNextSibling());
      c.gotoParent();
      return fields;
    }
    pos++;
    let onChild = false;
    for (;;) {
      pos = skipSpace(src, pos, bodyEnd);
      if (pos >= bodyEnd - 1) break;
      const end = this.simpleMember(src, base, pos, bodyEnd - 1, fields, false);
      if (end > 0) {
        pos = end;
        continue;
      }
      if (onChild) c.gotoParent();
      if (!c.gotoFirstChildForIndex(pos + base)) {
        onChild = false;
        break;
      }
      onChild = true;
      if (c.nodeType !== 'field_declaration' || !this.recordMember(w, fields)) this.fieldChild(w, fields);
      pos = c.endIndex - base;
    }
    if (onChild) c.gotoParent();
    return fields;
  }

  /**
   * A member `struct|union ... NAME;` (the specifier first, then only the name and `;` in the
   * text: no attributes, qualifiers or comments) at the cursor, in a body without errors:
   * the record is lowered as `members` would (`record`, not anonymous, no carriers) and the
   * field built from the text. False (nothing done, cursor unmoved) for anything else.
   */
  private recordMember(w: Walker, fields: Field[]): boolean {
    const c = w.c;
    const src = w.source;
    const base = w.base;
    const start = c.startIndex;
    const end = c.endIndex;
    if (!(src.startsWith('struct', start - base) || src.startsWith('union', start - base))) return false;
    if (this.notes.size !== 0 && this.notes.has(start)) return false;
    // The name: the word before the final `;`.
    if (src.charCodeAt(end - base - 1) !== 59) return false;
    let j = end - base - 1;
    while (j > start - base && (src.charCodeAt(j - 1) === 32 || src.charCodeAt(j - 1) === 10 || src.charCodeAt(j - 1) === 9 || src.charCodeAt(j - 1) === 13)) j--;
    if (src.charCodeAt(j - 1) === 125) return this.anonymousRecordMember(w, fields, j + base);
    const nameEnd = j;
    while (j > start - base && isWordChar(src.charCodeAt(j - 1))) j--;
    const nameStart = j;
    if (nameStart === nameEnd) return false;
    const name = src.slice(nameStart, nameEnd);
    if (!isPlainWord(name) || name === '__int128' || name === UNNAMED) return false;
    if (!c.gotoFirstChild()) return false;
    const t = c.nodeType;
    // The specifier ends right before the name (only whitespace between).
    if ((t !== 'struct_specifier' && t !== 'union_specifier') || c.startIndex !== start || skipSpace(src, c.endIndex - base, nameStart) !== nameStart || c.endIndex - base === nameStart) {
      c.gotoParent();
      return false;
    }
    let type: TypeRef;
    try {
      type = this.record(w, false);
    } finally {
      c.gotoParent();
    }
    fields.push({ name, nameSpan: { start: nameStart + base, end: nameEnd + base }, type, packed: false, span: { start, end } });
    return true;
  }

  /**
   * A member `struct|union { ... };` (the text: the keyword, whitespace, the body, whitespace
   * and `;`; no tag, attributes, qualifiers or comments outside the body) at the cursor, in a
   * body without errors, its specifier ending at `close` (past the `}`): the record is lowered
   * as `members` would (`record`, anonymous, no carriers) and the unnamed field built directly.
   * False (nothing done, cursor unmoved) for anything else.
   */
  private anonymousRecordMember(w: Walker, fields: Field[], close: number): boolean {
    const c = w.c;
    const src = w.source;
    const base = w.base;
    const start = c.startIndex;
    const end = c.endIndex;
    const keyword = src.charCodeAt(start - base) === 115 ? 6 : 5;
    if (src.charCodeAt(skipSpace(src, start - base + keyword, close - base)) !== 123) return false;
    if (!c.gotoFirstChild()) return false;
    const t = c.nodeType;
    if ((t !== 'struct_specifier' && t !== 'union_specifier') || c.startIndex !== start || c.endIndex !== close) {
      c.gotoParent();
      return false;
    }
    let type: TypeRef;
    try {
      type = this.record(w, true);
    } finally {
      c.gotoParent();
    }
    fields.push({ type, packed: false, span: { start, end } });
    return true;
  }

  /** One child of a record body, at the cursor. */
  private fieldChild(w: Walker, fields: Field[]): void {
    const c = w.c;
    switch (c.nodeType) {
      case 'preproc_if':
      case 'preproc_ifdef':
        // Conditional members: take the branch the target's compiler takes.
        for (const f of this.takenBranch(c.currentNode)) {
          if (f && f.type === 'field_declaration') this.withWalker(f, (fw) => this.fieldDeclaration(fw, fields));
        }
        break;
      case 'preproc_call':
        this.directive(c.currentNode);
        break;
      case 'preproc_def':
        this.define(c.currentNode, false);
        break;
      case 'field_declaration':
        this.fieldDeclaration(w, fields);
        break;
      default:
        break;
    }
  }

  /**
   * The type specifier at `toks[i]` of a plain member or typedef read from text: a declared
   * `struct|union|enum TAG`, size modifiers with an optional primitive, a primitive, or a
   * type name. Undefined when the text is anything the tree must decide (`unsigned T x`).
   */
  private textTypeSpecifier(toks: readonly string[], i: number): { type: TypeRef; next: number; tagged: boolean } | undefined {
    const t = toks[i]!;
    if (t === 'struct' || t === 'union' || t === 'enum') {
      const tag = toks[i + 1]!;
      if (!isPlainWord(tag)) return undefined;
      const id = this.tags.get(tag);
      if (id === undefined) return undefined;
      return { type: this.idRef(t === 'enum' ? 'enum' : 'record', id), next: i + 2, tagged: true };
    }
    if (SIZE_MODIFIERS.has(t)) {
      const first = i;
      while (SIZE_MODIFIERS.has(toks[i]!)) i++;
      if (PRIMITIVE_TYPES.has(toks[i]!)) i++;
      // `unsigned T x`, `long int long`: left to the tree.
      if (SIZE_MODIFIERS.has(toks[i]!) || (isPlainWord(toks[i]!) && isPlainWord(toks[i + 1]!))) return undefined;
      return { type: this.sizedType(toks.slice(first, i)), next: i, tagged: false };
    }
    if (PRIMITIVE_TYPES.has(t)) return { type: this.typeOfText('primitive_type', t), next: i + 1, tagged: false };
    if (isPlainWord(t)) return { type: this.typeOfText('type_identifier', t), next: i + 1, tagged: false };
    return undefined;
  }

  /**
   * Reads a plain member starting at `at` (an index in `src`, a record body of a tree without
   * errors) from its text: `[const] TYPE [*]NAME[[N]] [: N];` or `TYPE : N;`, where TYPE is a
   * primitive type, a type name, size words with an optional primitive type, or a tag already
   * declared, and no word is one tree-sitter-c spells as a token. tree-sitter-c reads such
   * text as one `field_declaration` (size words followed by a name take it as the declarator:
   * the type-name reading has dynamic precedence -1), so the member is what `members` makes of
   * it. Appends the field and returns where the member ends; 0 (nothing appended) when the
   * text is anything else or its lowering would report a problem.
   *
   * `onlyUnnamed` (the member's node may have errors): reads only an unnamed bit-field
   * `TYPE : N;` whose TYPE ends in a type word, which `members` reads after the same re-parse
   * (`unnamedBitfieldRewrite`) when the node has errors and from the tree when it has none:
   * either way the type TYPE spells. Any other plain member gives `UNNAMED_NEEDS_CHECK`,
   * to be read (`checked`) once the node is known to have no error. Either way the member
   * must span all of `at`..`limit` (its node).
   */
  private simpleMember(src: string, base: number, at: number, limit: number, fields: Field[], onlyUnnamed: boolean, checked = false): number {
    const notes = this.notes;
    if (notes.size !== 0 && notes.has(at + base)) return 0;
    const toks = this.tokens;
    const n = memberTokens(src, at, limit, toks, this.tokenAt);
    if (n === 0) return 0;
    let i = 0;
    if (toks[0] === 'const') i++;
    if (notes.size !== 0 && i > 0 && notes.has(this.tokenAt[1]! + base)) return 0;
    const spec = this.textTypeSpecifier(toks, i);
    if (!spec) return 0;
    let type: TypeRef = spec.type;
    const tagged = spec.tagged;
    i = spec.next;
    // The declarator: nothing (an unnamed bit-field), NAME, *NAME or NAME[N].
    let nameAt = -1;
    let t = toks[i]!;
    if (t === '*') {
      i++;
      t = toks[i]!;
      if (!isPlainWord(t)) return 0;
      type = { kind: 'pointer', pointee: type };
      nameAt = i++;
    } else if (isPlainWord(t)) {
      nameAt = i++;
    }
    if (nameAt >= 0 && toks[i] === '[') {
      // `T *a[N]` is an array of pointers, as the tree reads it (pointer, then array, declarator).
      const length = this.plainLength(i + 1);
      if (length === undefined) return 0;
      type = { kind: 'array', element: type, length };
      i = this.lengthEnd;
    }
    let bitWidth = -1;
    if (toks[i] === ':') {
      const width = toks[i + 1]!;
      if (type.kind === 'pointer' || type.kind === 'array' || tagged || !isDigits(width)) return 0;
      const v = evaluateLeaf('number_literal', width, this.env())!;
      if (!isConstant(v) || v.value < 0n || v.value > 128n) return 0;
      bitWidth = Number(v.value);
      i += 2;
    } else if (nameAt < 0) {
      return 0;
    }
    if (i !== n - 1) return 0;
    const end = this.tokenAt[n - 1]! + 1;
    // With errors around, the member is its node's text exactly.
    if (onlyUnnamed && end !== limit) return 0;
    if (onlyUnnamed && !checked) {
      if (nameAt >= 0) return UNNAMED_NEEDS_CHECK;
      const words = toks.slice(0, i - 2);
      const last = words[words.length - 1]!;
      if (!(TYPE_KEYWORDS.has(last) || NAMED_SCALARS.has(last) || this.typedefs.has(last))) return UNNAMED_NEEDS_CHECK;
    }
    const memberSpan: Span = { start: at + base, end: end + base };
    // Each shape one literal (no property added later), keys in the order the tree path gives.
    let field: Field;
    if (nameAt >= 0) {
      const s = this.tokenAt[nameAt]! + base;
      const name = toks[nameAt]!;
      const nameSpan: Span = { start: s, end: s + name.length };
      field = bitWidth >= 0
        ? { name, nameSpan, type, packed: false, span: memberSpan, bitWidth }
        : { name, nameSpan, type, packed: false, span: memberSpan };
    } else {
      field = bitWidth >= 0 ? { type, packed: false, span: memberSpan, bitWidth } : { type, packed: false, span: memberSpan };
    }
    fields.push(field);
    return end;
  }

  /**
   * The array length in `this.tokens` from `j` up to `]`: `DIGITS`, `NAME` or `NAME * DIGITS`,
   * NAME an enum constant or a macro whose body is digits (evaluating it has no effect the
   * tree path would not have), the product within its type (so C's wrapping and typing do not
   * change it). Sets `lengthEnd` past the `]`; undefined when the text is anything else.
   */
  private plainLength(j: number): bigint | undefined {
    const toks = this.tokens;
    const first = toks[j]!;
    if (isDigits(first) && toks[j + 1] === ']') {
      const length = evaluateLeaf('number_literal', first, this.env());
      if (!length || !isConstant(length) || (!length.unsigned && length.value < 0n)) return undefined;
      this.lengthEnd = j + 2;
      return length.value;
    }
    if (!isPlainWord(first) || !(this.enumConstants.has(first) || /^\s*\d+\s*$/.test(this.macros.get(first)?.body ?? 'x'))) return undefined;
    const env = this.env();
    const a = evaluateLeaf('identifier', first, env);
    if (!a || !isConstant(a) || a.value < 0n) return undefined;
    if (toks[j + 1] === ']') {
      this.lengthEnd = j + 2;
      return a.value;
    }
    const digits = toks[j + 2]!;
    if (toks[j + 1] !== '*' || !isDigits(digits) || toks[j + 3] !== ']') return undefined;
    const b = evaluateLeaf('number_literal', digits, env);
    if (!b || !isConstant(b) || b.value < 0n) return undefined;
    const product = a.value * b.value;
    if (product >= 1n << BigInt(Math.max(a.bits, b.bits) - 1)) return undefined;
    this.lengthEnd = j + 4;
    return product;
  }

  private lengthEnd = 0;

  /** Scratch for `memberTokens`. */
  private readonly tokens: string[] = [];
  private readonly tokenAt: number[] = [];

  /** Appends the members one `field_declaration` at the cursor declares to `fields`. */
  private fieldDeclaration(w: Walker, fields: Field[]): void {
    const c = w.c;
    const original: Span = { start: c.startIndex, end: c.endIndex };
    const rewritten = this.unnamedBitfieldRewrite(w, original);
    if (rewritten) this.withWalker(rewritten, (rw) => this.members(rw, original, { start: rewritten.startIndex, end: rewritten.endIndex }, fields));
    else this.members(w, original, original, fields);
  }

  /** The members of the declaration at the cursor (`original` is where it is written; `member` where the cursor is). */
  private members(w: Walker, original: Span, member: Span, fields: Field[]): void {
    const c = w.c;
    const carriers: Node[] = [];
    const kids = this.kids(w, carriers);
    const typeKid = kidOf(kids, 'type');
    if (!typeKid) return;
    let hasDeclarator = false;
    let int128Name = false;
    for (const k of kids) {
      if (k.field !== 'declarator') continue;
      hasDeclarator = true;
      if (k.type === 'field_identifier' && w.text(k.start, k.end) === '__int128') int128Name = true;
    }
    const seek = new ChildSeek(c);
    let isAnonymousRecord = false;
    if (!hasDeclarator && (typeKid.type === 'struct_specifier' || typeKid.type === 'union_specifier')) {
      seek.to(typeKid.index);
      const shape = this.kids(w);
      isAnonymousRecord = !kidOf(shape, 'name') && !!kidOf(shape, 'body');
    }
    let base = this.typeOfKid(w, typeKid, seek, isAnonymousRecord);
    // The sized type's children, for the two repairs below (rare: only read when one may apply).
    let sized: Kid[] | undefined;
    if (typeKid.type === 'sized_type_specifier' && (!hasDeclarator || int128Name)) {
      seek.to(typeKid.index);
      sized = this.kids(w);
    }
    const attrs = this.attributes(carriers, undefined, member);
    const enumBitfield = this.notes.get(original.start)?.unnamedEnumBitfield;
    if (enumBitfield !== undefined) {
      // `enum E : 4;` was prepared as `int  E : 4;`: an unnamed bit-field of type enum E.
      const id = this.tags.get(enumBitfield);
      base = id !== undefined ? { kind: 'enum', id } : unknownType(`enum ${enumBitfield}`, `\`enum ${enumBitfield}\` is not declared in this file`);
    }
    // tree-sitter-c reads `short name __attribute__(...)` as the type `short name` with no declarator.
    const misreadName = !hasDeclarator && sized ? kidOf(sized, 'type') : undefined;
    let current: Mutable<Field> | undefined;
    const misread = misreadName ? w.text(misreadName.start, misreadName.end) : '';
    if (misreadName?.type === 'type_identifier' && !this.typedefs.has(misread) && !NAMED_SCALARS.has(misread)) {
      const words = sized!.filter((k) => k.start !== misreadName.start && k.type !== 'comment').map((k) => w.text(k.start, k.end));
      const scalar = scalarOfWords(words);
      base = scalar ? { kind: 'scalar', scalar, spelling: words.join(' ') } : unknownType(words.join(' '), `\`${words.join(' ')}\` is not a valid C type`);
      current = { name: misread, nameSpan: { start: misreadName.start, end: misreadName.end }, type: base, packed: attrs.packed, ...(attrs.alignAs !== undefined ? { alignAs: attrs.alignAs } : {}), span: original };
      fields.push(current);
    }
    if (isAnonymousRecord) {
      seek.done();
      fields.push({ type: base, packed: attrs.packed, ...(attrs.alignAs !== undefined ? { alignAs: attrs.alignAs } : {}), span: member });
      return;
    }
    // Declarators and their bit-field clauses alternate: `unsigned a:3, :0, b:5;`.
    for (const k of kids) {
      if (k.field === 'declarator') {
        let declared: { name: DeclaredName | undefined; type: TypeRef | 'function' };
        if (NAME_TYPES.has(k.type)) {
          // A plain name: nothing to visit.
          declared = { name: { text: w.text(k.start, k.end), start: k.start, end: k.end, row: -1 }, type: base };
        } else {
          seek.to(k.index);
          declared = this.applyDeclarator(w, base, false);
        }
        // `unsigned __int128 : 3;` reads as a member named __int128 of type `unsigned`.
        if (k.type === 'field_identifier' && sized && !kidOf(sized, 'type') && w.text(k.start, k.end) === '__int128') {
          const words = [...sized.map((x) => w.text(x.start, x.end)), '__int128'];
          const scalar = scalarOfWords(words);
          declared = { name: undefined, type: scalar ? { kind: 'scalar', scalar, spelling: words.join(' ') } : unknownType(words.join(' '), 'not a valid C type') };
        }
        // (A MISSING name has no text, so the empty-text test covers it.)
        const named = enumBitfield === undefined && declared.name && declared.name.text !== '' && declared.name.text !== UNNAMED ? declared.name : undefined;
        const type = declared.type;
        if (type === 'function') {
          this.problems.push({ span: { start: k.start, end: k.end }, message: 'a member cannot have function type' });
          current = undefined;
          continue;
        }
        // Literals, not spreads (this runs for every member); the key order is the one the model always had.
        if (attrs.alignAs === undefined) {
          current = named
            ? { name: named.text, nameSpan: { start: named.start, end: named.end }, type, packed: attrs.packed, span: original }
            : { type, packed: attrs.packed, span: original };
        } else {
          current = named
            ? { name: named.text, nameSpan: { start: named.start, end: named.end }, type, packed: attrs.packed, alignAs: attrs.alignAs, span: original }
            : { type, packed: attrs.packed, alignAs: attrs.alignAs, span: original };
        }
        fields.push(current);
      } else if (k.type === 'bitfield_clause') {
        // `: 5` in a tree without errors is a number literal: read from the text, no visit.
        const literal = w.clean ? /^:\s*(\d+)$/.exec(w.text(k.start, k.end)) : null;
        let width: EvalResult;
        if (literal) {
          width = evaluateLeaf('number_literal', literal[1]!, this.env())!;
        } else {
          seek.to(k.index);
          width = this.bitfieldWidth(w);
        }
        if (!current) {
          // `int : 3;` with no declarator at all.
          current = { type: base, packed: attrs.packed, span: member };
          fields.push(current);
        }
        if (isConstant(width)) {
          if (width.value < 0n || width.value > 128n) {
            this.problems.push({ span: { start: k.start, end: k.end }, message: `bit-field width ${width.value} is out of range` });
            current.type = unknownType(w.text(typeKid.start, typeKid.end), `bit-field width ${width.value} is out of range`);
          } else {
            current.bitWidth = Number(width.value);
          }
        } else {
          current.type = unknownType(w.text(typeKid.start, typeKid.end), `bit-field width: ${width.notConstant}`);
        }
      }
    }
    seek.done();
  }

  /** The width in the `bitfield_clause` at the cursor. */
  private bitfieldWidth(w: Walker): EvalResult {
    const c = w.c;
    let width: EvalResult = { notConstant: 'missing width' };
    if (!c.gotoFirstChild()) return width;
    do {
      if (c.nodeIsNamed && c.nodeType !== 'comment') {
        width = this.constant(w);
        break;
      }
    } while (c.gotoNextSibling());
    c.gotoParent();
    return width;
  }

  /**
   * tree-sitter-c misreads an unnamed bit-field whose width is not a plain number
   * (`int32_t : K16;`, `enum E : 1;` reads as C23 `enum E : type`). Such a member is
   * re-parsed with a placeholder name, which is dropped again when lowering it.
   */
  private unnamedBitfieldRewrite(w: Walker, member: Span): Node | undefined {
    const text = w.text(member.start, member.end);
    if (!text.includes(':')) return undefined;
    // Matched without the `d` flag (indices cost) first: most members with a colon are named bit-fields.
    const m = UNNAMED_BITFIELD.exec(text);
    if (!m || m[1]!.includes(',')) return undefined;
    const words = m[1]!.trim().split(/\s+/);
    const last = words[words.length - 1]!;
    const beforeLast = words[words.length - 2];
    // Unnamed when the text before the colon ends in a type, not in a member name.
    const endsInType = TYPE_KEYWORDS.has(last) || NAMED_SCALARS.has(last) || this.typedefs.has(last) ||
      beforeLast === 'enum' || beforeLast === 'struct' || beforeLast === 'union';
    if (!endsInType) return undefined;
    // A literal width is read correctly already (the error check needs a node: only when the tree has errors).
    if (/^\s*\d+\s*$/.test(m[2]!) && (w.clean || !w.c.currentNode.hasError)) return undefined;
    const head = `struct __ffi_lens_tmp { ${m[1]} ${UNNAMED} : `;
    const tree = this.parseExpression(`${head}${m[2]}; };`);
    if (!tree) return undefined;
    this.scratchTrees.push(tree);
    // Notes are keyed by offsets in the file; the width's nodes map back to where it is written.
    const widthAt = new RegExp(UNNAMED_BITFIELD.source, 'ds').exec(text)!.indices![2]![0];
    this.scratchOrigins.set(tree, { scratchStart: head.length, fileStart: member.start + widthAt });
    const fixed = tree.rootNode.descendantsOfType('field_declaration')[0];
    return fixed && !fixed.hasError ? fixed : undefined;
  }

  /**
   * The enumerators of an enum body without errors read from its text, when each is `NAME`
   * or `NAME = literal` (nothing else: no comments, expressions or directives) and every
   * literal is a constant; what the loop over the enumerator nodes computes. Undefined otherwise.
   */
  private plainEnumerators(body: string, first: CInt): { names: string[]; values: bigint[] } | undefined {
    if (body.charCodeAt(0) !== 123 || body.charCodeAt(body.length - 1) !== 125) return undefined;
    const parts = body.slice(1, -1).split(',');
    const names: string[] = [];
    const values: bigint[] = [];
    let next: CInt = first;
    for (let k = 0; k < parts.length; k++) {
      const part = parts[k]!.trim();
      // Only the last part may be empty (a trailing comma, or no enumerators at all).
      if (part === '' && k === parts.length - 1) break;
      const simple = SIMPLE_ENUMERATOR.exec(part);
      if (!simple) return undefined;
      let value: EvalResult = next;
      if (simple[2] !== undefined) {
        value = evaluateLeaf('number_literal', simple[2], this.env())!;
        if (!isConstant(value)) return undefined;
      }
      if (!isConstant(value)) return undefined;
      names.push(simple[1]!);
      values.push(value.value);
      next = { value: value.value + 1n, bits: 64, unsigned: value.unsigned };
    }
    return { names, values };
  }

  private enumSpecifier(w: Walker): TypeRef {
    const c = w.c;
    const nodeSpan: Span = { start: c.startIndex, end: c.endIndex };
    const carriers: Node[] = [];
    const nameRow = { row: -1 };
    const kids = this.kids(w, carriers, nameRow);
    const nameKid = kidOf(kids, 'name');
    const bodyKid = kidOf(kids, 'body');
    const underlyingKid = kidOf(kids, 'underlying_type');
    const tag = nameKid ? w.text(nameKid.start, nameKid.end) : undefined;
    const seek = new ChildSeek(c);
    const fixedText = this.notes.get(nodeSpan.start)?.fixedType;
    let fixedType: TypeRef | undefined;
    if (underlyingKid) {
      seek.to(underlyingKid.index);
      fixedType = this.typeSpecifier(w);
    } else if (fixedText !== undefined) {
      fixedType = this.typeFromText(fixedText);
    }
    if (!bodyKid) {
      const existing = tag !== undefined ? this.tags.get(tag) : undefined;
      if (existing !== undefined) {
        seek.done();
        return { kind: 'enum', id: existing };
      }
    }
    const attrs = this.attributes(carriers, nodeSpan.start, nodeSpan);
    const id = this.table.decls.length;
    let values: bigint[] | null = bodyKid ? [] : null;
    let next: CInt = { value: 0n, bits: this.facts.scalarBits('int'), unsigned: false };
    if (bodyKid) {
      seek.to(bodyKid.index);
      // Enumerators are read from their text when the body has no error (one node to ask).
      const clean = w.clean || !c.currentNode.hasError;
      const plain = clean ? this.plainEnumerators(w.text(bodyKid.start, bodyKid.end), next) : undefined;
      if (plain && values) {
        for (let k = 0; k < plain.names.length; k++) {
          const value = plain.values[k]!;
          values.push(value);
          // Enumerators are ints when they fit, else they take a wider type, as GCC and clang do.
          this.enumConstants.set(plain.names[k]!, { value, bits: 64, unsigned: value > (1n << 63n) - 1n });
        }
      } else if (c.gotoFirstChild()) {
        do {
          if (!values) break;
          if (c.nodeType !== 'enumerator') continue;
          let name: string | undefined;
          let value: EvalResult = next;
          let hasValue = false;
          // Spans are read only for a problem (the cursor is still on the node it names).
          let problemSpan: Span | undefined;
          // `NAME` or `NAME = 123` in a tree without errors: a name and a number literal, read from the text.
          const start = clean ? c.startIndex : -1;
          const end = clean ? c.endIndex : -1;
          const simple = clean ? SIMPLE_ENUMERATOR.exec(w.text(start, end)) : null;
          if (simple) {
            name = simple[1]!;
            const literal = simple[2];
            if (literal !== undefined) {
              value = evaluateLeaf('number_literal', literal, this.env())!;
              // The literal ends the enumerator.
              if (!isConstant(value)) problemSpan = { start: end - literal.length, end };
            }
          } else if (c.gotoFirstChild()) {
            do {
              const field = c.currentFieldName;
              if (field === 'name' && name === undefined) name = w.nodeText();
              else if (field === 'value' && !hasValue) {
                hasValue = true;
                value = this.constant(w);
                if (!isConstant(value)) problemSpan = { start: c.startIndex, end: c.endIndex };
              }
            } while (c.gotoNextSibling());
            c.gotoParent();
          }
          if (!isConstant(value)) {
            this.problems.push({ span: problemSpan ?? { start: c.startIndex, end: c.endIndex }, message: `enumerator value not evaluated: ${value.notConstant}` });
            values = null;
            continue;
          }
          values.push(value.value);
          // Enumerators are ints when they fit, else they take a wider type, as GCC and clang do.
          const asConstant: CInt = { value: value.value, bits: 64, unsigned: value.value > (1n << 63n) - 1n };
          if (name) this.enumConstants.set(name, asConstant);
          next = { value: value.value + 1n, bits: 64, unsigned: value.unsigned };
        } while (c.gotoNextSibling());
        c.gotoParent();
      }
    }
    seek.done();
    const line = this.row(w, nameRow);
    // A literal for the common shape (spreads cost), in the model's key order.
    const decl: EnumDecl = tag !== undefined && nameKid && !fixedType && attrs.alignAs === undefined
      ? { decl: 'enum', id, name: tag, nameFromTypedef: false, values, packed: attrs.packed, span: nodeSpan, nameSpan: { start: nameKid.start, end: nameKid.end }, line }
      : {
          decl: 'enum', id, ...(tag !== undefined ? { name: tag } : {}), nameFromTypedef: false, values,
          ...(fixedType ? { fixedType } : {}),
          packed: attrs.packed, ...(attrs.alignAs !== undefined ? { alignAs: attrs.alignAs } : {}),
          span: nodeSpan, ...(nameKid ? { nameSpan: { start: nameKid.start, end: nameKid.end } } : {}), line,
        };
    this.table.decls.push(decl);
    if (tag !== undefined && bodyKid) this.tags.set(tag, id);
    return { kind: 'enum', id };
  }

  // ---- declarators -----------------------------------------------------

  /**
   * C declarators read inside out: `int (*fp[3])(void)` is an array of 3 pointers to functions.
   * Walks down from the declarator at the cursor and back up again; `wantRow` reads the name's line.
   */
  private applyDeclarator(w: Walker, base: TypeRef | 'function', wantRow: boolean): { name: DeclaredName | undefined; type: TypeRef | 'function' } {
    const c = w.c;
    let type = base;
    let name: DeclaredName | undefined;
    let depth = 0;
    walk: for (let guard = 0; guard < 10_000; guard++) {
      const t = c.nodeType;
      switch (t) {
        case 'identifier':
        case 'field_identifier':
        case 'type_identifier': {
          const start = c.startIndex;
          const end = c.endIndex;
          name = { text: w.text(start, end), start, end, row: wantRow ? c.startPosition.row : -1 };
          break walk;
        }
        case 'pointer_declarator':
        case 'abstract_pointer_declarator':
          type = { kind: 'pointer', pointee: type };
          break;
        case 'array_declarator':
        case 'abstract_array_declarator':
          type = this.arrayOf(w, type);
          break;
        case 'function_declarator':
        case 'abstract_function_declarator':
          type = 'function';
          break;
        case 'parenthesized_declarator':
        case 'abstract_parenthesized_declarator':
        case 'attributed_declarator': {
          // The inner declarator (tokens are unnamed, so no parenthesis matches).
          let found = false;
          if (c.gotoFirstChild()) {
            do {
              const k = c.nodeType;
              if (k.endsWith('declarator') || NAME_TYPES.has(k)) {
                found = true;
                break;
              }
            } while (c.gotoNextSibling());
            if (!found) c.gotoParent();
          }
          if (!found) break walk;
          depth++;
          continue;
        }
        default:
          break walk;
      }
      if (!w.gotoField('declarator')) break;
      depth++;
    }
    for (; depth > 0; depth--) c.gotoParent();
    return { name, type };
  }

  /** The array type of the `array_declarator` at the cursor. */
  private arrayOf(w: Walker, element: TypeRef | 'function'): TypeRef {
    if (element === 'function') return unknownType(w.nodeText(), 'an array of functions is not a C type');
    if (!w.gotoField('size')) return { kind: 'array', element, length: null };
    const sizeText = w.nodeText();
    const n = this.constant(w);
    w.c.gotoParent();
    if (!isConstant(n)) return unknownType(w.nodeText(), `array size \`${sizeText}\`: ${n.notConstant}`);
    if (!n.unsigned && n.value < 0n) return unknownType(w.nodeText(), `array size \`${sizeText}\` is negative (${n.value})`);
    return { kind: 'array', element, length: n.value };
  }

  // ---- attributes ------------------------------------------------------

  /**
   * GCC attributes and C11/C23 alignment specifiers in `carriers` (the children of one
   * node that may hold them); `specifierAt` is where a record or enum specifier starts,
   * for the attribute groups the text preparation moved; `at` is the node's span.
   */
  private attributes(carriers: readonly Node[], specifierAt: number | undefined, at: Span): { packed: boolean; alignAs?: number } {
    // Most declarations have none.
    if (carriers.length === 0 && (specifierAt === undefined || !this.notes.has(specifierAt))) return NO_ATTRIBUTES;
    let packed = false;
    let alignAs: number | undefined;
    const raise = (n: number) => { alignAs = Math.max(alignAs ?? 0, n); };
    // tree-sitter-c wraps all but the last of several attribute groups in ERROR nodes.
    const children = carriers.flatMap((c) => (c.type === 'ERROR' ? c.children : [c]));
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
            const v = arg ? this.constantNode(arg) : undefined;
            if (v && isConstant(v)) raise(Number(v.value));
            else this.problems.push({ span: span(a), message: `alignment not evaluated: ${v && !isConstant(v) ? v.notConstant : 'missing'}` });
          } else if (bare === 'aligned') {
            // Without a value: the target's largest alignment, which its compiler predefines.
            const v = this.identifierValue('__BIGGEST_ALIGNMENT__', false);
            if (v && isConstant(v)) raise(Number(v.value));
            else this.problems.push({ span: span(a), message: '`aligned` without a value: the target\'s largest alignment is not known' });
          }
        }
      } else if (c.type === 'type_qualifier') {
        const alignas = c.namedChildren.find((n) => n?.type === 'alignas_qualifier');
        if (alignas) {
          const arg = alignas.namedChildren.find((n) => n !== null);
          if (!arg) continue;
          const v = arg.type === 'type_descriptor' ? this.sizeofType(arg, 'align') : this.constantNode(arg);
          if (isConstant(v)) { if (v.value > 0n) raise(Number(v.value)); }
          else this.problems.push({ span: span(alignas), message: `alignment not evaluated: ${v.notConstant}` });
        }
      }
    }
    // Attribute groups the text preparation moved out of the way (enum/union before the tag).
    // (A member declaration can start at the same offset as its type: only specifiers take them.)
    const moved = specifierAt !== undefined ? this.notes.get(specifierAt)?.attributes ?? [] : [];
    for (const text of moved) {
      if (/\b(__)?packed(__)?\b/.test(text)) packed = true;
      const m = /\b(?:__)?aligned(?:__)?\s*\((.*)\)\s*\)\)\s*$/s.exec(text);
      if (!m && /\b(?:__)?aligned(?:__)?\b/.test(text)) {
        const v = this.identifierValue('__BIGGEST_ALIGNMENT__', false);
        if (v && isConstant(v)) raise(Number(v.value));
      }
      if (m) {
        const v = this.evaluateText(m[1]!);
        if (isConstant(v)) raise(Number(v.value));
        else this.problems.push({ span: at, message: `alignment not evaluated: ${v.notConstant}` });
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

  /** The constant expression at the cursor: literals and names are read without a node. */
  private constant(w: Walker): EvalResult {
    const env = this.env();
    const type = w.c.nodeType;
    return (LEAF_EXPRESSIONS.has(type) ? evaluateLeaf(type, w.nodeText(), env) : undefined) ?? evaluate(w.c.currentNode, env);
  }

  private constantNode(node: Node): EvalResult {
    return evaluate(node, this.env());
  }

  /** The evaluation environment, made once per lowering (it only closes over the lowering). */
  private env(inPreprocessor = false): EvalEnv {
    if (inPreprocessor) return (this.ppEnv ??= this.makeEnv(true));
    return (this.plainEnv ??= this.makeEnv(false));
  }

  private makeEnv(inPreprocessor: boolean): EvalEnv {
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
    return this.withWalker(node, (w) => {
      const kids = this.kids(w);
      const typeKid = kidOf(kids, 'type');
      if (!typeKid) return unknownType(node.text, 'no type');
      const seek = new ChildSeek(w.c);
      const base = this.typeOfKid(w, typeKid, seek);
      const declaratorKid = kidOf(kids, 'declarator');
      if (!declaratorKid) {
        seek.done();
        return base;
      }
      seek.to(declaratorKid.index);
      const t = this.applyDeclarator(w, base, false).type;
      seek.done();
      return t === 'function' ? unknownType(node.text, 'a function type has no size') : t;
    });
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
    const literal = inner && stringLiteralOf(inner, this.facts.scalarBits('wchar'));
    if (literal) return this.sizeofTypeRef(literal, what);
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

function macroValueNode(tree: Tree): Node | undefined {
  const decl = tree.rootNode.namedChildren.find((c) => c?.type === 'declaration');
  const init = decl?.childForFieldName('declarator');
  if (!init || init.type !== 'init_declarator' || tree.rootNode.hasError) return undefined;
  return init.childForFieldName('value') ?? undefined;
}

/** Lowers a parsed C file for one target. */
export function lowerC(tree: Tree, facts: TargetFacts, parseExpression: ExpressionParser, notes: ReadonlyMap<number, CSyntaxNote> = new Map(), seed?: LowerSeed): CFile {
  const lowering = new Lowering(facts, parseExpression, notes);
  if (seed) lowering.seed(seed);
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
    enumConstants: lowering.enumConstantsRead,
  };
}
