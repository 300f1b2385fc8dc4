// The path-sensitive, intra-procedural reference analysis of one function.
// Each path through the CFG carries an abstract state: which object each local
// names, and for each object (identified by the place that acquired it) how
// many references the function owns, whether it may be NULL and whether it was
// released, stolen, stored or returned. States that repeat at a node are
// explored once. Code we cannot see makes the objects it touches `escaped`,
// and nothing is ever said about an escaped object: prefer silence to noise.
import type { Cfg, CfgNode } from './cfg.ts';
import { buildValueArgs, parseTupleArgs } from './formats.ts';
import { field, namedChildren, operator, unwrap, type LNode } from './lite.ts';
import { CHECKS_NULL_ARGUMENT, isKnownFunction, requiresNonNull, resultCanBeNull, returnOwnership, STEALING, type ReturnOwnership } from './ownership.ts';

export type FindingCode =
  | 'cpython-borrowed-release'
  | 'cpython-borrowed-returned'
  | 'cpython-borrowed-stored'
  | 'cpython-buildvalue-format'
  | 'cpython-leak'
  | 'cpython-unchecked-null'
  | 'cpython-use-after-steal';

export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface PathStep extends Span {
  readonly message: string;
}

/** What a fix needs, resolved to edits by fixes.ts once exploration is over. */
export type FixPlan =
  | { kind: 'release'; variable: string; exits: readonly ExitRef[] }
  | { kind: 'remove-statement'; stmt: Span }
  | { kind: 'new-ref'; value: Span; getItemRef?: { api: string; call: Span; callee: Span } }
  | { kind: 'format-unit'; at: number; from: 'N' | 'O'; to: 'N' | 'O' };

/** An exit of a leaking path and the gotos and labels the path took to get there, nearest first. */
export interface ExitRef {
  readonly exit: number;
  readonly labels: readonly number[];
  readonly gotos: readonly number[];
}

export interface Finding extends Span {
  readonly code: FindingCode;
  readonly message: string;
  readonly path: readonly PathStep[];
  readonly fix?: FixPlan;
}

/** What callers in the same file may assume about a function. */
export interface Summary {
  readonly returns: ReturnOwnership | 'unknown';
  /** Per parameter: 'borrow' when the body only reads it. */
  readonly params: readonly ('borrow' | 'unknown')[];
}

export interface FunctionInfo {
  readonly name: string;
  readonly returnsObject: boolean;
  /**
   * Python (or another file) may call it: it is not `static`, or its name is used as a value (a method
   * table, a slot). A static helper only called directly may return borrowed references by its own contract.
   */
  readonly exported: boolean;
  /** Parameter names, which are `PyObject *`, and why one may be NULL under the slot contract it is registered for. */
  readonly params: readonly { readonly name: string; readonly object: boolean; readonly at: Span; readonly nullable?: string }[];
  readonly locals: ReadonlySet<string>;
  readonly body: LNode;
}

type Status = 'live' | 'released' | 'stolen' | 'escaped' | 'returned' | 'stored';

interface Obj {
  /** The identity in the state (the acquiring call's offset; negated for an older generation from a loop). */
  site: number;
  /** Where it was acquired (source offset). */
  at: number;
  siteEnd: number;
  name: string;
  api: string;
  origin: ReturnOwnership;
  refs: number;
  maybeNull: boolean;
  canBeNull: boolean;
  status: Status;
  depth: number;
  param: number;
  releasedAt?: Span;
  stolenAt?: Span & { api: string };
  pendingStore?: Span & { value: Span };
  buildValueO?: number;
  acquisition?: Span;
  /** A parameter its slot contract lets be NULL: why (`the attribute is being deleted`). */
  nullWhy?: string;
}

/**
 * The optional fields of an Obj, present (as undefined) from the start: every Obj then has one hidden
 * class, and the `{ ...o }` of each state clone stays a fast copy instead of a megamorphic one.
 */
const NO_HISTORY = { releasedAt: undefined, stolenAt: undefined, pendingStore: undefined, buildValueO: undefined, acquisition: undefined, nullWhy: undefined } as const;

type Binding = number | 'null' | 'unknown';

/** A step of the path, its message built only when a finding is reported. */
interface Note {
  readonly step: Span & { readonly message: string | (() => string) };
  readonly prev: Note | undefined;
  readonly depth: number;
}

const NO_LABELS: number[] = [];
const NO_FIELDS: ReadonlySet<string> = new Set();

class State {
  constructor(
    public vars = new Map<string, Binding>(),
    public objs = new Map<number, Obj>(),
    public decisions = new Map<string, boolean>(),
    public notes: Note | undefined = undefined,
    public labels: number[] = NO_LABELS,
    public gotos: number[] = NO_LABELS,
    /** Field expressions (`self->x`) given a reference on this path with Py_INCREF. */
    public increfed: ReadonlySet<string> = NO_FIELDS,
  ) {}

  clone(): State {
    const objs = new Map<number, Obj>();
    for (const [k, o] of this.objs) objs.set(k, { ...o });
    return new State(new Map(this.vars), objs, this.decisions.size ? new Map(this.decisions) : new Map(), this.notes, this.labels, this.gotos, this.increfed);
  }

  get depth(): number {
    return this.notes?.depth ?? 0;
  }

  note(step: Note['step']): void {
    this.notes = { step, prev: this.notes, depth: this.depth + 1 };
  }

  key(): string {
    const vars = [...this.vars].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join(',');
    const objs = [...this.objs.values()].sort((a, b) => a.site - b.site)
      .map((o) => `${o.site}:${o.refs}${o.maybeNull ? '?' : ''}${o.status[0]}${o.pendingStore ? 'p' : ''}${o.buildValueO ?? ''}`).join(',');
    const dec = [...this.decisions].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([k, v]) => `${k}${v ? 1 : 0}`).join(';');
    return `${vars}|${objs}|${dec}`;
  }
}

interface Value {
  readonly obj?: number;
  readonly isNull?: boolean;
}

const SINGLETON = /^(Py_None|Py_True|Py_False|Py_NotImplemented|Py_Ellipsis)$/;

/** Calls whose variadic arguments follow a Py_BuildValue format at this argument index. */
const CALL_WITH_FORMAT: ReadonlyMap<string, number> = new Map([
  ['PyObject_CallFunction', 1], ['PyObject_CallMethod', 2], ['PyEval_CallFunction', 1], ['PyEval_CallMethod', 2],
]);

interface BranchInfo {
  readonly condText: string;
  readonly pure: boolean;
  readonly successFirst: boolean | undefined;
  readonly whenTrue: string;
  readonly whenFalse: string;
}

