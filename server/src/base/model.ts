// The language-neutral declaration model: what the C (and later C++ and Rust)
// front ends lower their trees into, and all the layout engine ever sees.
// No tree-sitter nodes, no LSP types, no target facts live here: a `long` is a
// `long` until a target says how big it is.

/** A half-open range of UTF-16 code units in one file's text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** The scalar kinds whose size and alignment a target decides. */
export type ScalarKind =
  | 'bool'
  | 'char' | 'schar' | 'uchar'
  | 'short' | 'ushort'
  | 'int' | 'uint'
  | 'long' | 'ulong'
  | 'llong' | 'ullong'
  | 'int128' | 'uint128'
  | 'float' | 'double' | 'longdouble'
  | 'float16'
  | 'wchar'
  | 'char16' | 'char32'
  | 'size' | 'ssize' | 'ptrdiff' | 'intptr' | 'uintptr';

export type TypeRef =
  | { readonly kind: 'scalar'; readonly scalar: ScalarKind; readonly spelling: string }
  | { readonly kind: 'void' }
  /** Data and function pointers alike: every target here has one pointer size. */
  | { readonly kind: 'pointer'; readonly pointee: TypeRef | 'function' }
  /** `length` null is a flexible array member (`T x[]`). */
  | { readonly kind: 'array'; readonly element: TypeRef; readonly length: bigint | null }
  | { readonly kind: 'record'; readonly id: DeclId }
  | { readonly kind: 'enum'; readonly id: DeclId }
  /** A typedef name; kept (not resolved) so hovers can show the spelling. */
  | { readonly kind: 'typedef'; readonly id: DeclId; readonly name: string }
  /** The front end could not tell what this is; `reason` says why, for the user. */
  | { readonly kind: 'unknown'; readonly spelling: string; readonly reason: string };

export type DeclId = number;

export interface Field {
  /** Undefined for anonymous members and unnamed bit-fields. */
  readonly name?: string;
  readonly type: TypeRef;
  /** Present for bit-fields (0 for a zero-width one). */
  readonly bitWidth?: number;
  /** `__attribute__((packed))` on the field itself. */
  readonly packed: boolean;
  /** Largest of `__attribute__((aligned(N)))` / `_Alignas(N)` / `alignas(N)`, in bytes. */
  readonly alignAs?: number;
  readonly span: Span;
  readonly nameSpan?: Span;
  /** C++: `[[no_unique_address]]` (a potentially-overlapping member). */
  readonly noUniqueAddress?: boolean;
  /** C++: a reference member (`T &r`), lowered as a pointer-sized `type`. */
  readonly reference?: boolean;
  /** C++: the access the member is declared with. */
  readonly access?: Access;
}

/** C++ access control. */
export type Access = 'public' | 'protected' | 'private';

/** C++: one entry of a class's base-specifier list. */
export interface BaseSpecifier {
  /** A record (possibly through a typedef), or unknown when the base is not declared here. */
  readonly type: TypeRef;
  readonly virtual: boolean;
  readonly access: Access;
  readonly span: Span;
}

/**
 * C++ facts of a class that decide its layout and how C may use it. Present for every
 * record of a C++ file (absent in C). Static data members and member functions are not
 * fields: only what they change is kept here.
 */
export interface CxxRecordInfo {
  /** The class-key as written (`class` lays out like `struct`). */
  readonly classKey: 'struct' | 'class' | 'union';
  readonly bases: readonly BaseSpecifier[];
  /** The class declares a virtual member function itself (it may also inherit some). */
  readonly declaresVirtual: boolean;
  /** A user-declared constructor, destructor or copy assignment, or a default member initializer: not a C++03 POD. */
  readonly notAggregate: boolean;
  /** A user-provided (not `= default`) copy/move constructor or assignment, or destructor: not trivially copyable. */
  readonly nonTrivialCopy: boolean;
}

export interface RecordDecl {
  readonly decl: 'record';
  readonly id: DeclId;
  readonly kind: 'struct' | 'union';
  /** The tag, or for an untagged record the typedef that names it; undefined when neither. */
  readonly name?: string;
  /** True when the name came from a typedef of an untagged record. */
  readonly nameFromTypedef: boolean;
  /** null: declared but never defined here (an incomplete type). */
  readonly fields: readonly Field[] | null;
  /** `__attribute__((packed))` on the record. */
  readonly packed: boolean;
  /** `__attribute__((aligned(N)))` on the record, in bytes. */
  readonly alignAs?: number;
  /** The `#pragma pack(N)` in force at the definition, in bytes. */
  readonly maxFieldAlign?: number;
  /** The record is the type of an anonymous member of another record. */
  readonly anonymousMember: boolean;
  /** Rust `repr(C)`: a record with no data has size 0 on every target (rustc), where MSVC's C gives it a size. */
  readonly zeroSizeWhenEmpty?: boolean;
  readonly span: Span;
  readonly nameSpan?: Span;
  /** 0-based line of the definition, for reports. */
  readonly line: number;
  /** C++ only: bases, virtual functions, special members. */
  readonly cxx?: CxxRecordInfo;
}

export interface EnumDecl {
  readonly decl: 'enum';
  readonly id: DeclId;
  readonly name?: string;
  readonly nameFromTypedef: boolean;
  /** null when the enum is only declared, or a value could not be evaluated. */
  readonly values: readonly bigint[] | null;
  /** `enum E : T` (C23/C++11): the fixed underlying type. */
  readonly fixedType?: TypeRef;
  readonly packed: boolean;
  readonly alignAs?: number;
  readonly span: Span;
  readonly nameSpan?: Span;
  readonly line: number;
}

export interface TypedefDecl {
  readonly decl: 'typedef';
  readonly id: DeclId;
  readonly name: string;
  readonly type: TypeRef;
  /** `typedef int aligned_int __attribute__((aligned(8)))`. */
  readonly alignAs?: number;
  readonly span: Span;
  readonly nameSpan: Span;
  readonly line: number;
}

export type Decl = RecordDecl | EnumDecl | TypedefDecl;

/** Everything a front end found in one file, indexed by DeclId. */
export interface DeclTable {
  readonly decls: readonly Decl[];
  get(id: DeclId): Decl;
}
