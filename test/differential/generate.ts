// A seeded generator of random C records for the differential test against
// clang. It writes C source and, alongside, the DeclTable a correct front end
// would produce for it, so the layout engine can be checked against clang on
// its own as well as through the whole pipeline.
//
// Constant expressions that depend on the target (sizeof, _Alignof, offsetof)
// are always written in a form that stays valid C whatever they evaluate to,
// `((Q) % M + K)`, so a wrong answer of ours shows up as a mismatch and never
// as source that clang rejects.
import type {
  Decl, DeclId, DeclTable, EnumDecl, Field, RecordDecl, ScalarKind, Span, TypedefDecl, TypeRef,
} from '../../server/src/base/model.ts';
import { LayoutEngine } from '../../server/src/layout/engine.ts';
import { TARGETS } from '../../server/src/layout/targets.ts';
import type { Target } from '../../server/src/layout/types.ts';

/** mulberry32: small, fast, and the same sequence on every platform. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error('pick from empty list');
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  weighted<T>(xs: readonly (readonly [number, T])[]): T {
    const total = xs.reduce((a, [w]) => a + w, 0);
    let r = this.next() * total;
    for (const [w, x] of xs) {
      r -= w;
      if (r < 0) return x;
    }
    return xs[xs.length - 1]![1];
  }
}

const SPAN: Span = { start: 0, end: 0 };

/** A C scalar spelling and the kind a front end should map it to. */
const SCALARS: readonly (readonly [string, ScalarKind])[] = [
  ['_Bool', 'bool'], ['char', 'char'], ['signed char', 'schar'], ['unsigned char', 'uchar'],
  ['short', 'short'], ['unsigned short', 'ushort'], ['int', 'int'], ['unsigned', 'uint'],
  ['unsigned int', 'uint'], ['long', 'long'], ['unsigned long', 'ulong'], ['long long', 'llong'],
  ['unsigned long long', 'ullong'], ['float', 'float'], ['double', 'double'],
  ['long double', 'longdouble'], ['__int128', 'int128'], ['unsigned __int128', 'uint128'],
  ['_Float16', 'float16'], ['wchar_t', 'wchar'], ['size_t', 'size'], ['ptrdiff_t', 'ptrdiff'],
  ['intptr_t', 'intptr'], ['uintptr_t', 'uintptr'], ['int8_t', 'schar'], ['uint8_t', 'uchar'],
  ['int16_t', 'short'], ['uint16_t', 'ushort'], ['int32_t', 'int'], ['uint32_t', 'uint'],
  ['int64_t', 'llong'], ['uint64_t', 'ullong'],
  ['bool', 'bool'], ['short int', 'short'], ['signed short', 'short'], ['long int', 'long'],
  ['unsigned long int', 'ulong'], ['long unsigned', 'ulong'], ['long long int', 'llong'],
  ['signed', 'int'], ['signed int', 'int'], ['int long', 'long'], ['unsigned long long int', 'ullong'],
];

const NON_INTEGRAL: ReadonlySet<ScalarKind> = new Set<ScalarKind>(['float', 'double', 'longdouble', 'float16']);

/** The largest member alignment a scalar has on any target: `_Alignas(N)` below it is an error somewhere. */
function maxAlignAnywhere(kind: ScalarKind): number {
  return Math.max(...TARGETS.map((t) => t.scalars[kind].align));
}

/** A generated type: its model form, how to declare something of it, and what it may be used for. */
interface GType {
  readonly ref: TypeRef;
  /** Declares `name` (a declarator, possibly already `x[3]`) of this type. */
  readonly declare: (name: string) => string;
  /** The type as written in sizeof/_Alignof. */
  readonly spelled: string;
  /** Integral scalar/enum: bit-field eligible, with its width limit on this target. */
  readonly bitLimit?: number;
  /** Largest alignment on any target, for `_Alignas`; undefined when not known without the engine. */
  readonly alignAnywhere?: number;
}

interface RecordInfo {
  readonly id: DeclId;
  /** How members refer to it: the record itself or a typedef of it. */
  readonly ref: TypeRef;
  /** `struct R3` or a typedef name. */
  readonly spelled: string;
  readonly hasFlexible: boolean;
}

