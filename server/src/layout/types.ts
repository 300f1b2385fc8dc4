// What the layout engine answers. Offsets and sizes are in bits so bit-fields
// need no special case; renderers divide by 8.
import type { ScalarKind, TypeRef } from '../base/model.ts';

export type Endian = 'little' | 'big';

/** The layout algorithm family a target uses. */
export type AbiFamily = 'itanium' | 'msvc';

export interface SizeAlign {
  /** Bytes. */
  readonly size: number;
  /** Bytes: the alignment the type has as a record member. */
  readonly align: number;
}

/** A target is data: scalar sizes plus the switches its family's algorithm reads. */
export interface Target {
  readonly triple: string;
  readonly family: AbiFamily;
  readonly endian: Endian;
  readonly pointer: SizeAlign;
  readonly scalars: Readonly<Record<ScalarKind, SizeAlign>>;
  /** Itanium: a zero-width bit-field raises the record's alignment (AAPCS, AArch64). */
  readonly zeroWidthBitfieldAffectsAlign: boolean;
  /** Itanium: an unnamed (non-zero) bit-field's type raises the record's alignment. */
  readonly unnamedBitfieldAffectsAlign: boolean;
  /** The largest object the target allows, in bytes (the compiler rejects larger). */
  readonly maxObjectSize: bigint;
  /** The alignment of a bare `enum` whose values fit an int: its underlying scalar. */
  readonly enumDefault: ScalarKind;
  /** Scalar kinds the compiler rejects on this target (`__int128` on 32-bit, `_Float16` on x86). */
  readonly unsupportedScalars: readonly ScalarKind[];
  /** Every enum without a fixed type is `int`, whatever its values or `packed` (MSVC). */
  readonly enumsAlwaysInt: boolean;
  /** Itanium: `aligned(N)` on a bit-field also moves it to an N-aligned offset (clang's useExplicitBitFieldAlignment). */
  readonly explicitBitfieldAlign: boolean;
  /** MSVC: `#pragma pack(N)` is ignored when N exceeds the pointer size. */
  readonly ignorePackAbovePointer: boolean;
  /** MSVC C: the size given to a record with no data (clang's MinEmptyStructSize); 0 elsewhere. */
  readonly emptyRecordSize: number;
  /**
   * The L1 data cacheline in bytes, for pictures and reports (not an ABI fact: a property of the
   * cores). The Linux kernel's default L1_CACHE_BYTES for the architecture (x86, arm64, ARMv7: 64;
   * 32-bit PowerPC: 32); Windows on x86-64: 64.
   */
  readonly cachelineBytes: number;
}

export interface FieldLayout {
  /** Dotted path from the record laid out: `a`, `inner.x`; members of anonymous members are flattened. */
  readonly path: string;
  readonly name?: string;
  readonly type: TypeRef;
  /** Bits from the start of the record. */
  readonly offsetBits: number;
  /** Bits the field occupies (its width for a bit-field). */
  readonly sizeBits: number;
  readonly bitfield: boolean;
  /** Nesting depth below the record laid out (0 = a direct member). */
  readonly depth: number;
  /** Index into the record's own `fields` for direct members; undefined for nested entries. */
  readonly fieldIndex?: number;
  /** C++: the entry is a vtable pointer or a base subobject, not a member (`name` is `(vptr)` or `(base B)`). */
  readonly subobject?: Subobject;
}

/** C++ entries that are not members: the vtable pointer and base subobjects. */
export type Subobject = 'vptr' | 'base' | 'primary-base';

export interface RecordLayout {
  readonly size: number;
  readonly align: number;
  /**
   * The members, flattened in declaration order, nested members after their parent.
   * Members of the record itself (depth 0: direct members and members of anonymous
   * members) are always all listed; entries of nested records stop once the list holds
   * the limit the layout was asked with (at most `MAX_FLATTENED_FIELDS`), because a record
   * that embeds another twice, level after level, has exponentially many. Built on each
   * read (a layout nobody lists costs nothing), so read it once where it is used.
   */
  readonly fields: readonly FieldLayout[];
  /**
   * How many flattened entries `fields` leaves out (absent when none). Counted, never
   * built; saturates at `Number.MAX_SAFE_INTEGER`.
   */
  readonly truncatedFields?: number;
  /** C++ classes only: the sizes a derived class sees. */
  readonly cxx?: CxxSizes;
}

/** What a C++ class offers a class deriving from it or holding it as a `[[no_unique_address]]` member. */
export interface CxxSizes {
  /** Itanium dsize: a derived class may place data from here on (its size for a POD; MSVC: its size). */
  readonly dsize: number;
  /** The size without virtual bases (MSVC: what a base occupies). */
  readonly nvsize: number;
  readonly nvalign: number;
  /** No data, no virtual functions: takes no room as a base. */
  readonly empty: boolean;
  /** A C++03 POD: its tail padding is never reused (Itanium). */
  readonly pod: boolean;
}

/** Why a layout could not be given; shown to the user as is. */
export interface LayoutUnknown {
  readonly unknown: string;
}

export type LayoutAnswer = RecordLayout | LayoutUnknown;

export function isUnknown(a: LayoutAnswer | SizeAlign): a is LayoutUnknown {
  return 'unknown' in a;
}