const NOTHING: Value = {};
const NULL_VALUE: Value = { isNull: true };
/** Budget of explored (node, state) pairs per function; beyond it the function is left alone. */
const MAX_STEPS = 4_000;
const PATH_STEPS_SHOWN = 12;

type VisitKind = 'owned' | 'maybe' | 'null' | 'other';

/**
 * The kind of each variable's binding at a node, over every state that reached it (for fixes). Only bound
 * variables are recorded per visit; one not bound on some visit was `other` there.
 */
export class VisitKinds {
  private visits = 0;
  private readonly seen = new Map<string, { kinds: Set<VisitKind>; visits: number }>();

  record(vars: ReadonlyMap<string, Binding>, objs: ReadonlyMap<number, Obj>): void {
    this.visits++;
    for (const [name, b] of vars) {
      let kind: VisitKind = 'other';
      if (b === 'null') kind = 'null';
      else if (typeof b === 'number') {
        const o = objs.get(b);
        if (o && o.status === 'live' && o.refs > 0) kind = o.maybeNull ? 'maybe' : 'owned';
      }
      let e = this.seen.get(name);
      if (!e) this.seen.set(name, (e = { kinds: new Set(), visits: 0 }));
      e.kinds.add(kind);
      e.visits++;
    }
  }

  /** The kinds `name` had here; undefined for a node never reached. */
  get(name: string): Set<VisitKind> | undefined {
    if (this.visits === 0) return undefined;
    const e = this.seen.get(name);
    const kinds = new Set(e?.kinds);
    if ((e?.visits ?? 0) < this.visits) kinds.add('other');
    return kinds;
  }
}

export interface FunctionResult {
  readonly findings: Finding[];
  readonly summary: Summary | undefined;
  /** Binding kinds seen at labels, gotos and exits. */
  readonly visits: ReadonlyMap<number, VisitKinds>;
  readonly cfg: Cfg;
}

export type SummaryLookup = (name: string) => Summary | undefined;

export function analyseFunction(fn: FunctionInfo, cfg: Cfg, text: string, summaryOf: SummaryLookup): FunctionResult {
  return new Explorer(fn, cfg, text, summaryOf).run();
}

class Explorer {
  private readonly findings = new Map<string, Finding>();
  private readonly visits = new Map<number, VisitKinds>();
  private readonly returned = new Set<ReturnOwnership | 'unknown' | 'null'>();
  private readonly touchedParams = new Set<number>();
  private st!: State;
  private stopped = false;
  /** While evaluating a branch atom: steals that happen only if the call succeeds. */
  private deferred: { objs: number[]; node: LNode; api: string }[] | undefined;

  constructor(private readonly fn: FunctionInfo, private readonly cfg: Cfg, private readonly text: string, private readonly summaryOf: SummaryLookup) {}

  run(): FunctionResult {
    const init = new State();
    this.fn.params.forEach((p, i) => {
      if (!p.object) return;
      init.objs.set(p.at.start, {
        site: p.at.start, at: p.at.start, siteEnd: p.at.end, name: p.name, api: '', origin: 'borrowed', refs: 0, maybeNull: !!p.nullable, canBeNull: !!p.nullable,
        status: 'live', depth: 0, param: i, ...NO_HISTORY, nullWhy: p.nullable,
      });
      init.vars.set(p.name, p.at.start);
    });
    const seen = new Map<number, Set<string>>();
    const joins = joinPoints(this.cfg);
    const stack: { id: number; st: State }[] = [{ id: this.cfg.entry, st: init }];
    let steps = 0;
    while (stack.length) {
      const { id, st } = stack.pop()!;
      // States are compared only where paths meet (labels, loop heads, after an if): elsewhere a state has one way in.
      if (joins.has(id)) {
        const key = st.key();
        let set = seen.get(id);
        if (!set) seen.set(id, (set = new Set()));
        if (set.has(key)) continue;
        set.add(key);
      }
      if (++steps > MAX_STEPS) return { findings: [], summary: undefined, visits: new Map(), cfg: this.cfg };
      this.st = st;
      this.stopped = false;
      for (const next of this.step(id, this.cfg.nodes[id]!)) stack.push(next);
    }
    return { findings: [...this.findings.values()], summary: this.summary(), visits: this.visits, cfg: this.cfg };
  }

  private summary(): Summary {
    const r = this.returned;
    let returns: Summary['returns'] = 'unknown';
    if (!r.has('unknown') && !(r.has('new') && r.has('borrowed'))) returns = r.has('borrowed') ? 'borrowed' : r.has('new') ? 'new' : 'unknown';
    return { returns, params: this.fn.params.map((_, i) => (this.touchedParams.has(i) ? 'unknown' : 'borrow')) };
  }

  // ---- stepping -------------------------------------------------------------------

  private step(id: number, n: CfgNode): { id: number; st: State }[] {
    const st = this.st;
    switch (n.kind) {
      case 'nop':
        return [{ id: n.next, st }];
      case 'eval':
        this.eval(n.expr);
        return this.stopped ? [] : [{ id: n.next, st }];
      case 'label':
        this.recordVisit(id);
        st.labels = [id, ...st.labels];
        return [{ id: n.next, st }];
      case 'goto':
        this.recordVisit(id);
        st.gotos = [id, ...st.gotos];
        st.note({ start: n.stmt.start, end: n.stmt.end, message: `jumps to \`${n.label}\`` });
        return [{ id: n.next, st }];
      case 'stop':
        return [];
      case 'fork':
        return n.targets.map((t) => {
          const s = st.clone();
          const at = t.at.type === 'case_statement' ? t.at : undefined;
          if (at) s.note({ start: at.start, end: Math.min(at.end, this.lineEnd(at.start)), message: 'this case is taken' });
          return { id: t.id, st: s };
        });
      case 'return':
        this.doReturn(id, n.stmt, n.value);
        return [];
      case 'end':
        this.recordVisit(id);
        this.exit(id, { start: n.at, end: n.at + 1 });
        return [];
      case 'branch':
        return this.branch(n);
    }
  }

  private lineEnd(at: number): number {
    const e = this.text.indexOf('\n', at);
    return e < 0 ? this.text.length : e;
  }

