// A seeded generator of random C++ classes for the differential test against
// clang++. Like generate.ts it writes the source and, alongside, the DeclTable a
// correct C++ front end would produce, so the engine can be checked alone and
// through the whole pipeline. It covers what decides a class layout: single and
// multiple non-virtual inheritance, virtual functions, empty classes and empty
// bases, bit-fields, `[[no_unique_address]]`, `alignas` on classes and members,
// references, static members and member functions (no storage), access
// specifiers and special members (which decide POD-ness, hence tail-padding
// reuse). Virtual inheritance is not generated: the engine declines it.
import type {
  Access, BaseSpecifier, CxxRecordInfo, Decl, DeclId, DeclTable, EnumDecl, Field, RecordDecl, ScalarKind, Span, TypedefDecl, TypeRef,
} from '../../server/src/base/model.ts';
import { TARGETS } from '../../server/src/layout/targets.ts';
import { Rng, type GeneratedRecord } from './generate.ts';

const SPAN: Span = { start: 0, end: 0 };

/** C++ scalar spellings valid on every target, and their kinds. */
const SCALARS: readonly (readonly [string, ScalarKind])[] = [
  ['bool', 'bool'], ['char', 'char'], ['signed char', 'schar'], ['unsigned char', 'uchar'],
  ['short', 'short'], ['unsigned short', 'ushort'], ['int', 'int'], ['unsigned', 'uint'],
  ['long', 'long'], ['unsigned long', 'ulong'], ['long long', 'llong'], ['unsigned long long', 'ullong'],
  ['float', 'float'], ['double', 'double'], ['long double', 'longdouble'],
  ['wchar_t', 'wchar'], ['char16_t', 'char16'], ['char32_t', 'char32'],
];
const NON_INTEGRAL: ReadonlySet<ScalarKind> = new Set<ScalarKind>(['float', 'double', 'longdouble']);

function maxAlignAnywhere(kind: ScalarKind): number {
  return Math.max(...TARGETS.map((t) => t.scalars[kind].align));
}
function minSizeAnywhere(kind: ScalarKind): number {
  return Math.min(...TARGETS.map((t) => t.scalars[kind].size));
}

class GrowingTable implements DeclTable {
  readonly decls: Decl[] = [];
  get(id: DeclId): Decl {
    const d = this.decls[id];
    if (!d) throw new Error(`no declaration ${id}`);
    return d;
  }
}

interface ClassInfo {
  readonly id: DeclId;
  readonly name: string;
  readonly isUnion: boolean;
  /** The largest `alignas` in it anywhere (members of class type may not be aligned below it). */
  readonly alignAnywhere: number;
  /** No user-declared destructor in it anywhere: a union may hold it without deleting destructors around it. */
  readonly trivialDtor: boolean;
}

export interface CppCorpus {
  readonly source: string;
  readonly table: DeclTable;
  readonly records: readonly GeneratedRecord[];
}

export function generateCppCorpus(opts: { seed: number; records: number }): CppCorpus {
  return new CppGenerator(opts.seed).run(opts.records);
}

class CppGenerator {
  private readonly rng: Rng;
  private readonly table = new GrowingTable();
  private readonly out: string[] = [];
  private readonly classes: ClassInfo[] = [];
  private counter = 0;

  constructor(seed: number) {
    this.rng = new Rng(seed);
  }

  /** Named non-class types members may use: enums and aliases of scalars, with their bit-field limit. */
  private readonly named: { spelled: string; ref: TypeRef; bitLimit: number; align: number }[] = [];

  /** `#pragma pack` in force (0: none), and how many pushes are open. */
  private pack = 0;
  private readonly packStack: number[] = [];

  run(count: number): CppCorpus {
    for (let i = 0; i < count; i++) {
      if (this.rng.chance(0.15)) this.genNamedType();
      if (this.rng.chance(0.06)) this.genPack();
      this.genClass();
    }
    while (this.packStack.length) this.out.push('#pragma pack(pop)'), (this.pack = this.packStack.pop()!);
    // clang only dumps the layouts it computes; sizeof forces every one without constructing anything.
    for (const c of this.classes) this.out.push(`static_assert(sizeof(${c.name}) > 0, "");`);
    return {
      source: this.out.join('\n') + '\n',
      table: this.table,
      records: this.classes.map((c) => ({ name: c.name, id: c.id })),
    };
  }