class GrowingTable implements DeclTable {
  readonly decls: Decl[] = [];
  get(id: DeclId): Decl {
    const d = this.decls[id];
    if (!d) throw new Error(`no declaration ${id}`);
    return d;
  }
  reserve(): DeclId {
    this.decls.push(undefined as unknown as Decl);
    return this.decls.length - 1;
  }
  set(d: Decl): void {
    this.decls[d.id] = d;
  }
}

export interface GeneratedRecord {
  /** The record's name as clang's dump and the front end give it (tag or typedef). */
  readonly name: string;
  readonly id: DeclId;
}

export interface Corpus {
  readonly source: string;
  /** What a correct front end produces for `source`. */
  readonly table: DeclTable;
  /** Every named record, in definition order. */
  readonly records: readonly GeneratedRecord[];
}

export interface GenerateOptions {
  readonly seed: number;
  readonly target: Target;
  /** Top-level records to generate (nested and typedef'd ones come on top). */
  readonly records: number;
}

export function generateCorpus(opts: GenerateOptions): Corpus {
  return new Generator(opts).run();
}

class Generator {
  private readonly rng: Rng;
  private readonly target: Target;
  private readonly table = new GrowingTable();
  private readonly engine: LayoutEngine;
  private readonly out: string[] = [];
  private readonly named: GeneratedRecord[] = [];
  private counter = 0;
  private line = 0;
  /** Records that are complete, usable as member types. */
  private readonly records: RecordInfo[] = [];
  private readonly typedefs: GType[] = [];
  private readonly enums: GType[] = [];
  /** Enum constants and macros with a known, target-independent value. */
  private readonly constants: { name: string; value: bigint }[] = [];
  private readonly packStack: number[] = [];
  private pushes = 0;

  constructor(private readonly opts: GenerateOptions) {
    this.rng = new Rng(opts.seed);
    this.target = opts.target;
    this.engine = new LayoutEngine(this.table, this.target);
  }

  private fresh(prefix: string): string {
    return `${prefix}${this.counter++}`;
  }

  private emit(text: string): void {
    for (const l of text.split('\n')) {
      this.out.push(l);
      this.line++;
    }
  }

  run(): Corpus {
    this.emit('#include <stddef.h>\n#include <stdint.h>\n#include <stdbool.h>');
    const uses: string[] = [];
    for (let i = 0; i < this.opts.records; i++) {
      const what = this.rng.weighted<string>([[2, 'enum'], [3, 'typedef'], [1, 'macro'], [1, 'pack'], [10, 'record']]);
      if (what === 'enum') this.genEnum();
      else if (what === 'typedef') this.genTypedef();
      else if (what === 'macro') this.genMacro();
      else if (what === 'pack') this.genPack();
      if (what !== 'record') i--;
      else this.genTopRecord();
      // Keep the output bounded even when the weights keep picking non-records.
      if (this.counter > this.opts.records * 20) break;
    }
    for (; this.pushes > 0; this.pushes--) this.emit('#pragma pack(pop)');
    for (const r of this.named) {
      const rec = this.table.get(r.id) as RecordDecl;
      uses.push(rec.nameFromTypedef ? r.name : `${rec.kind} ${r.name}`);
    }
    // clang only dumps the layouts it computes; sizeof forces every one.
    uses.forEach((u, i) => this.emit(`int use_${i} = sizeof(${u});`));
    return { source: this.out.join('\n') + '\n', table: this.table, records: this.named };
  }

  // ---- constant expressions ------------------------------------------------

  /** An expression that is exactly `v` on every target. */
  private exactExpr(v: number): string {
    const form = this.rng.weighted<string>([[6, 'lit'], [2, 'const'], [1, 'arith'], [1, 'macro']]);
    if (form === 'const') {
      const c = this.constants.filter((k) => k.value >= -64n && k.value <= 64n);
      if (c.length > 0) {
        const k = this.rng.pick(c);
        const d = BigInt(v) - k.value;
        return d === 0n ? k.name : d > 0n ? `(${k.name} + ${d})` : `(${k.name} - ${-d})`;
      }
    }
    if (form === 'arith' && v >= 2) {
      const a = this.rng.int(1, 3);
      const b = Math.floor(v / a);
      return `(${a} * ${b} + ${v - a * b})`;
    }
    if (form === 'macro') {
      const name = this.fresh('K');
      this.emit(`#define ${name} ${v}`);
      this.constants.push({ name, value: BigInt(v) });
      return name;
    }
    return String(v);
  }

