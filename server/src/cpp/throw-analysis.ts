// Which functions of a C++ file can let an exception out, and by which path.
// Each function body is read once for its throw sites (a `throw`, a throwing
// standard-library operation) and its calls to functions of the same file,
// each with the `catch` clauses around it. Summaries (the types that escape a
// function, each with one witness path) are then propagated over the call
// graph to a fixed point. Syntactic and per file: a call to a function whose
// body is not in the file is asked of the other files' summaries the caller
// gives (OtherFileFunctions), else taken not to throw unless it is a known
// library operation; a `noexcept` callee never lets anything out (it
// terminates, and cpp-noexcept-throws reports it). Overloads are chosen by
// argument count. A lambda handed to C as a callback is read apart (C calls
// it later). Bodies' facts are cached across analyses (see the per-body cache).
import type { Node, Tree } from 'web-tree-sitter';
import { BODY_NODE_LIST, bodyNodes as bodyNodesOf, cppFileModel, type CppFileModel, type CppFunction } from './file-model.ts';
import {
  THROWING_METHODS, THROWING_STD_FUNCTIONS, STD_ONLY_WHEN_QUALIFIED, UNKNOWN_TYPE, canonicalType, isAllocatingType, isMapType,
  isOptionalType, isStdException, isStdFunctionType, isStringType, isTupleLikeType, stdBaseOf,
} from './std-library.ts';
import { callbackTakers, lambdaArgument, takerName } from './c-callbacks.ts';
import { argumentCount, byArgumentCount, DescendantIndex, declaratorIndirection, namedChildren, plainType, type Span, type TypedNode } from './syntax.ts';

export interface PathStep extends Span {
  readonly message: string;
  /** Set when the step is in another file of the workspace: `start`/`end` are offsets there. */
  readonly file?: OtherFileRange;
}

/** A range in another file: its path as the workspace names it; 0-based lines, UTF-16 columns. */
export interface OtherFileRange {
  readonly path: string;
  readonly line: number;
  readonly character: number;
  readonly endLine: number;
  readonly endCharacter: number;
}

/** A call the file's own functions do not answer: `parse(s)`, `util::parse(s)`, `p.parse(s)` (receiverClass `Parser`). */
export interface OtherFileCall {
  readonly name: string;
  /** The qualifier written before the name (`util` in `util::parse`), empty when none. */
  readonly scope: string;
  /** For a method call: the class of the receiver. */
  readonly receiverClass?: string;
  readonly argumentCount: number | undefined;
}

/** A function defined in another file that can let exceptions out (its noexcept functions are not answered). */
export interface OtherFileCallee {
  /** `parse` or `Parser::parse`, for messages. */
  readonly label: string;
  /** Where it is defined, for the message of the call step. */
  readonly fileName: string;
  readonly escapes: readonly Escape[];
}

/**
 * The functions of the workspace's other files (ide/cpp-workspace-functions.ts reads them; this
 * folder does no IO): consulted for a call whose callee is not defined in the file.
 */
export interface OtherFileFunctions {
  callees(call: OtherFileCall): readonly OtherFileCallee[];
}

/** One exception type that can leave a function, and how: calls first, the throw site last. */
export interface Escape {
  readonly type: string;
  readonly path: readonly PathStep[];
}

interface ChainedEscape {
  readonly type: string;
  readonly step: PathStep;
  /** The callee's escape this one continues; undefined at the throw site. */
  readonly rest: ChainedEscape | undefined;
}

function materialise(e: ChainedEscape): Escape {
  const path: PathStep[] = [];
  for (let x: ChainedEscape | undefined = e; x; x = x.rest) path.push(x.step);
  return { type: e.type, path };
}

interface Handler {
  readonly all: boolean;
  readonly types: readonly string[];
}

interface ThrowSite {
  readonly types: readonly string[];
  readonly step: PathStep;
  readonly guards: readonly Handler[];
}

/** A call into another file, with what can escape the callee there. */
interface OtherFileCallSite {
  readonly escapes: readonly Escape[];
  readonly step: PathStep;
  readonly guards: readonly Handler[];
}

interface CallSite {
  readonly callees: readonly CppFunction[];
  readonly step: PathStep;
  readonly guards: readonly Handler[];
}

export interface CppThrowAnalysis {
  readonly model: CppFileModel;
  /** The exceptions that can leave the body of `fn` (empty for functions without a body here). */
  escapes(fn: CppFunction): readonly Escape[];
  /** Whether calling `fn` can throw: its body lets something out and it is not noexcept. */
  callCanThrow(fn: CppFunction): boolean;
  /** Functions defined in the file with this unqualified name. */
  definitionsNamed(name: string): readonly CppFunction[];
  /** Whether `type` is caught by a handler for `handlerType` (same type or a base, in the standard's or the file's hierarchy). */
  isA(type: string, handlerType: string): boolean;
  /**
   * Stronger than "no escape found": every operation in the body and in every function it calls is
   * known not to throw (no call of unknown code, no library operation that throws). For `noexcept`.
   */
  provablyNoThrow(fn: CppFunction): boolean;
  /** Lambdas handed to C as callbacks (`qsort(.., [](const void* a, const void* b) {..})`), each with what can escape it. */
  callbackLambdas(): readonly CallbackLambda[];
}

export interface CallbackLambda {
  /** The argument: the lambda itself, `+[]..`, or the variable holding it. */
  readonly argument: Span;
  readonly lambda: Span;
  /** The C function it is handed to. */
  readonly taker: string;
  readonly escapes: readonly Escape[];
}

const analyses = new WeakMap<Tree, { analysis: CppThrowAnalysis; otherFiles: OtherFileFunctions | undefined }>();

/**
 * The analysis of a file's tree, memoised with its model (see cppFileModel for `headerCNames`) and
 * the other files' functions it was given (the host keeps one object per file version).
 */
export function cppThrowAnalysis(tree: Tree, text: string, headerCNames?: ReadonlySet<string>, otherFiles?: OtherFileFunctions): CppThrowAnalysis {
  const model = cppFileModel(tree, text, headerCNames);
  const cached = analyses.get(tree);
  if (cached && cached.analysis.model === model && cached.otherFiles === otherFiles) return cached.analysis;
  const analysis = analyse(model, otherFiles);
  analyses.set(tree, { analysis, otherFiles });
  return analysis;
}

/** A materialised path as a chain again (a callee's path in another file, continued by the call into it). */
function chained(type: string, path: readonly PathStep[]): ChainedEscape | undefined {
  let rest: ChainedEscape | undefined;
  for (let i = path.length - 1; i >= 0; i--) rest = { type, step: path[i]!, rest };
  return rest;
}