  private branch(n: Extract<CfgNode, { kind: 'branch' }>): { id: number; st: State }[] {
    const st = this.st;
    const cond = n.cond;
    const info = this.branchInfo(cond);
    const { condText, pure, successFirst } = info;
    const known = pure ? st.decisions.get(condText) : undefined;
    this.deferred = successFirst !== undefined ? [] : undefined;
    this.eval(cond);
    const deferred = this.deferred ?? [];
    this.deferred = undefined;
    if (this.stopped) return [];
    const out: { id: number; st: State }[] = [];
    for (const outcome of [true, false]) {
      if (known !== undefined && known !== outcome) continue;
      const s = outcome ? st.clone() : st;
      if (pure) s.decisions.set(condText, outcome);
      this.st = s;
      if (!this.refine(cond, outcome)) continue;
      // A call that steals only on success: on the success edge the reference is gone.
      if (successFirst !== undefined && outcome === successFirst) for (const d of deferred) for (const o of d.objs) this.steal(o, d.node, d.api);
      s.note({ start: cond.start, end: cond.end, message: outcome ? info.whenTrue : info.whenFalse });
      out.push({ id: outcome ? n.whenTrue : n.whenFalse, st: s });
    }
    this.st = st;
    return out;
  }

  private readonly branchInfos = new Map<LNode, BranchInfo>();

