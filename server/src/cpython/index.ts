// The CPython reference analysis of one C file: finds the function bodies,
// summarises them in call order (a helper returning a new reference counts as
// one for its callers), explores each, and resolves fixes. Cached per file
// version; files that neither include Python.h nor call a Py* API cost one
// regular-expression test.
import type { SourceFile } from '../ide/source-file.ts';
import { analyseFunction, declaredName, type Finding, type FunctionInfo, type Summary } from './analyse.ts';
import { CfgBuilder } from './cfg.ts';
import { resolveFix, type Recheck, type ResolvedFix } from './fixes.ts';
import { readSubtree } from './lite-text.ts';
import { field, liteTree, namedChildren, type LNode } from './lite.ts';
import type { PythonVersion } from '../ide/config.ts';
import { nullableParams, slotUses, type SlotUse } from './slots.ts';

export type { Finding, FindingCode, PathStep } from './analyse.ts';
export type { ResolvedFix } from './fixes.ts';

export interface CpythonFinding extends Omit<Finding, 'fix'> {
  readonly fixes: readonly ResolvedFix[];
  /** The function the finding is in. */
  readonly function: string;
}

const USES_PYTHON = /#\s*include\s*[<"]Python\.h[>"]|\bPy[A-Z]\w*_\w+\s*\(|\bPy_[A-Z]\w*\s*\(/;

export function usesPythonApi(text: string): boolean {
  return USES_PYTHON.test(text);
}

const cache = new WeakMap<SourceFile, { version: number; python: string; findings: CpythonFinding[]; functions: FunctionCache }>();

/** Every finding of the file (all codes); diagnostics filter by code. */
export function cpythonFindings(file: SourceFile, python: PythonVersion): CpythonFinding[] {
  const key = `${python.major}.${python.minor}`;
  const hit = cache.get(file);
  if (hit && hit.version === file.version && hit.python === key) return hit.findings;
  // Results of functions whose text did not change since the last version are reused (an edit re-analyses one function).
  const functions = hit?.functions ?? new FunctionCache();
  const findings = file.language === 'c' && file.tree && usesPythonApi(file.text) ? analyseText(file.text, file.tree.rootNode, python, functions, file.parsedText) : [];
  cache.set(file, { version: file.version, python: key, findings, functions });
  return findings;
}

/** One function's outcome, kept with offsets relative to the function's start. */
interface Outcome {
  readonly findings: readonly CpythonFinding[];
  readonly summary: Summary | undefined;
  /** The same-file summaries the analysis asked for, as it saw them: the outcome holds only while they do. */
  readonly asked: ReadonlyMap<string, string>;
}

/**
 * Outcomes of analysed functions keyed by everything they depend on besides other functions' summaries:
 * the function's text (with its line's indentation), whether it is exported, and the Python version.
 * Entries not used by the last analysis are dropped after it.
 */
export class FunctionCache {
  private entries = new Map<string, Outcome>();
  private used = new Map<string, Outcome>();
  reused = 0;
  /** Functions whose outcome the last analysis reused (for tests and the bench). */
  reusedLast = 0;

  get(key: string): Outcome | undefined {
    const e = this.entries.get(key) ?? this.used.get(key);
    if (e) this.used.set(key, e);
    return e;
  }

  set(key: string, outcome: Outcome): void {
    this.used.set(key, outcome);
  }

  /** Called after each analysis: what it did not use is gone. */
  sweep(): void {
    this.entries = this.used;
    this.reusedLast = this.reused;
    this.reused = 0;
    this.used = new Map();
  }
}

interface Fn {
  readonly def: import('web-tree-sitter').Node;
  readonly start: number;
  readonly source: string;
  outcome?: Outcome | null;
  inProgress?: boolean;
}

const UNKNOWN: Summary = { returns: 'unknown', params: [] };

/**
 * All findings of a file. Functions are copied, explored and resolved one at a time and only their
 * findings and summary are kept: holding every function's tree and CFG until the end made each
 * young-generation collection copy them all.
 */
/**
 * `parsed` is the text the tree was parsed from (SourceFile.parsedText: empty macros blanked, same
 * offsets); the tree is read from it, messages and fixes from `text`.
 */
