// SysV / Itanium record layout for C, as clang's ItaniumRecordLayoutBuilder
// does it (LayoutField, LayoutBitField, FinishLayout), including the ARM/AArch64
// variations that clang expresses as TargetInfo switches. Everything is in bits
// so bit-fields and ordinary members share one cursor. The C++ builder
// (cxx-itanium.ts) shares the bit-field step.
import type { Target } from './types.ts';
import { alignTo, exact, type MemberInput, type RecordInput, type RecordOutput } from './family.ts';

/** The builder's cursor, in bits. dataSize is always whole bytes; unfilled is the tail of the last bit-field's byte a following bit-field may still use. */
export interface ItaniumCursor {
  dataSize: number;
  size: number;
  unfilled: number;
  alignment: number;
}

/** Places the bit-field `m` (LayoutBitField), advancing `cur`; returns its offset in bits. */
export function itaniumBitfield(cur: ItaniumCursor, m: MemberInput, isUnion: boolean, recordPacked: boolean, pack: number, target: Target): number {
  const fieldPacked = recordPacked || m.packed;
  const explicit = m.alignAs * 8;
  const width = m.bitWidth!;
  const storage = m.type.size * 8;
  let fieldAlign = m.type.align * 8;
  let offset = isUnion ? 0 : cur.dataSize - cur.unfilled;
  let unpacked = fieldAlign;
  // A packed field goes at the next free bit (an alignment of one bit,
  // not one byte), unless it is zero-width.
  if (fieldPacked && width !== 0) fieldAlign = 1;
  if (explicit) {
    fieldAlign = Math.max(fieldAlign, explicit);
    unpacked = Math.max(unpacked, explicit);
  }
  // #pragma pack overrides even `aligned`, but not for zero-width fields.
  if (pack && width) {
    unpacked = Math.min(unpacked, pack);
    fieldAlign = fieldPacked ? unpacked : Math.min(fieldAlign, pack);
  }
  // Any #pragma pack stops padding in front of a straddling bit-field.
  const allowPadding = pack === 0;
  if (width === 0 || (allowPadding && (offset % fieldAlign) + width > storage)) {
    offset = alignTo(offset, fieldAlign);
  } else if (explicit && (pack === 0 || explicit <= pack) && target.explicitBitfieldAlign) {
    offset = alignTo(offset, explicit);
  }
  // Unnamed bit-fields leave the record's alignment alone, except on
  // targets (AAPCS, AArch64) where they count.
  if (!m.named) {
    const counts = width === 0 ? target.zeroWidthBitfieldAffectsAlign : target.unnamedBitfieldAffectsAlign;
    if (!counts) fieldAlign = 1;
  }
  if (isUnion) {
    cur.dataSize = Math.max(cur.dataSize, alignTo(width, 8));
  } else {
    const end = exact(offset + width);
    cur.dataSize = alignTo(end, 8);
    cur.unfilled = cur.dataSize - end;
  }
  cur.size = Math.max(cur.size, cur.dataSize);
  cur.alignment = Math.max(cur.alignment, fieldAlign);
  return offset;
}

export function layoutItanium(rec: RecordInput, target: Target): RecordOutput {
  const isUnion = rec.kind === 'union';
  const pack = rec.maxFieldAlign * 8;
  const cur: ItaniumCursor = { dataSize: 0, size: 0, unfilled: 0, alignment: 8 };
  if (rec.alignAs) cur.alignment = Math.max(cur.alignment, rec.alignAs * 8);
  const offsets: number[] = [];

  for (const m of rec.members) {
    if (m.bitWidth !== undefined) {
      offsets.push(itaniumBitfield(cur, m, isUnion, rec.packed, pack, target));
      continue;
    }
    const fieldPacked = rec.packed || m.packed;
    const explicit = m.alignAs * 8;
    let offset = isUnion ? 0 : cur.dataSize;
    cur.unfilled = 0;
    const fieldSize = m.type.size * 8;
    let fieldAlign = m.type.align * 8;
    if (fieldPacked) fieldAlign = 8;
    fieldAlign = Math.max(fieldAlign, explicit);
    // #pragma pack caps the field's alignment, `aligned(N)` included.
    if (pack) fieldAlign = Math.min(fieldAlign, pack);
    offset = alignTo(offset, fieldAlign);
    offsets.push(offset);
    const end = exact(offset + fieldSize);
    cur.dataSize = isUnion ? Math.max(cur.dataSize, fieldSize) : end;
    cur.size = Math.max(cur.size, cur.dataSize);
    cur.alignment = Math.max(cur.alignment, fieldAlign);
  }

  const sizeBits = alignTo(cur.size, cur.alignment);
  return { sizeBits, align: cur.alignment / 8, requiredAlign: 0, offsets };
}