  private genPack(): void {
    if (this.packStack.length && this.rng.chance(0.5)) {
      this.out.push('#pragma pack(pop)');
      this.pack = this.packStack.pop()!;
      return;
    }
    this.packStack.push(this.pack);
    this.pack = this.rng.pick([1, 2, 4, 8, 16]);
    this.out.push(`#pragma pack(push, ${this.pack})`);
  }

  /** `enum class E : T { ... }`, `enum E { ... }`, `using T = scalar;` or `typedef scalar T;`. */
  private genNamedType(): void {
    const rng = this.rng;
    const id = this.table.decls.length;
    const name = `T${this.counter++}`;
    const what = rng.pick(['scoped', 'plain', 'using', 'typedef'] as const);
    if (what === 'using' || what === 'typedef') {
      const [spelled, kind] = rng.pick(SCALARS);
      this.out.push(what === 'using' ? `using ${name} = ${spelled};` : `typedef ${spelled} ${name};`);
      const d: TypedefDecl = { decl: 'typedef', id, name, type: { kind: 'scalar', scalar: kind, spelling: spelled }, span: SPAN, nameSpan: SPAN, line: 0 };
      this.table.decls.push(d);
      const integral = !NON_INTEGRAL.has(kind);
      this.named.push({ spelled: name, ref: { kind: 'typedef', id, name }, bitLimit: integral ? (kind === 'bool' ? 1 : minSizeAnywhere(kind) * 8) : 0, align: maxAlignAnywhere(kind) });
      return;
    }
    const values = Array.from({ length: rng.int(1, 3) }, () => BigInt(rng.pick([0, 1, 7, 200, 40000, 70000])));
    if (what === 'scoped') {
      const [spelled, kind] = rng.pick(SCALARS.filter(([, k]) => ['char', 'schar', 'uchar', 'short', 'ushort', 'int', 'uint', 'llong'].includes(k)));
      const fits = values.filter((v) => v < 1n << BigInt(minSizeAnywhere(kind) * 8 - 1));
      // Scoped, or unscoped with a fixed type (which the text preparation moves out of the parsed text).
      this.out.push(`enum ${rng.chance(0.5) ? 'class ' : ''}${name} : ${spelled} { ${fits.map((v, i) => `${name}v${i} = ${v}`).join(', ')} };`);
      const d: EnumDecl = { decl: 'enum', id, name, nameFromTypedef: false, values: fits, fixedType: { kind: 'scalar', scalar: kind, spelling: spelled }, packed: false, span: SPAN, line: 0 };
      this.table.decls.push(d);
      this.named.push({ spelled: name, ref: { kind: 'enum', id }, bitLimit: minSizeAnywhere(kind) * 8, align: maxAlignAnywhere(kind) });
    } else {
      this.out.push(`enum ${name} { ${values.map((v, i) => `${name}v${i} = ${v}`).join(', ')} };`);
      const d: EnumDecl = { decl: 'enum', id, name, nameFromTypedef: false, values, packed: false, span: SPAN, line: 0 };
      this.table.decls.push(d);
      this.named.push({ spelled: name, ref: { kind: 'enum', id }, bitLimit: 32, align: 4 });
    }
  }

