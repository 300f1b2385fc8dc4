// Hand-checked layouts per target. Every expected number below was read off
// clang 14's -fdump-record-layouts for the C shown in the comment above it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Decl, DeclId, DeclTable, Field, RecordDecl, ScalarKind, TypeRef } from '../base/model.ts';
import { capReason, LayoutEngine, MAX_FLATTENED_FIELDS, MAX_REASON_LENGTH } from './engine.ts';
import { DEFAULT_TARGET, findTarget, TARGETS } from './targets.ts';
import type { LayoutAnswer, RecordLayout, Target } from './types.ts';

// ---- a tiny DeclTable builder ------------------------------------------------

const SPAN = { start: 0, end: 0 };

class Tables implements DeclTable {
  readonly decls: Decl[] = [];
  get(id: DeclId): Decl {
    const d = this.decls[id];
    if (!d) throw new Error(`no decl ${id}`);
    return d;
  }
  private next(): DeclId {
    this.decls.push(undefined as unknown as Decl);
    return this.decls.length - 1;
  }
  /** Reserves an id so a record can refer to itself. */
  declare(): DeclId {
    return this.next();
  }
  struct(name: string | undefined, fields: Field[] | null, o: Partial<RecordDecl> = {}, id?: DeclId): DeclId {
    return this.record('struct', name, fields, o, id);
  }
  union(name: string | undefined, fields: Field[] | null, o: Partial<RecordDecl> = {}): DeclId {
    return this.record('union', name, fields, o);
  }
  private record(kind: 'struct' | 'union', name: string | undefined, fields: Field[] | null, o: Partial<RecordDecl>, id = this.next()): DeclId {
    this.decls[id] = {
      decl: 'record', id, kind, ...(name !== undefined ? { name } : {}), nameFromTypedef: false, fields,
      packed: false, anonymousMember: false, span: SPAN, line: 0, ...o,
    };
    return id;
  }
  enum(name: string, values: bigint[] | null, o: { packed?: boolean; alignAs?: number } = {}): DeclId {
    const id = this.next();
    this.decls[id] = {
      decl: 'enum', id, name, nameFromTypedef: false, values, packed: o.packed ?? false,
      ...(o.alignAs !== undefined ? { alignAs: o.alignAs } : {}), span: SPAN, line: 0,
    };
    return id;
  }
  typedef(name: string, type: TypeRef, alignAs?: number): TypeRef {
    const id = this.next();
    this.decls[id] = { decl: 'typedef', id, name, type, ...(alignAs !== undefined ? { alignAs } : {}), span: SPAN, nameSpan: SPAN, line: 0 };
    return { kind: 'typedef', id, name };
  }
}

const S = (scalar: ScalarKind, spelling: string = scalar): TypeRef => ({ kind: 'scalar', scalar, spelling });
const char = S('char'), int = S('int'), short = S('short'), llong = S('llong', 'long long');
const double = S('double'), ldouble = S('longdouble', 'long double');
const rec = (id: DeclId): TypeRef => ({ kind: 'record', id });
const arr = (element: TypeRef, length: bigint | null): TypeRef => ({ kind: 'array', element, length });

function f(name: string | undefined, type: TypeRef, o: Partial<Field> = {}): Field {
  return { ...(name !== undefined ? { name } : {}), type, packed: false, span: SPAN, ...o };
}
const bf = (name: string | undefined, type: TypeRef, bitWidth: number, o: Partial<Field> = {}): Field => f(name, type, { bitWidth, ...o });

function t(triple: string): Target {
  const target = findTarget(triple);
  if (!target) throw new Error(triple);
  return target;
}

function ok(a: LayoutAnswer): RecordLayout {
  if ('unknown' in a) assert.fail(`expected a layout, got: ${a.unknown}`);
  return a;
}

/** `size/align: path@bits[:width] ...`, compact enough to compare against clang's dump by eye. */
function show(a: LayoutAnswer): string {
  const l = ok(a);
  return `${l.size}/${l.align}: ` + l.fields.map((x) => `${x.path}@${x.offsetBits}${x.bitfield ? `:${x.sizeBits}` : ''}`).join(' ');
}

