// Itanium C++ class layout, as clang 14's ItaniumRecordLayoutBuilder does it
// for a CXXRecordDecl without virtual bases: the vtable pointer or the primary
// base first, then the other non-virtual bases (empty ones at offset 0 when no
// empty subobject of the same type is there), then the members from dsize
// (data size) on, so a derived class reuses a non-POD base's tail padding.
// `[[no_unique_address]]` members may overlap like empty bases do.
import type { Target } from './types.ts';
import { alignTo, exact } from './family.ts';
import { itaniumBitfield, type ItaniumCursor } from './itanium.ts';
import { EmptySubobjectMap, type CxxClassFacts, type CxxRecordInput, type CxxRecordOutput } from './cxx-family.ts';

export function layoutCxxItanium(rec: CxxRecordInput, target: Target): CxxRecordOutput {
  const isUnion = rec.kind === 'union';
  const pack = rec.maxFieldAlign * 8;
  const cur: ItaniumCursor = { dataSize: 0, size: 0, unfilled: 0, alignment: 8 };
  if (rec.alignAs) cur.alignment = Math.max(cur.alignment, rec.alignAs * 8);
  const empties = new EmptySubobjectMap(rec.bases, rec.members);
  const baseOffsets: number[] = rec.bases.map(() => 0);

  // Bits in `cur`, bytes for bases (as in clang: CharUnits).
  const layoutBase = (base: CxxClassFacts): number => {
    let baseAlign = base.nvalign;
    if (base.empty && empties.canPlaceBase(base, 0)) {
      cur.size = Math.max(cur.size, base.size * 8);
      cur.alignment = Math.max(cur.alignment, baseAlign * 8);
      return 0;
    }
    if (rec.maxFieldAlign) baseAlign = Math.min(baseAlign, rec.maxFieldAlign);
    let offset = alignTo(cur.dataSize / 8, baseAlign);
    while (!empties.canPlaceBase(base, offset)) offset += baseAlign;
    if (!base.empty) {
      cur.dataSize = exact((offset + base.nvsize) * 8);
      cur.size = Math.max(cur.size, cur.dataSize);
    } else {
      cur.size = Math.max(cur.size, exact((offset + base.size) * 8));
    }
    cur.alignment = Math.max(cur.alignment, baseAlign * 8);
    return offset;
  };

  // The primary base is the first dynamic non-virtual base (a class is dynamic here iff polymorphic).
  const primaryBase = rec.bases.findIndex((b) => b.polymorphic);
  let ownVptr = false;
  if (primaryBase >= 0) {
    baseOffsets[primaryBase] = layoutBase(rec.bases[primaryBase]!);
  } else if (rec.polymorphic) {
    let ptrAlign = rec.packed ? 1 : target.pointer.align;
    if (rec.maxFieldAlign) ptrAlign = Math.min(ptrAlign, rec.maxFieldAlign);
    cur.size = alignTo(cur.size, ptrAlign * 8);
    cur.alignment = Math.max(cur.alignment, ptrAlign * 8);
    cur.size += target.pointer.size * 8;
    cur.dataSize = cur.size;
    ownVptr = true;
  }
  rec.bases.forEach((b, i) => {
    if (i !== primaryBase) baseOffsets[i] = layoutBase(b);
  });

  const offsets: number[] = [];
  let paddedFieldSize = 0;
  for (const m of rec.members) {
    if (m.bitWidth !== undefined) {
      offsets.push(itaniumBitfield(cur, m, isUnion, rec.packed, pack, target));
      continue;
    }
    const overlappingEmpty = m.noUniqueAddress && m.cls !== undefined && m.cls.empty;
    let offset = isUnion || overlappingEmpty ? 0 : cur.dataSize / 8;
    cur.unfilled = 0;
    const fieldSize = m.type.size;
    // A potentially-overlapping member occupies only its dsize (or nvsize), so its tail padding is reusable.
    const effectiveSize = m.noUniqueAddress && m.cls ? Math.max(m.cls.nvsize, m.cls.dsize) : fieldSize;
    const fieldPacked = rec.packed || m.packed;
    let packedAlign = Math.max(1, m.alignAs);
    let unpackedAlign = Math.max(m.type.align, m.alignAs);
    if (rec.maxFieldAlign) {
      packedAlign = Math.min(packedAlign, rec.maxFieldAlign);
      unpackedAlign = Math.min(unpackedAlign, rec.maxFieldAlign);
    }
    const fieldAlign = fieldPacked ? packedAlign : unpackedAlign;
    offset = alignTo(offset, fieldAlign);
    if (!isUnion) {
      while (!empties.canPlaceField(m, offset)) {
        // Try offset 0 (an empty member) and then dsize onwards.
        offset = offset === 0 && cur.dataSize !== 0 ? alignTo(cur.dataSize / 8, fieldAlign) : offset + fieldAlign;
      }
    }
    offsets.push(exact(offset * 8));
    if (!overlappingEmpty) {
      cur.dataSize = isUnion ? Math.max(cur.dataSize, effectiveSize * 8) : exact((offset + effectiveSize) * 8);
      paddedFieldSize = Math.max(paddedFieldSize, offset + fieldSize);
      cur.size = Math.max(cur.size, cur.dataSize);
    } else {
      cur.size = Math.max(cur.size, exact((offset + fieldSize) * 8));
    }
    cur.alignment = Math.max(cur.alignment, fieldAlign * 8);
  }

  const nvsizeBits = alignTo(cur.size, 8);
  const nvalign = cur.alignment / 8;
  // In C++ an empty class has size 1 (a class of only zero-length arrays keeps 0).
  if (cur.size === 0 && rec.empty) cur.size = 8;
  cur.size = Math.max(cur.size, paddedFieldSize * 8);
  const sizeBits = alignTo(cur.size, cur.alignment);
  // A POD's tail padding is never reused: its dsize and nvsize are its size.
  const dsize = rec.pod ? sizeBits / 8 : cur.dataSize / 8;
  const nvsize = rec.pod ? dsize : nvsizeBits / 8;
  return {
    sizeBits, align: cur.alignment / 8, dsize, nvsize, nvalign, requiredAlign: 0, offsets, baseOffsets,
    primaryBase, ownVptr, largestEmptySubobject: empties.largest,
    extendableVfptr: false, endsWithZeroSizedObject: false, leadsWithZeroSizedBase: false,
  };
}
