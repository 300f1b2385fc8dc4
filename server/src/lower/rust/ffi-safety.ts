// rustc 1.95's `improper_ctypes` (extern blocks) and `improper_ctypes_definitions`
// (`extern "ABI" fn` definitions and foreign fn-pointer types) judgement of one
// type, after rustc_lint's `check_type_for_ffi`:
// - ADTs must be `repr(C)`/`repr(transparent)` (or, for enums, have an integer repr
//   or be an Option-like enum over a non-null type); their fields are checked with
//   the generic arguments substituted; `PhantomData` fields are skipped, but a type
//   of nothing else is not FFI-safe; a `repr(C)` struct needs a field;
// - `char`, `str`, slices, tuples (`()` too, except as a return type), trait objects
//   and Rust-ABI fn pointers are not FFI-safe; arrays only not as a whole parameter
//   or return type;
// - pointers and references: to an unsized type never; in definitions any pointer
//   to a sized type is fine, in extern blocks the pointee is checked too;
// - `Box<T>` is a pointer in definitions when `T` is sized; in extern blocks it is a
//   struct of unspecified layout, except as the payload of an `Option`.
// Types from outside the file that are not known here are taken as FFI-safe (silence
// over a guess).
import type { RustAdt, RustType } from './items.ts';
import type { Resolver } from './resolve.ts';
import { C_SCALARS, NONZERO_ALIASES, PHANTOMS, STD_RUST_REPR, STD_UNSIZED, TRANSPARENT_WRAPPERS } from './std-types.ts';

export type FfiMode = 'declaration' | 'definition';

export interface Unsafe {
  readonly safe: false;
  /** The type rustc names in its message (the innermost offending one). */
  readonly type: string;
  readonly reason: string;
  readonly help?: string;
  /** The offending type's definition in this file. */
  readonly def?: RustAdt;
}

type Verdict = { readonly safe: true } | { readonly safe: 'phantom'; readonly type: string } | Unsafe;

const SAFE: Verdict = { safe: true };

/** Generic parameter name -> the type given for it (already substituted). */
type Subst = ReadonlyMap<string, RustType>;

export function typeText(t: RustType): string {
  return t.text;
}

export class FfiChecker {
  constructor(private readonly resolver: Resolver) {}

  /** A whole parameter, static or return type; undefined when FFI-safe. */
  checkTop(t: RustType, mode: FfiMode, module: string, isReturn: boolean): Unsafe | undefined {
    const r = this.resolveTop(t, module);
    if (isReturn && ((r.k === 'tuple' && r.elems.length === 0) || r.k === 'never')) return undefined;
    if (r.k === 'array') return { safe: false, type: this.spell(t), reason: 'passing raw arrays by value is not FFI-safe', help: 'consider passing a pointer to the array' };
    const v = this.check(t, mode, module, new Map(), new Set());
    if (v.safe === true) return undefined;
    if (v.safe === 'phantom') return { safe: false, type: v.type, reason: 'composed only of `PhantomData`' };
    return v;
  }

  /** A foreign fn-pointer type as rustc checks one found in an item: its parameters and return as a definition's. */
  checkFnPointer(t: RustType & { k: 'fn' }, module: string): Unsafe | undefined {
    // As inside any fn-pointer type: no whole-array rule for its parameters and return.
    const v = this.check(t, 'definition', module, new Map(), new Set());
    return v.safe === false ? v : v.safe === 'phantom' ? { safe: false, type: v.type, reason: 'composed only of `PhantomData`' } : undefined;
  }

  /** Whether the ADT would be FFI-safe with `#[repr(C)]` added: what the add-repr fix needs to know. */
  safeWithRepr(adt: RustAdt, mode: FfiMode): boolean {
    if (adt.generics.length) return false;
    const seen = new Set<string>([adt.name]);
    const types = adt.kind === 'enum' ? adt.variants.flatMap((v) => v.fields.map((f) => f.type)) : adt.fields.map((f) => f.type);
    if (adt.kind !== 'enum' && types.length === 0) return false;
    if (adt.kind === 'enum' && adt.variants.length === 0) return false;
    const v = this.checkFields(types, mode, adt.ctx.module, new Map(), seen, adt.name);
    return v.safe === true;
  }

