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
// Cost: what is memoised per record is its facts as a member type, its own
// entries (direct members and members of anonymous members, which belong to it)
// as model fields plus a flat array of numbers (offset, size, index, the record
// a named member embeds), and the count of flattened entries. No FieldLayout is
// made until `fields` is read or `member` asks for one path; the dotted entries
// of nested records are produced at most up to the limit asked for: a record
// embedding the previous one twice, level after level, has 2^depth of them.
// Facts of scalars, pointers, resolved typedefs and records are shared objects,
// and a reason text is built only where an unknown is returned.
//
// Reasons: an unknown that explains another ("field `x` of `struct A` cannot be
// laid out: ...") keeps the outermost context, the innermost one and the cause,
// and says how many levels lie between, so it does not grow with nesting.
import type { DeclId, DeclTable, EnumDecl, Field, RecordDecl, ScalarKind, TypeRef } from '../base/model.ts';
import type { CxxSizes, FieldLayout, LayoutAnswer, LayoutUnknown, RecordLayout, SizeAlign, Subobject, Target } from './types.ts';
import { TooLarge, type MemberInput, type MemberType, type RecordInput, type RecordOutput } from './family.ts';
import { layoutItanium } from './itanium.ts';
import { layoutMsvc } from './msvc.ts';
import type { CxxClassFacts, CxxMemberInput, CxxRecordInput, CxxRecordOutput } from './cxx-family.ts';
import { layoutCxxItanium } from './cxx-itanium.ts';
import { layoutCxxMsvc } from './cxx-msvc.ts';

/**
 * Everything the engine knows about a complete type. It is the family's MemberType as is
 * (naturalAlign: the alignment with the outer typedef sugar stripped), so a member needs no
 * object of its own; facts of scalars, pointers, typedefs and records are shared.
 */
interface Facts extends MemberType {
  readonly size: number;
  readonly align: number;
  readonly naturalAlign: number;
  readonly alignRequired: boolean;
  /** MSVC: required alignment of the record at the base of the type, 0 when none. */
  readonly recordRequiredAlign: number;
}