function layoutOn(triple: string, build: (b: Tables) => DeclId): LayoutAnswer {
  const b = new Tables();
  const id = build(b);
  return new LayoutEngine(b, t(triple)).record(id);
}

const ALL = ['x86_64', 'i686', 'aarch64', 'msvc', 'armv7', 'ppc'] as const;

function perTarget(name: string, build: (b: Tables) => DeclId, expected: Record<(typeof ALL)[number], string>): void {
  for (const k of ALL) {
    test(`${name} on ${t(k).triple}`, () => {
      assert.equal(show(layoutOn(k, build)), expected[k]);
    });
  }
}

// ---- targets -------------------------------------------------------------------

test('findTarget accepts triples and short aliases, and rejects unknown names', () => {
  assert.equal(findTarget('x86_64')?.triple, 'x86_64-unknown-linux-gnu');
  assert.equal(findTarget('i686')?.triple, 'i686-unknown-linux-gnu');
  assert.equal(findTarget('aarch64')?.triple, 'aarch64-unknown-linux-gnu');
  assert.equal(findTarget('msvc')?.triple, 'x86_64-pc-windows-msvc');
  assert.equal(findTarget('x86_64-windows')?.triple, 'x86_64-pc-windows-msvc');
  assert.equal(findTarget('armv7')?.triple, 'armv7-unknown-linux-gnueabihf');
  assert.equal(findTarget('ppc')?.triple, 'powerpc-unknown-linux-gnu');
  assert.equal(findTarget('powerpc')?.triple, 'powerpc-unknown-linux-gnu');
  assert.equal(findTarget('PowerPC-Unknown-Linux-GNU')?.triple, 'powerpc-unknown-linux-gnu');
  assert.equal(findTarget('sparc'), undefined);
  assert.equal(DEFAULT_TARGET.triple, 'x86_64-unknown-linux-gnu');
  assert.equal(TARGETS.length, 6);
  assert.equal(new Set(TARGETS.map((x) => x.triple)).size, 6);
});

test('scalar facts that differ per target', () => {
  assert.deepEqual(t('i686').scalars.llong, { size: 8, align: 4 });
  assert.deepEqual(t('i686').scalars.double, { size: 8, align: 4 });
  assert.deepEqual(t('armv7').scalars.llong, { size: 8, align: 8 });
  assert.deepEqual(t('msvc').scalars.long, { size: 4, align: 4 });
  assert.deepEqual(t('msvc').scalars.wchar, { size: 2, align: 2 });
  assert.deepEqual(t('ppc').scalars.longdouble, { size: 16, align: 16 });
  assert.equal(t('ppc').endian, 'big');
  assert.equal(t('msvc').family, 'msvc');
});

// ---- records per target ------------------------------------------------------------

// struct LD { char c; long double ld; };
perTarget('long double member', (b) => b.struct('LD', [f('c', char), f('ld', ldouble)]), {
  x86_64: '32/16: c@0 ld@128', i686: '16/4: c@0 ld@32', aarch64: '32/16: c@0 ld@128',
  msvc: '16/8: c@0 ld@64', armv7: '16/8: c@0 ld@64', ppc: '32/16: c@0 ld@128',
});

// struct BF { char a:3; int b:7; long long c:40; char :0; short d; };
perTarget('mixed bit-fields with a zero-width one', (b) =>
  b.struct('BF', [bf('a', char, 3), bf('b', int, 7), bf('c', llong, 40), bf(undefined, char, 0), f('d', short)]), {
  x86_64: '16/8: a@0:3 b@3:7 c@10:40 (unnamed 3)@56:0 d@64',
  i686: '12/4: a@0:3 b@3:7 c@10:40 (unnamed 3)@56:0 d@64',
  aarch64: '16/8: a@0:3 b@3:7 c@10:40 (unnamed 3)@56:0 d@64',
  msvc: '24/8: a@0:3 b@32:7 c@64:40 (unnamed 3)@128:0 d@128',
  armv7: '16/8: a@0:3 b@3:7 c@10:40 (unnamed 3)@56:0 d@64',
  ppc: '16/8: a@0:3 b@3:7 c@10:40 (unnamed 3)@56:0 d@64',
});