  /** Type aliases followed at the top, so `type A = [u8; 4]` is seen as an array. */
  private resolveTop(t: RustType, module: string): RustType {
    let cur = t;
    for (let i = 0; i < 50 && cur.k === 'path' && cur.args.length === 0; i++) {
      const r = this.resolver.lookup(cur.name, cur.qualifier, module);
      if (r?.kind !== 'alias' || r.alias.generics.length) break;
      cur = r.alias.type;
    }
    return cur;
  }

  private spell(t: RustType): string {
    return typeText(t);
  }

  private check(t: RustType, mode: FfiMode, module: string, subst: Subst, seen: Set<string>): Verdict {
    switch (t.k) {
      case 'prim':
        if (t.name === 'char') return { safe: false, type: 'char', reason: 'the `char` type has no C equivalent', help: 'consider using `u32` or `libc::wchar_t` instead' };
        if (t.name === 'str') return { safe: false, type: 'str', reason: 'string slices have no C equivalent', help: 'consider using `*const u8` and a length instead' };
        return SAFE;
      case 'never':
        return SAFE;
      case 'tuple':
        return { safe: false, type: this.spell(t), reason: 'tuples have unspecified layout', help: 'consider using a struct instead' };
      case 'slice':
        return { safe: false, type: this.spell(t), reason: 'slices have no C equivalent', help: 'consider using a raw pointer instead' };
      case 'dyn':
        return { safe: false, type: this.spell(t), reason: 'trait objects have no C equivalent' };
      case 'impl':
        return { safe: false, type: this.spell(t), reason: 'opaque types have no C equivalent' };
      case 'array':
        return this.check(t.elem, mode, module, subst, seen);
      case 'fn': {
        if (t.abi === undefined || t.abi === 'Rust' || t.abi === 'rust-call') {
          return { safe: false, type: this.spell(t), reason: 'this function pointer has Rust-specific calling convention', help: 'consider using an `extern fn(...) -> ...` function pointer instead' };
        }
        for (const p of t.params) {
          const v = this.check(p, mode, module, subst, seen);
          if (v.safe !== true) return v.safe === 'phantom' ? { safe: false, type: v.type, reason: 'composed only of `PhantomData`' } : v;
        }
        if (t.ret && !this.isUnitOrNever(t.ret, module)) {
          const v = this.check(t.ret, mode, module, subst, seen);
          if (v.safe !== true) return v.safe === 'phantom' ? { safe: false, type: v.type, reason: 'composed only of `PhantomData`' } : v;
        }
        return SAFE;
      }
      case 'ref':
      case 'ptr':
        return this.checkPointer(t.inner, mode, module, subst, seen);
      case 'other':
        return SAFE;
      case 'path':
        return this.checkPath(t, mode, module, subst, seen);
    }
  }

  private isUnitOrNever(t: RustType, module: string): boolean {
    const r = this.resolveTop(t, module);
    return (r.k === 'tuple' && r.elems.length === 0) || r.k === 'never';
  }

  /** The pointee of a raw pointer or reference (or NonNull, or Box in definitions). */
  private checkPointer(inner: RustType, mode: FfiMode, module: string, subst: Subst, seen: Set<string>): Verdict {
    const pointee = this.substituted(inner, subst, module);
    if (pointee.k === 'slice' || pointee.k === 'dyn' || (pointee.k === 'prim' && pointee.name === 'str') || (pointee.k === 'path' && STD_UNSIZED.has(pointee.name) && !this.local(pointee, module))) {
      return this.check(pointee, mode, module, subst, seen);
    }
    if (mode === 'definition') return SAFE;
    if (pointee.k === 'tuple' && pointee.elems.length === 0) return SAFE;
    const v = this.check(pointee, mode, module, subst, seen);
    // A pointer to nothing but `PhantomData` is itself reported (rustc: "composed only of PhantomData").
    return v.safe === 'phantom' ? { safe: false, type: v.type, reason: 'composed only of `PhantomData`' } : v;
  }