const SKIPPED_SUBTREES = new Set(['lambda_expression', 'class_specifier', 'struct_specifier', 'union_specifier', 'function_definition']);

export function analyse(model: CppFileModel, otherFiles?: OtherFileFunctions): CppThrowAnalysis {
  const defs = model.functions.filter((f) => f.body);
  const byName = new Map<string, CppFunction[]>();
  for (const f of defs) byName.set(f.name.simple, [...(byName.get(f.name.simple) ?? []), f]);
  const globals = globalVariableTypes(model);

  // The class hierarchy of the file, for catch clauses naming a base.
  const bases = new Map<string, string[]>();
  for (const c of model.classes.values()) bases.set(c.name, c.bases.map((b) => canonicalType(b.name)));
  const isA = (type: string, handler: string): boolean => {
    if (type === UNKNOWN_TYPE) return false;
    const seen = new Set<string>();
    const queue = [type];
    while (queue.length) {
      const t = queue.pop()!;
      if (t === handler) return true;
      if (seen.has(t)) continue;
      seen.add(t);
      const std = stdBaseOf(t);
      if (std) queue.push(std);
      const shortName = t.replace(/<.*$/s, '').split('::').pop()!;
      queue.push(...(bases.get(t) ?? bases.get(shortName) ?? []));
    }
    return false;
  };
  const caught = (type: string, guards: readonly Handler[]): boolean =>
    guards.some((h) => h.all || h.types.some((t) => isA(type, t)));

  const sites = new Map<CppFunction, BodyFacts>();
  const index = fileIndex(model);
  const takers = callbackTakers(model);
  // A body's facts depend on its own text and on the file's declarations (the context): when both
  // are as at an earlier analysis (an edit inside another body), they are taken from the cache.
  const cache = bodyCacheFor(contextSignature(model, globals, takers));
  const positionOf = new Map(model.functions.map((f, i) => [f, i]));
  const keys = new Map(defs.map((f) => [f, bodyKey(f, model.text)]));
  const usable = (stored: StoredFacts | undefined): stored is StoredFacts => !!stored && (!stored.consultedOtherFiles || stored.otherFiles === otherFiles);
  const misses = defs.filter((f) => !usable(cache.get(keys.get(f)!))).length;
  // Many bodies to read (a file opened): one query for the nodes of every body is cheaper than one per
  // body (each call into tree-sitter has a fixed cost). A few (an edit): only those bodies are queried.
  const within = misses > 32 && misses * 4 > defs.length ? fileWideWithin(model) : bodyNodesOf;
  for (const f of defs) {
    const key = keys.get(f)!;
    const stored = cache.get(key);
    if (usable(stored)) {
      sites.set(f, restore(stored, f.node.startIndex, model.functions));
      continue;
    }
    const facts = readBody(f, model, byName, globals, index, otherFiles, takers, within);
    sites.set(f, facts);
    cache.set(key, store(facts, f.node.startIndex, positionOf, otherFiles));
  }

  // A path is kept as a chain (this step, then the callee's escape): copying it into every caller
  // made propagation quadratic in the length of call chains. Arrays are built when asked for.
  const escapes = new Map<CppFunction, Map<string, ChainedEscape>>();
  for (const f of defs) {
    const out = new Map<string, ChainedEscape>();
    for (const s of sites.get(f)!.throws) {
      for (const t of s.types) if (!out.has(t) && !caught(t, s.guards)) out.set(t, { type: t, step: s.step, rest: undefined });
    }
    for (const c of sites.get(f)!.otherFileCalls) {
      for (const e of c.escapes) if (!out.has(e.type) && !caught(e.type, c.guards)) out.set(e.type, { type: e.type, step: c.step, rest: chained(e.type, e.path) });
    }
    escapes.set(f, out);
  }
  // Propagate to a fixed point with a worklist: when a function gains an escaping type, only its
  // callers are looked at again. A type is added to a function at most once, so this ends.
  const callers = new Map<CppFunction, Set<CppFunction>>();
  for (const f of defs) {
    for (const call of sites.get(f)!.calls) for (const g of call.callees) {
      if (!callers.has(g)) callers.set(g, new Set());
      callers.get(g)!.add(f);
    }
  }
  const queued = new Set(defs);
  const work = [...defs];
  while (work.length) {
    const f = work.pop()!;
    queued.delete(f);
    const out = escapes.get(f)!;
    let grew = false;
    for (const call of sites.get(f)!.calls) {
      for (const g of call.callees) {
        if (g.noexcept || g === f) continue;
        for (const e of escapes.get(g)?.values() ?? []) {
          if (out.has(e.type) || caught(e.type, call.guards)) continue;
          out.set(e.type, { type: e.type, step: call.step, rest: e });
          grew = true;
        }
      }
    }
    if (!grew) continue;
    for (const c of callers.get(f) ?? []) if (!queued.has(c)) { queued.add(c); work.push(c); }
  }
  let provableSet: ReadonlySet<CppFunction> | undefined;
  /** What can leave a lambda handed to C: its own throws and those of what it calls, after propagation. */
  const callbackEscapes = (cb: CallbackLambdaFacts): Escape[] => {
    const out = new Map<string, ChainedEscape>();
    for (const s of cb.throws) for (const t of s.types) if (!out.has(t) && !caught(t, s.guards)) out.set(t, { type: t, step: s.step, rest: undefined });
    for (const c of cb.otherFileCalls) {
      for (const e of c.escapes) if (!out.has(e.type) && !caught(e.type, c.guards)) out.set(e.type, { type: e.type, step: c.step, rest: chained(e.type, e.path) });
    }
    for (const c of cb.calls) {
      for (const g of c.callees) {
        if (g.noexcept) continue;
        for (const e of escapes.get(g)?.values() ?? []) if (!out.has(e.type) && !caught(e.type, c.guards)) out.set(e.type, { type: e.type, step: c.step, rest: e });
      }
    }
    return [...out.values()].map(materialise);
  };
  let callbackList: CallbackLambda[] | undefined;
  return {
    callbackLambdas: () => (callbackList ??= defs.flatMap((f) => sites.get(f)!.callbacks.map((cb) => ({ argument: cb.argument, lambda: cb.lambda, taker: cb.taker, escapes: callbackEscapes(cb) })))),
    model,
    escapes: (fn) => [...(escapes.get(fn)?.values() ?? [])].map(materialise),
    provablyNoThrow: (fn) => (provableSet ??= provable(defs, sites, escapes)).has(fn),
    callCanThrow: (fn) => !fn.noexcept && (escapes.get(fn)?.size ?? 0) > 0,
    definitionsNamed: (name) => byName.get(name) ?? [],
    isA,
  };
}

