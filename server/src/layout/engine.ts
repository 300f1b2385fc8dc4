// The layout engine: resolves types against one DeclTable for one Target,
// hands records to the target family's algorithm, and flattens the result
// into FieldLayouts. Every answer it cannot give exactly is a LayoutUnknown
// whose text names the offending type, because users read it in a hover.
//
// Flattening: a named record member `m` gets its entry, then `m.x` entries one
// level deeper; members of an anonymous struct/union member stand in for it
// (no entry for the anonymous member itself, same depth, no fieldIndex); an
// unnamed bit-field has no name and the path `(unnamed i)`, i being its index
// in its record's fields, so paths stay unique.
//
// Cost: what is memoised per record is its own entries (direct members and
// members of anonymous members, which belong to it) with the record each named
// member embeds, and the count of flattened entries. The dotted entries of
// nested records are produced only when `fields` is read, and at most up to the
// limit asked for: a record embedding the previous one twice, level after
// level, has 2^depth of them.
//
// Reasons: an unknown that explains another ("field `x` of `struct A` cannot be
// laid out: ...") keeps the outermost context, the innermost one and the cause,
// and says how many levels lie between, so it does not grow with nesting.
import type { DeclId, DeclTable, EnumDecl, Field, RecordDecl, ScalarKind, TypeRef } from '../base/model.ts';
import type { FieldLayout, LayoutAnswer, LayoutUnknown, RecordLayout, SizeAlign, Target } from './types.ts';
import { TooLarge, type MemberInput, type MemberType, type RecordInput, type RecordOutput } from './family.ts';
import { layoutItanium } from './itanium.ts';
import { layoutMsvc } from './msvc.ts';

/** Everything the engine knows about a complete type. */
interface Facts {
  readonly size: number;
  readonly align: number;
  readonly alignRequired: boolean;
  /** MSVC: required alignment of the record at the base of the type, 0 when none. */
  readonly recordRequiredAlign: number;
}

/** The most entries a `RecordLayout.fields` lists, unless the record's own entries alone are more (they are all listed). */
export const MAX_FLATTENED_FIELDS = 4096;

/**
 * The most own entries (direct members and members of anonymous members) a record keeps.
 * C source cannot get near it (each anonymous member is written out once), but a model that
 * reuses an anonymous record could make the count exponential. Past it, `fields` is cut
 * like nested entries are, and `truncatedFields` says so.
 */
export const MAX_OWN_ENTRIES = 65_536;

/** The longest reason text; longer ones (long type spellings) lose their middle. */
export const MAX_REASON_LENGTH = 400;

/** A member of the record itself, with the record it embeds by value when it is a named member of record type. */
interface OwnEntry {
  readonly field: FieldLayout;
  readonly nested?: DeclId;
}

/** What is memoised per record: enough to list its members to any depth, lazily. */
interface RecordCore {
  readonly size: number;
  readonly align: number;
  /** Own entries (depth 0), at most MAX_OWN_ENTRIES of them. */
  readonly own: readonly OwnEntry[];
  /** Flattened entries to every depth, saturating at Number.MAX_SAFE_INTEGER. */
  readonly total: number;
}

interface RecordResult {
  readonly answer: RecordCore | LayoutUnknown;
  readonly requiredAlign: number;
}

const INTEGRAL: ReadonlySet<ScalarKind> = new Set<ScalarKind>([
  'bool', 'char', 'schar', 'uchar', 'short', 'ushort', 'int', 'uint', 'long', 'ulong',
  'llong', 'ullong', 'int128', 'uint128', 'wchar', 'char16', 'char32',
  'size', 'ssize', 'ptrdiff', 'intptr', 'uintptr',
]);

const SIGNED_LADDER: readonly ScalarKind[] = ['schar', 'short', 'int', 'long', 'llong'];
const UNSIGNED_LADDER: readonly ScalarKind[] = ['uchar', 'ushort', 'uint', 'ulong', 'ullong'];

