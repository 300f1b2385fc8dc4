// Turns a finding's fix plan into text edits, once the whole function was
// explored: a release is inserted only where every path reaching that point
// owns the object (or holds NULL, for Py_XDECREF), so the fix never adds a
// release to a path that did not leak.
import type { ExitRef, Finding, FunctionInfo, FunctionResult } from './analyse.ts';
import type { PythonVersion } from '../ide/config.ts';
import { GET_ITEM_REF } from './ownership.ts';

export interface ResolvedFix {
  readonly title: string;
  readonly preferred: boolean;
  readonly edits: readonly { readonly start: number; readonly end: number; readonly text: string }[];
}

type Edit = ResolvedFix['edits'][number];

/**
 * The findings of the function after `edits` (offsets of the edited text) with their resolved fixes, or
 * undefined when the edited function cannot be read again. Proves a rewrite by analysing its result.
 */
export type Recheck = (edits: readonly Edit[]) => readonly { readonly code: string; readonly start: number; readonly end: number; readonly fixes: readonly ResolvedFix[] }[] | undefined;

export function resolveFix(f: Finding, r: FunctionResult, fn: FunctionInfo, text: string, python: PythonVersion, recheck?: Recheck): ResolvedFix[] {
  const plan = f.fix;
  if (!plan) return [];
  switch (plan.kind) {
    case 'format-unit':
      return [{ title: `Use \`${plan.to}\` instead of \`${plan.from}\` in the format`, preferred: true, edits: [{ start: plan.at, end: plan.at + 1, text: plan.to }] }];
    case 'remove-statement': {
      const s = plan.stmt;
      if (!r.cfg.inBlock.has(s.start)) return [];
      const lineStart = text.lastIndexOf('\n', s.start - 1) + 1;
      const nl = text.indexOf('\n', s.end);
      const lineEnd = nl < 0 ? text.length : nl;
      const alone = text.slice(lineStart, s.start).trim() === '' && text.slice(s.end, lineEnd).trim() === '';
      const edit = alone ? { start: lineStart, end: nl < 0 ? lineEnd : nl + 1, text: '' } : { start: s.start, end: s.end, text: '' };
      return [{ title: 'Remove the release of a borrowed reference', preferred: true, edits: [edit] }];
    }
    case 'new-ref': {
      const v = plan.value;
      const out: ResolvedFix[] = [{ title: 'Add a reference with `Py_NewRef`', preferred: true, edits: [{ start: v.start, end: v.end, text: `Py_NewRef(${text.slice(v.start, v.end)})` }] }];
      const g = plan.getItemRef;
      const ref = g && GET_ITEM_REF.get(g.api);
      if (!g || !ref || !(python.major > 3 || (python.major === 3 && python.minor >= 13)) || !recheck) return out;
      const rewrite = getItemRefEdits(g, ref, text);
      const proven = rewrite && provenRewrite(f, r, rewrite, recheck);
      if (proven) out.push({ title: `Use \`${ref}\` (Python 3.13+), which gives a new reference${proven.length > rewrite.length ? ', and release it where it is not returned' : ''}`, preferred: false, edits: proven });
      return out;
    }
    case 'release': {
      const edits: Edit[] = [];
      for (const e of plan.exits) {
        const edit = releaseAt(e, plan.variable, r, fn, text);
        if (!edit) return [];
        if (!edits.some((x) => x.start === edit.edit.start && x.text === edit.edit.text)) edits.push(edit.edit);
      }
      const where = edits.length === 1 && /^\n/.test(edits[0]!.text) ? 'at the cleanup label' : 'before the leaking exit';
      return [{ title: `Release \`${plan.variable}\` ${where}`, preferred: true, edits }];
    }
  }
}

function kindsAt(r: FunctionResult, id: number, variable: string): Set<string> | undefined {
  return r.visits.get(id)?.get(variable);
}

function subset(kinds: Set<string> | undefined, allowed: readonly string[]): boolean {
  return !!kinds && kinds.size > 0 && [...kinds].every((k) => allowed.includes(k));
}