// struct ZW { char a; int :0; char b; };
perTarget('zero-width bit-field after a plain member', (b) =>
  b.struct('ZW', [f('a', char), bf(undefined, int, 0), f('b', char)]), {
  x86_64: '5/1: a@0 (unnamed 1)@32:0 b@32', i686: '5/1: a@0 (unnamed 1)@32:0 b@32',
  // AAPCS/AArch64: the zero-width int raises the struct's alignment.
  aarch64: '8/4: a@0 (unnamed 1)@32:0 b@32', armv7: '8/4: a@0 (unnamed 1)@32:0 b@32',
  // MSVC ignores a zero-width bit-field that does not follow a bit-field.
  msvc: '2/1: a@0 (unnamed 1)@8:0 b@8', ppc: '5/1: a@0 (unnamed 1)@32:0 b@32',
});

// struct MU { char a:4; int b:4; char c:4; };
perTarget('bit-fields of changing type size', (b) =>
  b.struct('MU', [bf('a', char, 4), bf('b', int, 4), bf('c', char, 4)]), {
  x86_64: '4/4: a@0:4 b@4:4 c@8:4', i686: '4/4: a@0:4 b@4:4 c@8:4', aarch64: '4/4: a@0:4 b@4:4 c@8:4',
  msvc: '12/4: a@0:4 b@32:4 c@64:4', armv7: '4/4: a@0:4 b@4:4 c@8:4', ppc: '4/4: a@0:4 b@4:4 c@8:4',
});

// union UB { char c; int b:3; };
perTarget('bit-field in a union', (b) => b.union('UB', [f('c', char), bf('b', int, 3)]), {
  x86_64: '4/4: c@0 b@0:3', i686: '4/4: c@0 b@0:3', aarch64: '4/4: c@0 b@0:3',
  // MSVC: a union's bit-fields take their size but not their alignment.
  msvc: '4/1: c@0 b@0:3', armv7: '4/4: c@0 b@0:3', ppc: '4/4: c@0 b@0:3',
});

// #pragma pack(1)  struct PK { char c; int x __attribute__((aligned(8))); };
perTarget('#pragma pack against an aligned field', (b) =>
  b.struct('PK', [f('c', char), f('x', int, { alignAs: 8 })], { maxFieldAlign: 1 }), {
  x86_64: '5/1: c@0 x@8', i686: '5/1: c@0 x@8', aarch64: '5/1: c@0 x@8',
  // MSVC keeps the declared alignment as a requirement pack cannot lower.
  msvc: '16/8: c@0 x@64', armv7: '5/1: c@0 x@8', ppc: '5/1: c@0 x@8',
});

// struct UNB { char a; int :4; char b; };
perTarget('unnamed bit-field and record alignment', (b) =>
  b.struct('UNB', [f('a', char), bf(undefined, int, 4), f('b', char)]), {
  x86_64: '3/1: a@0 (unnamed 1)@8:4 b@16', i686: '3/1: a@0 (unnamed 1)@8:4 b@16',
  aarch64: '4/4: a@0 (unnamed 1)@8:4 b@16', msvc: '12/4: a@0 (unnamed 1)@32:4 b@64',
  armv7: '4/4: a@0 (unnamed 1)@8:4 b@16', ppc: '3/1: a@0 (unnamed 1)@8:4 b@16',
});

// struct FAM { char c; double d[]; };
perTarget('flexible array member', (b) => b.struct('FAM', [f('c', char), f('d', arr(double, null))]), {
  x86_64: '8/8: c@0 d@64', i686: '4/4: c@0 d@32', aarch64: '8/8: c@0 d@64',
  msvc: '8/8: c@0 d@64', armv7: '8/8: c@0 d@64', ppc: '8/8: c@0 d@64',
});