  private genClass(): void {
    const rng = this.rng;
    // The class's slot is taken first: anonymous members add their records while it is built.
    const id = this.table.decls.length;
    this.table.decls.push(undefined as unknown as Decl);
    const name = `C${this.counter++}`;
    const isUnion = this.classes.length > 3 && rng.chance(0.08);
    const classKey: 'struct' | 'class' | 'union' = isUnion ? 'union' : rng.chance(0.3) ? 'class' : 'struct';
    let access: Access = classKey === 'class' ? 'private' : 'public';
    const lines: string[] = [];
    const fields: Field[] = [];
    let alignAnywhere = 1;
    let trivialDtor = true;
    // Special members are public, so that deriving classes and holders keep usable destructors.
    const special = (line: string): void => {
      lines.push('public:', line);
      if (access !== 'public') lines.push(`${access}:`);
    };

    // Bases: distinct earlier classes (not unions).
    const bases: BaseSpecifier[] = [];
    const baseText: string[] = [];
    if (!isUnion && this.classes.length > 0) {
      const n = rng.weighted<number>([[5, 0], [4, 1], [2, 2], [1, 3]]);
      const pool = this.classes.filter((c) => !c.isUnion);
      const chosen = new Set<ClassInfo>();
      for (let i = 0; i < n && pool.length > 0; i++) chosen.add(rng.pick(pool));
      for (const b of chosen) {
        const acc: Access = rng.pick(['public', 'public', 'protected', 'private'] as const);
        bases.push({ type: { kind: 'record', id: b.id }, virtual: false, access: acc, span: SPAN });
        baseText.push(`${acc} ${b.name}`);
        alignAnywhere = Math.max(alignAnywhere, b.alignAnywhere);
        trivialDtor &&= b.trivialDtor;
      }
    }

    const empty = !isUnion && rng.chance(0.25);
    const declaresVirtual = !isUnion && rng.chance(0.25);
    let notAggregate = false;
    let nonTrivialCopy = false;
    if (declaresVirtual) lines.push(`  virtual void v${this.counter++}();`);
    if (declaresVirtual && rng.chance(0.3)) {
      special(`  virtual ~${name}();`);
      trivialDtor = false;
      notAggregate = true;
      nonTrivialCopy = true;
    }

    const memberCount = empty ? 0 : rng.int(isUnion ? 1 : 0, 6);
    // Each special member is declared at most once.
    const declared = new Set<string>();
    for (let i = 0; i < memberCount; i++) {
      // Things that take no storage, between the members.
      let extra = rng.weighted<string>([[10, 'none'], [1, 'access'], [1, 'static'], [1, 'method'], [1, 'ctor'], [1, 'dtor'], [1, 'assign'], [1, 'defaulted']]);
      const slot = extra === 'defaulted' ? 'ctor' : extra;
      if (declared.has(slot)) extra = 'none';
      declared.add(slot);
      if (extra === 'access' && !isUnion) {
        access = rng.pick(['public', 'protected', 'private'] as const);
        lines.push(`${access}:`);
      } else if (extra === 'static') {
        lines.push(rng.chance(0.5) ? `  static int s${this.counter++};` : `  static const long k${this.counter++} = 3;`);
      } else if (extra === 'method') {
        lines.push(rng.chance(0.5) ? `  void m${this.counter++}();` : `  int g${this.counter++}() const { return 0; }`);
      } else if (extra === 'ctor') {
        special(`  ${name}();`);
        notAggregate = true;
      } else if (extra === 'dtor' && !isUnion && !lines.some((l) => l.includes('~'))) {
        special(`  ~${name}();`);
        trivialDtor = false;
        notAggregate = true;
        nonTrivialCopy = true;
      } else if (extra === 'assign') {
        special(`  ${name} &operator=(const ${name} &);`);
        notAggregate = true;
        nonTrivialCopy = true;
      } else if (extra === 'defaulted') {
        special(`  ${name}() = default;`);
        notAggregate = true;
      }
      const f = this.genMember(isUnion, access);
      if (!f) continue;
      lines.push(`  ${f.text}`);
      fields.push(f.field);
      alignAnywhere = Math.max(alignAnywhere, f.alignAnywhere);
      trivialDtor &&= f.trivialDtor !== false;
      if (f.initializer) notAggregate = true;
    }
    if (empty && rng.chance(0.3)) {
      // Empty despite these: a zero-width bit-field, a static member, a member function.
      const what = rng.pick(['zero', 'static', 'method'] as const);
      if (what === 'zero') {
        lines.push('  int : 0;');
        fields.push({ type: { kind: 'scalar', scalar: 'int', spelling: 'int' }, bitWidth: 0, packed: false, span: SPAN, access });
      } else if (what === 'static') {
        lines.push(`  static int s${this.counter++};`);
      } else {
        lines.push(`  void m${this.counter++}();`);
      }
    }

    const packed = !isUnion && rng.chance(0.07);
    let classAlign: number | undefined;
    if (!packed && rng.chance(0.1)) {
      classAlign = rng.pick([8, 16, 32]);
      // alignas may not weaken: only ever above every member's alignment anywhere.
      if (classAlign < alignAnywhere || classAlign < 16) classAlign = Math.max(16, alignAnywhere);
      alignAnywhere = Math.max(alignAnywhere, classAlign);
    }
    const head = `${classKey}${packed ? ' __attribute__((packed))' : ''}${classAlign ? ` alignas(${classAlign})` : ''} ${name}${baseText.length ? ` : ${baseText.join(', ')}` : ''}`;
    this.out.push(`${head} {\n${lines.join('\n')}\n};`);
    const cxx: CxxRecordInfo = { classKey, bases, declaresVirtual, notAggregate, nonTrivialCopy };
    const decl: RecordDecl = {
      decl: 'record', id, kind: isUnion ? 'union' : 'struct', name, nameFromTypedef: false, fields, packed,
      ...(classAlign ? { alignAs: classAlign } : {}), ...(this.pack ? { maxFieldAlign: this.pack } : {}),
      anonymousMember: false, span: SPAN, line: 0, cxx,
    };
    this.table.decls[id] = decl;
    this.classes.push({ id, name, isUnion, alignAnywhere, trivialDtor });
  }