/** What a lambda's body does, for one handed to C as a callback. */
interface CallbackLambdaFacts {
  readonly argument: Span;
  readonly lambda: Span;
  readonly taker: string;
  readonly throws: readonly ThrowSite[];
  readonly calls: readonly CallSite[];
  readonly otherFileCalls: readonly OtherFileCallSite[];
}

interface BodyFacts {
  readonly throws: ThrowSite[];
  readonly calls: CallSite[];
  readonly otherFileCalls: OtherFileCallSite[];
  readonly callbacks: readonly CallbackLambdaFacts[];
  /** Operations whose throwing is not known either way (a call of code not in the file, a constructor of an unknown type). */
  readonly unknowns: PathStep[];
  /** Whether reading it had a call for the other files (then its facts hold only for the same OtherFileFunctions, or none again). */
  readonly consultedOtherFiles: boolean;
}

/** `bodyNodes` answered from one file-wide query (binary search per body). */
function fileWideWithin(model: CppFileModel): (n: Node) => TypedNode[] {
  const index = new DescendantIndex(model.root, BODY_NODE_LIST);
  return (n) => index.within(n);
}

// ---- The per-body cache -------------------------------------------------------------------------

/** A body's facts kept across analyses: offsets relative to the function's start, callees by position in the model. */
interface StoredFacts {
  readonly throws: readonly ThrowSite[];
  readonly calls: readonly { readonly callees: readonly number[]; readonly step: PathStep; readonly guards: readonly Handler[] }[];
  readonly otherFileCalls: readonly OtherFileCallSite[];
  readonly unknowns: readonly PathStep[];
  readonly callbacks: readonly (Omit<CallbackLambdaFacts, 'calls'> & { readonly calls: StoredFacts['calls'] })[];
  readonly consultedOtherFiles: boolean;
  readonly otherFiles: OtherFileFunctions | undefined;
}

/** Caches by context signature, the most recent last; a few files analysed in turn each keep theirs. */
const bodyCaches = new Map<string, Map<string, StoredFacts>>();
const MAX_CONTEXTS = 8;
const MAX_BODIES = 50_000;

/** Forgets every cached body (tests compare cached against fresh analyses). */
export function clearBodyCache(): void {
  bodyCaches.clear();
}

function bodyCacheFor(signature: string): Map<string, StoredFacts> {
  let cache = bodyCaches.get(signature);
  if (cache) bodyCaches.delete(signature);
  else cache = new Map();
  if (cache.size > MAX_BODIES) cache.clear();
  bodyCaches.set(signature, cache);
  while (bodyCaches.size > MAX_CONTEXTS) bodyCaches.delete(bodyCaches.keys().next().value!);
  return cache;
}

/**
 * Everything a body's reading consults outside the body, as text: the file's functions in order
 * (name, owner, specifiers, the text up to the body: return type, parameters), its
 * classes (bases and members), global variables and callback takers.
 */
function contextSignature(model: CppFileModel, globals: ReadonlyMap<string, string>, takers: ReadonlyMap<string, readonly number[]>): string {
  const parts: string[] = [];
  for (const f of model.functions) {
    // The text up to the body holds the return type, the name, the parameters (so the arity) and the specifiers.
    const header = model.text.slice(f.node.startIndex, f.body ? f.body.startIndex : f.node.endIndex);
    parts.push(`${f.owner ?? ''}|${f.name.simple}|${+f.noexcept}${+f.cLinkage}${+f.isConstructor}${+f.isDestructor}${+!!f.body}|${header}`);
  }
  for (const c of model.classes.values()) {
    parts.push(`class ${c.name} ${c.key}: ${c.bases.map((b) => `${b.name}${b.isVirtual ? ' v' : ''}`).join(',')} {${c.members.map((m) => `${m.kind} ${m.name} ${m.type}${m.isStatic ? ' s' : ''}`).join(';')}}`);
  }
  for (const [name, type] of globals) parts.push(`global ${name} ${type}`);
  for (const [name, positions] of takers) parts.push(`taker ${name} ${positions.join(',')}`);
  return parts.join('\n');
}

function bodyKey(f: CppFunction, text: string): string {
  return `${f.owner ?? ''}\0${f.name.simple}\0${+f.cLinkage}${+f.noexcept}\0${text.slice(f.node.startIndex, f.node.endIndex)}`;
}

function moved(s: PathStep, by: number): PathStep {
  return by === 0 ? s : { ...s, start: s.start + by, end: s.end + by };
}

function store(facts: BodyFacts, base: number, positionOf: ReadonlyMap<CppFunction, number>, otherFiles: OtherFileFunctions | undefined): StoredFacts {
  const calls = (list: readonly CallSite[]): StoredFacts['calls'] => list.map((c) => ({ callees: c.callees.map((g) => positionOf.get(g)!), step: moved(c.step, -base), guards: c.guards }));
  const throws = (list: readonly ThrowSite[]): ThrowSite[] => list.map((t) => ({ ...t, step: moved(t.step, -base) }));
  const others = (list: readonly OtherFileCallSite[]): OtherFileCallSite[] => list.map((c) => ({ ...c, step: moved(c.step, -base) }));
  return {
    throws: throws(facts.throws), calls: calls(facts.calls), otherFileCalls: others(facts.otherFileCalls), unknowns: facts.unknowns.map((u) => moved(u, -base)),
    callbacks: facts.callbacks.map((cb) => ({ ...cb, argument: { start: cb.argument.start - base, end: cb.argument.end - base }, lambda: { start: cb.lambda.start - base, end: cb.lambda.end - base }, throws: throws(cb.throws), calls: calls(cb.calls), otherFileCalls: others(cb.otherFileCalls) })),
    consultedOtherFiles: facts.consultedOtherFiles, otherFiles,
  };
}

function restore(stored: StoredFacts, base: number, functions: readonly CppFunction[]): BodyFacts {
  const calls = (list: StoredFacts['calls']): CallSite[] => list.map((c) => ({ callees: c.callees.map((i) => functions[i]!), step: moved(c.step, base), guards: c.guards }));
  const throws = (list: readonly ThrowSite[]): ThrowSite[] => list.map((t) => ({ ...t, step: moved(t.step, base) }));
  const others = (list: readonly OtherFileCallSite[]): OtherFileCallSite[] => list.map((c) => ({ ...c, step: moved(c.step, base) }));
  const span = (x: Span): Span => ({ start: x.start + base, end: x.end + base });
  return {
    throws: throws(stored.throws), calls: calls(stored.calls), otherFileCalls: others(stored.otherFileCalls), unknowns: stored.unknowns.map((u) => moved(u, base)),
    callbacks: stored.callbacks.map((cb) => ({ ...cb, argument: span(cb.argument), lambda: span(cb.lambda), throws: throws(cb.throws), calls: calls(cb.calls), otherFileCalls: others(cb.otherFileCalls) })),
    consultedOtherFiles: stored.consultedOtherFiles,
  };
}