  /** Follows generic parameters and (non-generic) aliases. */
  private substituted(t: RustType, subst: Subst, module: string): RustType {
    let cur = t;
    for (let i = 0; i < 50 && cur.k === 'path'; i++) {
      if (cur.qualifier.length === 0 && cur.args.length === 0 && subst.has(cur.name)) {
        cur = subst.get(cur.name)!;
        continue;
      }
      const r = this.resolver.lookup(cur.name, cur.qualifier, module);
      if (r?.kind === 'alias' && r.alias.generics.length === 0) {
        cur = r.alias.type;
        continue;
      }
      break;
    }
    return cur;
  }

  private local(t: RustType & { k: 'path' }, module: string): boolean {
    return this.resolver.lookup(t.name, t.qualifier, module) !== undefined;
  }

  private checkPath(t: RustType & { k: 'path' }, mode: FfiMode, module: string, subst: Subst, seen: Set<string>): Verdict {
    if (t.qualifier.length === 0 && t.args.length === 0 && subst.has(t.name)) {
      // The argument was written where the generic type was used: check it there (no substitution of its own).
      return this.check(subst.get(t.name)!, mode, module, new Map(), seen);
    }
    const resolved = this.resolver.lookup(t.name, t.qualifier, module);
    if (resolved?.kind === 'alias') {
      const a = resolved.alias;
      // `type A = B; type B = A;` is rejected by rustc; here it must just stop.
      const key = `alias ${a.ctx.module}::${a.name}`;
      if (seen.has(key)) return SAFE;
      seen = new Set(seen).add(key);
      const inner = new Map<string, RustType>();
      a.generics.forEach((g, i) => {
        const arg = t.args[i];
        if (arg) inner.set(g, arg);
      });
      const aliased = inner.size ? this.substituteDeep(a.type, inner) : a.type;
      return this.check(aliased, mode, a.ctx.module, subst, seen);
    }
    if (resolved?.kind === 'adt') return this.checkAdt(resolved.adt, t, mode, subst, seen);
    return this.checkStd(t, mode, module, subst, seen);
  }

  /** Replaces generic parameter names inside a type (for aliases with parameters). */
  private substituteDeep(t: RustType, subst: Subst): RustType {
    switch (t.k) {
      case 'path':
        if (t.qualifier.length === 0 && t.args.length === 0 && subst.has(t.name)) return subst.get(t.name)!;
        return { ...t, args: t.args.map((a) => this.substituteDeep(a, subst)) };
      case 'ref': case 'ptr': return { ...t, inner: this.substituteDeep(t.inner, subst) };
      case 'array': return { ...t, elem: this.substituteDeep(t.elem, subst) };
      case 'slice': return { ...t, elem: this.substituteDeep(t.elem, subst) };
      case 'tuple': return { ...t, elems: t.elems.map((e) => this.substituteDeep(e, subst)) };
      case 'fn': return { ...t, params: t.params.map((p) => this.substituteDeep(p, subst)), ...(t.ret ? { ret: this.substituteDeep(t.ret, subst) } : {}) };
      default: return t;
    }
  }

