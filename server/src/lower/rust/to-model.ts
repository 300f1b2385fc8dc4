// RustCrate -> the language-neutral declaration model, for one target, so
// `repr(C)` types are laid out by the same engine as C:
// - `repr(C)` / `repr(transparent)` structs and unions are records; `packed(N)` is
//   a maximum field alignment (as `#pragma pack(N)`), `align(N)` the record's
//   alignment; a record with no data has size 0 on every target (rustc), unlike
//   MSVC's C;
// - fieldless `repr(C)` / integer-repr enums are enums (a fixed type for `repr(u8)`);
//   enums with data are the records RFC 2195 defines (`repr(C)`: a tag enum and a
//   union of one struct per variant; `repr(u8)`: a union of structs that each begin
//   with the tag; `repr(C, u8)`: a `u8` tag then the union);
// - generic `repr(C)` types are laid out per use (`G<u8>`), once per spelling;
// - default-repr types have no guaranteed layout: a field of such a type is an
//   unknown whose reason says so, never an invented layout;
// - each field's type is wrapped in a typedef named by its Rust spelling, so
//   hovers and `ffi-lens layout` show `Option<&T>` rather than the C model.
import type { Decl, DeclId, DeclTable, EnumDecl, Field, RecordDecl, ScalarKind, Span, TypeRef } from '../../base/model.ts';
import type { RustAdt, RustCrate, RustField, RustType } from './items.ts';
import type { Resolver } from './resolve.ts';
import { C_SCALARS, NONZERO_ALIASES, PHANTOMS, RUST_PRIMS, STD_RUST_REPR, STD_UNSIZED, TRANSPARENT_WRAPPERS } from './std-types.ts';

export interface RustModel {
  readonly table: DeclTable;
  /** The model of each non-generic ADT that has a guaranteed layout (records and enums). */
  readonly declOf: ReadonlyMap<RustAdt, DeclId>;
  /**
   * Any type written in the file (in `module`) as a TypeRef of this model, converted as a field's
   * type is; declarations it needs (generic instances, aliases) are added to the table.
   */
  typeOf(t: RustType, module: string): TypeRef;
}

/** What the lowering needs of a target: whether its C has 128-bit integers (then Rust's are laid out as C's). */
export interface RustTargetFacts {
  readonly triple: string;
  readonly has128: boolean;
}

/**
 * Alignment of Rust's `u128`/`i128` (16 bytes) on targets whose C has no `__int128`, from rustc
 * 1.95's layout of each target (`#[rustc_layout(debug)]`, checked in test/rust/cross-target.test.ts).
 */
export const RUST_128_ALIGN: Readonly<Record<string, number>> = {
  'i686-unknown-linux-gnu': 16,
  'armv7-unknown-linux-gnueabihf': 8,
  'powerpc-unknown-linux-gnu': 8,
};

class Table implements DeclTable {
  readonly decls: Decl[] = [];
  get(id: DeclId): Decl {
    return this.decls[id]!;
  }
}

const ZST: TypeRef = { kind: 'array', element: { kind: 'scalar', scalar: 'uchar', spelling: 'u8' }, length: 0n };
const NO_SPAN: Span = { start: 0, end: 0 };

export function hasGuaranteedLayout(adt: RustAdt): boolean {
  if (adt.kind === 'enum') return adt.repr.c || adt.repr.int !== undefined || adt.repr.transparent;
  return adt.repr.c || adt.repr.transparent;
}