export function analyseText(text: string, root: import('web-tree-sitter').Node, python: PythonVersion, reuse?: FunctionCache, parsed: string = text): CpythonFinding[] {
  const fns = new Map<string, Fn[]>();
  let values: Set<string> | undefined;
  let slots: Map<string, SlotUse> | undefined;
  const py = `${python.major}.${python.minor}`;
  for (const def of functionDefinitions(root)) {
    // A function that never mentions a Py name can neither leak nor help another function own anything.
    const start = def.startIndex;
    const source = text.slice(start, def.endIndex);
    if (!source.includes('Py') || def.hasError) continue;
    // `#if` inside a body: which branch the compiler sees is unknown here, so the function is left alone.
    if (/^[ \t]*#[ \t]*(if|el|endif)/m.test(source)) continue;
    const name = headerName(source);
    if (!name) continue;
    const list = fns.get(name);
    if (list) list.push({ def, start, source });
    else fns.set(name, [{ def, start, source }]);
  }
  /** The outcome of the first definition of `name` that is a function we analyse. */
  const run = (name: string): Outcome | undefined => {
    for (const fn of fns.get(name) ?? []) {
      if (fn.outcome === undefined && !fn.inProgress) fn.outcome = analyseOne(fn);
      if (fn.inProgress) return { findings: [], summary: UNKNOWN, asked: new Map() };
      if (fn.outcome) return fn.outcome;
    }
    return undefined;
  };
  // Recursion: no summary (its calls are then unknown code, which is never reported).
  const summaryOf = (callee: string): Summary | undefined => run(callee)?.summary ?? (fns.has(callee) ? UNKNOWN : undefined);
  const analyseOne = (fn: Fn): Outcome | null => {
    values ??= namesUsedAsValues(text);
    slots ??= slotUses(text);
    const lineStart = text.lastIndexOf('\n', fn.start - 1) + 1;
    const indent = text.slice(lineStart, fn.start);
    const name = headerName(fn.source)!;
    const slot = slots.get(name);
    // The parsed text too: a macro defined empty elsewhere in the file changes the tree, not the function's text.
    const parsedSource = parsed === text ? fn.source : parsed.slice(fn.start, fn.start + fn.source.length);
    const key = `${values.has(name) ? 1 : 0}|${slot ? `${slot.slot}:${slot.flags ?? ''}` : ''}|${py}|${indent}${fn.source}${parsedSource === fn.source ? '' : `\0${parsedSource}`}`;
    fn.inProgress = true;
    const cached = reuse?.get(key);
    if (cached && [...cached.asked].every(([callee, seen]) => summaryKey(summaryOf(callee)) === seen)) {
      fn.inProgress = false;
      reuse!.reused++;
      return cached;
    }
    const asked = new Map<string, string>();
    const outcome = analyseFresh(fn, name, text, parsed, values, slot, python, (callee) => {
      const s = summaryOf(callee);
      asked.set(callee, summaryKey(s));
      return s;
    }, asked);
    fn.inProgress = false;
    if (outcome && reuse) reuse.set(key, outcome);
    return outcome;
  };
  const out: CpythonFinding[] = [];
  for (const [name, list] of fns) {
    run(name);
    const first = list.find((f) => f.outcome);
    if (first?.outcome) for (const f of first.outcome.findings) out.push(shift(f, first.start));
  }
  reuse?.sweep();
  return out.sort((a, b) => a.start - b.start || a.code.localeCompare(b.code));
}

/** The explored outcome of one function, offsets relative to its start; null when it is not a function we analyse. */
function analyseFresh(fn: Fn, name: string, text: string, parsed: string, values: ReadonlySet<string>, slot: SlotUse | undefined, python: PythonVersion, summaryOf: (name: string) => Summary | undefined, asked: ReadonlyMap<string, string>): Outcome | null {
  const lite = liteTree(fn.def, text, { parsed });
  if (lite.broken) return null;
  const info = functionInfo(lite, text, values, slot);
  // A header the name reader misread (`T ATTR(x) f(...)`): left alone rather than summarised under the wrong name.
  if (!info || info.name !== name) return null;
  const cfg = new CfgBuilder(text).build(info.body);
  const r = analyseFunction(info, cfg, text, summaryOf);
  const fnEnd = fn.start + fn.source.length;
  const recheck: Recheck = (edits) => {
    // The function as the edits leave it, read from its (parsed) text and analysed again.
    let patched = '';
    let last = 0;
    let delta = 0;
    for (const e of [...edits].sort((a, b) => a.start - b.start)) {
      if (e.start < Math.max(last, fn.start) || e.end > fnEnd) return undefined;
      patched += parsed.slice(last, e.start) + e.text;
      last = e.end;
      delta += e.text.length - (e.end - e.start);
    }
    patched += parsed.slice(last);
    const again = readSubtree('function_definition', fn.start, fnEnd + delta, null, patched, false);
    const info2 = again ? functionInfo(again, patched, values, slot) : undefined;
    if (!info2) return undefined;
    const r2 = analyseFunction(info2, new CfgBuilder(patched).build(info2.body), patched, summaryOf);
    if (!r2.summary) return undefined; // over the exploration budget: nothing is proven
    return r2.findings.map((x) => ({ code: x.code, start: x.start, end: x.end, fixes: resolveFix(x, r2, info2, patched, python) }));
  };
  const findings: CpythonFinding[] = [];
  for (const f of r.findings) {
    const { fix: _plan, ...rest } = f;
    findings.push(shift({ ...rest, function: info.name, fixes: resolveFix(f, r, info, text, python, recheck) }, -fn.start));
  }
  return { findings, summary: r.summary, asked };
}

function summaryKey(s: Summary | undefined): string {
  return s ? `${s.returns}:${s.params.join(',')}` : '-';
}

/** A finding with every offset moved by `delta`. */
function shift(f: CpythonFinding, delta: number): CpythonFinding {
  if (delta === 0) return f;
  return {
    ...f, start: f.start + delta, end: f.end + delta,
    path: f.path.map((p) => ({ ...p, start: p.start + delta, end: p.end + delta })),
    fixes: f.fixes.map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, start: e.start + delta, end: e.end + delta })) })),
  };
}