  private checkStd(t: RustType & { k: 'path' }, mode: FfiMode, module: string, subst: Subst, seen: Set<string>): Verdict {
    const name = t.name;
    const arg0 = t.args[0];
    if (C_SCALARS.has(name) || name === 'c_void' || NONZERO_ALIASES.has(name) || name === 'NonZero') return SAFE;
    if (PHANTOMS.has(name)) return { safe: 'phantom', type: this.spell(t) };
    if (TRANSPARENT_WRAPPERS.has(name) && arg0) return this.check(arg0, mode, module, subst, seen);
    if (name === 'NonNull' && arg0) return this.checkPointer(arg0, mode, module, subst, seen);
    if (name === 'Box' && arg0) {
      if (mode === 'definition') {
        const pointee = this.substituted(arg0, subst, module);
        if (this.isUnsized(pointee, module)) return { safe: false, type: this.spell(t), reason: 'box cannot be represented as a single pointer' };
        return SAFE;
      }
      return { safe: false, type: this.spell(t), reason: 'this struct has unspecified layout', help: 'consider adding a `#[repr(C)]` or `#[repr(transparent)]` attribute to this struct' };
    }
    if ((name === 'Option' && arg0) || (name === 'Result' && t.args.length === 2)) {
      const payload = name === 'Option' ? arg0! : this.resultPayload(t.args, module, subst);
      if (payload && this.isNonNull(payload, module, subst, new Set())) {
        const p = this.substituted(payload, subst, module);
        // Option<Box<T>> is checked as the pointer it is.
        if (p.k === 'path' && p.name === 'Box' && p.args[0] && !this.local(p, module)) return this.checkPointer(p.args[0], mode, module, subst, seen);
        return this.check(payload, mode, module, subst, seen);
      }
      return { safe: false, type: this.spell(t), reason: 'enum has no representation hint', help: 'consider making this a `#[repr(C)]`, `#[repr(transparent)]` or integer `#[repr(...)]` enum' };
    }
    if (STD_UNSIZED.has(name)) return { safe: false, type: this.spell(t), reason: '`CStr`/`CString` do not have a guaranteed layout', help: 'consider passing a `*const std::ffi::c_char` instead' };
    if (STD_RUST_REPR.has(name)) {
      return name === 'CString'
        ? { safe: false, type: this.spell(t), reason: '`CStr`/`CString` do not have a guaranteed layout', help: 'consider passing a `*const std::ffi::c_char` instead' }
        : { safe: false, type: this.spell(t), reason: 'this struct has unspecified layout', help: 'consider adding a `#[repr(C)]` or `#[repr(transparent)]` attribute to this struct' };
    }
    return SAFE;
  }

  /** `Result<T, Z>`/`Result<Z, T>` with Z a zero-sized type of alignment 1: T, else undefined. */
  private resultPayload(args: readonly RustType[], module: string, subst: Subst): RustType | undefined {
    const [a, b] = args;
    if (!a || !b) return undefined;
    if (this.isTrivialZst(b, module, subst)) return a;
    if (this.isTrivialZst(a, module, subst)) return b;
    return undefined;
  }

  private isTrivialZst(t: RustType, module: string, subst: Subst): boolean {
    const r = this.substituted(t, subst, module);
    if (r.k === 'tuple' && r.elems.length === 0) return true;
    if (r.k === 'path' && PHANTOMS.has(r.name) && !this.local(r, module)) return true;
    if (r.k === 'array' && r.len === 0n) return true;
    if (r.k === 'path') {
      const d = this.resolver.lookup(r.name, r.qualifier, module);
      if (d?.kind === 'adt' && d.adt.kind === 'struct' && d.adt.fields.length === 0 && !d.adt.repr.align) return true;
    }
    return false;
  }

  private isUnsized(t: RustType, module: string): boolean {
    return t.k === 'slice' || t.k === 'dyn' || (t.k === 'prim' && t.name === 'str') || (t.k === 'path' && STD_UNSIZED.has(t.name) && !this.local(t, module));
  }

  /** rustc's ty_is_known_nonnull: references, fn pointers, Box, NonNull, NonZero, and transparent wrappers of those. */
  isNonNull(t: RustType, module: string, subst: Subst, seen: Set<string>): boolean {
    const r = this.substituted(t, subst, module);
    if (r.k === 'ref' || r.k === 'fn') return true;
    if (r.k !== 'path') return false;
    const d = this.resolver.lookup(r.name, r.qualifier, module);
    if (d?.kind === 'adt') {
      const adt = d.adt;
      if (seen.has(adt.name) || !adt.repr.transparent || adt.kind !== 'struct') return false;
      seen.add(adt.name);
      const inner = this.adtSubst(adt, r);
      const field = adt.fields.find((f) => !this.isTrivialZst(f.type, adt.ctx.module, inner));
      return field !== undefined && this.isNonNull(field.type, adt.ctx.module, inner, seen);
    }
    if (d) return false;
    if (r.name === 'Box' || r.name === 'NonNull' || r.name === 'NonZero' || NONZERO_ALIASES.has(r.name)) return true;
    if (TRANSPARENT_WRAPPERS.has(r.name) && r.name !== 'MaybeUninit' && r.name !== 'UnsafeCell' && r.name !== 'Cell' && r.args[0]) return this.isNonNull(r.args[0], module, subst, seen);
    return false;
  }