/** Greatest fixed point: a function is provably non-throwing unless it, or a function it calls, has an escape or an unknown operation. */
function provable(defs: readonly CppFunction[], sites: ReadonlyMap<CppFunction, BodyFacts>, escapes: ReadonlyMap<CppFunction, ReadonlyMap<string, ChainedEscape>>): ReadonlySet<CppFunction> {
  const ok = new Map<CppFunction, boolean>();
  for (const f of defs) ok.set(f, (escapes.get(f)?.size ?? 0) === 0 && sites.get(f)!.unknowns.length === 0);
  for (let changed = true; changed;) {
    changed = false;
    for (const f of defs) {
      if (!ok.get(f)) continue;
      if (sites.get(f)!.calls.some((c) => c.callees.some((g) => !g.noexcept && ok.get(g) === false))) { ok.set(f, false); changed = true; }
    }
  }
  return new Set(defs.filter((f) => ok.get(f)));
}

/** Names declared at file or namespace scope, with their written type. */
function globalVariableTypes(model: CppFileModel): Map<string, string> {
  const out = new Map<string, string>();
  for (const n of model.globalDeclarations) addDeclared(n, out);
  return out;
}

/** Records the names a declaration or parameter introduces with their type (`*` appended for pointers). */
function addDeclared(n: Node, out: Map<string, string>, deduce?: (value: Node) => string | undefined): void {
  const type = n.childForFieldName('type')?.text;
  if (!type) return;
  const isAuto = plainType(type) === 'auto';
  for (const d of n.childrenForFieldName('declarator')) {
    if (!d) continue;
    let id: Node | null = d;
    for (let i = 0; id && i < 16 && id.type !== 'identifier' && id.type !== 'field_identifier'; i++) {
      if (id.type === 'function_declarator') return;
      id = id.childForFieldName('declarator') ?? namedChildren(id).find((c) => c.type.endsWith('identifier') || c.type.endsWith('declarator')) ?? null;
    }
    if (!id) continue;
    // `auto x = f();`, `auto& t = table();`, `auto p = new T;`: the type the initialiser names, when it names one.
    const value = isAuto && d.type === 'init_declarator' ? d.childForFieldName('value') : null;
    const deduced = value && deduce ? deduce(value) : undefined;
    if (deduced) { out.set(id.text, deduced); continue; }
    out.set(id.text, declaratorIndirection(d) === 'pointer' ? `${plainType(type)}*` : plainType(type));
  }
}

/** Lookups every body needs, built once per file. */
interface FileIndex {
  /** Functions only declared here, by name. */
  readonly declaredOnly: ReadonlyMap<string, CppFunction>;
  /** A class and every class derived from it, by name. */
  derivedOrSelf(cls: string): ReadonlySet<string>;
}

function fileIndex(model: CppFileModel): FileIndex {
  const declaredOnly = new Map<string, CppFunction>();
  for (const f of model.functions) if (!f.body && !declaredOnly.has(f.name.simple)) declaredOnly.set(f.name.simple, f);
  const derived = new Map<string, string[]>();
  for (const c of model.classes.values()) {
    for (const b of c.bases) {
      const base = b.name.replace(/<.*$/s, '').split('::').pop() ?? '';
      derived.set(base, [...(derived.get(base) ?? []), c.name]);
    }
  }
  const memo = new Map<string, Set<string>>();
  return {
    declaredOnly,
    derivedOrSelf(cls) {
      let out = memo.get(cls);
      if (out) return out;
      out = new Set([cls]);
      const queue = [cls];
      while (queue.length) for (const d of derived.get(queue.pop()!) ?? []) if (!out.has(d)) { out.add(d); queue.push(d); }
      memo.set(cls, out);
      return out;
    },
  };
}