/** `static PyObject *\nname(`: the name before a definition's first parenthesis (checked against its declarator later). */
function headerName(source: string): string | undefined {
  const m = /([A-Za-z_]\w*)\s*\(/.exec(source);
  return m?.[1];
}

/** Function definitions at the top level, also inside `#if`, `extern "C"` and similar wrappers. */
function functionDefinitions(root: import('web-tree-sitter').Node): import('web-tree-sitter').Node[] {
  const out: import('web-tree-sitter').Node[] = [];
  const visit = (n: import('web-tree-sitter').Node, depth: number): void => {
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.type === 'function_definition') out.push(c);
      else if (depth < 8 && (c.type.startsWith('preproc_') || c.type === 'linkage_specification' || c.type === 'declaration_list')) visit(c, depth + 1);
    }
  };
  visit(root, 0);
  return out;
}

/** Identifiers not followed by `(`: functions named there are used as values (method tables, slots, pointers). */
function namesUsedAsValues(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/\b([A-Za-z_]\w*)\b(?!\s*\()/g)) out.add(m[1]!);
  return out;
}

function functionInfo(def: LNode, text: string, values: ReadonlySet<string>, slot: SlotUse | undefined): FunctionInfo | undefined {
  const nullable = slot ? nullableParams(slot) : undefined;
  const body = field(def, 'body');
  const type = field(def, 'type');
  let decl = field(def, 'declarator');
  if (!body || !decl) return undefined;
  let stars = 0;
  while (decl && decl.type === 'pointer_declarator') {
    stars++;
    decl = field(decl, 'declarator');
  }
  if (!decl || decl.type !== 'function_declarator') return undefined;
  const nameNode = field(decl, 'declarator');
  if (!nameNode || nameNode.type !== 'identifier') return undefined;
  const paramList = field(decl, 'parameters');
  const params: FunctionInfo['params'][number][] = [];
  let index = -1;
  for (const p of paramList ? namedChildren(paramList) : []) {
    if (p.type !== 'parameter_declaration') continue;
    index++;
    const pd = field(p, 'declarator');
    const pt = field(p, 'type');
    const name = pd ? declaredName(pd, text) : undefined;
    if (!name) continue;
    const inner = pd && pd.type === 'pointer_declarator' ? field(pd, 'declarator') : undefined;
    const object = !!pt && text.slice(pt.start, pt.end) === 'PyObject' && !!inner && inner.type === 'identifier';
    const why = object ? nullable?.get(index) : undefined;
    params.push({ name, object, at: { start: p.start, end: p.end }, ...(why ? { nullable: why } : {}) });
  }
  const locals = new Set<string>(params.map((p) => p.name));
  collectLocals(body, text, locals);
  const name = text.slice(nameNode.start, nameNode.end);
  const isStatic = def.children.some((c) => c.type === 'storage_class_specifier' && text.slice(c.start, c.end) === 'static');
  return {
    name,
    exported: !isStatic || values.has(name),
    returnsObject: stars === 1 && !!type && text.slice(type.start, type.end) === 'PyObject',
    params, locals, body,
  };
}

function collectLocals(n: LNode, text: string, out: Set<string>): void {
  for (const c of n.children) {
    if (c.type === 'declaration') {
      // A `static` local is storage that outlives the call: assigning to it is a store, not a binding.
      if (c.children.some((k) => k.type === 'storage_class_specifier' && text.slice(k.start, k.end) === 'static')) continue;
      for (const d of c.children) {
        if (d.field !== 'declarator') continue;
        const target = d.type === 'init_declarator' ? field(d, 'declarator') : d;
        const name = target ? declaredName(target, text) : undefined;
        if (name) out.add(name);
      }
    } else if (c.children.length) {
      collectLocals(c, text, out);
    }
  }
}