export function rustToModel(crate: RustCrate, resolver: Resolver, text: string, target: RustTargetFacts): RustModel {
  const table = new Table();
  const declOf = new Map<RustAdt, DeclId>();
  const instances = new Map<string, DeclId>();
  const aliasIds = new Map<string, DeclId>();
  const line = (offset: number): number => {
    let n = 0;
    for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
    return n;
  };
  const spelling = (t: RustType): string => t.text;

  const int128 = new Map<string, TypeRef>();
  const scalar = (kind: ScalarKind, spelled: string): TypeRef => {
    if ((kind === 'int128' || kind === 'uint128') && !target.has128) {
      const align = RUST_128_ALIGN[target.triple];
      if (align === undefined) return { kind: 'unknown', spelling: spelled, reason: `FFI Lens has no figures for Rust's 128-bit integers on ${target.triple}` };
      // 16 bytes at rustc's alignment: a typedef of 16 bytes with that alignment, named as written.
      let ref = int128.get(spelled);
      if (!ref) {
        const id = table.decls.length;
        table.decls.push({ decl: 'typedef', id, name: spelled, type: { kind: 'array', element: { kind: 'scalar', scalar: 'uchar', spelling: 'u8' }, length: 16n }, alignAs: align, span: NO_SPAN, nameSpan: NO_SPAN, line: 0 });
        ref = { kind: 'typedef', id, name: spelled };
        int128.set(spelled, ref);
      }
      return ref;
    }
    return { kind: 'scalar', scalar: kind, spelling: spelled };
  };

  /** A type (generic parameters already replaced by `subst`) as the model's TypeRef. */
  const convert = (t: RustType, module: string, subst: ReadonlyMap<string, RustType>, depth: number): TypeRef => {
    if (depth > 64) return { kind: 'unknown', spelling: spelling(t), reason: 'types nest too deeply' };
    switch (t.k) {
      case 'prim': {
        const kind = RUST_PRIMS.get(t.name);
        if (kind) return scalar(kind, t.name);
        return { kind: 'unknown', spelling: t.name, reason: t.name === 'str' ? '`str` is unsized' : `\`${t.name}\` is not modelled` };
      }
      case 'never': return ZST;
      case 'tuple':
        return t.elems.length === 0 ? ZST : { kind: 'unknown', spelling: spelling(t), reason: 'tuples have Rust\'s default representation: their layout is not guaranteed' };
      case 'ref': case 'ptr': {
        const inner = substitute(t.inner, subst);
        if (isUnsized(inner, module)) return { kind: 'array', element: { kind: 'pointer', pointee: { kind: 'void' } }, length: 2n };
        return { kind: 'pointer', pointee: { kind: 'void' } };
      }
      case 'fn': return { kind: 'pointer', pointee: 'function' };
      case 'array':
        if (t.len === null) return { kind: 'unknown', spelling: spelling(t), reason: 'the array length is not a literal FFI Lens can read' };
        return { kind: 'array', element: convert(t.elem, module, subst, depth + 1), length: t.len };
      case 'slice': case 'dyn': case 'impl':
        return { kind: 'unknown', spelling: spelling(t), reason: 'an unsized type has no size of its own' };
      case 'other':
        return { kind: 'unknown', spelling: t.text, reason: 'this type is not modelled' };
      case 'path': return convertPath(t, module, subst, depth);
    }
  };

  const substitute = (t: RustType, subst: ReadonlyMap<string, RustType>): RustType =>
    t.k === 'path' && t.qualifier.length === 0 && t.args.length === 0 && subst.has(t.name) ? subst.get(t.name)! : t;

  const isUnsized = (t: RustType, module: string): boolean =>
    t.k === 'slice' || t.k === 'dyn' || (t.k === 'prim' && t.name === 'str') ||
    (t.k === 'path' && STD_UNSIZED.has(t.name) && resolver.lookup(t.name, t.qualifier, module) === undefined);

  const isNonNull = (t: RustType, module: string, subst: ReadonlyMap<string, RustType>): boolean => {
    const r = substitute(t, subst);
    if (r.k === 'ref' || r.k === 'fn') return true;
    if (r.k !== 'path') return false;
    const d = resolver.lookup(r.name, r.qualifier, module);
    if (d) return false;
    return r.name === 'Box' || r.name === 'NonNull' || r.name === 'NonZero' || NONZERO_ALIASES.has(r.name);
  };

  const convertPath = (t: RustType & { k: 'path' }, module: string, subst: ReadonlyMap<string, RustType>, depth: number): TypeRef => {
    if (t.qualifier.length === 0 && t.args.length === 0 && subst.has(t.name)) return convert(subst.get(t.name)!, module, new Map(), depth + 1);
    const args = t.args.map((a) => substitute(a, subst));
    const resolved = resolver.lookup(t.name, t.qualifier, module);
    if (resolved?.kind === 'alias') {
      const a = resolved.alias;
      if (a.generics.length === 0) {
        let id = aliasIds.get(a.name + '\0' + a.ctx.module);
        if (id === undefined) {
          id = table.decls.length;
          aliasIds.set(a.name + '\0' + a.ctx.module, id);
          table.decls.push({ decl: 'typedef', id, name: a.name, type: { kind: 'unknown', spelling: a.name, reason: 'refers to itself' }, span: a.span, nameSpan: a.nameSpan, line: line(a.span.start) });
          const type = convert(a.type, a.ctx.module, new Map(), depth + 1);
          table.decls[id] = { decl: 'typedef', id, name: a.name, type, span: a.span, nameSpan: a.nameSpan, line: line(a.span.start) };
        }
        return { kind: 'typedef', id, name: a.name };
      }
      const inner = new Map<string, RustType>();
      a.generics.forEach((g, i) => { if (args[i]) inner.set(g, args[i]!); });
      return convert(a.type, a.ctx.module, inner, depth + 1);
    }
    if (resolved?.kind === 'adt') {
      const adt = resolved.adt;
      if (!hasGuaranteedLayout(adt)) {
        return { kind: 'unknown', spelling: adt.name, reason: `\`${adt.name}\` has Rust's default representation: its layout is not guaranteed (add \`#[repr(C)]\`)` };
      }
      if (adt.generics.length === 0) return adtRef(adt, new Map(), depth);
      if (args.length < adt.generics.length) return { kind: 'unknown', spelling: spelling(t), reason: `generic \`${adt.name}\` is laid out per use with concrete type arguments` };
      const inner = new Map<string, RustType>();
      adt.generics.forEach((g, i) => inner.set(g, args[i]!));
      const key = `${adt.name}\0${adt.ctx.module}\0${args.map(spelling).join(',')}`;
      let id = instances.get(key);
      if (id === undefined) return adtRef(adt, inner, depth, `${adt.name}<${args.map(spelling).join(', ')}>`, key);
      return table.get(id).decl === 'enum' ? { kind: 'enum', id } : { kind: 'record', id };
    }
    const name = t.name;
    const cScalar = C_SCALARS.get(name);
    if (cScalar) return scalar(cScalar, name);
    if (name === 'c_void') return { kind: 'scalar', scalar: 'uchar', spelling: 'c_void' };
    const nonzero = NONZERO_ALIASES.get(name);
    if (nonzero) return scalar(RUST_PRIMS.get(nonzero)!, name);
    if (name === 'NonZero' && args[0]) return convert(args[0], module, new Map(), depth + 1);
    if (PHANTOMS.has(name)) return ZST;
    if (TRANSPARENT_WRAPPERS.has(name) && args[0]) return convert(args[0], module, new Map(), depth + 1);
    if (name === 'NonNull' || name === 'Box') {
      const inner = args[0];
      if (inner && isUnsized(inner, module)) return { kind: 'array', element: { kind: 'pointer', pointee: { kind: 'void' } }, length: 2n };
      return { kind: 'pointer', pointee: { kind: 'void' } };
    }
    if (name === 'Option' && args[0]) {
      const p = args[0];
      if (isNonNull(p, module, new Map())) {
        // The null-pointer (niche) guarantee: None is the all-zero value of the payload.
        return convert(p, module, new Map(), depth + 1);
      }
      return { kind: 'unknown', spelling: spelling(t), reason: '`Option` of a type without a guaranteed niche has no guaranteed layout' };
    }
    if (STD_RUST_REPR.has(name)) return { kind: 'unknown', spelling: spelling(t), reason: `\`${name}\` has Rust's default representation: its layout is not guaranteed` };
    return { kind: 'unknown', spelling: spelling(t), reason: `\`${name}\` is not defined in this file` };
  };

  /** The model field of a Rust field: its type wrapped in a typedef named by the Rust spelling. */
  const field = (f: RustField, name: string | undefined, module: string, subst: ReadonlyMap<string, RustType>, depth: number): Field => {
    const inner = convert(f.type, module, subst, depth + 1);
    const spelled = spelling(f.type);
    const type: TypeRef = inner.kind === 'scalar' || inner.kind === 'unknown' || (inner.kind === 'typedef' && inner.name === spelled) ? inner
      : (() => {
          const id = table.decls.length;
          table.decls.push({ decl: 'typedef', id, name: spelled, type: inner, span: f.type.span, nameSpan: f.type.span, line: line(f.type.span.start) });
          return { kind: 'typedef', id, name: spelled } as const;
        })();
    return { ...(name !== undefined ? { name } : {}), type, packed: false, span: f.span, ...(f.nameSpan ? { nameSpan: f.nameSpan } : {}) };
  };

  const record = (kind: 'struct' | 'union', name: string, fields: Field[] | null, adt: RustAdt, extra: Partial<RecordDecl>): DeclId => {
    const id = table.decls.length;
    const d: RecordDecl = {
      decl: 'record', id, kind, name, nameFromTypedef: adt.kind === 'enum', fields, packed: false, anonymousMember: false,
      span: adt.span, nameSpan: adt.nameSpan, line: line(adt.span.start), zeroSizeWhenEmpty: true, ...extra,
    };
    table.decls.push(d);
    return id;
  };

  const discriminants = (adt: RustAdt): bigint[] | null => {
    const values: bigint[] = [];
    let next = 0n;
    for (const v of adt.variants) {
      if (v.discriminant === null) return null;
      const value = v.discriminant ?? next;
      values.push(value);
      next = value + 1n;
    }
    return values;
  };

  const intRepr = (adt: RustAdt): TypeRef | undefined => {
    const r = adt.repr.int;
    return r ? scalar(RUST_PRIMS.get(r)!, r) : undefined;
  };

  /** The declaration of an ADT with a guaranteed layout (generic ones per instantiation `title`). */
  const adtRef = (adt: RustAdt, subst: ReadonlyMap<string, RustType>, depth: number, title = adt.name, key?: string): TypeRef => {
    // Registered before the fields are converted, so a type that uses itself finds its own declaration.
    const register = (id: DeclId): void => {
      if (subst.size === 0) declOf.set(adt, id);
      else if (key !== undefined) instances.set(key, id);
    };
    if (subst.size === 0) {
      const known = declOf.get(adt);
      if (known !== undefined) return table.get(known).decl === 'enum' ? { kind: 'enum', id: known } : { kind: 'record', id: known };
    }
    const module = adt.ctx.module;
    const fixed = intRepr(adt);
    if (adt.kind === 'enum' && adt.variants.every((v) => v.fields.length === 0)) {
      const id = table.decls.length;
      const e: EnumDecl = {
        decl: 'enum', id, name: title, nameFromTypedef: true, values: discriminants(adt), ...(fixed ? { fixedType: fixed } : {}),
        packed: false, ...(adt.repr.align ? { alignAs: adt.repr.align } : {}), span: adt.span, nameSpan: adt.nameSpan, line: line(adt.span.start),
      };
      table.decls.push(e);
      register(id);
      return { kind: 'enum', id };
    }
    if (adt.kind === 'enum') {
      // RFC 2195: the tag, then a union with one struct per variant.
      const id = record(adt.repr.c ? 'struct' : 'union', title, null, adt, {});
      register(id);
      const leadingTag = !adt.repr.c;
      const variantStructs: Field[] = adt.variants.map((v) => {
        const fields: Field[] = [];
        if (leadingTag && fixed) fields.push({ name: 'tag', type: fixed, packed: false, span: v.span });
        v.fields.forEach((f, i) => fields.push(field(f, f.name ?? String(i), module, subst, depth)));
        const vid = record('struct', `${title}::${v.name}`, fields, adt, { anonymousMember: true, span: v.span });
        return { name: v.name, type: { kind: 'record', id: vid }, packed: false, span: v.span };
      });
      if (leadingTag) {
        table.decls[id] = { ...(table.get(id) as RecordDecl), fields: variantStructs };
      } else {
        const tagType: TypeRef = fixed ?? (() => {
          const tid = table.decls.length;
          table.decls.push({ decl: 'enum', id: tid, name: `${title}_Tag`, nameFromTypedef: true, values: discriminants(adt), packed: false, span: adt.span, nameSpan: adt.nameSpan, line: line(adt.span.start) });
          return { kind: 'enum', id: tid } as const;
        })();
        const unionId = record('union', `${title}_Fields`, variantStructs, adt, { anonymousMember: true });
        const outer: Field[] = [
          { name: 'tag', type: tagType, packed: false, span: NO_SPAN },
          { name: 'payload', type: { kind: 'record', id: unionId }, packed: false, span: NO_SPAN },
        ];
        table.decls[id] = { ...(table.get(id) as RecordDecl), fields: outer, ...(adt.repr.align ? { alignAs: adt.repr.align } : {}) };
      }
      return { kind: 'record', id };
    }
    const id = record(adt.kind, title, null, adt, {});
    register(id);
    const fields = adt.fields.map((f, i) => field(f, f.name ?? String(i), module, subst, depth));
    const repr = adt.repr;
    table.decls[id] = {
      ...(table.get(id) as RecordDecl), fields,
      ...(repr.packed ? { maxFieldAlign: repr.packed } : {}), ...(repr.align ? { alignAs: repr.align } : {}),
    };
    return { kind: 'record', id };
  };

  for (const adt of crate.adts) {
    if (hasGuaranteedLayout(adt) && adt.generics.length === 0) adtRef(adt, new Map(), 0);
  }
  return { table, declOf, typeOf: (t, module) => convert(t, module, new Map(), 0) };
}