  private genMember(isUnion: boolean, access: Access): { text: string; field: Field; alignAnywhere: number; initializer: boolean; trivialDtor?: boolean } | undefined {
    const rng = this.rng;
    const name = `f${this.counter++}`;
    const what = rng.weighted<string>([[6, 'scalar'], [3, 'bitfield'], [2, 'pointer'], [1, 'reference'], [4, 'class'], [1, 'array'], [1, 'classArray'], [2, 'named'], [1, 'anonymous'], [1, 'matrix']]);
    const base = { packed: false, span: SPAN, access } as const;
    const scalar = (): { spelled: string; kind: ScalarKind } => {
      const [spelled, kind] = rng.pick(SCALARS);
      return { spelled, kind };
    };
    const sref = (kind: ScalarKind, spelling: string): TypeRef => ({ kind: 'scalar', scalar: kind, spelling });
    switch (what) {
      case 'scalar': {
        const s = scalar();
        let align = '';
        let alignAs: number | undefined;
        if (rng.chance(0.15)) {
          const n = rng.pick([8, 16]);
          if (n >= maxAlignAnywhere(s.kind)) {
            align = `alignas(${n}) `;
            alignAs = n;
          }
        }
        const init = !isUnion && rng.chance(0.08);
        const fieldPacked = rng.chance(0.06);
        return {
          text: `${align}${s.spelled} ${name}${fieldPacked ? ' __attribute__((packed))' : ''}${init ? ' = 0' : ''};`,
          field: { name, type: sref(s.kind, s.spelled), ...base, ...(fieldPacked ? { packed: true } : {}), ...(alignAs ? { alignAs } : {}) },
          alignAnywhere: alignAs ?? 1, initializer: init,
        };
      }
      case 'bitfield': {
        let s = scalar();
        while (NON_INTEGRAL.has(s.kind)) s = scalar();
        const limit = s.kind === 'bool' ? 1 : minSizeAnywhere(s.kind) * 8;
        const width = rng.chance(0.1) ? 0 : rng.int(1, limit);
        const unnamed = width === 0 || rng.chance(0.1);
        return {
          text: `${s.spelled}${unnamed ? '' : ` ${name}`} : ${width};`,
          field: { ...(unnamed ? {} : { name }), type: sref(s.kind, s.spelled), bitWidth: width, ...base },
          alignAnywhere: 1, initializer: false,
        };
      }
      case 'named': {
        if (this.named.length === 0) return undefined;
        const t = rng.pick(this.named);
        if (t.bitLimit > 0 && rng.chance(0.4)) {
          const width = rng.int(1, t.bitLimit);
          return { text: `${t.spelled} ${name} : ${width};`, field: { name, type: t.ref, bitWidth: width, ...base }, alignAnywhere: 1, initializer: false };
        }
        return { text: `${t.spelled} ${name};`, field: { name, type: t.ref, ...base }, alignAnywhere: t.align, initializer: false };
      }
      case 'matrix': {
        const s = scalar();
        const n = rng.int(1, 3);
        const m = rng.int(1, 3);
        const type: TypeRef = { kind: 'array', element: { kind: 'array', element: sref(s.kind, s.spelled), length: BigInt(m) }, length: BigInt(n) };
        return { text: `${s.spelled} ${name}[${n}][${m}];`, field: { name, type, ...base }, alignAnywhere: 1, initializer: false };
      }
      case 'anonymous': {
        // An anonymous union or struct member: its members are members of the class.
        const id = this.table.decls.length;
        const key = rng.chance(0.7) ? 'union' : 'struct';
        const inner: Field[] = [];
        const texts: string[] = [];
        for (let i = 0; i < rng.int(1, 3); i++) {
          const s = scalar();
          const n = `${name}_${i}`;
          texts.push(`${s.spelled} ${n};`);
          inner.push({ name: n, type: sref(s.kind, s.spelled), ...base });
        }
        const cxx: CxxRecordInfo = { classKey: key, bases: [], declaresVirtual: false, notAggregate: false, nonTrivialCopy: false };
        const d: RecordDecl = { decl: 'record', id, kind: key, nameFromTypedef: false, fields: inner, packed: false, ...(this.pack ? { maxFieldAlign: this.pack } : {}), anonymousMember: true, span: SPAN, line: 0, cxx };
        this.table.decls.push(d);
        return { text: `${key} { ${texts.join(' ')} };`, field: { type: { kind: 'record', id }, ...base }, alignAnywhere: 1, initializer: false };
      }
      case 'pointer': {
        const s = scalar();
        return { text: `${s.spelled} *${name};`, field: { name, type: { kind: 'pointer', pointee: sref(s.kind, s.spelled) }, ...base }, alignAnywhere: 1, initializer: false };
      }
      case 'reference': {
        if (isUnion) return undefined;
        const s = scalar();
        return { text: `${s.spelled} &${name};`, field: { name, type: { kind: 'pointer', pointee: sref(s.kind, s.spelled) }, ...base, reference: true }, alignAnywhere: 1, initializer: false };
      }
      case 'array': {
        const s = scalar();
        const n = rng.int(1, 5);
        return { text: `${s.spelled} ${name}[${n}];`, field: { name, type: { kind: 'array', element: sref(s.kind, s.spelled), length: BigInt(n) }, ...base }, alignAnywhere: 1, initializer: false };
      }
      case 'class':
      case 'classArray': {
        // A union holds only classes without user-declared destructors (others would delete destructors around it).
        const pool = isUnion ? this.classes.filter((c) => c.trivialDtor) : this.classes;
        if (pool.length === 0) return undefined;
        const c = rng.pick(pool);
        const type: TypeRef = { kind: 'record', id: c.id };
        if (what === 'classArray') {
          const n = rng.int(1, 3);
          return { text: `::${c.name} ${name}[${n}];`, field: { name, type: { kind: 'array', element: type, length: BigInt(n) }, ...base }, alignAnywhere: c.alignAnywhere, initializer: false, trivialDtor: c.trivialDtor };
        }
        const nua = !isUnion && rng.chance(0.35);
        return {
          text: `${nua ? '[[no_unique_address]] ' : ''}::${c.name} ${name};`,
          field: { name, type, ...base, ...(nua ? { noUniqueAddress: true } : {}) },
          alignAnywhere: c.alignAnywhere, initializer: false, trivialDtor: c.trivialDtor,
        };
      }
    }
    return undefined;
  }
}
