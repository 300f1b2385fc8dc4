// The interface between the shared engine (type facts, enums, arrays,
// flattening) and the per-family record layout algorithms. The algorithms see
// only numbers, so they can mirror clang's builders line for line.

/** What a family algorithm needs to know about one member's declared type. */
export interface MemberType {
  /** Bytes; 0 for a flexible array member. */
  readonly size: number;
  /** The type's alignment with typedef, record and enum attributes applied (clang's getTypeInfo). */
  readonly align: number;
  /** MSVC: the alignment with the outer typedef sugar stripped (getUnqualifiedDesugaredType). */
  readonly naturalAlign: number;
  /** The alignment came from an attribute on a typedef, record or enum (isAlignmentRequired). */
  readonly alignRequired: boolean;
  /** MSVC: the required alignment of the record at the base of the type (0 when none). */
  readonly recordRequiredAlign: number;
}

export interface MemberInput {
  readonly type: MemberType;
  /** Bit-fields only. */
  readonly bitWidth?: number;
  readonly packed: boolean;
  /** The field's own `aligned(N)`/`_Alignas(N)`, 0 when none. */
  readonly alignAs: number;
  /** False for unnamed bit-fields. */
  readonly named: boolean;
}

export interface RecordInput {
  readonly kind: 'struct' | 'union';
  readonly packed: boolean;
  /** `aligned(N)` on the record, 0 when none. */
  readonly alignAs: number;
  /** `#pragma pack(N)`, 0 when none. */
  readonly maxFieldAlign: number;
  readonly members: readonly MemberInput[];
  /** A record with no data has size 0 (Rust `repr(C)`), whatever the target's C does. */
  readonly zeroSizeWhenEmpty?: boolean;
}

export interface RecordOutput {
  readonly sizeBits: number;
  /** Bytes. */
  readonly align: number;
  /** MSVC: the record's required alignment (from `aligned`/`__declspec(align)`); 0 elsewhere. */
  readonly requiredAlign: number;
  /** Bits, one per member. */
  readonly offsets: readonly number[];
}

/** Thrown by the algorithms when a quantity would leave the exactly-representable range. */
export class TooLarge extends Error {}

/** `n`, asserting that it is still an exact integer. */
export function exact(n: number): number {
  if (!Number.isSafeInteger(n)) throw new TooLarge();
  return n;
}

/** Rounds `n` up to a multiple of `align` (a power of two), exactly. */
export function alignTo(n: number, align: number): number {
  if (align <= 1) return n;
  const r = n % align;
  return r === 0 ? n : exact(n + (align - r));
}