/** Cuts the middle out of an over-long reason. */
export function capReason(reason: string, max = MAX_REASON_LENGTH): string {
  if (reason.length <= max) return reason;
  const half = Math.floor((max - 3) / 2);
  return `${reason.slice(0, half)} … ${reason.slice(reason.length - half)}`;
}

function unknown(reason: string): LayoutUnknown {
  return { unknown: capReason(reason) };
}

/** For a reason that wraps others: the innermost context with its cause, and how many contexts it is below the top. */
const WRAPPED = new WeakMap<LayoutUnknown, { readonly innermost: string; readonly levels: number }>();

/** `context: inner`, with everything between the outermost and the innermost context left out past two levels. */
function wrapUnknown(context: string, inner: LayoutUnknown): LayoutUnknown {
  const below = WRAPPED.get(inner);
  const levels = (below?.levels ?? 0) + 1;
  const text = levels <= 2
    ? `${context}: ${inner.unknown}`
    : `${context}: (through ${levels - 2} more nested member${levels === 3 ? '' : 's'}) ${below!.innermost}`;
  const answer = unknown(text);
  WRAPPED.set(answer, { innermost: below?.innermost ?? answer.unknown, levels });
  return answer;
}

function addSaturating(a: number, b: number): number {
  return Math.min(a + b, Number.MAX_SAFE_INTEGER);
}

function isUnknownFacts(f: Facts | LayoutUnknown): f is LayoutUnknown {
  return 'unknown' in f;
}

function isUnknownCore(c: RecordCore | LayoutUnknown): c is LayoutUnknown {
  return 'unknown' in c;
}

/** How a record is named in messages: `struct S`, a typedef name, or where it is. */
export function recordTitle(r: RecordDecl): string {
  if (r.name !== undefined) return r.nameFromTypedef ? r.name : `${r.kind} ${r.name}`;
  return `the anonymous ${r.kind} at line ${r.line + 1}`;
}

function enumTitle(e: EnumDecl): string {
  if (e.name !== undefined) return e.nameFromTypedef ? e.name : `enum ${e.name}`;
  return `the anonymous enum at line ${e.line + 1}`;
}

/** A C spelling of a type, for messages. */
export function spell(t: TypeRef, table: DeclTable): string {
  switch (t.kind) {
    case 'scalar': return t.spelling;
    case 'void': return 'void';
    case 'pointer': return t.pointee === 'function' ? 'function pointer' : `${spell(t.pointee, table)} *`;
    case 'array': return `${spell(t.element, table)}[${t.length === null ? '' : t.length.toString()}]`;
    case 'record': {
      const d = table.get(t.id);
      return d.decl === 'record' ? recordTitle(d) : '?';
    }
    case 'enum': {
      const d = table.get(t.id);
      return d.decl === 'enum' ? enumTitle(d) : '?';
    }
    case 'typedef': return t.name;
    case 'unknown': return t.spelling;
  }
}

/** Bits needed for the non-negative value `v` (APInt::getActiveBits). */
function activeBits(v: bigint): number {
  return v === 0n ? 0 : v.toString(2).length;
}

/** Bits needed for the negative value `v` in two's complement (APInt::getMinSignedBits). */
function minSignedBits(v: bigint): number {
  return activeBits(-v - 1n) + 1;
}

export class LayoutEngine {
  private readonly records = new Map<DeclId, RecordResult>();
  /** Layouts handed out, per record and limit; their `fields` are built on first read. */
  private readonly layouts = new Map<string, RecordLayout>();
  private readonly inProgress = new Set<DeclId>();
  private readonly enums = new Map<DeclId, Facts | LayoutUnknown>();

  constructor(private readonly table: DeclTable, private readonly target: Target) {}

