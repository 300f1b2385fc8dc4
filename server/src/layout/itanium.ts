// SysV / Itanium record layout for C, as clang's ItaniumRecordLayoutBuilder
// does it (LayoutField, LayoutBitField, FinishLayout), including the ARM/AArch64
// variations that clang expresses as TargetInfo switches. Everything is in bits
// so bit-fields and ordinary members share one cursor.
import type { Target } from './types.ts';
import { alignTo, exact, type RecordInput, type RecordOutput } from './family.ts';

export function layoutItanium(rec: RecordInput, target: Target): RecordOutput {
  const isUnion = rec.kind === 'union';
  const pack = rec.maxFieldAlign * 8;
  // Bits; dataSize is always whole bytes, unfilled is the tail of the last
  // bit-field's byte that a following bit-field may still use.
  let dataSize = 0;
  let size = 0;
  let unfilled = 0;
  let alignment = 8;
  if (rec.alignAs) alignment = Math.max(alignment, rec.alignAs * 8);
  const offsets: number[] = [];

  for (const m of rec.members) {
    const fieldPacked = rec.packed || m.packed;
    const explicit = m.alignAs * 8;
    if (m.bitWidth !== undefined) {
      const width = m.bitWidth;
      const storage = m.type.size * 8;
      let fieldAlign = m.type.align * 8;
      let offset = isUnion ? 0 : dataSize - unfilled;
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
      offsets.push(offset);
      // Unnamed bit-fields leave the record's alignment alone, except on
      // targets (AAPCS, AArch64) where they count.
      if (!m.named) {
        const counts = width === 0 ? target.zeroWidthBitfieldAffectsAlign : target.unnamedBitfieldAffectsAlign;
        if (!counts) fieldAlign = 1;
      }
      if (isUnion) {
        dataSize = Math.max(dataSize, alignTo(width, 8));
      } else {
        const end = exact(offset + width);
        dataSize = alignTo(end, 8);
        unfilled = dataSize - end;
      }
      size = Math.max(size, dataSize);
      alignment = Math.max(alignment, fieldAlign);
      continue;
    }

    let offset = isUnion ? 0 : dataSize;
    unfilled = 0;
    const fieldSize = m.type.size * 8;
    let fieldAlign = m.type.align * 8;
    if (fieldPacked) fieldAlign = 8;
    fieldAlign = Math.max(fieldAlign, explicit);
    // #pragma pack caps the field's alignment, `aligned(N)` included.
    if (pack) fieldAlign = Math.min(fieldAlign, pack);
    offset = alignTo(offset, fieldAlign);
    offsets.push(offset);
    const end = exact(offset + fieldSize);
    dataSize = isUnion ? Math.max(dataSize, fieldSize) : end;
    size = Math.max(size, dataSize);
    alignment = Math.max(alignment, fieldAlign);
  }

  const sizeBits = alignTo(size, alignment);
  return { sizeBits, align: alignment / 8, requiredAlign: 0, offsets };
}