// enum __attribute__((packed)) PE { PA = 1, PB = 300 }; enum __attribute__((packed)) NE { NA = -1 };
// enum BIG { BA = 0x100000000LL }; struct EN { char c; enum PE p; enum NE n; enum BIG b; };
perTarget('enum sizes: packed, negative, beyond int', (b) => {
  const pe = b.enum('PE', [1n, 300n], { packed: true });
  const ne = b.enum('NE', [-1n], { packed: true });
  const big = b.enum('BIG', [0x100000000n]);
  return b.struct('EN', [f('c', char), f('p', { kind: 'enum', id: pe }), f('n', { kind: 'enum', id: ne }), f('b', { kind: 'enum', id: big })]);
}, {
  x86_64: '16/8: c@0 p@16 n@32 b@64', i686: '16/4: c@0 p@16 n@32 b@64', aarch64: '16/8: c@0 p@16 n@32 b@64',
  msvc: '16/4: c@0 p@32 n@64 b@96', armv7: '16/8: c@0 p@16 n@32 b@64', ppc: '16/8: c@0 p@16 n@32 b@64',
});

// struct RA { char c; } __attribute__((aligned(16))); struct HOLD { char c; struct RA r; };
perTarget('aligned record nested in another', (b) => {
  const ra = b.struct('RA', [f('c', char)], { alignAs: 16 });
  return b.struct('HOLD', [f('c', char), f('r', rec(ra))]);
}, {
  x86_64: '32/16: c@0 r@128 r.c@128', i686: '32/16: c@0 r@128 r.c@128', aarch64: '32/16: c@0 r@128 r.c@128',
  msvc: '32/16: c@0 r@128 r.c@128', armv7: '32/16: c@0 r@128 r.c@128', ppc: '32/16: c@0 r@128 r.c@128',
});

// ---- target-independent behaviour (checked on the default target unless noted) ----------------

test('i686 caps long long and double members at 4', () => {
  // struct { char c; long long x; double d; }
  assert.equal(show(layoutOn('i686', (b) => b.struct('S', [f('c', char), f('x', llong), f('d', double)]))), '20/4: c@0 x@32 d@96');
});

test('packed record and packed field', () => {
  // struct __attribute__((packed)) P { char c; int i; };
  assert.equal(show(layoutOn('x86_64', (b) => b.struct('P', [f('c', char), f('i', int)], { packed: true }))), '5/1: c@0 i@8');
  // struct Q { char c; int i __attribute__((packed)); short s; };
  assert.equal(show(layoutOn('x86_64', (b) => b.struct('Q', [f('c', char), f('i', int, { packed: true }), f('s', short)]))), '8/2: c@0 i@8 s@48');
  // A packed bit-field goes to the next free bit, not the next byte:
  // struct __attribute__((packed)) PB { unsigned a:4; signed char b:3; unsigned short c:16; };
  const uint = S('uint', 'unsigned'), schar = S('schar', 'signed char'), ushort = S('ushort', 'unsigned short');
  assert.equal(show(layoutOn('aarch64', (b) => b.struct('PB', [bf('a', uint, 4), bf('b', schar, 3), bf('c', ushort, 16)], { packed: true }))),
    '3/1: a@0:4 b@4:3 c@7:16');
});

test('typedef alignment: lowering, chains, and MSVC ignoring the lowering', () => {
  // typedef int lowi __attribute__((aligned(2))); struct L { char c; lowi x; };
  const build = (b: Tables): DeclId => b.struct('L', [f('c', char), f('x', b.typedef('lowi', int, 2))]);
  assert.equal(show(layoutOn('x86_64', build)), '6/2: c@0 x@16');
  assert.equal(show(layoutOn('msvc', build)), '8/4: c@0 x@32');
  // typedef int A __attribute__((aligned(8))); typedef A B; struct C { char c; B b; };
  assert.equal(show(layoutOn('x86_64', (b) => {
    const a = b.typedef('A', int, 8);
    return b.struct('C', [f('c', char), f('b', b.typedef('B', a))]);
  })), '16/8: c@0 b@64');
  // typedef char C4 __attribute__((aligned(4))); struct A { C4 a[3]; char b; };  (array size rounds to 4)
  assert.equal(show(layoutOn('x86_64', (b) => b.struct('A', [f('a', arr(b.typedef('C4', char, 4), 3n)), f('b', char)]))), '8/4: a@0 b@32');
});