  /**
   * The layout of a record, or why there is none. `fields` lists every own member and
   * nested entries up to `maxFields` entries in all (clamped to MAX_FLATTENED_FIELDS), and is
   * built on each read; `truncatedFields` says how many it leaves out.
   */
  record(id: DeclId, maxFields: number = MAX_FLATTENED_FIELDS): LayoutAnswer {
    const core = this.recordResult(id).answer;
    if (isUnknownCore(core)) return core;
    const limit = Math.max(0, Math.min(Math.floor(maxFields), MAX_FLATTENED_FIELDS));
    const key = `${id}:${limit}`;
    const memo = this.layouts.get(key);
    if (memo) return memo;
    // Own entries are always listed; nested ones fill what the limit leaves.
    const listed = Math.min(core.total, Math.max(limit, core.own.length));
    const flatten = (): readonly FieldLayout[] => this.flatten(core, limit);
    const layout: RecordLayout = {
      size: core.size,
      align: core.align,
      ...(core.total > listed ? { truncatedFields: core.total - listed } : {}),
      // Built on each read and not kept: the engine lives as long as a file snapshot and
      // would otherwise hold every listing ever read. Read it once where it is used.
      get fields(): readonly FieldLayout[] {
        return flatten();
      },
    };
    this.layouts.set(key, layout);
    return layout;
  }

  /** Own entries, each followed by its nested entries in pre-order while the limit allows. */
  private flatten(core: RecordCore, limit: number): FieldLayout[] {
    const out: FieldLayout[] = [];
    let budget = Math.max(0, limit - core.own.length);
    interface Frame { readonly own: readonly OwnEntry[]; i: number; readonly prefix: string; readonly offsetBits: number; readonly depth: number }
    const stack: Frame[] = [];
    const push = (nested: DeclId, prefix: string, offsetBits: number, depth: number): void => {
      const inner = this.recordResult(nested).answer;
      // A member's record is laid out whenever its parent is; a missing one just lists nothing.
      if (!isUnknownCore(inner)) stack.push({ own: inner.own, i: 0, prefix, offsetBits, depth });
    };
    for (const e of core.own) {
      out.push(e.field);
      if (e.nested === undefined || budget === 0) continue;
      push(e.nested, e.field.path, e.field.offsetBits, 1);
      while (stack.length > 0 && budget > 0) {
        const top = stack[stack.length - 1]!;
        const n = top.own[top.i++];
        if (n === undefined) {
          stack.pop();
          continue;
        }
        const { fieldIndex: _direct, ...rest } = n.field;
        void _direct;
        const entry: FieldLayout = { ...rest, path: `${top.prefix}.${n.field.path}`, offsetBits: top.offsetBits + n.field.offsetBits, depth: top.depth };
        out.push(entry);
        budget--;
        if (n.nested !== undefined) push(n.nested, entry.path, entry.offsetBits, top.depth + 1);
      }
      stack.length = 0;
    }
    return out;
  }

  /** Size and member alignment of any type. */
  typeInfo(t: TypeRef): SizeAlign | LayoutUnknown {
    const f = this.facts(t);
    return isUnknownFacts(f) ? f : { size: f.size, align: f.align };
  }

  private scalar(kind: ScalarKind, spelling: string): Facts | LayoutUnknown {
    if (this.target.unsupportedScalars.includes(kind)) {
      return unknown(`\`${spelling}\` is not supported on ${this.target.triple}`);
    }
    const s = this.target.scalars[kind];
    return { size: s.size, align: s.align, alignRequired: false, recordRequiredAlign: 0 };
  }

  private facts(t: TypeRef): Facts | LayoutUnknown {
    switch (t.kind) {
      case 'scalar': return this.scalar(t.scalar, t.spelling);
      case 'void': return unknown('`void` has no size');
      case 'pointer': {
        const p = this.target.pointer;
        return { size: p.size, align: p.align, alignRequired: false, recordRequiredAlign: 0 };
      }
      case 'unknown': return unknown(`\`${t.spelling}\` is unknown: ${t.reason}`);
      case 'typedef': return this.typedefFacts(t.id, new Set());
      case 'enum': return this.enumFacts(t.id);
      case 'record': {
        const r = this.recordResult(t.id);
        if (isUnknownCore(r.answer)) return r.answer;
        const d = this.table.get(t.id);
        return {
          size: r.answer.size,
          align: r.answer.align,
          alignRequired: d.decl === 'record' && d.alignAs !== undefined,
          recordRequiredAlign: r.requiredAlign,
        };
      }
      case 'array': {
        if (t.length === null) return unknown(`\`${spell(t, this.table)}\` has no size (an array of unknown length)`);
        return this.arrayFacts(t.element, t.length);
      }
    }
  }