function readBody(fn: CppFunction, model: CppFileModel, byName: ReadonlyMap<string, CppFunction[]>, globals: ReadonlyMap<string, string>, index: FileIndex, otherFiles: OtherFileFunctions | undefined, takers: ReadonlyMap<string, readonly number[]>, within: (n: Node) => TypedNode[]): BodyFacts {
  // `let`: a lambda handed to C is read into lists of its own (see the end of this function).
  let throws: ThrowSite[] = [];
  let calls: CallSite[] = [];
  const unknowns: PathStep[] = [];
  let otherFileCalls: OtherFileCallSite[] = [];
  const callbacks: CallbackLambdaFacts[] = [];
  const handedToC: { arg: Node; taker: string; body: Node }[] = [];
  let consultedOtherFiles = false;
  const body = fn.body;
  if (!body) return { throws, calls, unknowns, otherFileCalls, callbacks, consultedOtherFiles };

  // Variable types: locals and parameters shadow class members, which shadow globals.
  const vars = new Map(globals);
  const owner = fn.owner ? model.classes.get(fn.owner) : undefined;
  for (const m of owner?.members ?? []) if (m.kind === 'data') vars.set(m.name, m.type);
  const params = fn.declarator.childForFieldName('parameters');
  for (const p of params ? namedChildren(params) : []) addDeclared(p, vars);
  // Lambdas held in local variables: their bodies run where the variable is called.
  const lambdas = new Map<string, Node>();
  const deduce = (value: Node): string | undefined => {
    if (value.type === 'new_expression') {
      const t = value.childForFieldName('type')?.text;
      return t ? `${plainType(t)}*` : undefined;
    }
    if (value.type === 'compound_literal_expression') return plainType(value.childForFieldName('type')?.text ?? '') || undefined;
    if (value.type !== 'call_expression') return undefined;
    const f = value.childForFieldName('function');
    if (!f || (f.type !== 'identifier' && f.type !== 'qualified_identifier')) return undefined;
    const name = f.text.split('::').pop()!;
    if (model.classes.has(name)) return name;
    const callee = (byName.get(name) ?? []).find((c) => !c.owner || c.node.childForFieldName('type'));
    const ret = callee?.node.childForFieldName('type')?.text;
    if (!callee || !ret || plainType(ret) === 'auto') return undefined;
    return declaratorIndirection(callee.node.childForFieldName('declarator')) === 'pointer' ? `${plainType(ret)}*` : plainType(ret);
  };
  // One call into tree-sitter for the nodes of the body that matter (walking every node from
  // JavaScript costs a crossing per node, and dominates on large files).
  const bodyNodes = within(body);
  for (const { node: n, type } of outsideSkipped(bodyNodes)) {
    if (type === 'declaration' || type === 'parameter_declaration') addDeclared(n, vars, deduce);
    const value = type === 'init_declarator' ? n.childForFieldName('value') : null;
    const lambda = value ? lambdaArgument(value) : undefined;
    if (lambda) {
      // `auto f = [](..) {..};`, and a capture-less lambda converted: `int (*cmp)(const void*, const void*) = [](..) {..};`.
      let id: Node | null = n.childForFieldName('declarator');
      for (let i = 0; id && id.type !== 'identifier' && i < 16; i++) id = id.childForFieldName('declarator') ?? namedChildren(id)[0] ?? null;
      const lambdaBody = lambda.childForFieldName('body');
      if (id?.type === 'identifier' && lambdaBody) lambdas.set(id.text, lambdaBody);
    }
  }
  const typeOf = (expr: Node | null): string | undefined => {
    if (!expr) return undefined;
    if (expr.type === 'identifier' || expr.type === 'field_identifier') return vars.get(expr.text);
    if (expr.type === 'field_expression') return typeOf(expr.childForFieldName('field'));
    if (expr.type === 'pointer_expression' || expr.type === 'parenthesized_expression') return typeOf(namedChildren(expr).pop() ?? null);
    return undefined;
  };
  const step = (n: Node, message: string): PathStep => ({ start: n.startIndex, end: n.endIndex, message });
  const snippet = (n: Node): string => {
    // From the file's text, and only its start: a site can be a long expression.
    const t = model.text.slice(n.startIndex, Math.min(n.endIndex, n.startIndex + 200)).replace(/\s+/g, ' ');
    return t.length > 60 ? `${t.slice(0, 57)}...` : t;
  };
  const isFileClass = (name: string): boolean => model.classes.has(name.replace(/<.*$/s, '').split('::').pop() ?? '');
  const constructorsOf = (name: string): CppFunction[] => {
    const cls = name.replace(/<.*$/s, '').split('::').pop() ?? '';
    return (byName.get(cls) ?? []).filter((f) => f.isConstructor);
  };

  interface Frame { readonly guards: readonly Handler[]; readonly rethrows: readonly string[] | undefined }
  /** Lambda bodies to read once the subtree of the call that runs them is done (the order of a depth-first walk). */
  let pending: { body: Node; frame: Frame }[] = [];
  const site = (n: Node, types: readonly string[], message: string, guards: readonly Handler[]): void => {
    throws.push({ types, step: step(n, message), guards });
  };
  const call = (n: Node, callees: readonly CppFunction[], guards: readonly Handler[]): void => {
    const first = callees[0];
    if (first) calls.push({ callees, step: step(n, `calls \`${first.owner ? `${first.owner}::` : ''}${first.name.simple}\``), guards });
  };

  /**
   * Reads the region under `root` as a depth-first walk would, from the pre-ordered list of its
   * interesting descendants: a try statement gives its body one more handler and its catch
   * clauses the caught types to rethrow; lambdas, local classes and nested functions are skipped.
   */
  const readRegion = (root: Node, rootFrame: Frame, nodes: readonly TypedNode[]): void => {
    interface Open { readonly end: number; readonly start: number; readonly frameOf: (n: Node) => Frame | undefined; readonly after: { body: Node; frame: Frame }[] }
    const open: Open[] = [];
    const close = (o: Open): void => {
      // Lambda bodies queued by a call run after the call's own subtree, last queued first.
      for (let i = o.after.length - 1; i >= 0; i--) readRegion(o.after[i]!.body, o.after[i]!.frame, within(o.after[i]!.body));
    };
    const enter = (n: Node, type: string, frame: Frame): void => {
      if (type === 'try_statement') {
        const tryBody = n.childForFieldName('body');
        const withHandler: Frame = { guards: [...frame.guards, readHandlers(n)], rethrows: frame.rethrows };
        const clauses = namedChildren(n).filter((c) => c.type === 'catch_clause').flatMap((clause) => {
          const clauseBody = clause.childForFieldName('body');
          return clauseBody ? [{ start: clauseBody.startIndex, end: clauseBody.endIndex, frame: { guards: frame.guards, rethrows: catchTypes(clause) ?? [UNKNOWN_TYPE] } }] : [];
        });
        const frameOf = (x: Node): Frame | undefined => {
          if (tryBody && x.startIndex >= tryBody.startIndex && x.endIndex <= tryBody.endIndex) return withHandler;
          return clauses.find((c) => x.startIndex >= c.start && x.endIndex <= c.end)?.frame;
        };
        open.push({ start: n.startIndex, end: n.endIndex, frameOf, after: [] });
        return;
      }
      pending = [];
      handle(n, type, frame);
      const after = pending;
      pending = [];
      open.push({ start: n.startIndex, end: n.endIndex, frameOf: () => frame, after });
    };
    enter(root, root.type, rootFrame);
    for (const { node: n, type } of nodes) {
      if (n.id === root.id) continue;
      while (open.length > 1 && !(n.startIndex >= open[open.length - 1]!.start && n.endIndex <= open[open.length - 1]!.end)) close(open.pop()!);
      const frame = open[open.length - 1]!.frameOf(n);
      if (!frame || SKIPPED_SUBTREES.has(type)) { open.push({ start: n.startIndex, end: n.endIndex, frameOf: () => undefined, after: [] }); continue; }
      enter(n, type, frame);
    }
    while (open.length) close(open.pop()!);
  };
  const handle = (n: Node, type: string, frame: Frame): void => {
    const guards = frame.guards;
  switch (type) {
    case 'throw_statement': {
      const expr = namedChildren(n)[0];
      if (!expr) {
        const types = frame.rethrows ?? [UNKNOWN_TYPE];
        site(n, types, `\`throw;\` rethrows ${types.map(show).join(' or ')}`, guards);
      } else {
        const t = thrownType(expr, typeOf, isFileClass);
        site(n, [t], `\`${snippet(n)}\` throws ${show(t)}`, guards);
      }
      break;
    }
    case 'new_expression': {
      const placement = n.childForFieldName('placement');
      if (!placement) site(n, ['std::bad_alloc'], `\`${snippet(n)}\` can throw std::bad_alloc`, guards);
      const type = n.childForFieldName('type')?.text;
      if (type && isFileClass(type) && (!placement || /nothrow/.test(placement.text))) call(n, constructorsOf(type), guards);
      break;
    }
    case 'declaration': {
      const type = n.childForFieldName('type')?.text ?? '';
      for (const d of n.childrenForFieldName('declarator')) {
        if (!d || declaratorIndirection(d) !== 'none') continue;
        const initialised = d.type === 'init_declarator' || looksLikeConstruction(d, vars);
        if (initialised && isAllocatingType(type)) site(d, ['std::bad_alloc'], `constructing \`${snippet(d)}\` (${plainType(type)}) can throw std::bad_alloc`, guards);
        const constructionThrows = throwingConstruction(type);
        if (d.type !== 'identifier' && constructionThrows) site(d, constructionThrows, `constructing \`${snippet(d)}\` (${plainType(type)}) can throw ${constructionThrows.join(' or ')}`, guards);
        if (isFileClass(type)) call(d, constructorsOf(type), guards);
        else if (!isScalarType(type) && !isAllocatingType(type) && !throwingConstruction(type)) unknown(d);
      }
      break;
    }
    case 'compound_literal_expression': {
      const type = n.childForFieldName('type')?.text;
      if (type && isFileClass(type) && n.parent?.type !== 'throw_statement') call(n, constructorsOf(type), guards);
      break;
    }
    case 'binary_expression':
    case 'assignment_expression': {
      const op = n.childForFieldName('operator')?.text;
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      // Looks a few levels down the left operand (`s + "a" + "b"`), not the whole chain: long chains stay linear.
      const stringy = (e: Node | null, depth = 0): boolean => !!e && depth < 4 && (isStringType(typeOf(e) ?? '') || /^(std::)?string\s*\(/.test(e.text.slice(0, 64)) || (e.type === 'binary_expression' && stringy(e.childForFieldName('left'), depth + 1)));
      if ((op === '+' && (stringy(left) || stringy(right))) || (op === '+=' && stringy(left)) || (op === '=' && stringy(left) && n.type === 'assignment_expression' && !/^(nullptr|\{\s*\})$/.test(right?.text ?? ''))) {
        site(n, ['std::bad_alloc'], `\`${snippet(n)}\` builds a std::string and can throw std::bad_alloc`, guards);
      }
      // An operator overloaded by a class of the file.
      const leftType = typeOf(left);
      if (op && leftType && !leftType.endsWith('*') && isFileClass(leftType)) call(n, byName.get(`operator${op}`) ?? [], guards);
      break;
    }
    case 'subscript_expression': {
      const arg = n.childForFieldName('argument');
      if (isMapType(typeOf(arg) ?? '')) site(n, ['std::bad_alloc'], `\`${snippet(n)}\` inserts into a map and can throw std::bad_alloc`, guards);
      break;
    }
    case 'call_expression':
      readCall(n, guards);
      break;
  }
  };
  // A constructor's member initialisers run before its body.
  const initialisers = namedChildren(fn.node).find((c) => c.type === 'field_initializer_list');
  if (initialisers) readRegion(initialisers, { guards: [], rethrows: undefined }, within(initialisers));
  readRegion(body, { guards: [], rethrows: undefined }, bodyNodes);
  // Lambdas handed to C as callbacks: C calls them later, outside any handler here, so their bodies are
  // read apart (their own throws, calls and handlers) and reported by cpp-throwing-c-callback, not as
  // an escape of this function. One handed to C inside another is queued the same way.
  const own = { throws, calls, otherFileCalls };
  for (let i = 0; i < handedToC.length; i++) {
    const h = handedToC[i]!;
    throws = [];
    calls = [];
    otherFileCalls = [];
    readRegion(h.body, { guards: [], rethrows: undefined }, within(h.body));
    const lambda = h.body.parent ?? h.body;
    callbacks.push({ argument: { start: h.arg.startIndex, end: h.arg.endIndex }, lambda: { start: lambda.startIndex, end: lambda.endIndex }, taker: h.taker, throws, calls, otherFileCalls });
  }
  return { ...own, unknowns, callbacks, consultedOtherFiles };

  /** A call no function of the file answers: the workspace's other files may define the callee. */
  function callIntoOtherFiles(n: Node, partial: Omit<OtherFileCall, 'argumentCount'>, guards: readonly Handler[]): void {
    // Also without other files: the same body read with them would differ.
    consultedOtherFiles = true;
    if (!otherFiles) return;
    for (const callee of otherFiles.callees({ ...partial, argumentCount: argumentCount(n) })) {
      if (callee.escapes.length) otherFileCalls.push({ escapes: callee.escapes, step: step(n, `calls \`${callee.label}\` (defined in ${callee.fileName})`), guards });
    }
  }

  function unknown(n: Node): void {
    unknowns.push(step(n, `\`${snippet(n)}\` calls code whose exceptions are not known`));
  }

  function readCall(n: Node, guards: readonly Handler[]): void {
    const callee = n.childForFieldName('function');
    const args = n.childForFieldName('arguments');
    if (!callee) return;
    // A lambda called where it is written, or through the local variable holding it.
    const lambdaBody = callee.type === 'lambda_expression' ? callee.childForFieldName('body') : callee.type === 'identifier' ? lambdas.get(callee.text) : undefined;
    if (lambdaBody) { pending.push({ body: lambdaBody, frame: { guards, rethrows: undefined } }); return; }
    const firstArg = args ? namedChildren(args)[0] : undefined;
    // A lambda handed to a function (std::sort, std::for_each, ...) is taken to be called by it, here.
    // Unless the function is C code taking a callback there: then C calls it (see handedToC).
    const taker = callee.type === 'identifier' || callee.type === 'qualified_identifier' ? takerName(callee) : '';
    const callbackPositions = taker ? takers.get(taker) : undefined;
    for (const [i, a] of (args ? namedChildren(args) : []).entries()) {
      const inPlace = lambdaArgument(a);
      const passed = inPlace ? inPlace.childForFieldName('body') : a.type === 'identifier' ? lambdas.get(a.text) : undefined;
      if (passed && callbackPositions?.includes(i)) { handedToC.push({ arg: a, taker, body: passed }); unknown(a); continue; }
      if (passed) pending.push({ body: passed, frame: { guards, rethrows: undefined } });
    }
    if (callee.type === 'field_expression') {
      const method = callee.childForFieldName('field')?.text ?? '';
      const receiver = callee.childForFieldName('argument');
      const receiverType = typeOf(receiver);
      const fileMethods = (byName.get(method) ?? []).filter((f) => f.owner !== undefined);
      const receiverIsFileClass = receiverType !== undefined && isFileClass(receiverType.replace(/\*$/, ''));
      if (!receiverIsFileClass) {
        const lib = THROWING_METHODS.get(method);
        if (lib) site(n, lib, `\`${snippet(n)}\` can throw ${lib.map(show).join(' or ')}`, guards);
        if (method === 'value' && isOptionalType(receiverType ?? '')) site(n, ['std::bad_optional_access'], `\`${snippet(n)}\` can throw std::bad_optional_access`, guards);
        if (isStdFunctionType(receiverType ?? '') && method === 'operator()') site(n, [UNKNOWN_TYPE], `\`${snippet(n)}\` calls a std::function, which can throw anything its target throws`, guards);
      }
      const receiverClass = receiverType?.replace(/\*$/, '').replace(/<.*$/s, '').split('::').pop();
      // A virtual call may land in an override of any class derived from the receiver's.
      const receivers = receiverIsFileClass ? index.derivedOrSelf(receiverClass ?? '') : undefined;
      const methods = overloadsFor(n, receivers ? fileMethods.filter((f) => receivers.has(f.owner ?? '')) : fileMethods);
      call(n, methods, guards);
      // A class the file does not define (declared in a header): its methods may be defined in another file.
      if (!methods.length && receiverClass && !receiverIsFileClass && !/^std::/.test(receiverType ?? '')) {
        callIntoOtherFiles(n, { name: method, scope: '', receiverClass }, guards);
      }
      if (!methods.length && !THROWING_METHODS.has(method) && !NOTHROW_METHODS.has(method)) unknown(n);
      const memberType = typeOf(callee);
      if (isStdFunctionType(memberType ?? '')) site(n, [UNKNOWN_TYPE], `\`${snippet(n)}\` calls a std::function, which can throw anything its target throws`, guards);
      return;
    }
    // Free functions, qualified names and templates: `f(x)`, `std::stoi(s)`, `std::get<0>(v)`, `dynamic_cast<T&>(b)`.
    let nameNode: Node | null = callee;
    let scope = '';
    while (nameNode && nameNode.type === 'qualified_identifier') {
      scope = nameNode.childForFieldName('scope')?.text ?? '';
      nameNode = nameNode.childForFieldName('name');
    }
    if (!nameNode) return;
    const isTemplate = nameNode.type === 'template_function' || nameNode.type === 'template_type';
    const name = (isTemplate ? nameNode.childForFieldName('name')?.text : nameNode.text) ?? '';
    const templateArgs = isTemplate ? nameNode.childForFieldName('arguments') : null;
    const isStd = scope === 'std';
    if (!scope && (name === 'dynamic_cast') && templateArgs && templateArgs.descendantsOfType('abstract_reference_declarator').length) {
      site(n, ['std::bad_cast'], `\`${snippet(n)}\` to a reference can throw std::bad_cast`, guards);
      return;
    }
    if (CASTS.has(name) && !scope) return;
    if (isStd && !THROWING_STD_FUNCTIONS.has(name) && !NOTHROW_FUNCTIONS.has(name) && !['get', 'any_cast', 'string', 'wstring'].includes(name) && !isAllocatingType(`std::${name}`)) unknown(n);
    if (isStd || !scope) {
      const qualifiedEnough = isStd || !STD_ONLY_WHEN_QUALIFIED.has(name) || (isTemplate && (name === 'get' || name === 'any_cast'));
      const fileDefined = !isStd && byName.has(name);
      if (qualifiedEnough && !fileDefined) {
        const lib = THROWING_STD_FUNCTIONS.get(name);
        if (lib) site(n, lib, `\`${snippet(n)}\` can throw ${lib.map(show).join(' or ')}`, guards);
        if (name === 'get' && isTemplate && !isTupleLikeType(typeOf(firstArg ?? null) ?? '') && !/^std::(tuple|pair|array)\b/.test(firstArg?.text ?? '')) {
          site(n, ['std::bad_variant_access'], `\`${snippet(n)}\` on a variant can throw std::bad_variant_access`, guards);
        }
        if (name === 'any_cast' && isTemplate && firstArg && !(firstArg.type === 'pointer_expression' && firstArg.text.startsWith('&')) && !/\*$/.test(typeOf(firstArg) ?? '')) {
          site(n, ['std::bad_any_cast'], `\`${snippet(n)}\` can throw std::bad_any_cast`, guards);
        }
        if (isTemplate && isAllocatingType(`${scope ? `${scope}::` : ''}${nameNode.text}`) && args && namedChildren(args).length) {
          site(n, ['std::bad_alloc'], `\`${snippet(n)}\` can throw std::bad_alloc`, guards);
        }
        if ((name === 'string' || name === 'wstring') && (isStd || !scope) && args && namedChildren(args).length) {
          site(n, ['std::bad_alloc'], `\`${snippet(n)}\` can throw std::bad_alloc`, guards);
        }
      }
    }
    if (isStd) return;
    // A std::function called by name.
    if (!scope && isStdFunctionType(vars.get(name) ?? '')) {
      site(n, [UNKNOWN_TYPE], `\`${snippet(n)}\` calls a std::function, which can throw anything its target throws`, guards);
      return;
    }
    if (vars.has(name) && !byName.has(name)) { unknown(n); return; } // a function pointer or a callable object of unknown type
    if (isFileClass(name)) { call(n, constructorsOf(name), guards); return; }
    const scopeClass = scope.split('::').pop();
    const candidates = overloadsFor(n, (byName.get(name) ?? []).filter((f) => !scope || f.owner === scopeClass || f.owner === undefined));
    call(n, candidates, guards);
    if (!candidates.length && !NOTHROW_FUNCTIONS.has(name)) callIntoOtherFiles(n, { name, scope }, guards);
    // Not defined here: C functions (declared with C linkage, or the C library's) do not throw; anything else is unknown.
    const declaredHere = index.declaredOnly.get(name);
    if (!candidates.length && !NOTHROW_FUNCTIONS.has(name) && !THROWING_STD_FUNCTIONS.has(name) && !(declaredHere && (declaredHere.cLinkage || declaredHere.noexcept))) unknown(n);
  }
}

/** The candidates a call's argument count admits; one candidate or none needs no count (see byArgumentCount). */
function overloadsFor(call: Node, candidates: readonly CppFunction[]): readonly CppFunction[] {
  return candidates.length < 2 ? candidates : byArgumentCount(candidates, argumentCount(call));
}

/** The nodes of a pre-ordered list that are not inside (nor are) a skipped subtree. */
function outsideSkipped(nodes: readonly TypedNode[]): TypedNode[] {
  const out: TypedNode[] = [];
  let skipEnd = -1;
  for (const f of nodes) {
    if (f.node.startIndex < skipEnd) continue;
    if (SKIPPED_SUBTREES.has(f.type)) { skipEnd = f.node.endIndex; continue; }
    out.push(f);
  }
  return out;
}

/**
 * `std::vector<int> v(n);` parses as a function declaration (the grammar cannot tell); in a body,
 * when every "parameter" is a bare name of a variable or a literal, it constructs an object.
 */
function looksLikeConstruction(d: Node, vars: ReadonlyMap<string, string>): boolean {
  if (d.type !== 'function_declarator') return false;
  const params = d.childForFieldName('parameters');
  const list = params ? namedChildren(params) : [];
  return list.length > 0 && list.every((p) => {
    if (p.type !== 'parameter_declaration' || p.childForFieldName('declarator')) return p.type.endsWith('literal') || p.type === 'identifier';
    const t = p.childForFieldName('type');
    return t?.type === 'type_identifier' && vars.has(t.text);
  });
}

const CASTS = new Set(['static_cast', 'const_cast', 'reinterpret_cast', 'dynamic_cast']);

/** Functions of the C library (also as std::) and of <utility>/<algorithm> that never throw. */
const NOTHROW_FUNCTIONS = new Set([
  'strlen', 'strnlen', 'strcmp', 'strncmp', 'strcpy', 'strncpy', 'strcat', 'strncat', 'strchr', 'strrchr', 'strstr', 'strdup',
  'memcpy', 'memmove', 'memset', 'memcmp', 'memchr', 'malloc', 'calloc', 'realloc', 'free', 'aligned_alloc',
  'printf', 'fprintf', 'snprintf', 'sprintf', 'vsnprintf', 'puts', 'fputs', 'putchar', 'fputc', 'fflush', 'fopen', 'fclose', 'fread', 'fwrite',
  'abs', 'labs', 'llabs', 'fabs', 'sqrt', 'pow', 'exp', 'log', 'log10', 'sin', 'cos', 'tan', 'floor', 'ceil', 'round', 'fmin', 'fmax',
  'atoi', 'atol', 'atoll', 'atof', 'strtol', 'strtoul', 'strtoll', 'strtoull', 'strtod', 'strtof',
  'isdigit', 'isalpha', 'isalnum', 'isspace', 'isupper', 'islower', 'toupper', 'tolower', 'getenv', 'time', 'clock', 'rand', 'srand',
  'abort', 'exit', '_Exit', 'quick_exit', 'move', 'forward', 'swap', 'min', 'max', 'addressof', 'size', 'data', 'terminate',
]);

/** Member functions that are noexcept on the standard containers, strings, smart pointers and exceptions. */
const NOTHROW_METHODS = new Set([
  'size', 'empty', 'length', 'data', 'c_str', 'begin', 'end', 'cbegin', 'cend', 'rbegin', 'rend', 'get', 'what', 'clear', 'swap',
  'release', 'reset', 'has_value', 'capacity', 'max_size', 'load', 'store', 'fetch_add', 'fetch_sub', 'index', 'valueless_by_exception',
]);

/** Standard types whose construction with arguments throws more than std::bad_alloc. */
function throwingConstruction(type: string): readonly string[] | undefined {
  const t = plainType(type).replace(/^std::/, '');
  if (/^j?thread$/.test(t)) return ['std::system_error'];
  if (/^(w?regex|basic_regex<.*>)$/.test(t)) return ['std::regex_error', 'std::bad_alloc'];
  return undefined;
}

function isScalarType(type: string): boolean {
  return /^(?:const\s+)?(?:unsigned|signed|int|long|short|char|bool|float|double|size_t|std::size_t|ptrdiff_t|u?int(?:8|16|32|64|ptr|max)_t|std::u?int(?:8|16|32|64)_t|auto)\b/.test(type.trim());
}

function show(t: string): string {
  return t === UNKNOWN_TYPE ? 'an exception of unknown type' : t;
}

/** The handler list of a try statement: `catch (...)` catches all, otherwise the named types. */
function readHandlers(tryNode: Node): Handler {
  const types: string[] = [];
  for (const clause of namedChildren(tryNode).filter((c) => c.type === 'catch_clause')) {
    const t = catchTypes(clause);
    if (!t) return { all: true, types: [] };
    types.push(...t);
  }
  return { all: false, types };
}

/** The type a catch clause names, or undefined for `catch (...)`. */
function catchTypes(clause: Node): string[] | undefined {
  const params = clause.childForFieldName('parameters');
  if (!params || params.children.some((c) => c?.type === '...')) return undefined;
  const p = namedChildren(params)[0];
  if (!p) return undefined;
  const type = p.childForFieldName('type')?.text ?? '';
  const pointer = declaratorIndirection(p.childForFieldName('declarator')) === 'pointer' ? '*' : '';
  return [canonicalType(type) + pointer];
}

/** The static type of a thrown expression, or UNKNOWN_TYPE when it cannot be read from the syntax. */
function thrownType(thrown: Node, typeOf: (e: Node) => string | undefined, isFileClass: (name: string) => boolean): string {
  let expr: Node | undefined = thrown;
  for (let i = 0; expr?.type === 'parenthesized_expression' && i < 100_000; i++) expr = namedChildren(expr)[0];
  if (!expr) return UNKNOWN_TYPE;
  switch (expr.type) {
    case 'compound_literal_expression':
      return canonicalType(expr.childForFieldName('type')?.text ?? UNKNOWN_TYPE);
    case 'call_expression': {
      const f = expr.childForFieldName('function');
      const t = f ? canonicalType(f.text) : UNKNOWN_TYPE;
      return isStdException(t) || isFileClass(t) ? t : UNKNOWN_TYPE;
    }
    case 'identifier': {
      const t = typeOf(expr);
      return t ? canonicalType(t) : UNKNOWN_TYPE;
    }
    case 'string_literal':
    case 'concatenated_string':
      return 'char*';
    case 'number_literal':
      return /^0x/i.test(expr.text) || !/[.eE]/.test(expr.text) ? 'int' : /[fF]$/.test(expr.text) ? 'float' : 'double';
    case 'char_literal':
      return 'char';
    case 'true':
    case 'false':
      return 'bool';
    case 'new_expression':
      return `${canonicalType(expr.childForFieldName('type')?.text ?? '')}*`;
    default:
      return UNKNOWN_TYPE;
  }
}
