// The CPython reference analysis of one C file: finds the function bodies,
// summarises them in call order (a helper returning a new reference counts as
// one for its callers), explores each, and resolves fixes. Cached per file
// version; files that neither include Python.h nor call a Py* API cost one
// regular-expression test.
import type { SourceFile } from '../ide/source-file.ts';
import { analyseFunction, declaredName, type Finding, type FunctionInfo, type FunctionResult, type Summary } from './analyse.ts';
import { CfgBuilder } from './cfg.ts';
import { resolveFix, type ResolvedFix } from './fixes.ts';
import { field, liteTree, namedChildren, type LNode } from './lite.ts';
import type { PythonVersion } from '../ide/config.ts';

export type { Finding, FindingCode, PathStep } from './analyse.ts';
export type { ResolvedFix } from './fixes.ts';

export interface CpythonFinding extends Finding {
  readonly fixes: readonly ResolvedFix[];
  /** The function the finding is in. */
  readonly function: string;
}

const USES_PYTHON = /#\s*include\s*[<"]Python\.h[>"]|\bPy[A-Z]\w*_\w+\s*\(|\bPy_[A-Z]\w*\s*\(/;

export function usesPythonApi(text: string): boolean {
  return USES_PYTHON.test(text);
}

const cache = new WeakMap<SourceFile, { version: number; python: string; findings: CpythonFinding[] }>();

/** Every finding of the file (all codes); diagnostics filter by code. */
export function cpythonFindings(file: SourceFile, python: PythonVersion): CpythonFinding[] {
  const key = `${python.major}.${python.minor}`;
  const hit = cache.get(file);
  if (hit && hit.version === file.version && hit.python === key) return hit.findings;
  const findings = file.language === 'c' && file.tree && usesPythonApi(file.text) ? analyseText(file.text, file.tree.rootNode, python) : [];
  cache.set(file, { version: file.version, python: key, findings });
  return findings;
}

interface Fn {
  readonly info: FunctionInfo;
  result?: FunctionResult;
  inProgress?: boolean;
}

export function analyseText(text: string, root: import('web-tree-sitter').Node, python: PythonVersion): CpythonFinding[] {
  const fns = new Map<string, Fn>();
  const values = namesUsedAsValues(text);
  for (const def of functionDefinitions(root)) {
    // A function that never mentions a Py name can neither leak nor help another function own anything.
    const source = text.slice(def.startIndex, def.endIndex);
    if (def.hasError || !source.includes('Py')) continue;
    // `#if` inside a body: which branch the compiler sees is unknown here, so the function is left alone.
    if (/^[ \t]*#[ \t]*(if|el|endif)/m.test(source)) continue;
    const lite = liteTree(def, text);
    if (lite.broken) continue;
    const info = functionInfo(lite, text, values);
    if (info && !fns.has(info.name)) fns.set(info.name, { info });
  }
  const run = (fn: Fn): FunctionResult | undefined => {
    if (fn.result || fn.inProgress) return fn.result;
    fn.inProgress = true;
    const cfg = new CfgBuilder(text).build(fn.info.body);
    const summaryOf = (name: string): Summary | undefined => {
      const callee = fns.get(name);
      if (!callee) return undefined;
      // Recursion: no summary (its calls are then unknown code, which is never reported).
      return callee.inProgress && !callee.result ? { returns: 'unknown', params: [] } : run(callee)?.summary ?? { returns: 'unknown', params: [] };
    };
    fn.result = analyseFunction(fn.info, cfg, text, summaryOf);
    fn.inProgress = false;
    return fn.result;
  };
  const out: CpythonFinding[] = [];
  for (const fn of fns.values()) {
    const r = run(fn);
    if (!r) continue;
    for (const f of r.findings) out.push({ ...f, function: fn.info.name, fixes: resolveFix(f, r, fn.info, text, python) });
  }
  return out.sort((a, b) => a.start - b.start || a.code.localeCompare(b.code));
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

function functionInfo(def: LNode, text: string, values: ReadonlySet<string>): FunctionInfo | undefined {
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
  for (const p of paramList ? namedChildren(paramList) : []) {
    if (p.type !== 'parameter_declaration') continue;
    const pd = field(p, 'declarator');
    const pt = field(p, 'type');
    const name = pd ? declaredName(pd, text) : undefined;
    if (!name) continue;
    const inner = pd && pd.type === 'pointer_declarator' ? field(pd, 'declarator') : undefined;
    const object = !!pt && text.slice(pt.start, pt.end) === 'PyObject' && !!inner && inner.type === 'identifier';
    params.push({ name, object, at: { start: p.start, end: p.end } });
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