  private arrayFacts(element: TypeRef, length: bigint): Facts | LayoutUnknown {
    const e = this.facts(element);
    if (isUnknownFacts(e)) return e;
    if (length < 0n) return unknown(`an array of \`${spell(element, this.table)}\` has negative length ${length}`);
    // clang rounds an array's size up to its element alignment, which only
    // matters for typedefs that over-align a smaller element.
    const raw = BigInt(e.size) * length;
    const a = BigInt(e.align);
    const bytes = ((raw + a - 1n) / a) * a;
    if (bytes > this.target.maxObjectSize) {
      return unknown(
        `array is too large for ${this.target.triple}: ${bytes} bytes, the limit is ${this.target.maxObjectSize} bytes`,
      );
    }
    if (bytes * 8n > BigInt(Number.MAX_SAFE_INTEGER)) {
      return unknown(`array of ${bytes} bytes is too large to lay out exactly (its size in bits exceeds 2^53)`);
    }
    return { size: Number(bytes), align: e.align, alignRequired: e.alignRequired, recordRequiredAlign: e.recordRequiredAlign };
  }

  private typedefFacts(id: DeclId, seen: Set<DeclId>): Facts | LayoutUnknown {
    const d = this.table.get(id);
    if (d.decl !== 'typedef') return unknown(`declaration ${id} is not a typedef`);
    if (seen.has(id)) return unknown(`typedef \`${d.name}\` refers to itself`);
    seen.add(id);
    const under = d.type.kind === 'typedef' ? this.typedefFacts(d.type.id, seen) : this.facts(d.type);
    if (isUnknownFacts(under)) return under;
    // clang: an aligned attribute on a typedef replaces the alignment, even
    // when it is smaller (GCC's documented behaviour says otherwise, its
    // implementation agrees with clang).
    if (d.alignAs !== undefined) return { ...under, align: d.alignAs, alignRequired: true };
    return under;
  }

  /** The outermost `aligned(N)` along a typedef chain, which is the one clang honours. */
  private typedefAlign(t: TypeRef): number | undefined {
    let cur = t;
    for (let i = 0; cur.kind === 'typedef' && i < 1000; i++) {
      const d = this.table.get(cur.id);
      if (d.decl !== 'typedef') break;
      if (d.alignAs !== undefined) return d.alignAs;
      cur = d.type;
    }
    return undefined;
  }

  /** The type with typedef sugar peeled off the outside. */
  private desugar(t: TypeRef): TypeRef {
    let cur = t;
    for (let i = 0; cur.kind === 'typedef' && i < 1000; i++) {
      const d = this.table.get(cur.id);
      if (d.decl !== 'typedef') break;
      cur = d.type;
    }
    return cur;
  }

  private enumFacts(id: DeclId): Facts | LayoutUnknown {
    const memo = this.enums.get(id);
    if (memo) return memo;
    const f = this.computeEnum(id);
    this.enums.set(id, f);
    return f;
  }

  private computeEnum(id: DeclId): Facts | LayoutUnknown {
    const d = this.table.get(id);
    if (d.decl !== 'enum') return unknown(`declaration ${id} is not an enum`);
    let base: Facts | LayoutUnknown;
    if (d.fixedType) {
      base = this.facts(d.fixedType);
    } else if (this.target.enumsAlwaysInt) {
      base = this.scalar('int', 'int');
    } else if (d.values === null) {
      return unknown(`${enumTitle(d)} is incomplete or its values could not be evaluated`);
    } else {
      base = this.scalar(this.enumUnderlying(d.values, d.packed), 'enum');
    }
    if (isUnknownFacts(base)) return base;
    if (d.alignAs !== undefined) return { ...base, align: d.alignAs, alignRequired: true };
    return { ...base, alignRequired: false, recordRequiredAlign: 0 };
  }