test('arrays of arrays', () => {
  // struct M { char c; short m[2][3]; int z; };
  assert.equal(show(layoutOn('x86_64', (b) => b.struct('M', [f('c', char), f('m', arr(arr(short, 3n), 2n)), f('z', int)]))), '20/4: c@0 m@16 z@128');
});

test('nested and anonymous members are flattened with paths and depths', () => {
  const b = new Tables();
  // struct In { short s; int :3; int q:5; };
  const inner = b.struct('In', [f('s', short), bf(undefined, int, 3), bf('q', int, 5)]);
  // struct S { char c; struct In in; union { int x; struct { char y; long z:7; }; }; };
  const anonS = b.struct(undefined, [f('y', char), bf('z', S('long'), 7)], { anonymousMember: true });
  const anonU = b.union(undefined, [f('x', int), f(undefined, rec(anonS))], { anonymousMember: true });
  const outer = b.struct('S', [f('c', char), f('in', rec(inner)), f(undefined, rec(anonU))]);
  const l = ok(new LayoutEngine(b, DEFAULT_TARGET).record(outer));
  assert.equal(show(l), '16/8: c@0 in@32 in.s@32 in.(unnamed 1)@48:3 in.q@51:5 x@64 y@64 z@72:7');
  assert.deepEqual(l.fields.map((x) => [x.path, x.depth, x.fieldIndex]), [
    ['c', 0, 0], ['in', 0, 1], ['in.s', 1, undefined], ['in.(unnamed 1)', 1, undefined], ['in.q', 1, undefined],
    ['x', 0, undefined], ['y', 0, undefined], ['z', 0, undefined],
  ]);
});

test('a struct containing itself, directly or through a typedef, is declined by name', () => {
  const b = new Tables();
  const id = b.declare();
  b.struct('S', [f('a', int), f('self', rec(id))], {}, id);
  const l = new LayoutEngine(b, DEFAULT_TARGET).record(id);
  assert.ok('unknown' in l);
  assert.match(l.unknown, /`struct S` contains itself/);

  const c = new Tables();
  const id2 = c.declare();
  const td = c.typedef('T', rec(id2));
  c.struct('R', [f('t', arr(td, 2n))], {}, id2);
  const l2 = new LayoutEngine(c, DEFAULT_TARGET).record(id2);
  assert.ok('unknown' in l2 && /`struct R` contains itself/.test(l2.unknown), JSON.stringify(l2));
});

test('incomplete records, unknown types and unsupported scalars are declined with the type named', () => {
  const b = new Tables();
  const fwd = b.struct('Fwd', null);
  const s = b.struct('S', [f('f', rec(fwd))]);
  const u = b.struct('U', [f('x', { kind: 'unknown', spelling: 'foo_t', reason: 'not declared in this file' })]);
  const w = b.struct('W', [f('x', S('int128', '__int128'))]);
  const e = new LayoutEngine(b, DEFAULT_TARGET);
  const a1 = e.record(s);
  assert.ok('unknown' in a1 && a1.unknown.includes('`struct Fwd` is incomplete'), JSON.stringify(a1));
  const a2 = e.record(u);
  assert.ok('unknown' in a2 && a2.unknown.includes('`foo_t`') && a2.unknown.includes('not declared in this file'), JSON.stringify(a2));
  assert.equal(show(e.record(w)), '16/16: x@0');
  const a3 = new LayoutEngine(b, t('i686')).record(w);
  assert.ok('unknown' in a3 && a3.unknown.includes('`__int128` is not supported on i686-unknown-linux-gnu'), JSON.stringify(a3));
});