function knownFacts(size: number, align: number, naturalAlign: number, alignRequired: boolean, recordRequiredAlign: number): Facts {
  return { size, align, naturalAlign, alignRequired, recordRequiredAlign };
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

/** No nested record (in `RecordCore.data`). */
const NONE = -1;

/** Numbers kept per own entry in `RecordCore.data`. */
const STRIDE = 4;
const OFFSET = 0;
const SIZE = 1;
/** The entry's index in its record's fields when it is a direct member; -(i + 1) when it stands in a record that holds it through an anonymous member, `i` being its index in the record that declares it. */
const INDEX = 2;
/** The record a named member of record type embeds by value, else NONE. */
const NESTED = 3;

/**
 * What is memoised per record: its facts as a member type and enough to list its members to
 * any depth, lazily. Own entries (depth 0: members of the record itself, at most
 * MAX_OWN_ENTRIES of them) are kept as their model fields and numbers, not as FieldLayouts:
 * those are made only when listed or asked for.
 */
class RecordCore implements Facts {
  /** The layout handed out for the default listing limit, made on first ask. */
  layout: RecordLayout | undefined = undefined;
  /** A record type has no sugar: its natural alignment is its alignment. */
  readonly naturalAlign: number;
  constructor(
    readonly size: number,
    readonly align: number,
    readonly alignRequired: boolean,
    /** MSVC: the record's required alignment, 0 elsewhere. */
    readonly recordRequiredAlign: number,
    /** The model field of each own entry (for members of anonymous members, the inner record's field). */
    readonly own: readonly Field[],
    /** STRIDE numbers per own entry: OFFSET and SIZE in bits, INDEX, NESTED. */
    readonly data: readonly number[],
    /** Flattened entries to every depth, saturating at Number.MAX_SAFE_INTEGER. */
    readonly total: number,
    /** C++: the class as a base or member type sees it. */
    readonly cxx?: CxxClassFacts,
    /** C++: own entries that are a vtable pointer or a base subobject, by entry index. */
    readonly subobjects?: ReadonlyMap<number, Subobject>,
  ) {
    this.naturalAlign = align;
  }
}

/** An own entry's path below its record: its name, or `(unnamed i)` by its index in the record that declares it. */
function ownPath(core: RecordCore, k: number): string {
  const f = core.own[k]!;
  if (f.name !== undefined) return f.name;
  const index = core.data[k * STRIDE + INDEX]!;
  return `(unnamed ${index >= 0 ? index : -index - 1})`;
}

/** The FieldLayout of own entry `k` of `core`, at `path`, `offsetBits` and `depth` (fieldIndex only for direct members listed at depth 0). */
function entryOf(core: RecordCore, k: number, path: string, offsetBits: number, depth: number): FieldLayout {
  const f = core.own[k]!;
  const base = k * STRIDE;
  const sizeBits = core.data[base + SIZE]!;
  const bitfield = f.bitWidth !== undefined;
  const index = core.data[base + INDEX]!;
  const subobject = core.subobjects?.get(k);
  if (subobject !== undefined) return { path, name: f.name, type: f.type, offsetBits, sizeBits, bitfield, depth, subobject };
  if (depth === 0 && index >= 0) {
    return f.name !== undefined
      ? { path, name: f.name, type: f.type, offsetBits, sizeBits, bitfield, depth, fieldIndex: index }
      : { path, type: f.type, offsetBits, sizeBits, bitfield, depth, fieldIndex: index };
  }
  return f.name !== undefined
    ? { path, name: f.name, type: f.type, offsetBits, sizeBits, bitfield, depth }
    : { path, type: f.type, offsetBits, sizeBits, bitfield, depth };
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
  /** Per record id (ids are indices into the table's decls; others go to `otherRecords`). */
  private readonly records: (RecordCore | LayoutUnknown | undefined)[];
  private readonly otherRecords = new Map<DeclId, RecordCore | LayoutUnknown>();
  /** Layouts handed out for a limit other than the default, per record and limit. */
  private readonly layouts = new Map<string, RecordLayout>();
  private readonly inProgress = new Set<DeclId>();
  private readonly enums = new Map<DeclId, Facts | LayoutUnknown>();
  /** Typedefs that resolved to known facts (unknowns may depend on what was in progress, so they are not kept). */
  private readonly typedefs = new Map<DeclId, Facts>();
  /** Facts of the supported scalar kinds, shared by every member of that kind. */
  private readonly scalarFacts = new Map<ScalarKind, Facts>();
  private readonly pointerFacts: Facts;

  constructor(private readonly table: DeclTable, private readonly target: Target) {
    this.records = new Array<RecordCore | LayoutUnknown | undefined>(table.decls.length);
    for (const kind of Object.keys(target.scalars) as ScalarKind[]) {
      if (target.unsupportedScalars.includes(kind)) continue;
      const sa = target.scalars[kind];
      this.scalarFacts.set(kind, knownFacts(sa.size, sa.align, sa.align, false, 0));
    }
    this.pointerFacts = knownFacts(target.pointer.size, target.pointer.align, target.pointer.align, false, 0);
  }

  /**
   * The layout of a record, or why there is none. `fields` lists every own member and
   * nested entries up to `maxFields` entries in all (clamped to MAX_FLATTENED_FIELDS), and is
   * built on each read; `truncatedFields` says how many it leaves out.
   */
  record(id: DeclId, maxFields: number = MAX_FLATTENED_FIELDS): LayoutAnswer {
    const core = this.recordResult(id);
    if (isUnknownCore(core)) return core;
    const limit = maxFields === MAX_FLATTENED_FIELDS ? maxFields : Math.max(0, Math.min(Math.floor(maxFields), MAX_FLATTENED_FIELDS));
    if (limit === MAX_FLATTENED_FIELDS) {
      // Memoised on the record's result (not in the engine's own map): nearly every ask is this one.
      if (core.layout === undefined) core.layout = this.makeLayout(core, MAX_FLATTENED_FIELDS);
      return core.layout;
    }
    const key = `${id}:${limit}`;
    let layout = this.layouts.get(key);
    if (layout === undefined) {
      layout = this.makeLayout(core, limit);
      this.layouts.set(key, layout);
    }
    return layout;
  }

  private makeLayout(core: RecordCore, limit: number): RecordLayout {
    // Own entries are always listed; nested ones fill what the limit leaves.
    const listed = Math.min(core.total, Math.max(limit, core.own.length));
    return new Layout(this, core, limit, core.total > listed ? core.total - listed : undefined);
  }

  /** @internal A layout's `fields`, built on each read (see Layout). */
  listing(core: RecordCore, limit: number): FieldLayout[] {
    return this.flatten(core, limit);
  }

  /**
   * One member of a record by its dotted path (`a`, `inner.x`, as in `FieldLayout.path`),
   * found by walking own members and the records they embed, with no listing and no limit:
   * the entry `fields` would hold for it if it listed everything. Undefined when there is
   * no such member; the record's unknown when it cannot be laid out.
   */
  member(id: DeclId, path: string): FieldLayout | LayoutUnknown | undefined {
    const core = this.recordResult(id);
    if (isUnknownCore(core)) return core;
    return this.findMember(core, path.split('.'), 0, '', 0);
  }

  /** `parts[at..]` below a record whose entries sit at `offsetBits` under `prefix` (empty at the top). */
  private findMember(core: RecordCore, parts: readonly string[], at: number, prefix: string, offsetBits: number): FieldLayout | undefined {
    const head = parts[at]!;
    const last = at === parts.length - 1;
    for (let k = 0; k < core.own.length; k++) {
      const own = core.own[k]!.name ?? ownPath(core, k);
      if (own !== head) continue;
      const path = at === 0 ? own : `${prefix}.${own}`;
      const at_ = offsetBits + core.data[k * STRIDE + OFFSET]!;
      if (last) return entryOf(core, k, path, at_, at);
      const nested = core.data[k * STRIDE + NESTED]!;
      if (nested === NONE) continue;
      const inner = this.recordResult(nested);
      if (isUnknownCore(inner)) continue;
      // Paths are unique in C; a model with duplicates gets the first match in listing order.
      const found = this.findMember(inner, parts, at + 1, path, at_);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** Own entries, each followed by its nested entries in pre-order while the limit allows. */
  private flatten(core: RecordCore, limit: number): FieldLayout[] {
    const out: FieldLayout[] = [];
    let budget = Math.max(0, limit - core.own.length);
    interface Frame { readonly core: RecordCore; i: number; readonly prefix: string; readonly offsetBits: number; readonly depth: number }
    const stack: Frame[] = [];
    const push = (nested: DeclId, prefix: string, offsetBits: number, depth: number): void => {
      const inner = this.recordResult(nested);
      // A member's record is laid out whenever its parent is; a missing one just lists nothing.
      if (!isUnknownCore(inner)) stack.push({ core: inner, i: 0, prefix, offsetBits, depth });
    };
    for (let k = 0; k < core.own.length; k++) {
      const field = entryOf(core, k, ownPath(core, k), core.data[k * STRIDE + OFFSET]!, 0);
      out.push(field);
      const nested = core.data[k * STRIDE + NESTED]!;
      if (nested === NONE || budget === 0) continue;
      push(nested, field.path, field.offsetBits, 1);
      while (stack.length > 0 && budget > 0) {
        const top = stack[stack.length - 1]!;
        const i = top.i++;
        const c = top.core;
        if (i >= c.own.length) {
          stack.pop();
          continue;
        }
        const entry = entryOf(c, i, `${top.prefix}.${ownPath(c, i)}`, top.offsetBits + c.data[i * STRIDE + OFFSET]!, top.depth);
        out.push(entry);
        budget--;
        const inner = c.data[i * STRIDE + NESTED]!;
        if (inner !== NONE) push(inner, entry.path, entry.offsetBits, top.depth + 1);
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
    return this.scalarFacts.get(kind) ?? unknown(`\`${spelling}\` is not supported on ${this.target.triple}`);
  }

  private facts(t: TypeRef): Facts | LayoutUnknown {
    switch (t.kind) {
      case 'scalar': return this.scalar(t.scalar, t.spelling);
      case 'void': return unknown('`void` has no size');
      case 'pointer': return this.pointerFacts;
      case 'unknown': return unknown(`\`${t.spelling}\` is unknown: ${t.reason}`);
      case 'typedef': {
        const memo = this.typedefs.get(t.id);
        if (memo !== undefined) return memo;
        const f = this.typedefFacts(t.id, new Set());
        if (!isUnknownFacts(f)) this.typedefs.set(t.id, f);
        return f;
      }
      case 'enum': return this.enumFacts(t.id);
      case 'record': {
        return this.recordResult(t.id);
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
    // Small arrays in plain numbers: below 2^32 elements of below 2^16 bytes every step is exact.
    if (length < 0x1_0000_0000n && e.size < 0x1_0000) {
      const raw = e.size * Number(length);
      const bytes = e.align > 1 ? Math.ceil(raw / e.align) * e.align : raw;
      if (bytes <= this.target.maxObjectSize) return knownFacts(bytes, e.align, e.align, e.alignRequired, e.recordRequiredAlign);
    }
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
    return knownFacts(Number(bytes), e.align, e.align, e.alignRequired, e.recordRequiredAlign);
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
    // implementation agrees with clang). The natural alignment stays the
    // desugared type's.
    if (d.alignAs !== undefined) return knownFacts(under.size, d.alignAs, under.naturalAlign, true, under.recordRequiredAlign);
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
    if (d.alignAs !== undefined) return knownFacts(base.size, d.alignAs, d.alignAs, true, base.recordRequiredAlign);
    return knownFacts(base.size, base.align, base.align, false, 0);
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

  private recordResult(id: DeclId): RecordCore | LayoutUnknown {
    const indexed = Number.isInteger(id) && id >= 0 && id < this.records.length;
    const memo = indexed ? this.records[id] : this.otherRecords.get(id);
    if (memo) return memo;
    const d = this.table.get(id);
    if (d.decl !== 'record') return unknown(`declaration ${id} is not a struct or union`);
    if (this.inProgress.has(id)) {
      // Not memoized: the outer computation records the final answer.
      return unknown(`\`${recordTitle(d)}\` contains itself`);
    }
    this.inProgress.add(id);
    let result: RecordCore | LayoutUnknown;
    try {
      result = this.computeRecord(d);
    } finally {
      this.inProgress.delete(id);
    }
    if (indexed) this.records[id] = result;
    else this.otherRecords.set(id, result);
    return result;
  }

  private computeRecord(d: RecordDecl): RecordCore | LayoutUnknown {
    // Reason texts (titles, member labels) are built only on the paths that return one.
    if (d.fields === null) {
      return unknown(`\`${recordTitle(d)}\` is incomplete: it is declared but not defined here`);
    }
    const gathered = this.gatherMembers(d, d.fields);
    if ('unknown' in gathered) return gathered;
    if (d.cxx) return this.computeCxxRecord(d, d.fields, gathered);
    const { members } = gathered;
    const input: RecordInput = {
      kind: d.kind,
      packed: d.packed,
      alignAs: d.alignAs ?? 0,
      maxFieldAlign: d.maxFieldAlign ?? 0,
      members,
      ...(d.zeroSizeWhenEmpty ? { zeroSizeWhenEmpty: true } : {}),
    };
    let out: RecordOutput;
    try {
      out = this.target.family === 'msvc' ? layoutMsvc(input, this.target) : layoutItanium(input, this.target);
    } catch (e) {
      if (e instanceof TooLarge) {
        return unknown(`\`${recordTitle(d)}\` is too large to lay out exactly (its size in bits exceeds 2^53)`);
      }
      throw e;
    }
    return this.makeCore(d, d.fields, gathered, out.offsets, out.sizeBits, out.align, out.requiredAlign, [], undefined);
  }

  /** The members the family algorithm lays out, with their index in `fields` and the record each is (or NONE). */
  private gatherMembers(d: RecordDecl, fields: readonly Field[]): Gathered | LayoutUnknown {
    const members: MemberInput[] = [];
    const laidIndex: number[] = [];
    const laidRecord: DeclId[] = [];
    const classElements: (CxxClassFacts | undefined)[] = [];
    const classCounts: number[] = [];
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      const type = f.type;
      const core = type.kind === 'typedef' ? this.desugar(type) : type;
      // A member declaration that declares nothing (`int;`) is dropped, as clang does.
      if (f.name === undefined && f.bitWidth === undefined && core.kind !== 'record') continue;
      let facts: Facts | LayoutUnknown;
      if (core.kind === 'array' && core.length === null) {
        if (d.kind === 'struct' && i !== fields.length - 1) {
          return unknown(`${memberLabel(f)} of \`${recordTitle(d)}\` is a flexible array member but not the last member`);
        }
        // A flexible array member has no size but keeps its element's alignment.
        const e = this.facts(core.element);
        const override = type.kind === 'typedef' ? this.typedefAlign(type) : undefined;
        facts = isUnknownFacts(e) ? e
          : override === undefined ? knownFacts(0, e.align, e.align, e.alignRequired, e.recordRequiredAlign)
          : knownFacts(0, override, override, true, e.recordRequiredAlign);
      } else {
        facts = this.facts(type);
      }
      if (isUnknownFacts(facts)) {
        return wrapUnknown(`${memberLabel(f)} of \`${recordTitle(d)}\` cannot be laid out`, facts);
      }
      const bitWidth = f.bitWidth;
      if (bitWidth !== undefined) {
        const integral = core.kind === 'enum' || (core.kind === 'scalar' && INTEGRAL.has(core.scalar));
        if (!integral) {
          return unknown(`${memberLabel(f)} of \`${recordTitle(d)}\` is a bit-field of non-integral type \`${spell(type, this.table)}\``);
        }
        if (bitWidth < 0 || bitWidth > facts.size * 8) {
          return unknown(`${memberLabel(f)} of \`${recordTitle(d)}\` is ${bitWidth} bits wide, more than its type \`${spell(type, this.table)}\` holds`);
        }
      }
      members.push({ type: facts, bitWidth, packed: f.packed, alignAs: f.alignAs ?? 0, named: f.name !== undefined });
      laidIndex.push(i);
      laidRecord.push(bitWidth === undefined && core.kind === 'record' && this.table.get(core.id).decl === 'record' ? core.id : NONE);
      if (d.cxx) {
        // The class at the base of the member's type (arrays of arrays included), for empty-subobject checks.
        let t: TypeRef = core;
        let count = 1;
        for (let n = 0; n < 64; n++) {
          if (t.kind === 'typedef') t = this.desugar(t);
          else if (t.kind === 'array' && t.length !== null) {
            count *= Number(t.length);
            t = t.element;
          } else break;
        }
        const cls = t.kind === 'record' ? this.recordResult(t.id) : undefined;
        classElements.push(cls !== undefined && !isUnknownCore(cls) ? cls.cxx : undefined);
        classCounts.push(count);
      }
    }
    return { members, laidIndex, laidRecord, classElements, classCounts };
  }

  private computeCxxRecord(d: RecordDecl, fields: readonly Field[], g: Gathered): RecordCore | LayoutUnknown {
    const cxx = d.cxx!;
    const bases: CxxClassFacts[] = [];
    const baseIds: DeclId[] = [];
    for (const b of cxx.bases) {
      if (b.virtual) return unknown(`\`${recordTitle(d)}\` has a virtual base: virtual bases are not modelled`);
      const t = this.desugar(b.type);
      if (t.kind !== 'record') {
        const why = t.kind === 'unknown' ? `\`${t.spelling}\` is unknown: ${t.reason}` : `\`${spell(b.type, this.table)}\` is not a class`;
        return unknown(`a base of \`${recordTitle(d)}\` cannot be laid out: ${why}`);
      }
      const core = this.recordResult(t.id);
      if (isUnknownCore(core)) return wrapUnknown(`a base of \`${recordTitle(d)}\` cannot be laid out`, core);
      if (!core.cxx) return unknown(`a base of \`${recordTitle(d)}\` is not a C++ class`);
      bases.push(core.cxx);
      baseIds.push(t.id);
    }
    const polymorphic = cxx.declaresVirtual || bases.some((b) => b.polymorphic);
    // clang 14 ignores [[no_unique_address]] for the MSVC ABI (it warns).
    const msvc = this.target.family === 'msvc';
    const overlapping = (f: Field): boolean => f.noUniqueAddress === true && !msvc;
    let hasData = false;
    let pod = !cxx.notAggregate && bases.length === 0 && !polymorphic;
    for (let k = 0; k < g.laidIndex.length; k++) {
      const f = fields[g.laidIndex[k]!]!;
      // Zero-width bit-fields and potentially-overlapping empty members take no room: the class stays empty.
      const direct = g.laidRecord[k] !== NONE ? g.classElements[k] : undefined;
      if (!(f.bitWidth === 0) && !(overlapping(f) && direct?.empty === true)) hasData = true;
      // An unnamed bit-field is not a member: its access does not matter.
      if (f.reference || (f.name !== undefined && f.access !== undefined && f.access !== 'public')) pod = false;
      const cls = g.classElements[k];
      if (cls && !cls.pod) pod = false;
    }
    const empty = !hasData && !polymorphic && bases.every((b) => b.empty);
    const members: CxxMemberInput[] = g.members.map((m, k) => {
      const f = fields[g.laidIndex[k]!]!;
      const cls = g.classElements[k];
      const direct = g.laidRecord[k] !== NONE ? cls : undefined;
      return {
        ...m,
        ...(cls ? { classElement: { facts: cls, count: g.classCounts[k]! } } : {}),
        ...(direct ? { cls: direct } : {}),
        noUniqueAddress: overlapping(f),
      };
    });
    const input: CxxRecordInput = {
      kind: d.kind, packed: d.packed, alignAs: d.alignAs ?? 0, maxFieldAlign: d.maxFieldAlign ?? 0,
      bases, polymorphic, empty, pod, members,
    };
    let out: CxxRecordOutput;
    try {
      out = this.target.family === 'msvc' ? layoutCxxMsvc(input, this.target) : layoutCxxItanium(input, this.target);
    } catch (e) {
      if (e instanceof TooLarge) {
        return unknown(`\`${recordTitle(d)}\` is too large to lay out exactly (its size in bits exceeds 2^53)`);
      }
      throw e;
    }
    const facts: CxxClassFacts = {
      id: d.id, size: out.sizeBits / 8, align: out.align, dsize: out.dsize, nvsize: out.nvsize, nvalign: out.nvalign,
      empty, polymorphic, pod, largestEmptySubobject: out.largestEmptySubobject,
      bases: bases.map((b, i) => ({ facts: b, offset: out.baseOffsets[i]! })),
      classMembers: members.flatMap((m, k) => m.classElement && m.bitWidth === undefined
        ? [{ facts: m.classElement.facts, offset: out.offsets[k]! / 8, count: m.classElement.count }] : []),
      requiredAlign: out.requiredAlign, extendableVfptr: out.extendableVfptr,
      endsWithZeroSizedObject: out.endsWithZeroSizedObject, leadsWithZeroSizedBase: out.leadsWithZeroSizedBase,
    };
    // The vtable pointer and the base subobjects come first, bases in offset order (as clang dumps them).
    const prefix: Prefix[] = [];
    if (out.ownVptr) prefix.push({ field: { name: '(vptr)', type: VPTR_TYPE, packed: false, span: d.span }, role: 'vptr', offsetBits: 0, sizeBits: this.target.pointer.size * 8, nested: NONE, total: 1 });
    const order = bases.map((_, i) => i).sort((a, b) => out.baseOffsets[a]! - out.baseOffsets[b]! || a - b);
    for (const i of order) {
      const b = bases[i]!;
      const spec = cxx.bases[i]!;
      const inner = this.recordResult(baseIds[i]!) as RecordCore;
      const occupied = b.empty ? 0 : msvc ? b.nvsize : b.dsize;
      prefix.push({
        field: { name: `(base ${spell(spec.type, this.table).replace(/^(struct|class|union) /, '')})`, type: spec.type, packed: false, span: spec.span },
        role: i === out.primaryBase ? 'primary-base' : 'base',
        offsetBits: out.baseOffsets[i]! * 8, sizeBits: occupied * 8, nested: baseIds[i]!, total: addSaturating(1, inner.total),
      });
    }
    return this.makeCore(d, fields, g, out.offsets, out.sizeBits, out.align, out.requiredAlign, prefix, facts);
  }

  /** The memoised record: its own entries (the prefix, then members and members of anonymous members). */
  private makeCore(d: RecordDecl, fields: readonly Field[], g: Gathered, offsets: readonly number[], sizeBits: number, align: number, requiredAlign: number, prefix: readonly Prefix[], cxx: CxxClassFacts | undefined): RecordCore | LayoutUnknown {
    const { members, laidIndex, laidRecord } = g;
    const sizeBytes = sizeBits / 8;
    if (sizeBytes > this.target.maxObjectSize) {
      return unknown(`\`${recordTitle(d)}\` is too large for ${this.target.triple}: ${sizeBytes} bytes, the limit is ${this.target.maxObjectSize} bytes`);
    }

    const own: Field[] = [];
    const data: number[] = [];
    let total = 0;
    let subobjects: Map<number, Subobject> | undefined;
    for (const p of prefix) {
      (subobjects ??= new Map()).set(own.length, p.role);
      own.push(p.field);
      data.push(p.offsetBits, p.sizeBits, -1, p.nested);
      total = addSaturating(total, p.total);
    }
    for (let k = 0; k < laidIndex.length; k++) {
      const index = laidIndex[k]!;
      const field = fields[index]!;
      const nestedId = laidRecord[k]!;
      const offsetBits = offsets[k]!;
      const bitfield = field.bitWidth !== undefined;
      let innerCore: RecordCore | undefined;
      if (nestedId !== NONE) {
        // Laid out already: its facts were asked above.
        const inner = this.recordResult(nestedId);
        if (!isUnknownCore(inner)) innerCore = inner;
      }
      if (field.name === undefined && !bitfield) {
        // An anonymous member: its members are members of this record, at its offset.
        if (innerCore === undefined) continue;
        const from = innerCore.data;
        for (let j = 0; j < innerCore.own.length && own.length < MAX_OWN_ENTRIES; j++) {
          const b = j * STRIDE;
          const index = from[b + INDEX]!;
          const role = innerCore.subobjects?.get(j);
          if (role !== undefined) (subobjects ??= new Map()).set(own.length, role);
          own.push(innerCore.own[j]!);
          data.push(offsetBits + from[b + OFFSET]!, from[b + SIZE]!, index >= 0 ? -index - 1 : index, from[b + NESTED]!);
        }
        total = addSaturating(total, innerCore.total);
        continue;
      }
      if (own.length < MAX_OWN_ENTRIES) {
        own.push(field);
        data.push(offsetBits, bitfield ? field.bitWidth! : members[k]!.type.size * 8, index, innerCore !== undefined ? nestedId : NONE);
      }
      total = addSaturating(total, innerCore === undefined ? 1 : 1 + innerCore.total);
    }
    // Usually the own entries are the record's fields themselves: keep the model's array then.
    let same = own.length === fields.length;
    for (let k = 0; same && k < own.length; k++) same = own[k] === fields[k];
    return new RecordCore(sizeBytes, align, d.alignAs !== undefined, requiredAlign, same ? fields : own, data, total, cxx, subobjects);
  }
}

/** What `gatherMembers` hands the algorithms (per member laid out, in order). */
interface Gathered {
  readonly members: MemberInput[];
  readonly laidIndex: number[];
  readonly laidRecord: DeclId[];
  /** C++: the class at the base of each member's type, if any, and its element count. */
  readonly classElements: (CxxClassFacts | undefined)[];
  readonly classCounts: number[];
}

/** An own entry of a C++ class before its members: the vtable pointer or a base subobject. */
interface Prefix {
  readonly field: Field;
  readonly role: Subobject;
  readonly offsetBits: number;
  readonly sizeBits: number;
  readonly nested: DeclId;
  readonly total: number;
}

const VPTR_TYPE: TypeRef = { kind: 'pointer', pointee: 'function' };

/**
 * A RecordLayout: size, align and (when entries are left out) truncatedFields are own data;
 * `fields` is a getter that lists on each read and keeps nothing: the engine lives as long
 * as a file snapshot and would otherwise hold every listing ever read. Read it once where it
 * is used. A class, so that handing one out allocates no closure.
 */
class Layout implements RecordLayout {
  readonly size: number;
  readonly align: number;
  // Declared only: an own property just when entries are left out (`'truncatedFields' in layout`).
  declare readonly truncatedFields?: number;
  declare readonly cxx?: CxxSizes;
  readonly #engine: LayoutEngine;
  readonly #core: RecordCore;
  readonly #limit: number;
  constructor(engine: LayoutEngine, core: RecordCore, limit: number, truncated: number | undefined) {
    this.size = core.size;
    this.align = core.align;
    if (truncated !== undefined) this.truncatedFields = truncated;
    if (core.cxx) this.cxx = { dsize: core.cxx.dsize, nvsize: core.cxx.nvsize, nvalign: core.cxx.nvalign, empty: core.cxx.empty, pod: core.cxx.pod };
    this.#engine = engine;
    this.#core = core;
    this.#limit = limit;
  }
  get fields(): readonly FieldLayout[] {
    return this.#engine.listing(this.#core, this.#limit);
  }
}

/** How a member is named in reasons. */
function memberLabel(f: Field): string {
  return f.name !== undefined ? `field \`${f.name}\`` : f.bitWidth !== undefined ? 'an unnamed bit-field' : 'an anonymous member';
}