  /** clang's Sema::ActOnEnumBody choice of integer type for an enum without a fixed type. */
  private enumUnderlying(values: readonly bigint[], packed: boolean): ScalarKind {
    let pos = 0;
    let neg = 0;
    for (const v of values) {
      if (v >= 0n) pos = Math.max(pos, activeBits(v));
      else neg = Math.max(neg, minSignedBits(v));
    }
    const bits = (k: ScalarKind): number => this.target.scalars[k].size * 8;
    // packed enums may use char and short; others start at int.
    const first = packed ? 0 : 2;
    if (neg > 0) {
      for (let i = first; i < SIGNED_LADDER.length; i++) {
        const k = SIGNED_LADDER[i]!;
        if (neg <= bits(k) && pos < bits(k)) return k;
      }
      return 'llong';
    }
    for (let i = first; i < UNSIGNED_LADDER.length; i++) {
      const k = UNSIGNED_LADDER[i]!;
      if (pos <= bits(k)) return k;
    }
    return 'ullong';
  }

  private recordResult(id: DeclId): RecordResult {
    const memo = this.records.get(id);
    if (memo) return memo;
    const d = this.table.get(id);
    if (d.decl !== 'record') return { answer: unknown(`declaration ${id} is not a struct or union`), requiredAlign: 0 };
    if (this.inProgress.has(id)) {
      // Not memoized: the outer computation records the final answer.
      return { answer: unknown(`\`${recordTitle(d)}\` contains itself`), requiredAlign: 0 };
    }
    this.inProgress.add(id);
    let result: RecordResult;
    try {
      result = this.computeRecord(d);
    } finally {
      this.inProgress.delete(id);
    }
    this.records.set(id, result);
    return result;
  }

  private computeRecord(d: RecordDecl): RecordResult {
    const title = recordTitle(d);
    if (d.fields === null) {
      return { answer: unknown(`\`${title}\` is incomplete: it is declared but not defined here`), requiredAlign: 0 };
    }
    const members: MemberInput[] = [];
    const laid: { field: Field; index: number; facts: Facts; nested?: RecordDecl }[] = [];
    const fields = d.fields;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      const label = f.name !== undefined ? `field \`${f.name}\`` : f.bitWidth !== undefined ? 'an unnamed bit-field' : 'an anonymous member';
      const core = this.desugar(f.type);
      // A member declaration that declares nothing (`int;`) is dropped, as clang does.
      if (f.name === undefined && f.bitWidth === undefined && core.kind !== 'record') continue;
      let facts: Facts | LayoutUnknown;
      if (core.kind === 'array' && core.length === null) {
        if (d.kind === 'struct' && i !== fields.length - 1) {
          return { answer: unknown(`${label} of \`${title}\` is a flexible array member but not the last member`), requiredAlign: 0 };
        }
        // A flexible array member has no size but keeps its element's alignment.
        const e = this.facts(core.element);
        const override = this.typedefAlign(f.type);
        facts = isUnknownFacts(e) ? e
          : override === undefined ? { ...e, size: 0 }
          : { ...e, size: 0, align: override, alignRequired: true };
      } else {
        facts = this.facts(f.type);
      }
      if (isUnknownFacts(facts)) {
        return { answer: wrapUnknown(`${label} of \`${title}\` cannot be laid out`, facts), requiredAlign: 0 };
      }
      if (f.bitWidth !== undefined) {
        const integral = core.kind === 'enum' || (core.kind === 'scalar' && INTEGRAL.has(core.scalar));
        if (!integral) {
          return { answer: unknown(`${label} of \`${title}\` is a bit-field of non-integral type \`${spell(f.type, this.table)}\``), requiredAlign: 0 };
        }
        if (f.bitWidth < 0 || f.bitWidth > facts.size * 8) {
          return { answer: unknown(`${label} of \`${title}\` is ${f.bitWidth} bits wide, more than its type \`${spell(f.type, this.table)}\` holds`), requiredAlign: 0 };
        }
      }
      const naturalFacts = f.type.kind === 'typedef' && !(core.kind === 'array' && core.length === null) ? this.facts(core) : facts;
      const naturalAlign = isUnknownFacts(naturalFacts) ? facts.align : naturalFacts.align;
      const type: MemberType = {
        size: facts.size,
        align: facts.align,
        naturalAlign,
        alignRequired: facts.alignRequired,
        recordRequiredAlign: facts.recordRequiredAlign,
      };
      members.push({
        type,
        ...(f.bitWidth !== undefined ? { bitWidth: f.bitWidth } : {}),
        packed: f.packed,
        alignAs: f.alignAs ?? 0,
        named: f.name !== undefined,
      });
      const nestedDecl = f.bitWidth === undefined && core.kind === 'record' ? this.table.get(core.id) : undefined;
      laid.push({ field: f, index: i, facts, ...(nestedDecl?.decl === 'record' ? { nested: nestedDecl } : {}) });
    }