  /** What a condition atom's text says, worked out once per atom. */
  private branchInfo(cond: LNode): BranchInfo {
    let info = this.branchInfos.get(cond);
    if (info) return info;
    const condText = this.text.slice(cond.start, cond.end);
    const short = abbreviate(condText);
    info = {
      condText,
      // Pure conditions (no call, no assignment) decide the same way until a variable in them changes.
      pure: !/[(=]|\+\+|--/.test(condText.replace(/[=!<>]=/g, '')),
      successFirst: this.successCheck(cond),
      whenTrue: `\`${short}\` is true`,
      whenFalse: `\`${short}\` is false`,
    };
    this.branchInfos.set(cond, info);
    return info;
  }

  /**
   * For `PyModule_AddObject(...) < 0` and its spellings: the outcome on which the call succeeded,
   * or undefined when the atom is not such a check.
   */
  private successCheck(cond: LNode): boolean | undefined {
    const isStealer = (n: LNode | undefined): boolean => {
      if (!n) return false;
      const u = unwrap(n);
      if (u.type !== 'call_expression') return false;
      const f = field(u, 'function');
      return !!f && f.type === 'identifier' && STEALING.get(this.src(f))?.onSuccessOnly === true;
    };
    if (isStealer(cond)) return false;
    if (cond.type !== 'binary_expression' || !isStealer(field(cond, 'left'))) return undefined;
    const op = operator(cond);
    const right = field(cond, 'right');
    const r = right ? this.src(right).replace(/\s/g, '') : '';
    if ((op === '<' && r === '0') || (op === '!=' && r === '0') || (op === '==' && r === '-1')) return false;
    if ((op === '==' && r === '0') || (op === '>=' && r === '0')) return true;
    return undefined;
  }

  /** Applies what `cond` being `outcome` says about NULL; false when the edge is impossible. */
  private refine(cond: LNode, outcome: boolean): boolean {
    const written = this.getItemRefOutcome(cond, outcome);
    if (written) return written.isNull === undefined || this.refineSubject(written.target, written.isNull);
    let subject: LNode | undefined;
    let isNull: boolean;
    if (cond.type === 'binary_expression' && (operator(cond) === '==' || operator(cond) === '!=')) {
      const l = field(cond, 'left');
      const r = field(cond, 'right');
      if (!l || !r) return true;
      if (this.isNullLiteral(r)) subject = l;
      else if (this.isNullLiteral(l)) subject = r;
      else {
        // `x == Py_True`: equal to a singleton means not NULL.
        const single = SINGLETON.test(this.src(unwrap(r))) ? l : SINGLETON.test(this.src(unwrap(l))) ? r : undefined;
        if (!single || (operator(cond) === '==') !== outcome) return true;
        subject = single;
        isNull = false;
        return this.refineSubject(subject, isNull);
      }
      isNull = (operator(cond) === '==') === outcome;
    } else {
      subject = cond;
      isNull = !outcome;
    }
    return this.refineSubject(subject, isNull);
  }

  /**
   * `PyDict_GetItemRef(d, k, &x) > 0` and its spellings: 1 means found (`x` set), 0 missing and -1 an error
   * (`x` NULL in both). What the edge says about `x`: NULL, not NULL, or nothing (isNull undefined).
   */
  private getItemRefOutcome(cond: LNode, outcome: boolean): { target: LNode; isNull: boolean | undefined } | undefined {
    if (cond.type !== 'binary_expression') return undefined;
    const call = unwrap(field(cond, 'left') ?? cond);
    const right = field(cond, 'right');
    if (call.type !== 'call_expression' || !right || right.type !== 'number_literal') return undefined;
    const fnNode = field(call, 'function');
    if (!fnNode || !/^PyDict_GetItem(String)?Ref$/.test(this.src(fnNode))) return undefined;
    const out = namedChildren(field(call, 'arguments') ?? call)[2];
    const u = out ? unwrap(out) : undefined;
    const target = u && u.type === 'pointer_expression' && operator(u) === '&' ? field(u, 'argument') : undefined;
    if (!target) return undefined;
    const n = Number(this.src(right));
    const op = operator(cond);
    const holds = (r: number): boolean => op === '>' ? r > n : op === '>=' ? r >= n : op === '<' ? r < n : op === '<=' ? r <= n : op === '==' ? r === n : op === '!=' ? r !== n : false;
    if (!['>', '>=', '<', '<=', '==', '!='].includes(op ?? '')) return undefined;
    const results = [-1, 0, 1].filter((r) => holds(r) === outcome);
    if (results.length === 0) return { target, isNull: undefined };
    const found = results.includes(1);
    const missing = results.some((r) => r !== 1);
    return { target, isNull: found && !missing ? false : !found ? true : undefined };
  }

  private refineSubject(subject: LNode, isNull: boolean): boolean {
    let s = unwrap(subject);
    if (s.type === 'assignment_expression' && operator(s) === '=') s = unwrap(field(s, 'left') ?? s);
    if (s.type !== 'identifier') return true;
    const name = this.src(s);
    const b = this.st.vars.get(name);
    if (b === undefined || b === 'unknown') return true;
    if (b === 'null') return isNull;
    const o = this.st.objs.get(b);
    if (!o) return true;
    if (isNull) {
      if (!o.maybeNull) return false;
      this.st.objs.delete(b);
      for (const [v, vb] of this.st.vars) if (vb === b) this.st.vars.set(v, 'null');
    } else {
      o.maybeNull = false;
    }
    return true;
  }

  private isNullLiteral(n: LNode): boolean {
    const u = unwrap(n);
    return u.type === 'null' || (u.type === 'number_literal' && /^0+$/.test(this.src(u)));
  }

  private recordVisit(id: number): void {
    let v = this.visits.get(id);
    if (!v) this.visits.set(id, (v = new VisitKinds()));
    v.record(this.st.vars, this.st.objs);
  }

  // ---- exits ----------------------------------------------------------------------

  private doReturn(id: number, stmt: LNode, value: LNode | undefined): void {
    this.recordVisit(id);
    if (value) {
      const v = this.eval(value);
      if (this.stopped) return;
      const o = v.obj !== undefined ? this.st.objs.get(v.obj) : undefined;
      if (!this.fn.returnsObject) {
        if (o) this.escape(o);
      } else if (v.isNull) {
        this.returned.add('null');
      } else if (!o) {
        const u = unwrap(value);
        if (this.fn.exported && u.type === 'field_expression' && this.src(u).includes('->') && !this.st.increfed.has(this.src(u).replace(/\s/g, ''))) {
          this.report('cpython-borrowed-returned', u, `\`${this.src(u)}\` is returned without a new reference: the caller will release a reference it was never given`,
            [{ start: u.start, end: u.end, message: 'a borrowed reference (owned by the struct) is returned here' }], { kind: 'new-ref', value: u });
        }
        this.returned.add('unknown');
      } else if (o.status === 'escaped') {
        this.returned.add('unknown');
      } else if (o.refs > 0) {
        o.refs--;
        if (o.refs === 0) o.status = 'returned';
        if (o.param >= 0) this.touchedParams.add(o.param);
        this.returned.add('new');
      } else if (o.status === 'released') {
        this.report('cpython-use-after-steal', value, `\`${o.name}\` is returned after it was released`, this.objPath(o, [{ start: value.start, end: value.end, message: 'returned here' }]));
        this.returned.add('unknown');
      } else if (o.status === 'stolen') {
        this.reportUseAfterSteal(o, value, 'returned');
        this.returned.add('unknown');
      } else if (o.status === 'live') {
        this.returned.add('borrowed');
        const u = unwrap(value);
        if (this.fn.exported) this.report('cpython-borrowed-returned', value, `borrowed reference \`${o.name}\` is returned without \`Py_NewRef\`: a function returning \`PyObject *\` must return a new reference`,
          this.objPath(o, [{ start: value.start, end: value.end, message: 'returned here without a new reference' }]),
          { kind: 'new-ref', value: u, ...(o.acquisition && o.param < 0 ? { getItemRef: { api: o.api, call: { start: o.at, end: o.siteEnd }, callee: o.acquisition } } : {}) });
        if (o.param >= 0) this.touchedParams.add(o.param);
      } else {
        this.returned.add('unknown');
      }
    } else if (this.fn.returnsObject) {
      // `Py_RETURN_NONE` and friends return a new reference to a singleton.
      this.returned.add('new');
    }
    this.exit(id, stmt);
  }

  /** Every new reference still owned here leaks; a borrowed one stored without a reference is reported too. */
  private exit(id: number, at: Span): void {
    for (const o of this.st.objs.values()) {
      if (o.status === 'escaped') continue;
      if (o.pendingStore) {
        this.report('cpython-borrowed-stored', o.pendingStore, `borrowed reference \`${o.name}\` is stored without \`Py_NewRef\`/\`Py_INCREF\`: the owner will release a reference it was never given`,
          this.objPath(o, [{ start: o.pendingStore.start, end: o.pendingStore.end, message: 'stored here' }, { start: at.start, end: at.end, message: 'no reference was added on the way to this exit' }]),
          { kind: 'new-ref', value: o.pendingStore.value, ...(o.acquisition && o.param < 0 ? { getItemRef: { api: o.api, call: { start: o.at, end: o.siteEnd }, callee: o.acquisition } } : {}) });
      }
      if (o.status !== 'live' || o.refs <= 0 || o.param >= 0) continue;
      this.leak(o, id, at, 'when the function returns here');
    }
  }

  private leak(o: Obj, exit: number, at: Span, where: string): void {
    const variable = [...this.st.vars].find(([, b]) => b === o.site)?.[0];
    const path = this.objPath(o, [{ start: at.start, end: at.end, message: `\`${o.name}\` is still owned ${where}` }]);
    const exitRef: ExitRef = { exit, labels: this.st.labels, gotos: this.st.gotos };
    if (o.buildValueO !== undefined) {
      const fix: FixPlan = { kind: 'format-unit', at: o.buildValueO, from: 'O', to: 'N' };
      this.report('cpython-buildvalue-format', { start: o.buildValueO, end: o.buildValueO + 1 },
        `\`O\` takes its own reference to the new reference \`${o.name}\`, which is then never released: use \`N\` to hand it over`, path, fix);
      return;
    }
    const key = `cpython-leak:${o.at}`;
    const previous = this.findings.get(key);
    if (previous) {
      // Another exit of the same leak: the release fix must cover it too.
      if (previous.fix?.kind === 'release' && variable === previous.fix.variable) {
        this.findings.set(key, { ...previous, fix: { ...previous.fix, exits: [...previous.fix.exits, exitRef] } });
      }
      return;
    }
    this.report('cpython-leak', { start: o.at, end: o.siteEnd },
      `new reference \`${o.name}\`${o.api && o.name !== o.api ? ` from \`${o.api}\`` : ''} leaks: it is not released, stored, returned or stolen on this path`,
      path, variable ? { kind: 'release', variable, exits: [exitRef] } : undefined);
  }

  /** The path of `o` on the current state, built only if a finding is new (exploration reaches the same finding on many paths). */
  private objPath(o: Obj, tail: PathStep[]): () => PathStep[] {
    const notes = this.st.notes;
    return () => {
      const steps: PathStep[] = [];
      for (let n = notes; n && n.depth > o.depth; n = n.prev) {
        const m = n.step.message;
        steps.push({ start: n.step.start, end: n.step.end, message: typeof m === 'string' ? m : m() });
      }
      steps.reverse();
      const head: PathStep = o.param >= 0
        ? { start: o.at, end: o.siteEnd, message: `\`${o.name}\` is a parameter: a borrowed reference${o.nullWhy ? `, NULL when ${o.nullWhy}` : ''}` }
        : { start: o.at, end: o.siteEnd, message: `${o.origin === 'new' ? 'a new reference' : 'a borrowed reference'} from \`${o.api}\`` };
      const middle = steps.length > PATH_STEPS_SHOWN ? steps.slice(-PATH_STEPS_SHOWN) : steps;
      return [head, ...middle, ...tail];
    };
  }

  private report(code: FindingCode, at: Span, message: string, path: PathStep[] | (() => PathStep[]), fix?: FixPlan): void {
    const key = `${code}:${at.start}`;
    if (this.findings.has(key)) return;
    this.findings.set(key, { code, start: at.start, end: at.end, message, path: typeof path === 'function' ? path() : path, ...(fix ? { fix } : {}) });
  }

  // ---- expressions ----------------------------------------------------------------

  private src(n: LNode): string {
    return this.text.slice(n.start, n.end);
  }

  private objOf(v: Value): Obj | undefined {
    return v.obj !== undefined ? this.st.objs.get(v.obj) : undefined;
  }

  private eval(n: LNode): Value {
    switch (n.type) {
      case 'identifier': {
        const b = this.st.vars.get(this.src(n));
        if (b === undefined || b === 'unknown') return NOTHING;
        return b === 'null' ? NULL_VALUE : { obj: b };
      }
      case 'null':
        return NULL_VALUE;
      case 'number_literal':
        return /^0+$/.test(this.src(n)) ? NULL_VALUE : NOTHING;
      case 'string_literal': case 'concatenated_string': case 'char_literal': case 'true': case 'false':
      case 'sizeof_expression': case 'primitive_type': case 'type_descriptor':
        return NOTHING;
      case 'parenthesized_expression': {
        const inner = namedChildren(n)[0];
        return inner ? this.eval(inner) : NOTHING;
      }
      case 'cast_expression': {
        const v = field(n, 'value');
        return v ? this.eval(v) : NOTHING;
      }
      case 'comma_expression': {
        const l = field(n, 'left');
        const r = field(n, 'right');
        if (l) this.eval(l);
        return r ? this.eval(r) : NOTHING;
      }
      case 'assignment_expression': {
        const l = field(n, 'left');
        const r = field(n, 'right');
        if (!l || !r) return NOTHING;
        if (operator(n) !== '=') {
          this.eval(r);
          this.assign(l, NOTHING, r);
          return NOTHING;
        }
        const v = this.eval(r);
        this.assign(l, v, r);
        return v;
      }
      case 'declaration': {
        for (const d of namedChildren(n)) {
          if (d.type !== 'init_declarator') continue;
          const decl = field(d, 'declarator');
          const value = field(d, 'value');
          const name = decl ? declaredName(decl, this.text) : undefined;
          if (!value || !name) continue;
          const v = value.type === 'initializer_list' ? (this.escapeAll(value), NOTHING) : this.eval(value);
          this.bind(name, v, value);
        }
        return NOTHING;
      }
      case 'call_expression':
        return this.call(n);
      case 'field_expression': {
        const a = field(n, 'argument');
        if (a) this.use(this.eval(a), this.src(n).includes('->'), n);
        return NOTHING;
      }
      case 'subscript_expression': {
        const a = field(n, 'argument');
        const i = field(n, 'index');
        if (a) this.use(this.eval(a), false, n);
        if (i) this.eval(i);
        return NOTHING;
      }
      case 'pointer_expression': {
        const a = field(n, 'argument');
        if (!a) return NOTHING;
        if (operator(n) === '&') {
          const u = unwrap(a);
          if (u.type === 'identifier' && this.fn.locals.has(this.src(u))) {
            // Its address escapes: whatever it names may now be changed by code we cannot see.
            const o = this.objOf(this.eval(u));
            if (o) this.escape(o);
            this.invalidate(this.src(u));
            this.st.vars.delete(this.src(u));
            return NOTHING;
          }
          this.eval(a);
          return NOTHING;
        }
        this.use(this.eval(a), true, n);
        return NOTHING;
      }
      case 'binary_expression': {
        const l = field(n, 'left');
        const r = field(n, 'right');
        if (l) this.eval(l);
        if (r) this.eval(r);
        return NOTHING;
      }
      case 'unary_expression': case 'update_expression': {
        const a = field(n, 'argument');
        if (a) {
          this.eval(a);
          if (n.type === 'update_expression' && unwrap(a).type === 'identifier') this.invalidate(this.src(unwrap(a)));
        }
        return NOTHING;
      }
      default:
        // Ternaries, initializer lists, statement expressions, ...: objects that flow through them escape.
        this.escapeAll(n);
        return NOTHING;
    }
  }

  private escapeAll(n: LNode): void {
    for (const c of namedChildren(n)) {
      const o = this.objOf(this.eval(c));
      if (o) this.escape(o);
    }
  }

  private escape(o: Obj): void {
    if (o.param >= 0) this.touchedParams.add(o.param);
    o.status = 'escaped';
  }

  /** Passing an object to code that reads it: use after release, or a NULL it cannot take. */
  private use(v: Value, needsNonNull: boolean, at: LNode, api?: string): void {
    const o = this.objOf(v);
    if (!o || o.status === 'escaped') return;
    if (o.status === 'released' && o.refs === 0) {
      this.report('cpython-use-after-steal', at, `\`${o.name}\` is used after it was released`,
        this.objPath(o, [...(o.releasedAt ? [{ ...o.releasedAt, message: 'released here' }] : []), { start: at.start, end: at.end, message: 'used here' }]));
      return;
    }
    if (o.status === 'stolen' && o.refs === 0 && api !== 'Py_INCREF' && api !== 'Py_XINCREF' && api !== 'Py_NewRef' && api !== 'Py_XNewRef') {
      // The function no longer owns a reference: the object lives only as long as its new owner keeps it.
      // Taking a reference back (`Py_INCREF`, `Py_NewRef`) is the fix, not a use.
      this.reportUseAfterSteal(o, at, 'used');
    }
    if (needsNonNull && o.maybeNull && o.canBeNull && o.param >= 0 && o.nullWhy) {
      this.report('cpython-unchecked-null', at, `\`${o.name}\` can be NULL here (${o.nullWhy}) and is used without a check${api ? ` by \`${api}\`` : ''}`,
        this.objPath(o, [{ start: at.start, end: at.end, message: 'used here without a NULL check' }]));
      o.maybeNull = false;
      return;
    }
    // `f(g())` with a borrowed `g` that finds nothing (`PyDict_GetItem`): nothing else reports it. A new
    // reference passed on like this is reported once, as the leak it also is.
    if (needsNonNull && o.maybeNull && o.canBeNull && o.name === o.api && o.origin === 'borrowed' && this.isCallAt(at, o.at)) {
      this.report('cpython-unchecked-null', { start: o.at, end: o.siteEnd },
        `the result of \`${o.api}\` can be NULL (nothing found, or an error) and is passed${api ? ` to \`${api}\`, which does not accept NULL` : ' on without a check'}`,
        this.objPath(o, [{ start: at.start, end: at.end, message: 'used here without a NULL check' }]));
      o.maybeNull = false;
      return;
    }
    // Only results held in a variable: `f(g())` is reported once, as the leak it usually also is.
    if (needsNonNull && o.maybeNull && o.canBeNull && o.name !== o.api) {
      this.report('cpython-unchecked-null', { start: o.at, end: o.siteEnd },
        `\`${o.name}\` can be NULL (\`${o.api}\` failed) and is used without a check${api ? ` by \`${api}\`` : ''}`,
        this.objPath(o, [{ start: at.start, end: at.end, message: 'used here without a NULL check' }]));
      o.maybeNull = false;
    }
  }

  /** `at` is the call made at `site` (an argument), or dereferences it (`g()->x`). */
  private isCallAt(at: LNode, site: number): boolean {
    let u = unwrap(at);
    if (u.type === 'field_expression' || u.type === 'subscript_expression' || u.type === 'pointer_expression') u = unwrap(field(u, 'argument') ?? u);
    return u.type === 'call_expression' && u.start === site;
  }

  private invalidate(name: string): void {
    if (this.st.decisions.size === 0) return;
    for (const k of [...this.st.decisions.keys()]) if (identifiersOf(k).has(name)) this.st.decisions.delete(k);
  }

  private bind(name: string, v: Value, literal?: LNode): void {
    this.invalidate(name);
    // A flag set to a constant (`owned = 1`) decides later tests of the flag itself (`if (owned)`).
    if (literal && unwrap(literal).type === 'number_literal' && /^\d+$/.test(this.src(unwrap(literal)))) {
      this.st.decisions.set(name, Number(this.src(unwrap(literal))) !== 0);
    }
    if (!this.fn.locals.has(name)) return;
    const o = this.objOf(v);
    if (o && o.param < 0 && o.name === o.api) o.name = name;
    if (v.obj === undefined && !v.isNull) this.st.vars.delete(name);
    else this.st.vars.set(name, v.obj ?? 'null');
  }

  private assign(left: LNode, v: Value, valueNode: LNode): void {
    const l = unwrap(left);
    if (l.type === 'identifier') {
      const name = this.src(l);
      if (this.fn.locals.has(name)) return this.bind(name, v, valueNode);
      return this.store(v, l, valueNode, true);
    }
    if (l.type === 'field_expression' || l.type === 'subscript_expression') {
      const a = field(l, 'argument');
      if (a) this.use(this.eval(a), true, l);
      return this.store(v, l, valueNode, true);
    }
    if (l.type === 'pointer_expression') {
      const a = field(l, 'argument');
      if (a) this.eval(a);
      // `*out = x`: an out-parameter; a borrowed one is a documented API choice, so only ownership moves.
      return this.store(v, l, valueNode, false);
    }
    this.eval(l);
    const o = this.objOf(v);
    if (o) this.escape(o);
  }

  /** `owner = x`: one owned reference moves to the owner; a borrowed one without a reference is a bug. */
  private store(v: Value, place: LNode, valueNode: LNode, reportBorrowed: boolean): void {
    const o = this.objOf(v);
    if (!o || o.status === 'escaped') return;
    if (o.refs > 0) {
      o.refs--;
      if (o.refs === 0 && o.origin === 'new') o.status = 'stored';
      return;
    }
    if (o.status === 'released') {
      this.use(v, false, place);
      return;
    }
    if (o.status === 'live' && o.origin === 'borrowed' && reportBorrowed) {
      o.pendingStore = { start: place.start, end: valueNode.end, value: { start: valueNode.start, end: valueNode.end } };
      if (o.param >= 0) this.touchedParams.add(o.param);
      return;
    }
    this.escape(o);
  }

  private incref(o: Obj): void {
    if (o.status === 'escaped') return;
    if (o.pendingStore) {
      // The reference the owner was missing.
      o.pendingStore = undefined;
      return;
    }
    o.refs++;
    if (o.status !== 'live') o.status = 'live';
  }

  private release(v: Value, at: LNode, stmt: LNode, macro: string): void {
    const o = this.objOf(v);
    if (!o || o.status === 'escaped') return;
    if (o.param >= 0) this.touchedParams.add(o.param);
    if ((macro === 'Py_DECREF' || macro === 'Py_SETREF') && o.status !== 'released') this.use(v, true, at, macro);
    if (o.refs > 0) {
      o.refs--;
      if (o.refs === 0) {
        o.status = 'released';
        o.releasedAt = { start: at.start, end: at.end };
      }
      return;
    }
    if (o.status === 'released') {
      this.report('cpython-use-after-steal', at, `\`${o.name}\` is released twice`,
        this.objPath(o, [...(o.releasedAt ? [{ ...o.releasedAt, message: 'first released here' }] : []), { start: at.start, end: at.end, message: 'released again here' }]));
    } else if (o.status === 'stolen') {
      this.report('cpython-use-after-steal', at, `\`${o.name}\` is released after \`${o.stolenAt?.api ?? 'a call'}\` stole its reference`,
        this.objPath(o, [...(o.stolenAt ? [{ ...o.stolenAt, message: `stolen by \`${o.stolenAt.api}\` here` }] : []), { start: at.start, end: at.end, message: 'released here' }]));
    } else if (o.status === 'live' && o.origin === 'borrowed') {
      this.report('cpython-borrowed-release', at, `\`${macro}\` releases the borrowed reference \`${o.name}\`, which this function does not own`,
        this.objPath(o, [{ start: at.start, end: at.end, message: 'released here' }]), { kind: 'remove-statement', stmt });
    }
  }

  private reportUseAfterSteal(o: Obj, at: Span, how: 'used' | 'returned'): void {
    this.report('cpython-use-after-steal', at, `\`${o.name}\` is ${how} after \`${o.stolenAt?.api ?? 'a call'}\` stole its reference: add one first with \`Py_INCREF\`/\`Py_NewRef\``,
      this.objPath(o, [...(o.stolenAt ? [{ ...o.stolenAt, message: `stolen by \`${o.stolenAt.api}\` here` }] : []), { start: at.start, end: at.end, message: `${how} here` }]));
  }

  private steal(id: number, at: LNode, api: string): void {
    const o = this.st.objs.get(id);
    if (!o || o.status === 'escaped') return;
    if (o.param >= 0) this.touchedParams.add(o.param);
    if (o.refs > 0) {
      o.refs--;
      if (o.refs === 0) {
        o.status = 'stolen';
        o.stolenAt = { start: at.start, end: at.end, api };
      }
      return;
    }
    if (o.status === 'released') {
      this.use({ obj: id }, false, at);
    } else if (o.status === 'stolen') {
      // Handing over a reference the function already gave away: two owners will release one reference.
      this.reportUseAfterSteal(o, at, 'used');
    } else if (o.status === 'live' && o.origin === 'borrowed') {
      this.report('cpython-borrowed-stored', at, `\`${api}\` steals a reference to the borrowed \`${o.name}\`: add one with \`Py_NewRef\``,
        this.objPath(o, [{ start: at.start, end: at.end, message: `stolen by \`${api}\` here` }]), { kind: 'new-ref', value: at });
    }
  }

  private newObj(call: LNode, api: string, origin: ReturnOwnership, canBeNull: boolean): Value {
    const existing = this.st.objs.get(call.start);
    if (existing && existing.status !== 'escaped' && existing.param < 0) {
      const holders = [...this.st.vars].filter(([, b]) => b === call.start).map(([v]) => v);
      if (holders.length) {
        // The previous result of this call (a loop) is still named by a variable: it lives on under
        // a second identity. A third generation is dropped unreported, which keeps loops finite.
        const moved = -call.start - 1;
        this.st.objs.set(moved, { ...existing, site: moved });
        for (const v of holders) this.st.vars.set(v, moved);
      } else if (existing.status === 'live' && existing.refs > 0) {
        // The same call again while the previous result is still owned and no longer named.
        this.leak(existing, -1, call, 'when the same call runs again');
      }
    }
    const fnNode = field(call, 'function');
    this.st.objs.set(call.start, {
      site: call.start, at: call.start, siteEnd: call.end, name: api, api, origin, refs: origin === 'new' ? 1 : 0, maybeNull: canBeNull, canBeNull,
      status: 'live', depth: this.st.depth, param: -1, ...NO_HISTORY, acquisition: fnNode ? { start: fnNode.start, end: fnNode.end } : undefined,
    });
    return { obj: call.start };
  }

  private call(n: LNode): Value {
    const fnNode = field(n, 'function');
    const argList = field(n, 'arguments');
    const args = argList ? namedChildren(argList) : [];
    const name = fnNode && fnNode.type === 'identifier' ? this.src(fnNode) : undefined;
    if (!name) {
      if (fnNode) this.eval(fnNode);
      for (const a of args) {
        const o = this.objOf(this.eval(a));
        if (o) this.escape(o);
      }
      return NOTHING;
    }
    switch (name) {
      case 'Py_INCREF': case 'Py_XINCREF': {
        const v = args[0] ? this.eval(args[0]) : NOTHING;
        if (args[0] && unwrap(args[0]).type === 'field_expression') this.st.increfed = new Set([...this.st.increfed, this.src(unwrap(args[0])).replace(/\s/g, '')]);
        this.use(v, name === 'Py_INCREF', n, name);
        const o = this.objOf(v);
        if (o) this.incref(o);
        return NOTHING;
      }
      case 'Py_DECREF': case 'Py_XDECREF': case 'Py_CLEAR': {
        const a = args[0];
        if (!a) return NOTHING;
        const v = this.eval(a);
        this.release(v, n, this.enclosingStatement(n), name);
        const u = unwrap(a);
        if (name === 'Py_CLEAR' && u.type === 'identifier') this.bind(this.src(u), NULL_VALUE);
        return NOTHING;
      }
      case 'Py_SETREF': case 'Py_XSETREF': {
        const [dst, srcArg] = args;
        if (!dst || !srcArg) return NOTHING;
        const old = this.eval(dst);
        const v = this.eval(srcArg);
        this.release(old, n, this.enclosingStatement(n), name);
        this.assign(dst, v, srcArg);
        // Reported at the value: `Py_SETREF(self->x, value)` is read as "store value".
        const o = this.objOf(v);
        if (o?.pendingStore) o.pendingStore = { ...o.pendingStore, start: srcArg.start, end: srcArg.end };
        return NOTHING;
      }
      case 'Py_NewRef': case 'Py_XNewRef': {
        const v = args[0] ? this.eval(args[0]) : NOTHING;
        this.use(v, name === 'Py_NewRef', n, name);
        const o = this.objOf(v);
        if (o && o.status !== 'escaped') {
          o.refs++;
          o.status = 'live';
        }
        return v;
      }
      case 'Py_BuildValue':
        return this.buildValue(n, args);
      case 'PyArg_ParseTuple': case 'PyArg_ParseTupleAndKeywords': case 'PyArg_Parse': case 'PyArg_UnpackTuple':
        return this.parseArgs(name, args);
      case 'PyDict_GetItemRef': case 'PyDict_GetItemStringRef': {
        // 3.13: `PyDict_GetItemRef(d, key, &x)` writes a new reference (or NULL) to `x` and returns an int.
        const [d, key, out] = args;
        if (d) this.use(this.eval(d), true, d, name);
        if (key) this.use(this.eval(key), name === 'PyDict_GetItemRef', key, name);
        const u = out ? unwrap(out) : undefined;
        const target = u && u.type === 'pointer_expression' && operator(u) === '&' ? field(u, 'argument') : undefined;
        const t = target ? unwrap(target) : undefined;
        if (t && t.type === 'identifier' && this.fn.locals.has(this.src(t))) this.bind(this.src(t), this.newObj(n, name, 'new', true));
        else if (out) this.eval(out);
        return NOTHING;
      }
      case 'PyDict_Next': {
        args.forEach((a, i) => {
          const u = unwrap(a);
          const target = u.type === 'pointer_expression' && operator(u) === '&' ? field(u, 'argument') : undefined;
          if ((i === 2 || i === 3) && target && unwrap(target).type === 'identifier' && this.fn.locals.has(this.src(unwrap(target)))) {
            this.bindBorrowed(this.src(unwrap(target)), a, name);
          } else {
            this.use(this.eval(a), i === 0, a, name);
          }
        });
        return NOTHING;
      }
      default:
        break;
    }
    const fmtAt = CALL_WITH_FORMAT.get(name);
    if (fmtAt !== undefined) {
      // Py_BuildValue-style formats: `N` would steal. Read only when the format is known and has no `N`.
      const fmt = this.formatOf(args[fmtAt]);
      const units = fmt ? buildValueArgs(fmt.text) : undefined;
      if (!units || units.some((u) => u.kind === 'steal')) {
        const own = returnOwnership(name);
        args.forEach((a, i) => {
          const v = this.eval(a);
          const o = this.objOf(v);
          if (i > fmtAt && o) this.escape(o);
          else this.use(v, i < fmtAt && requiresNonNull(name, i), a, name);
        });
        return own ? this.newObj(n, name, own, resultCanBeNull(name, own)) : NOTHING;
      }
    }
    const steal = STEALING.get(name);
    const summary = steal ? undefined : this.summaryOf(name);
    const known = steal !== undefined || isKnownFunction(name);
    const values = args.map((a) => this.eval(a));
    if (CHECKS_NULL_ARGUMENT.has(name)) for (const v of values) { const o = this.objOf(v); if (o) o.canBeNull = false; }
    values.forEach((v, i) => {
      if (steal?.args.includes(i)) {
        if (v.obj === undefined) return;
        if (steal.onSuccessOnly) {
          if (this.deferred) this.deferred.push({ objs: [v.obj], node: args[i]!, api: name });
          else this.escape(this.st.objs.get(v.obj)!);
        } else {
          this.steal(v.obj, args[i]!, name);
        }
      } else if (known) {
        this.use(v, requiresNonNull(name, i), args[i]!, name);
      } else if (summary?.params[i] === 'borrow') {
        this.use(v, false, args[i]!, name);
      } else {
        const o = this.objOf(v);
        if (o) this.escape(o);
      }
    });
    if (/^(Py_FatalError|abort|exit|_exit|Py_Exit)$/.test(name)) this.stopped = true;
    const own = summary ? (summary.returns === 'unknown' ? undefined : summary.returns) : known ? returnOwnership(name) : undefined;
    if (!own) return name.startsWith('PyErr_') && returnOwnership(name) === undefined && /Format|NoMemory|SetFrom/.test(name) ? NULL_VALUE : NOTHING;
    return this.newObj(n, name, own, summary ? own === 'new' : resultCanBeNull(name, own));
  }

  private enclosingStatement(call: LNode): LNode {
    // The call is the whole expression statement when its statement spans it plus `;`.
    const after = this.text.slice(call.end, call.end + 40);
    const m = /^\s*;/.exec(after);
    return m ? { ...call, end: call.end + m[0].length } : call;
  }

  private bindBorrowed(name: string, at: LNode, api: string): void {
    this.invalidate(name);
    this.st.objs.set(at.start, {
      site: at.start, at: at.start, siteEnd: at.end, name, api, origin: 'borrowed', refs: 0, maybeNull: false, canBeNull: false,
      status: 'live', depth: this.st.depth, param: -1, ...NO_HISTORY,
    });
    this.st.vars.set(name, at.start);
  }

  private formatOf(n: LNode | undefined): { text: string; start: number } | undefined {
    if (!n || n.type !== 'string_literal') return undefined;
    const raw = this.src(n);
    if (!raw.startsWith('"') || !raw.endsWith('"') || raw.includes('\\')) return undefined;
    return { text: raw.slice(1, -1), start: n.start + 1 };
  }

  private buildValue(n: LNode, args: readonly LNode[]): Value {
    const fmt = this.formatOf(args[0]);
    const units = fmt ? buildValueArgs(fmt.text) : undefined;
    const rest = args.slice(1);
    const values = rest.map((a) => this.eval(a));
    if (!fmt || !units || units.length !== rest.length) {
      for (const v of values) {
        const o = this.objOf(v);
        if (o) this.escape(o);
      }
      return this.newObj(n, 'Py_BuildValue', 'new', true);
    }
    values.forEach((v, i) => {
      const unit = units[i]!;
      const o = this.objOf(v);
      if (!o || o.status === 'escaped') return;
      const at = fmt.start + unit.at;
      if (unit.kind === 'steal') {
        if (o.refs === 0 && o.status === 'live' && o.origin === 'borrowed') {
          this.report('cpython-buildvalue-format', { start: at, end: at + 1 },
            `\`N\` steals a reference, but \`${o.name}\` is borrowed: use \`O\`, which adds its own`,
            this.objPath(o, [{ start: rest[i]!.start, end: rest[i]!.end, message: 'passed to `N` here' }]), { kind: 'format-unit', at, from: 'N', to: 'O' });
          return;
        }
        this.steal(v.obj!, rest[i]!, 'Py_BuildValue');
      } else if (unit.kind === 'borrow') {
        this.use(v, false, rest[i]!, 'Py_BuildValue');
        if (o.origin === 'new' && o.refs === 1 && o.status === 'live') o.buildValueO = at;
      } else {
        const ob = this.objOf(v);
        if (ob) this.escape(ob);
      }
    });
    return this.newObj(n, 'Py_BuildValue', 'new', true);
  }

  private parseArgs(name: string, args: readonly LNode[]): Value {
    const fmtIndex = name === 'PyArg_ParseTupleAndKeywords' ? 2 : name === 'PyArg_UnpackTuple' ? -1 : 1;
    const firstVar = name === 'PyArg_ParseTupleAndKeywords' ? 4 : name === 'PyArg_UnpackTuple' ? 4 : 2;
    const fmt = fmtIndex >= 0 ? this.formatOf(args[fmtIndex]) : undefined;
    const roles = name === 'PyArg_UnpackTuple' ? args.slice(firstVar).map(() => 'object' as const) : fmt ? parseTupleArgs(fmt.text) : undefined;
    args.forEach((a, i) => {
      if (i < firstVar) {
        this.use(this.eval(a), i === 0 && name !== 'PyArg_Parse', a, name);
        return;
      }
      const u = unwrap(a);
      const target = u.type === 'pointer_expression' && operator(u) === '&' ? field(u, 'argument') : undefined;
      const t = target ? unwrap(target) : undefined;
      if (t && t.type === 'identifier' && this.fn.locals.has(this.src(t)) && roles?.[i - firstVar] === 'object' && roles.length === args.length - firstVar) {
        // Only on success does the variable receive the reference; a failing call returns NULL at once in practice.
        this.bindBorrowed(this.src(t), a, name);
      } else {
        this.eval(a);
      }
    });
    return NOTHING;
  }
}