test('objects beyond the target limit, or beyond exact arithmetic, are declined', () => {
  // char a[1ULL << 62] on x86-64: clang says "array is too large".
  const big = layoutOn('x86_64', (b) => b.struct('B', [f('a', arr(char, 1n << 62n))]));
  assert.deepEqual(big, {
    unknown: 'field `a` of `struct B` cannot be laid out: array is too large for x86_64-unknown-linux-gnu: 4611686018427387904 bytes, the limit is 2305843009213693951 bytes',
  });
  // 2^32 bytes is fine on x86-64 but too large on i686.
  assert.equal(show(layoutOn('x86_64', (b) => b.struct('C', [f('a', arr(char, 1n << 32n))]))), '4294967296/1: a@0');
  const i686 = layoutOn('i686', (b) => b.struct('C', [f('a', arr(char, 1n << 32n))]));
  assert.ok('unknown' in i686 && i686.unknown.includes('the limit is 4294967295 bytes'), JSON.stringify(i686));
  // 2^60 bytes is allowed by clang but its size in bits is not an exact double.
  const inexact = layoutOn('x86_64', (b) => b.struct('D', [f('a', arr(char, 1n << 60n))]));
  assert.ok('unknown' in inexact && inexact.unknown.includes('exactly'), JSON.stringify(inexact));
  // Two halves that fit alone but not together.
  const sum = layoutOn('x86_64', (b) => b.struct('E', [f('a', arr(char, 1n << 49n)), f('b', arr(char, 1n << 49n))]));
  assert.ok('unknown' in sum && sum.unknown.includes('`struct E` is too large to lay out exactly'), JSON.stringify(sum));
});

test('bit-field errors are declined rather than guessed', () => {
  const wide = layoutOn('x86_64', (b) => b.struct('W', [bf('x', char, 9)]));
  assert.ok('unknown' in wide && wide.unknown.includes('9 bits wide'), JSON.stringify(wide));
  const flt = layoutOn('x86_64', (b) => b.struct('F', [bf('x', double, 3)]));
  assert.ok('unknown' in flt && flt.unknown.includes('non-integral'), JSON.stringify(flt));
});

test('MSVC: empty records take 4 bytes, enums are int whatever their values', () => {
  // struct E0 { int :0; };
  assert.equal(show(layoutOn('msvc', (b) => b.struct('E0', [bf(undefined, int, 0)]))), '4/1: (unnamed 0)@0:0');
  assert.equal(show(layoutOn('x86_64', (b) => b.struct('E0', [bf(undefined, int, 0)]))), '0/1: (unnamed 0)@0:0');
  // MSVC ignores #pragma pack above the pointer size but honours 8.
  assert.equal(show(layoutOn('msvc', (b) => b.struct('P', [f('c', char), f('d', ldouble)], { maxFieldAlign: 4 }))), '12/4: c@0 d@32');
});

test('typeInfo answers for any type and memoizes records', () => {
  const b = new Tables();
  const s = b.struct('S', [f('c', char), f('d', double)]);
  const e = new LayoutEngine(b, t('i686'));
  assert.deepEqual(e.typeInfo(rec(s)), { size: 12, align: 4 });
  assert.deepEqual(e.typeInfo({ kind: 'pointer', pointee: 'function' }), { size: 4, align: 4 });
  assert.deepEqual(e.typeInfo(arr(arr(short, 3n), 2n)), { size: 12, align: 2 });
  assert.ok('unknown' in e.typeInfo({ kind: 'void' }));
  assert.equal(e.record(s), e.record(s));
});

// ---- bounded flattening and reasons ----------------------------------------------

/** struct L0 { int a; int b; }; struct Li { struct Li-1 x; struct Li-1 y; }; ... up to `depth`. */
function doublingChain(b: Tables, depth: number): DeclId[] {
  const ids = [b.struct('L0', [f('a', int), f('b', int)])];
  for (let i = 1; i <= depth; i++) ids.push(b.struct(`L${i}`, [f('x', rec(ids[i - 1]!)), f('y', rec(ids[i - 1]!))]));
  return ids;
}