  /** A value in [lo, hi]: exact, or derived from a target-dependent query. */
  private rangeExpr(lo: number, hi: number): { text: string; value: number } {
    if (this.rng.chance(0.3)) {
      const q = this.query();
      if (q) {
        const m = hi - lo + 1;
        return { text: `((${q.text}) % ${m} + ${lo})`, value: (q.value % m) + lo };
      }
    }
    const v = this.rng.int(lo, hi);
    return { text: this.exactExpr(v), value: v };
  }

  /** sizeof / _Alignof / offsetof of something already declared, with our engine's value. */
  private query(): { text: string; value: number } | undefined {
    const kind = this.rng.pick(['sizeof', 'alignof', 'offsetof'] as const);
    if (kind === 'offsetof') {
      const candidates = this.records.filter((r) => !r.spelled.startsWith('union'));
      if (candidates.length === 0) return undefined;
      const r = this.rng.pick(candidates);
      const l = this.engine.record(r.id);
      if ('unknown' in l) return undefined;
      const fields = l.fields.filter((f) => !f.bitfield && !f.path.includes('('));
      if (fields.length === 0) return undefined;
      const f = this.rng.pick(fields);
      return { text: `offsetof(${r.spelled}, ${f.path})`, value: f.offsetBits / 8 };
    }
    const t = this.anyType(false);
    const info = this.engine.typeInfo(t.ref);
    if ('unknown' in info) return undefined;
    return kind === 'sizeof'
      ? { text: `sizeof(${t.spelled})`, value: info.size }
      : { text: `_Alignof(${t.spelled})`, value: info.align };
  }

  // ---- types ---------------------------------------------------------------

  private scalarType(): GType {
    const usable = SCALARS.filter(([, k]) => !this.target.unsupportedScalars.includes(k));
    const [bare, kind] = this.rng.pick(usable);
    // Qualifiers change nothing about layout but must not confuse the front end.
    const spelling = this.rng.chance(0.08) ? `${this.rng.pick(['const', 'volatile', 'const volatile'])} ${bare}` : bare;
    const integral = !NON_INTEGRAL.has(kind);
    return {
      ref: { kind: 'scalar', scalar: kind, spelling: bare },
      declare: (n) => `${spelling} ${n}`,
      spelled: spelling,
      ...(integral ? { bitLimit: kind === 'bool' ? 1 : this.target.scalars[kind].size * 8 } : {}),
      alignAnywhere: maxAlignAnywhere(kind),
    };
  }

  private pointerType(): GType {
    const form = this.rng.pick(['void', 'scalar', 'record', 'fn', 'fn2', 'arrptr'] as const);
    if (form === 'arrptr') {
      const el = this.scalarType();
      const n = this.rng.int(1, 4);
      return {
        ref: { kind: 'pointer', pointee: { kind: 'array', element: el.ref, length: BigInt(n) } },
        declare: (d) => el.declare(`(*${d})[${n}]`),
        spelled: el.declare(`(*)[${n}]`),
        alignAnywhere: 8,
      };
    }
    if (form === 'fn' || form === 'fn2') {
      const ret = form === 'fn' ? 'int' : 'void';
      const params = form === 'fn' ? 'int, char *' : 'void';
      return {
        ref: { kind: 'pointer', pointee: 'function' },
        declare: (n) => `${ret} (*${n})(${params})`,
        spelled: `${ret} (*)(${params})`,
        alignAnywhere: 8,
      };
    }
    let pointee: TypeRef = { kind: 'void' };
    let base = 'void';
    if (form === 'scalar') {
      const s = this.scalarType();
      pointee = s.ref;
      base = s.spelled;
    } else if (form === 'record' && this.records.length > 0) {
      const r = this.rng.pick(this.records);
      pointee = r.ref;
      base = r.spelled;
    }
    return { ref: { kind: 'pointer', pointee }, declare: (n) => `${base} *${n}`, spelled: `${base} *`, alignAnywhere: 8 };
  }