function mentions(text: string, variable: string): boolean {
  return new RegExp(`\\b${variable}\\b`).test(text);
}

function releaseAt(e: ExitRef, variable: string, r: FunctionResult, fn: FunctionInfo, text: string): { edit: Edit } | undefined {
  if (e.exit < 0) return undefined;
  const nodes = r.cfg.nodes;
  // 1. The cleanup label the path went through, when every path there holds the object or NULL and nothing after it mentions it.
  const label = e.labels[0];
  const ln = label !== undefined ? nodes[label] : undefined;
  if (ln && ln.kind === 'label' && subset(kindsAt(r, label!, variable), ['owned', 'maybe', 'null']) &&
      !mentions(text.slice(ln.stmt.start, fn.body.end), variable)) {
    const colon = text.indexOf(':', ln.stmt.start);
    const indent = indentOf(text, ln.stmt.start);
    return { edit: { start: colon + 1, end: colon + 1, text: `\n${indent}${indent.length >= 4 ? '' : '    '}Py_XDECREF(${variable});` } };
  }
  // 2. Right before the exit, when every path reaching it leaks the same way.
  const ex = nodes[e.exit];
  if (ex && (ex.kind === 'return' || ex.kind === 'end')) {
    const kinds = kindsAt(r, e.exit, variable);
    const macro = subset(kinds, ['owned']) ? 'Py_DECREF' : subset(kinds, ['owned', 'maybe', 'null']) ? 'Py_XDECREF' : undefined;
    if (macro && ex.kind === 'return' && !mentions(text.slice(ex.stmt.start, ex.stmt.end), variable)) return { edit: insertBefore(ex.stmt, `${macro}(${variable});`, r, text) };
    if (macro && ex.kind === 'end') {
      const lineStart = text.lastIndexOf('\n', ex.at - 1) + 1;
      const indent = indentOf(text, ex.at);
      if (text.slice(lineStart, ex.at).trim() === '') return { edit: { start: lineStart, end: lineStart, text: `${indent}    ${macro}(${variable});\n` } };
      return { edit: { start: ex.at, end: ex.at, text: `${macro}(${variable}); ` } };
    }
  }
  // 3. Before the goto that left for a shared exit.
  const g = e.gotos[0];
  const gn = g !== undefined ? nodes[g] : undefined;
  if (gn && gn.kind === 'goto' && subset(kindsAt(r, g!, variable), ['owned'])) return { edit: insertBefore(gn.stmt, `Py_DECREF(${variable});`, r, text) };
  return undefined;
}

function insertBefore(stmt: { start: number; end: number }, call: string, r: FunctionResult, text: string): Edit {
  if (!r.cfg.inBlock.has(stmt.start)) {
    return { start: stmt.start, end: stmt.end, text: `{ ${call} ${text.slice(stmt.start, stmt.end)} }` };
  }
  const lineStart = text.lastIndexOf('\n', stmt.start - 1) + 1;
  if (text.slice(lineStart, stmt.start).trim() === '') return { start: stmt.start, end: stmt.start, text: `${call}\n${text.slice(lineStart, stmt.start)}` };
  return { start: stmt.start, end: stmt.start, text: `${call} ` };
}