/** The offset in bits of a dotted path of the doubling chain, from its names alone. */
function chainOffset(path: string, depth: number): number {
  let bits = 0;
  let level = depth;
  for (const part of path.split('.')) {
    if (part === 'y') bits += 64 * 2 ** (level - 1);
    if (part === 'b') bits += 32;
    level--;
  }
  return bits;
}

test('a record embedding the previous one twice, 30 levels deep, lists at most MAX_FLATTENED_FIELDS entries, all exact', () => {
  const b = new Tables();
  const ids = doublingChain(b, 30);
  const e = new LayoutEngine(b, DEFAULT_TARGET);
  const l = ok(e.record(ids[30]!));
  assert.equal(l.size, 8 * 2 ** 30);
  assert.equal(l.fields.length, MAX_FLATTENED_FIELDS);
  // 2^(d+2) - 2 entries in all at depth d.
  assert.equal(l.truncatedFields, 2 ** 32 - 2 - MAX_FLATTENED_FIELDS);
  // Pre-order from the start, and both own members are there (the second one last).
  assert.deepEqual(l.fields.slice(0, 3).map((x) => [x.path, x.depth]), [['x', 0], ['x.x', 1], ['x.x.x', 2]]);
  assert.deepEqual(l.fields.filter((x) => x.depth === 0).map((x) => [x.path, x.offsetBits, x.fieldIndex]), [['x', 0, 0], ['y', 64 * 2 ** 29, 1]]);
  assert.equal(l.fields.at(-1)!.path, 'y');
  assert.equal(new Set(l.fields.map((x) => x.path)).size, l.fields.length);
  for (const x of l.fields) {
    assert.equal(x.offsetBits, chainOffset(x.path, 30), x.path);
    assert.equal(x.depth, x.path.split('.').length - 1, x.path);
  }
  // A smaller limit lists fewer; 0 lists the own members only.
  const ten = ok(e.record(ids[30]!, 10));
  assert.equal(ten.fields.length, 10);
  assert.equal(ten.truncatedFields, 2 ** 32 - 2 - 10);
  assert.deepEqual(ok(e.record(ids[30]!, 0)).fields.map((x) => x.path), ['x', 'y']);
  // typeInfo does not list anything.
  assert.deepEqual(e.typeInfo(rec(ids[30]!)), { size: 8 * 2 ** 30, align: 4 });
});

test('records under the limit are listed in full, with no truncation count', () => {
  const b = new Tables();
  const ids = doublingChain(b, 3);
  const l = ok(new LayoutEngine(b, DEFAULT_TARGET).record(ids[3]!));
  assert.equal(l.fields.length, 2 ** 5 - 2);
  assert.equal('truncatedFields' in l, false);
  assert.equal(show(l).split(' ').slice(0, 8).join(' '), '64/4: x@0 x.x@0 x.x.x@0 x.x.x.a@0 x.x.x.b@32 x.x.y@64 x.x.y.a@64');
  for (const x of l.fields) assert.equal(x.offsetBits, chainOffset(x.path, 3), x.path);
});

test('own members are listed whatever the limit, members of anonymous members among them', () => {
  const b = new Tables();
  const inner = b.struct('In', [f('p', int), f('q', int)]);
  const anon = b.struct(undefined, [f('u', short), f('w', rec(inner))], { anonymousMember: true });
  const many = Array.from({ length: 10 }, (_, i) => f(`m${i}`, rec(inner)));
  const s = b.struct('S', [...many, f(undefined, rec(anon))]);
  const l = ok(new LayoutEngine(b, DEFAULT_TARGET).record(s, 3));
  assert.deepEqual(l.fields.map((x) => x.path), [...many.map((x) => x.name), 'u', 'w']);
  assert.equal(l.truncatedFields, 11 * 2);
  const full = ok(new LayoutEngine(b, DEFAULT_TARGET).record(s));
  assert.equal(full.fields.length, 12 + 11 * 2);
  assert.deepEqual(full.fields.slice(-3).map((x) => [x.path, x.offsetBits, x.depth]), [['w', 672, 0], ['w.p', 672, 1], ['w.q', 704, 1]]);
});

