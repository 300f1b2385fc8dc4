// MSVC record layout for C, as clang's MicrosoftRecordLayoutBuilder does it
// (layout, layoutField, layoutBitField, layoutZeroWidthBitField,
// finalizeLayout). Non-bit-field state is in bytes as in clang; bit-field
// offsets are produced in bits.
import type { Target } from './types.ts';
import { alignTo, exact, type MemberInput, type RecordInput, type RecordOutput } from './family.ts';

// getAdjustedElementInfo(FieldDecl): natural alignment ignores typedef
// attributes; attributes become a "required" alignment that #pragma pack
// cannot lower. For bit-fields they only raise the unit's alignment.

/** The alignment a member asks for beyond its natural one (clang's FieldRequiredAlignment). */
export function fieldRequiredAlign(m: MemberInput): number {
  let fieldRequired = m.alignAs;
  if (m.type.alignRequired) fieldRequired = Math.max(fieldRequired, m.type.align);
  if (m.bitWidth === undefined) fieldRequired = Math.max(fieldRequired, m.type.recordRequiredAlign);
  return fieldRequired;
}

/** The member's adjusted alignment under `maxFieldAlign` (0: none), given its required alignment. */
export function elementAlign(m: MemberInput, fieldRequired: number, maxFieldAlign: number): number {
  let align = m.type.naturalAlign;
  if (m.bitWidth !== undefined) align = Math.max(align, fieldRequired);
  if (maxFieldAlign) align = Math.min(align, maxFieldAlign);
  if (m.packed) align = 1;
  return Math.max(align, fieldRequired);
}

/** The builder's state between members (bytes, except remainingBits). */
export interface MsvcCursor {
  size: number;
  alignment: number;
  lastWasNonZeroBitfield: boolean;
  currentUnitSize: number;
  remainingBits: number;
}

/** Places the bit-field `m` (layoutBitField, layoutZeroWidthBitField), advancing `cur`; returns its offset in bits. */
export function msvcBitfield(cur: MsvcCursor, m: MemberInput, isUnion: boolean, maxFieldAlign: number): number {
  const width = m.bitWidth!;
  if (width === 0) {
    // Ignored unless it ends a run of non-zero-width bit-fields.
    if (!cur.lastWasNonZeroBitfield) return isUnion ? 0 : cur.size * 8;
    cur.lastWasNonZeroBitfield = false;
    const info = { size: m.type.size, align: elementAlign(m, fieldRequiredAlign(m), maxFieldAlign) };
    if (isUnion) {
      cur.size = Math.max(cur.size, info.size);
      return 0;
    }
    const offset = alignTo(cur.size, info.align);
    cur.size = offset;
    cur.alignment = Math.max(cur.alignment, info.align);
    return offset * 8;
  }
  const info = { size: m.type.size, align: elementAlign(m, fieldRequiredAlign(m), maxFieldAlign) };
  // A run shares one unit of the declared type's size; a different size
  // or a full unit starts a new one.
  if (!isUnion && cur.lastWasNonZeroBitfield && cur.currentUnitSize === info.size && width <= cur.remainingBits) {
    const at = cur.size * 8 - cur.remainingBits;
    cur.remainingBits -= width;
    return at;
  }
  cur.lastWasNonZeroBitfield = true;
  cur.currentUnitSize = info.size;
  if (isUnion) {
    // MSVC ignores bit-field alignment in unions.
    cur.size = Math.max(cur.size, info.size);
    return 0;
  }
  const offset = alignTo(cur.size, info.align);
  cur.size = exact(offset + info.size);
  cur.alignment = Math.max(cur.alignment, info.align);
  cur.remainingBits = info.size * 8 - width;
  return offset * 8;
}

export function layoutMsvc(rec: RecordInput, target: Target): RecordOutput {
  const isUnion = rec.kind === 'union';
  // 64-bit MSVC always rounds by the required alignment at the end; clang
  // models that by starting it at 1 rather than 0.
  let required = target.pointer.size === 8 ? 1 : 0;
  let maxFieldAlign = 0;
  if (rec.maxFieldAlign && !(target.ignorePackAbovePointer && rec.maxFieldAlign > target.pointer.size)) {
    maxFieldAlign = rec.maxFieldAlign;
  }
  if (rec.packed) maxFieldAlign = 1;

  const cur: MsvcCursor = { size: 0, alignment: 1, lastWasNonZeroBitfield: false, currentUnitSize: 0, remainingBits: 0 };
  const offsets: number[] = [];

  for (const m of rec.members) {
    if (m.bitWidth === undefined) {
      cur.lastWasNonZeroBitfield = false;
      const fieldRequired = fieldRequiredAlign(m);
      required = Math.max(required, fieldRequired);
      const align = elementAlign(m, fieldRequired, maxFieldAlign);
      cur.alignment = Math.max(cur.alignment, align);
      const offset = isUnion ? 0 : alignTo(cur.size, align);
      offsets.push(offset * 8);
      cur.size = Math.max(cur.size, exact(offset + m.type.size));
      continue;
    }
    offsets.push(msvcBitfield(cur, m, isUnion, maxFieldAlign));
  }
  let size = cur.size;
  let alignment = cur.alignment;

  size = alignTo(size, alignment);
  required = Math.max(required, rec.alignAs);
  if (required) {
    alignment = Math.max(alignment, required);
    let rounding = alignment;
    if (maxFieldAlign) rounding = Math.min(rounding, maxFieldAlign);
    rounding = Math.max(rounding, required);
    size = alignTo(size, rounding);
  }
  if (size === 0 && !rec.zeroSizeWhenEmpty) {
    size = required >= target.emptyRecordSize ? alignment : target.emptyRecordSize;
  }
  return { sizeBits: exact(size * 8), align: alignment, requiredAlign: required, offsets };
}