function indentOf(text: string, at: number): string {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

type GetItemRef = NonNullable<Extract<NonNullable<Finding['fix']>, { kind: 'new-ref' }>['getItemRef']>;

/**
 * `PyList_GetItem` -> `PyList_GetItemRef` is a rename. `PyDict_GetItemRef(d, k, &x)` returns an int and writes
 * `x`, so the code around the call is rewritten, in the shapes real code has:
 *   `x = PyDict_GetItem(d, k);` and `PyObject *x = PyDict_GetItem(d, k);`
 *   `(x = PyDict_GetItem(d, k)) == NULL` -> `PyDict_GetItemRef(d, k, &x) <= 0` (missing, or an error)
 *   `(x = PyDict_GetItem(d, k)) != NULL` -> `PyDict_GetItemRef(d, k, &x) > 0`
 *   `!(x = PyDict_GetItem(d, k))`        -> `PyDict_GetItemRef(d, k, &x) <= 0`
 */
function getItemRefEdits(g: GetItemRef, ref: string, text: string): Edit[] | undefined {
  if (ref === 'PyList_GetItemRef') return [{ start: g.callee.start, end: g.callee.end, text: ref }];
  const open = text.indexOf('(', g.callee.end);
  if (open < 0 || open >= g.call.end || text[g.call.end - 1] !== ')') return undefined;
  const args = text.slice(open + 1, g.call.end - 1).trim();
  const before = text.slice(Math.max(0, g.call.start - 200), g.call.start);
  const after = text.slice(g.call.end, g.call.end + 200);
  const lineStart = text.lastIndexOf('\n', g.call.start - 1) + 1;
  const nl = text.indexOf('\n', g.call.end);
  const lineEnd = nl < 0 ? text.length : nl;
  const line = /^(\s*)(PyObject\s*\*\s*)?(\w+)\s*=\s*PyDict_GetItem\s*\(([^;]*)\)\s*;\s*$/.exec(text.slice(lineStart, lineEnd));
  if (line) {
    const [, indent, decl, name] = line;
    return [{ start: lineStart, end: lineEnd, text: `${indent}${decl ? `PyObject *${name}; ` : ''}(void)${ref}(${args}, &${name});` }];
  }
  const assign = /(!\s*)?\(\s*(\w+)\s*=\s*$/.exec(before);
  const close = /^\s*\)/.exec(after);
  if (!assign || !close) return undefined;
  const name = assign[2]!;
  const start = g.call.start - assign[0].length;
  const endParen = g.call.end + close[0].length;
  if (assign[1]) return [{ start, end: endParen, text: `${ref}(${args}, &${name}) <= 0` }];
  const cmp = /^\s*(==|!=)\s*(NULL|0)\b/.exec(text.slice(endParen, endParen + 40));
  if (!cmp) return undefined;
  return [{ start, end: endParen + cmp[0].length, text: `${ref}(${args}, &${name}) ${cmp[1] === '==' ? '<= 0' : '> 0'}` }];
}

/**
 * The rewrite, completed by the releases the rewritten function needs (the result is now a new reference),
 * when the analysis of the result finds nothing the original did not (the finding being fixed aside); else undefined.
 */
function provenRewrite(f: Finding, r: FunctionResult, rewrite: Edit[], recheck: Recheck): Edit[] | undefined {
  const allowed = new Map<string, number>();
  for (const o of r.findings) if (o !== f) allowed.set(o.code, (allowed.get(o.code) ?? 0) + 1);
  const clean = (found: ReturnType<Recheck>): boolean => {
    if (!found) return false;
    const counts = new Map<string, number>();
    for (const x of found) counts.set(x.code, (counts.get(x.code) ?? 0) + 1);
    return [...counts].every(([code, n]) => n <= (allowed.get(code) ?? 0));
  };
  const first = recheck(rewrite);
  if (!first) return undefined;
  if (clean(first)) return rewrite;
  // The new reference leaks on some path: add the release the analysis of the rewritten function proposes.
  const releases: Edit[] = [];
  for (const x of first) {
    if (x.code !== 'cpython-leak') continue;
    const release = x.fixes.find((fx) => fx.preferred);
    if (!release) return undefined;
    for (const e of release.edits) {
      const start = toOriginal(e.start, rewrite);
      const end = toOriginal(e.end, rewrite);
      if (start === undefined || end === undefined) return undefined;
      releases.push({ start, end, text: e.text });
    }
  }
  const all = [...rewrite, ...releases].sort((a, b) => a.start - b.start);
  return clean(recheck(all)) ? all : undefined;
}

/** An offset of the edited text mapped back to the original; undefined inside replaced text. */
function toOriginal(at: number, edits: readonly Edit[]): number | undefined {
  let delta = 0;
  for (const e of [...edits].sort((x, y) => x.start - y.start)) {
    const newStart = e.start + delta;
    if (at <= newStart) break;
    if (at < newStart + e.text.length) return undefined;
    delta += e.text.length - (e.end - e.start);
  }
  return at - delta;
}
