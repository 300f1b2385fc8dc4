// What the Rust front end finds in one file: its types as written (RustType),
// its ADTs, aliases and functions with their attributes, and where each is.
// The layout model (base/model.ts) is made from this per target by
// to-model.ts; the FFI-safety rules (ffi-safety.ts) read it directly, because
// rustc's rules are about types as Rust sees them, not about layouts.
import type { Span } from '../../base/model.ts';

/** A type as written; `text` is its source text (whitespace collapsed), for messages and generated code. */
export type RustType = RustTypeShape & { readonly text: string };

export type RustTypeShape =
  | { readonly k: 'prim'; readonly name: string; readonly span: Span }
  /** A path type: `name` is its last segment, `qualifier` the segments before it. */
  | { readonly k: 'path'; readonly name: string; readonly qualifier: readonly string[]; readonly args: readonly RustType[]; readonly span: Span }
  | { readonly k: 'ref'; readonly mut: boolean; readonly inner: RustType; readonly span: Span }
  | { readonly k: 'ptr'; readonly mut: boolean; readonly inner: RustType; readonly span: Span }
  /** `len` null: a length the front end cannot evaluate. */
  | { readonly k: 'array'; readonly elem: RustType; readonly len: bigint | null; readonly span: Span }
  | { readonly k: 'slice'; readonly elem: RustType; readonly span: Span }
  /** `()` is the tuple of no elements. */
  | { readonly k: 'tuple'; readonly elems: readonly RustType[]; readonly span: Span }
  /** `abi` undefined: the Rust ABI (`fn(..)` without `extern`). */
  | { readonly k: 'fn'; readonly abi: string | undefined; readonly params: readonly RustType[]; readonly ret: RustType | undefined; readonly span: Span }
  | { readonly k: 'dyn'; readonly span: Span }
  | { readonly k: 'impl'; readonly span: Span }
  | { readonly k: 'never'; readonly span: Span }
  | { readonly k: 'other'; readonly text: string; readonly span: Span };

export interface Repr {
  readonly c: boolean;
  readonly transparent: boolean;
  /** `repr(u8)` and the like. */
  readonly int?: string;
  /** `packed` is 1. */
  readonly packed?: number;
  readonly align?: number;
  /** The first `#[repr(...)]` attribute: `args` is the span inside its parentheses (fixes merge into it). */
  readonly attr?: { readonly span: Span; readonly args: Span };
}

export interface RustField {
  /** Undefined for tuple fields (`.0`). */
  readonly name?: string;
  readonly type: RustType;
  readonly span: Span;
  readonly nameSpan?: Span;
}

export interface RustVariant {
  readonly name: string;
  readonly fields: readonly RustField[];
  /** The written discriminant; null when it is an expression the front end cannot evaluate. */
  readonly discriminant?: bigint | null;
  readonly span: Span;
}

/** Lint names allowed (or expected) where an item is, and whether `cfg` leaves it out. */
export interface ItemContext {
  readonly allowed: ReadonlySet<string>;
  /** Module path (`a::b`), empty at the crate root. */
  readonly module: string;
  /** Set for items of another file of the crate: its path (they get no related information or fixes here). */
  readonly file?: string;
}

export interface RustAdt {
  readonly kind: 'struct' | 'union' | 'enum';
  readonly name: string;
  readonly ctx: ItemContext;
  readonly repr: Repr;
  readonly generics: readonly string[];
  /** `struct S;` and `struct S(..)`: how a fix or generator spells it. */
  readonly shape: 'named' | 'tuple' | 'unit';
  /** Struct and union fields; empty for enums. */
  readonly fields: readonly RustField[];
  readonly variants: readonly RustVariant[];
  readonly nonExhaustive: boolean;
  /** The item itself, without its attributes. */
  readonly span: Span;
  /** From the first outer attribute (or the item), where an attribute is inserted. */
  readonly start: number;
  readonly nameSpan: Span;
}

export interface RustAlias {
  readonly name: string;
  readonly ctx: ItemContext;
  readonly generics: readonly string[];
  readonly type: RustType;
  readonly span: Span;
  readonly nameSpan: Span;
}

export interface RustParam {
  readonly name?: string;
  readonly type: RustType;
}

export interface RustFn {
  readonly name: string;
  readonly ctx: ItemContext;
  /** A declaration in an `extern` block, a definition, or a static in an extern block. */
  readonly kind: 'foreign' | 'definition' | 'foreign-static';
  /** The function's ABI string; undefined for the Rust ABI. In an extern block, the block's ABI. */
  readonly abi: string | undefined;
  readonly params: readonly RustParam[];
  readonly ret?: RustType;
  readonly variadic: boolean;
  /** `#[no_mangle]`, `#[unsafe(no_mangle)]` or `#[export_name = ".."]`: the attribute's span. */
  readonly exported?: { readonly span: Span; readonly spelling: string };
  /** The span of `fn` (a fix inserts the ABI in front of it). */
  readonly fnKeyword: Span;
  /** Where `extern "..."` is written, when it is. */
  readonly abiSpan?: Span;
  readonly span: Span;
  readonly nameSpan: Span;
  /** The body, for definitions: its span (the panic and pointer checks walk the tree). */
  readonly body?: Span;
  /** Inside `impl` blocks: methods are reached through `Self::name`/`x.name()`, not by plain name. */
  readonly inImpl: boolean;
  /** The type of an inherent `impl` block the function is in (last path segment). */
  readonly implOf?: string;
  /** `self`, `&self` or `&mut self` as first parameter. */
  readonly receiver?: 'value' | 'ref' | 'mut';
  readonly generic: boolean;
}

/** A type that rustc checks for foreign fn pointers wherever it is written (fields, statics, consts, aliases, Rust fn signatures). */
export interface FnPointerSite {
  readonly type: RustType;
  readonly ctx: ItemContext;
}

export interface RustCrate {
  readonly adts: readonly RustAdt[];
  readonly aliases: readonly RustAlias[];
  readonly fns: readonly RustFn[];
  readonly fnPointerSites: readonly FnPointerSite[];
  /** Names declared by `use a::b::Name [as Alias]`: alias -> the path's last segment. */
  readonly uses: ReadonlyMap<string, string>;
}