test('a reason explaining another through many records keeps its ends and stays short', () => {
  const b = new Tables();
  const fwd = b.struct('Fwd', null);
  let prev = b.struct('L0', [f('m', rec(fwd))]);
  for (let i = 1; i <= 1000; i++) prev = b.struct(`L${i}`, [f('c', char), f('m', rec(prev))]);
  const e = new LayoutEngine(b, DEFAULT_TARGET);
  const deep = e.record(prev);
  assert.ok('unknown' in deep);
  assert.ok(deep.unknown.length <= MAX_REASON_LENGTH, `${deep.unknown.length} chars`);
  assert.equal(deep.unknown,
    'field `m` of `struct L1000` cannot be laid out: (through 999 more nested members) field `m` of `struct L0` cannot be laid out: `struct Fwd` is incomplete: it is declared but not defined here');
  // One and two levels read as before.
  const l1 = e.record(b.decls.findIndex((d) => d?.decl === 'record' && d.name === 'L1'));
  assert.ok('unknown' in l1);
  assert.equal(l1.unknown, 'field `m` of `struct L1` cannot be laid out: field `m` of `struct L0` cannot be laid out: `struct Fwd` is incomplete: it is declared but not defined here');
  // A huge type spelling is cut in the middle.
  const long = layoutOn('x86_64', (c) => c.struct('U', [f('x', { kind: 'unknown', spelling: 'T'.repeat(10_000), reason: 'not declared in this file' })]));
  assert.ok('unknown' in long);
  assert.ok(long.unknown.length <= MAX_REASON_LENGTH, `${long.unknown.length} chars`);
  assert.ok(long.unknown.startsWith('field `x` of `struct U` cannot be laid out: `TTT') && long.unknown.endsWith('` is unknown: not declared in this file'), long.unknown);
  assert.equal(capReason('short'), 'short');
});

test('member resolves one dotted path directly, also past the listing limit', () => {
  const b = new Tables();
  const ids = doublingChain(b, 30);
  const e = new LayoutEngine(b, DEFAULT_TARGET);
  const top = ids[30]!;
  // The last entry of the full listing is far beyond MAX_FLATTENED_FIELDS.
  const path = Array.from({ length: 30 }, () => 'y').join('.') + '.b';
  const far = e.member(top, path);
  assert.ok(far !== undefined && !('unknown' in far));
  assert.equal(far.offsetBits, chainOffset(path, 30));
  assert.equal(far.depth, 30);
  assert.equal(far.path, path);
  assert.equal(far.fieldIndex, undefined);
  assert.equal(ok(e.record(top)).fields.some((x) => x.path === path), false);
  // Within the listing it is exactly the listed entry.
  for (const listed of ok(e.record(top)).fields.slice(0, 200)) assert.deepEqual(e.member(top, listed.path), listed);
  assert.equal(e.member(top, 'x.z'), undefined);
  assert.equal(e.member(top, 'x.x.x.a.b'), undefined);
  assert.equal(e.member(top, ''), undefined);
});

test('member finds members of anonymous members and unnamed bit-fields as listed, and passes on unknowns', () => {
  const b = new Tables();
  const inner = b.struct('In', [f('p', int), f('q', int)]);
  const anon = b.struct(undefined, [f('u', short), { type: int, bitWidth: 3, packed: false, span: SPAN }, f('w', rec(inner))], { anonymousMember: true });
  const s = b.struct('S', [f('c', char), f(undefined, rec(anon)), f('v', rec(anon))]);
  const e = new LayoutEngine(b, DEFAULT_TARGET);
  const l = ok(e.record(s));
  for (const listed of l.fields) assert.deepEqual(e.member(s, listed.path), listed, listed.path);
  assert.ok(l.fields.some((x) => x.path === 'w.q') && l.fields.some((x) => x.path === 'v.w.q') && l.fields.some((x) => x.path === '(unnamed 1)'));
  const fwd = b.struct('Fwd', null);
  const bad = b.struct('Bad', [f('m', rec(fwd))]);
  const u = e.member(bad, 'm');
  assert.ok(u !== undefined && 'unknown' in u);
});