  private adtSubst(adt: RustAdt, use: RustType & { k: 'path' }): Subst {
    const m = new Map<string, RustType>();
    adt.generics.forEach((g, i) => {
      const a = use.args[i];
      if (a) m.set(g, a);
    });
    return m;
  }

  private checkAdt(adt: RustAdt, use: RustType & { k: 'path' }, mode: FfiMode, subst: Subst, seen: Set<string>): Verdict {
    const spelled = this.spell(use);
    // Keyed by the instantiation as written: `G<G<char>>` checks `G<char>` inside, a struct pointing to itself stops.
    const key = `${adt.ctx.module}::${spelled}`;
    if (seen.has(key)) return SAFE;
    const repr = adt.repr;
    // Arguments are written at the use: resolve their own generic parameters there first.
    const args = use.args.map((a) => this.substituteDeep(a, subst));
    const inner = this.adtSubst(adt, { ...use, args });
    const next = new Set(seen).add(key);
    if (adt.kind === 'enum') {
      // An enum without variants is uninhabited: rustc 1.95 accepts it.
      if (adt.variants.length === 0) return SAFE;
      if (!repr.c && repr.int === undefined && !repr.transparent) {
        const payload = this.optionLikePayload(adt, inner);
        if (payload) return this.check(payload, mode, adt.ctx.module, inner, next);
        return { safe: false, type: spelled, reason: 'enum has no representation hint', help: 'consider making this a `#[repr(C)]`, `#[repr(transparent)]` or integer `#[repr(...)]` enum', def: adt };
      }
      for (const v of adt.variants) {
        const r = this.checkFields(v.fields.map((f) => f.type), mode, adt.ctx.module, inner, next, spelled);
        if (r.safe === false) return r.def ? r : { ...r, def: adt };
      }
      return SAFE;
    }
    const what = adt.kind;
    if (!repr.c && !repr.transparent) {
      return { safe: false, type: spelled, reason: `this ${what} has unspecified layout`, help: `consider adding a \`#[repr(C)]\` or \`#[repr(transparent)]\` attribute to this ${what}`, def: adt };
    }
    if (adt.fields.length === 0) {
      return { safe: false, type: spelled, reason: `this ${what} has no fields`, help: `consider adding a member to this ${what}`, def: adt };
    }
    if (repr.transparent) {
      const field = adt.fields.find((f) => !this.isTrivialZst(f.type, adt.ctx.module, inner)) ?? adt.fields[0]!;
      const v = this.check(field.type, mode, adt.ctx.module, inner, next);
      return v.safe === false && !v.def ? { ...v, def: adt } : v;
    }
    const r = this.checkFields(adt.fields.map((f) => f.type), mode, adt.ctx.module, inner, next, spelled);
    return r.safe === false && !r.def ? { ...r, def: adt } : r;
  }

  private checkFields(types: readonly RustType[], mode: FfiMode, module: string, subst: Subst, seen: Set<string>, spelled: string): Verdict {
    let allPhantom = types.length > 0;
    for (const t of types) {
      const v = this.check(t, mode, module, subst, seen);
      if (v.safe === false) return v;
      if (v.safe === true) allPhantom = false;
    }
    return allPhantom ? { safe: 'phantom', type: spelled } : SAFE;
  }

  /** A local enum shaped like Option over a non-null type: that type. */
  private optionLikePayload(adt: RustAdt, subst: Subst): RustType | undefined {
    if (adt.variants.length !== 2) return undefined;
    const [a, b] = adt.variants;
    const empty = a!.fields.length === 0 ? a! : b!.fields.length === 0 ? b! : undefined;
    const full = empty === a ? b! : a!;
    if (!empty || full.fields.length !== 1) return undefined;
    const t = full.fields[0]!.type;
    return this.isNonNull(t, adt.ctx.module, subst, new Set()) ? t : undefined;
  }
}