const identifierCache = new Map<string, ReadonlySet<string>>();

/** The identifiers of a condition's text (cached: conditions repeat across states). */
function identifiersOf(text: string): ReadonlySet<string> {
  let ids = identifierCache.get(text);
  if (!ids) {
    if (identifierCache.size > 10_000) identifierCache.clear();
    identifierCache.set(text, (ids = new Set(text.match(/[A-Za-z_]\w*/g) ?? [])));
  }
  return ids;
}

/** Nodes with more than one way in. */
function joinPoints(cfg: Cfg): Set<number> {
  const preds = new Map<number, number>();
  const add = (id: number) => preds.set(id, (preds.get(id) ?? 0) + 1);
  add(cfg.entry);
  for (const n of cfg.nodes) {
    if (n.kind === 'branch') {
      add(n.whenTrue);
      add(n.whenFalse);
    } else if (n.kind === 'fork') {
      for (const t of n.targets) add(t.id);
    } else if ('next' in n) {
      add(n.next);
    }
  }
  return new Set([...preds].filter(([, k]) => k > 1).map(([id]) => id));
}

function abbreviate(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 60 ? `${one.slice(0, 57)}...` : one;
}

/** The identifier a declarator declares (`*x`, `x[3]`, `(*x)`, ...). */
export function declaredName(d: LNode, text: string): string | undefined {
  let cur: LNode | undefined = d;
  while (cur) {
    if (cur.type === 'identifier') return text.slice(cur.start, cur.end);
    if (cur.type === 'function_declarator') return undefined;
    cur = field(cur, 'declarator') ?? namedChildren(cur).find((c) => c.type.endsWith('declarator') || c.type === 'identifier');
  }
  return undefined;
}