    const input: RecordInput = {
      kind: d.kind,
      packed: d.packed,
      alignAs: d.alignAs ?? 0,
      maxFieldAlign: d.maxFieldAlign ?? 0,
      members,
    };
    let out: RecordOutput;
    try {
      out = this.target.family === 'msvc' ? layoutMsvc(input, this.target) : layoutItanium(input, this.target);
    } catch (e) {
      if (e instanceof TooLarge) {
        return { answer: unknown(`\`${title}\` is too large to lay out exactly (its size in bits exceeds 2^53)`), requiredAlign: 0 };
      }
      throw e;
    }
    const sizeBytes = out.sizeBits / 8;
    if (BigInt(sizeBytes) > this.target.maxObjectSize) {
      return {
        answer: unknown(`\`${title}\` is too large for ${this.target.triple}: ${sizeBytes} bytes, the limit is ${this.target.maxObjectSize} bytes`),
        requiredAlign: 0,
      };
    }

    const own: OwnEntry[] = [];
    let total = 0;
    for (let k = 0; k < laid.length; k++) {
      const { field, index, facts, nested } = laid[k]!;
      const offsetBits = out.offsets[k]!;
      const bitfield = field.bitWidth !== undefined;
      const anonymousMember = field.name === undefined && !bitfield;
      const inner = nested ? this.recordResult(nested.id).answer : undefined;
      const innerCore = inner !== undefined && !isUnknownCore(inner) ? inner : undefined;
      if (anonymousMember) {
        // Its members are members of this record, at its offset.
        if (!innerCore) continue;
        for (const n of innerCore.own) {
          if (own.length >= MAX_OWN_ENTRIES) break;
          const { fieldIndex: _direct, ...rest } = n.field;
          void _direct;
          own.push({ field: { ...rest, offsetBits: offsetBits + n.field.offsetBits }, ...(n.nested !== undefined ? { nested: n.nested } : {}) });
        }
        total = addSaturating(total, innerCore.total);
        continue;
      }
      if (own.length < MAX_OWN_ENTRIES) {
        own.push({
          field: {
            path: field.name ?? `(unnamed ${index})`,
            ...(field.name !== undefined ? { name: field.name } : {}),
            type: field.type,
            offsetBits,
            sizeBits: bitfield ? field.bitWidth! : facts.size * 8,
            bitfield,
            depth: 0,
            fieldIndex: index,
          },
          ...(innerCore && nested ? { nested: nested.id } : {}),
        });
      }
      total = addSaturating(total, 1 + (innerCore?.total ?? 0));
    }
    const layout: RecordCore = { size: sizeBytes, align: out.align, own, total };
    return { answer: layout, requiredAlign: out.requiredAlign };
  }
}