  private arrayOf(element: GType, dims: number): GType {
    let t = element;
    const lens: string[] = [];
    let ref = element.ref;
    const values: number[] = [];
    for (let i = 0; i < dims; i++) {
      const len = this.rangeExpr(this.rng.chance(0.03) ? 0 : 1, 4);
      lens.push(len.text);
      values.push(len.value);
    }
    // The model nests outermost-first: x[2][3] is array 2 of array 3.
    for (let i = dims - 1; i >= 0; i--) ref = { kind: 'array', element: ref, length: BigInt(values[i]!) };
    const suffix = lens.map((l) => `[${l}]`).join('');
    t = {
      ref,
      declare: (n) => element.declare(`${n}${suffix}`),
      spelled: element.declare(suffix).replace(/\s+\[/, '['),
      ...(element.alignAnywhere !== undefined ? { alignAnywhere: element.alignAnywhere } : {}),
    };
    return t;
  }

  private recordType(): GType | undefined {
    const usable = this.records.filter((r) => !r.hasFlexible);
    if (usable.length === 0) return undefined;
    const r = this.rng.pick(usable);
    return { ref: r.ref, declare: (n) => `${r.spelled} ${n}`, spelled: r.spelled };
  }

  /** Any complete type; `member` allows the bigger ones. */
  private anyType(member: boolean): GType {
    const kind = this.rng.weighted<string>([
      [10, 'scalar'], [3, 'pointer'], [member ? 3 : 1, 'record'], [3, 'typedef'], [2, 'enum'], [member ? 2 : 0, 'array'],
    ]);
    if (kind === 'pointer') return this.pointerType();
    if (kind === 'record') return this.recordType() ?? this.scalarType();
    if (kind === 'typedef' && this.typedefs.length > 0) return this.rng.pick(this.typedefs);
    if (kind === 'enum' && this.enums.length > 0) return this.rng.pick(this.enums);
    if (kind === 'array') return this.arrayOf(this.anyType(false), this.rng.weighted([[3, 1], [1, 2], [1, 3]]));
    return this.scalarType();
  }

  /** An integral type for a bit-field. */
  private bitfieldType(): GType {
    for (let tries = 0; tries < 20; tries++) {
      const pool = this.rng.weighted<string>([[8, 'scalar'], [1, 'enum'], [1, 'typedef']]);
      let t: GType;
      if (pool === 'enum' && this.enums.length > 0) t = this.rng.pick(this.enums);
      else if (pool === 'typedef' && this.typedefs.length > 0) t = this.rng.pick(this.typedefs);
      else t = this.scalarType();
      if (t.bitLimit !== undefined) return t;
    }
    return this.scalarType().bitLimit !== undefined ? this.scalarType() : {
      ref: { kind: 'scalar', scalar: 'uint', spelling: 'unsigned int' },
      declare: (n) => `unsigned int ${n}`, spelled: 'unsigned int', bitLimit: 32, alignAnywhere: 4,
    };
  }

  // ---- declarations ----------------------------------------------------------

  private genMacro(): void {
    const name = this.fresh('K');
    const v = this.rng.int(0, 40);
    this.emit(`#define ${name} ${this.rng.chance(0.2) ? `(${v} \\\n  + 0)` : this.exactExpr(v)}`);
    this.constants.push({ name, value: BigInt(v) });
  }

  /** `#pragma pack` in force: the top of the push stack, or a plain `pack(N)`. */
  private get pack(): number {
    return this.packStack[this.packStack.length - 1] ?? 0;
  }

  private genPack(): void {
    const form = this.rng.weighted<string>([[3, 'push'], [3, 'pop'], [1, 'set'], [1, 'reset']]);
    if (form === 'pop' && this.pushes > 0) {
      this.emit('#pragma pack(pop)');
      this.packStack.pop();
      this.pushes--;
    } else if (form === 'set') {
      // A plain pack(N) replaces the current value without pushing.
      const n = this.rng.pick([1, 2, 4, 8, 16]);
      this.emit(`#pragma pack(${n})`);
      this.packStack[Math.max(0, this.packStack.length - 1)] = n;
    } else if (form === 'reset' && this.pushes === 0) {
      this.emit('#pragma pack()');
      this.packStack.length = 0;
    } else if (this.pushes < 3) {
      const n = this.rng.pick([1, 2, 4, 8, 16]);
      this.emit(this.rng.chance(0.8) ? `#pragma pack(push, ${n})` : `#pragma pack(push)\n#pragma pack(${n})`);
      this.packStack.push(n);
      this.pushes++;
    }
  }

  private genEnum(): void {
    const id = this.table.reserve();
    const name = this.fresh('E');
    const packed = this.rng.chance(0.25);
    const n = this.rng.int(1, 5);
    const values: bigint[] = [];
    const parts: string[] = [];
    // `enum E : T` (accepted by clang 14 in C): values stay small so they fit any T.
    const fixed = this.rng.chance(0.15)
      ? this.rng.pick(SCALARS.filter(([sp, k]) => /^(signed char|unsigned char|short|unsigned short|int|unsigned|long|unsigned long|long long|unsigned long long|int8_t|uint16_t|int32_t|uint64_t)$/.test(sp) && !this.target.unsupportedScalars.includes(k)))
      : undefined;
    const big = !fixed && this.rng.chance(0.2);
    let next = 0n;
    for (let i = 0; i < n; i++) {
      const cname = `${name}_${i}`;
      if (fixed) {
        const v = BigInt(this.rng.int(fixed[1].startsWith('u') ? 0 : -100, 100));
        parts.push(`${cname} = ${v}`);
        values.push(v);
        next = v + 1n;
        if (v >= -64n && v <= 64n) this.constants.push({ name: cname, value: v });
        continue;
      }
      if (this.rng.chance(0.6)) {
        let v: bigint;
        if (big && this.rng.chance(0.5)) {
          v = this.rng.pick([0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n, -0x80000001n, 0x7fffffffffffffffn, -0x8000000000000000n]);
        } else {
          v = BigInt(this.rng.int(-300, 70000)) * (this.rng.chance(0.1) ? 1000n : 1n);
          if (this.rng.chance(0.5)) v = BigInt(this.rng.int(-130, 260));
        }
        const text = v === -0x8000000000000000n ? '(-0x7fffffffffffffffLL - 1)'
          : v > 0x7fffffffn || v < -0x80000000n ? `${v}LL` : v.toString();
        const small = v >= 0n && v <= 64n && this.rng.chance(0.3);
        parts.push(`${cname} = ${small ? this.exactExpr(Number(v)) : text}`);
        values.push(v);
        next = v + 1n;
      } else if (next > 0x7fffffffffffffffn) {
        // An implicit value past long long would be an error.
        parts.push(`${cname} = 0`);
        values.push(0n);
        next = 1n;
      } else {
        parts.push(cname);
        values.push(next);
        next = next + 1n;
      }
      const v = values[values.length - 1]!;
      if (v >= -64n && v <= 64n) this.constants.push({ name: cname, value: v });
    }
    const alignAs = this.rng.chance(0.06) ? this.rng.pick([1, 2, 4, 8, 16]) : undefined;
    const attrs = [packed ? 'packed' : '', alignAs ? `aligned(${alignAs})` : ''].filter((a) => a !== '');
    const attr = attrs.length ? ` __attribute__((${attrs.join(', ')}))` : '';
    const line = this.line;
    const viaTypedef = this.rng.chance(0.2);
    const typedefName = `T${name}`;
    const colon = fixed ? ` : ${fixed[0]}` : '';
    // GNU attributes may precede the tag or follow the closing brace.
    const [before, after] = this.rng.chance(0.5) ? [attr, ''] : ['', attr];
    if (viaTypedef) this.emit(`typedef enum${before}${colon} { ${parts.join(', ')} }${after} ${typedefName};`);
    else this.emit(`enum${before} ${name}${colon} { ${parts.join(', ')} }${after};`);
    const decl: EnumDecl = {
      decl: 'enum', id, name: viaTypedef ? typedefName : name, nameFromTypedef: viaTypedef, values, packed,
      ...(fixed ? { fixedType: { kind: 'scalar', scalar: fixed[1], spelling: fixed[0] } as TypeRef } : {}),
      ...(alignAs ? { alignAs } : {}), span: SPAN, line,
    };
    this.table.set(decl);
    if (viaTypedef) {
      const tid = this.table.reserve();
      this.table.set({ decl: 'typedef', id: tid, name: typedefName, type: { kind: 'enum', id }, span: SPAN, nameSpan: SPAN, line });
      this.enums.push({ ref: { kind: 'typedef', id: tid, name: typedefName }, declare: (n) => `${typedefName} ${n}`, spelled: typedefName, bitLimit: 8 });
      return;
    }
    const info = this.engine.typeInfo({ kind: 'enum', id });
    // An enum too wide for the target (it happens only with our own bugs) is not used.
    if ('unknown' in info) return;
    // Bit-fields of enum type stay within 8 bits so a wrong enum size of ours cannot make invalid C.
    this.enums.push({
      ref: { kind: 'enum', id },
      declare: (n) => `enum ${name} ${n}`,
      spelled: `enum ${name}`,
      bitLimit: 8,
    });
  }

  private genTypedef(): void {
    const form = this.rng.weighted<string>([[4, 'scalar'], [2, 'chain'], [2, 'record'], [2, 'anonrecord'], [1, 'array'], [1, 'fn']]);
    const name = this.fresh('T');
    const id = this.table.reserve();
    let under: GType;
    if (form === 'chain' && this.typedefs.length > 0) under = this.rng.pick(this.typedefs);
    else if (form === 'record') under = this.recordType() ?? this.scalarType();
    else if (form === 'anonrecord') {
      this.genRecord({ kind: this.rng.chance(0.7) ? 'struct' : 'union', typedefName: name, typedefId: id, depth: 0 });
      return;
    } else if (form === 'array') under = this.arrayOf(this.scalarType(), this.rng.int(1, 2));
    else if (form === 'fn') under = this.pointerType();
    else under = this.scalarType();
    // Lowering is allowed on a typedef (clang then lowers the alignment),
    // over-aligning a small type too (arrays of it get rounded-up sizes).
    const alignAs = this.rng.chance(0.35) ? this.rng.pick([1, 2, 4, 8, 16, 32]) : undefined;
    const line = this.line;
    this.emit(`typedef ${under.declare(name)}${alignAs !== undefined ? ` __attribute__((aligned(${alignAs})))` : ''};`);
    const decl: TypedefDecl = {
      decl: 'typedef', id, name, type: under.ref, ...(alignAs !== undefined ? { alignAs } : {}),
      span: SPAN, nameSpan: SPAN, line,
    };
    this.table.set(decl);
    const t: GType = {
      ref: { kind: 'typedef', id, name },
      declare: (n) => `${name} ${n}`,
      spelled: name,
      ...(under.bitLimit !== undefined ? { bitLimit: under.bitLimit } : {}),
      ...(alignAs === undefined && under.alignAnywhere !== undefined ? { alignAnywhere: under.alignAnywhere } : {}),
    };
    this.typedefs.push(t);
    if (under.ref.kind === 'record' && alignAs === undefined) {
      const r = this.records.find((x) => x.id === (under.ref as { id: DeclId }).id);
      if (r) this.records.push({ id: r.id, ref: t.ref, spelled: name, hasFlexible: r.hasFlexible });
    }
  }

  private genTopRecord(): void {
    if (this.rng.chance(0.1)) this.emit(this.rng.pick(['/* a record; { braces } in comments are not code */', '// struct Fake { int x; };']));
    this.genRecord({ kind: this.rng.chance(0.75) ? 'struct' : 'union', depth: 0 });
  }

  /**
   * Emits one record definition (top-level, typedef'd, or nested inside
   * another) and returns its id and the text of its definition.
   */
  private genRecord(o: {
    kind: 'struct' | 'union';
    depth: number;
    typedefName?: string;
    typedefId?: DeclId;
    inline?: 'anonymous' | 'named';
  }): { id: DeclId; text: string } {
    const id = this.table.reserve();
    const tag = o.typedefName !== undefined || o.inline === 'anonymous' ? undefined : this.fresh(o.kind === 'struct' ? 'S' : 'U');
    const line = this.line;
    const fields: Field[] = [];
    const body: string[] = [];
    const n = this.rng.int(o.inline ? 1 : 1, o.depth > 0 ? 4 : 8);
    let fieldNo = 0;
    const fname = (): string => `f${fieldNo++}_${id}`;
    let hasFlexible = false;

    for (let i = 0; i < n; i++) {
      const kind = this.rng.weighted<string>([
        [30, 'plain'], [25, 'bitfield'], [10, 'array'], [5, 'pointer'],
        [o.depth < 2 ? 5 : 0, 'anon'], [o.depth < 2 ? 3 : 0, 'nested'], [4, 'multi'], [tag !== undefined ? 1 : 0, 'self'],
      ]);
      if (kind === 'self') {
        // A pointer to the record being defined: complete or not, a pointer.
        const name = fname();
        body.push(`  ${o.kind} ${tag} *${name};${this.rng.chance(0.2) ? ' // link' : ''}`);
        fields.push({ name, type: { kind: 'pointer', pointee: { kind: 'record', id } }, packed: false, span: SPAN });
        continue;
      }
      if (kind === 'multi') {
        // Several declarators sharing one specifier: `T a, *b, c[2], d : 3;`.
        const base = this.scalarType();
        const decls: string[] = [];
        const count = this.rng.int(2, 3);
        for (let j = 0; j < count; j++) {
          const form = this.rng.weighted<string>([[3, 'plain'], [1, 'ptr'], [1, 'array'], [base.bitLimit !== undefined ? 3 : 0, 'bits']]);
          const name = fname();
          if (form === 'ptr') {
            decls.push(`*${name}`);
            fields.push({ name, type: { kind: 'pointer', pointee: base.ref }, packed: false, span: SPAN });
          } else if (form === 'array') {
            const len = this.rangeExpr(1, 3);
            decls.push(`${name}[${len.text}]`);
            fields.push({ name, type: { kind: 'array', element: base.ref, length: BigInt(len.value) }, packed: false, span: SPAN });
          } else if (form === 'bits') {
            const w = this.rangeExpr(1, base.bitLimit!);
            decls.push(`${name} : ${w.text}`);
            fields.push({ name, type: base.ref, bitWidth: w.value, packed: false, span: SPAN });
          } else {
            decls.push(name);
            fields.push({ name, type: base.ref, packed: false, span: SPAN });
          }
        }
        body.push(`  ${base.spelled} ${decls.join(', ')};`);
        continue;
      }
      if (kind === 'bitfield') {
        const t = this.bitfieldType();
        const limit = Math.min(t.bitLimit!, 64);
        const unnamed = this.rng.chance(0.3);
        const zero = unnamed && this.rng.chance(0.4);
        const w = zero ? { text: this.exactExpr(0), value: 0 } : this.rangeExpr(1, limit);
        const name = unnamed ? undefined : fname();
        const packed = !zero && this.rng.chance(0.08);
        const alignAs = this.rng.chance(0.06) ? this.rng.pick([1, 2, 4, 8, 16]) : undefined;
        const attrs = [packed ? 'packed' : '', alignAs ? `aligned(${alignAs})` : ''].filter((a) => a);
        const attr = attrs.length ? ` __attribute__((${attrs.join(', ')}))` : '';
        body.push(`  ${t.declare(name ?? '')} : ${w.text}${attr};`.replace(/ +:/, ' :'));
        fields.push({
          ...(name !== undefined ? { name } : {}), type: t.ref, bitWidth: w.value, packed,
          ...(alignAs ? { alignAs } : {}), span: SPAN,
        });
        continue;
      }
      if (kind === 'anon' || kind === 'nested') {
        const sub = this.genRecord({
          kind: this.rng.chance(0.5) ? 'struct' : 'union', depth: o.depth + 1,
          inline: kind === 'anon' ? 'anonymous' : 'named',
        });
        const name = kind === 'anon' ? undefined : fname();
        const packed = name !== undefined && this.rng.chance(0.08);
        const alignAs = name !== undefined && this.rng.chance(0.08) ? this.rng.pick([1, 2, 4, 8, 16, 32]) : undefined;
        const attrs = [packed ? 'packed' : '', alignAs ? `aligned(${alignAs})` : ''].filter((a) => a);
        const attr = attrs.length ? ` __attribute__((${attrs.join(', ')}))` : '';
        body.push(`  ${sub.text.replace(/\n/g, '\n  ')}${name !== undefined ? ` ${name}` : ''}${attr};`);
        fields.push({
          ...(name !== undefined ? { name } : {}), type: { kind: 'record', id: sub.id }, packed,
          ...(alignAs ? { alignAs } : {}), span: SPAN,
        });
        continue;
      }
      let t: GType;
      if (kind === 'array') t = this.arrayOf(this.anyType(false), this.rng.weighted([[4, 1], [2, 2], [1, 3]]));
      else if (kind === 'pointer') t = this.pointerType();
      else t = this.anyType(true);
      const name = fname();
      const packed = this.rng.chance(0.08);
      let alignAs: number | undefined;
      let attr = '';
      let prefix = '';
      if (this.rng.chance(0.1)) {
        alignAs = this.rng.pick([1, 2, 4, 8, 16, 32, 64]);
        attr = ` __attribute__((aligned(${alignAs})))`;
      } else if (this.rng.chance(0.05) && t.alignAnywhere !== undefined) {
        // _Alignas may not lower alignment on any target.
        alignAs = this.rng.pick([1, 2, 4, 8, 16, 32].filter((a) => a >= t.alignAnywhere!));
        prefix = `_Alignas(${this.rng.chance(0.5) ? alignAs : this.exactExpr(alignAs)}) `;
      }
      if (packed) attr += ' __attribute__((packed))';
      body.push(`  ${prefix}${t.declare(name)}${attr};`);
      fields.push({ name, type: t.ref, packed, ...(alignAs !== undefined ? { alignAs } : {}), span: SPAN });
    }
    const named = fields.filter((f) => f.name !== undefined).length;
    if (o.kind === 'struct' && !o.inline && named > 0 && this.rng.chance(0.1)) {
      const el = this.rng.chance(0.5) ? this.scalarType() : this.anyType(false);
      const name = fname();
      body.push(`  ${el.declare(`${name}[]`)};`);
      fields.push({ name, type: { kind: 'array', element: el.ref, length: null }, packed: false, span: SPAN });
      hasFlexible = true;
    }

    const packed = this.rng.chance(0.12);
    const alignAs = this.rng.chance(0.1) ? this.rng.pick([1, 2, 4, 8, 16, 32, 128]) : undefined;
    const attrs = [packed ? 'packed' : '', alignAs ? `aligned(${alignAs})` : ''].filter((a) => a);
    const attr = attrs.length ? ` __attribute__((${attrs.join(', ')}))` : '';
    const attrFirst = attrs.length > 0 && this.rng.chance(0.3);
    const head = `${o.kind}${attrFirst ? attr : ''}${tag !== undefined ? ` ${tag}` : ''}`;
    const text = `${head} {\n${body.join('\n')}\n}${attrFirst ? '' : attr}`;

    const decl: RecordDecl = {
      decl: 'record', id, kind: o.kind,
      ...(tag !== undefined ? { name: tag } : o.typedefName !== undefined ? { name: o.typedefName } : {}),
      nameFromTypedef: o.typedefName !== undefined,
      fields, packed, ...(alignAs ? { alignAs } : {}), ...(this.pack ? { maxFieldAlign: this.pack } : {}),
      anonymousMember: o.inline === 'anonymous', span: SPAN, line,
    };
    this.table.set(decl);
    if (o.inline) {
      if (tag !== undefined) this.named.push({ name: tag, id });
      return { id, text };
    }
    if (o.typedefName !== undefined) {
      this.emit(`typedef ${text} ${o.typedefName};`);
      this.table.set({
        decl: 'typedef', id: o.typedefId!, name: o.typedefName, type: { kind: 'record', id },
        span: SPAN, nameSpan: SPAN, line,
      });
      this.named.push({ name: o.typedefName, id });
      this.records.push({ id, ref: { kind: 'typedef', id: o.typedefId!, name: o.typedefName }, spelled: o.typedefName, hasFlexible });
    } else {
      this.emit(`${text};`);
      this.named.push({ name: tag!, id });
      this.records.push({ id, ref: { kind: 'record', id }, spelled: `${o.kind} ${tag}`, hasFlexible });
    }
    return { id, text };
  }
}
