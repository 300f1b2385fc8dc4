// MSVC C++ class layout, as clang 14's MicrosoftRecordLayoutBuilder::cxxLayout
// does it for classes without virtual bases: bases with a vfptr first (the
// first is the primary base), then the others, a byte between a base that ends
// with a zero-sized object and one that leads with one, no empty-base overlap
// with members and no tail-padding reuse (bases occupy their nvsize, members
// their size). A class that introduces virtual functions gets its vfptr
// injected at offset 0 afterwards, pushing everything back by the pointer size
// rounded to the alignment so far. clang 14 ignores `[[no_unique_address]]` on
// this target (it warns), and so does this.
import type { Target } from './types.ts';
import { alignTo, exact } from './family.ts';
import { elementAlign, fieldRequiredAlign, msvcBitfield, type MsvcCursor } from './msvc.ts';
import type { CxxClassFacts, CxxRecordInput, CxxRecordOutput } from './cxx-family.ts';

export function layoutCxxMsvc(rec: CxxRecordInput, target: Target): CxxRecordOutput {
  const isUnion = rec.kind === 'union';
  // 64-bit MSVC always rounds by the required alignment at the end.
  let required = target.pointer.size === 8 ? 1 : 0;
  let maxFieldAlign = 0;
  if (rec.maxFieldAlign && !(target.ignorePackAbovePointer && rec.maxFieldAlign > target.pointer.size)) maxFieldAlign = rec.maxFieldAlign;
  if (rec.packed) maxFieldAlign = 1;
  const pointerAlign = maxFieldAlign ? Math.min(target.pointer.align, maxFieldAlign) : target.pointer.align;
  const cur: MsvcCursor = { size: 0, alignment: 1, lastWasNonZeroBitfield: false, currentUnitSize: 0, remainingBits: 0 };
  let endsWithZeroSizedObject = false;
  let leadsWithZeroSizedBase = false;

  const baseOffsets: number[] = rec.bases.map(() => 0);
  let previous: CxxClassFacts | undefined;
  const layoutBase = (base: CxxClassFacts): number => {
    if (previous && previous.endsWithZeroSizedObject && base.leadsWithZeroSizedBase) cur.size++;
    let align = base.align;
    if (maxFieldAlign) align = Math.min(align, maxFieldAlign);
    endsWithZeroSizedObject = base.endsWithZeroSizedObject;
    cur.alignment = Math.max(cur.alignment, align);
    required = Math.max(required, base.requiredAlign);
    align = Math.max(align, base.requiredAlign);
    const offset = (cur.size = alignTo(cur.size, align));
    cur.size = exact(cur.size + base.nvsize);
    previous = base;
    return offset;
  };

  // First pass: bases with an extendable vfptr; the first is the primary base.
  let primaryBase = -1;
  rec.bases.forEach((b, i) => {
    if (!b.extendableVfptr) return;
    if (primaryBase < 0) {
      primaryBase = i;
      leadsWithZeroSizedBase = b.leadsWithZeroSizedBase;
    }
    baseOffsets[i] = layoutBase(b);
  });
  // Without virtual bases, a polymorphic base always has an extendable vfptr (and is then primary).
  const ownVptr = rec.polymorphic && !rec.bases.some((b) => b.polymorphic);
  let checkLeading = primaryBase < 0;
  rec.bases.forEach((b, i) => {
    if (b.extendableVfptr) return;
    if (checkLeading) {
      checkLeading = false;
      leadsWithZeroSizedBase = b.leadsWithZeroSizedBase;
    }
    baseOffsets[i] = layoutBase(b);
  });

  const offsets: number[] = [];
  for (const m of rec.members) {
    if (m.bitWidth !== undefined) {
      offsets.push(msvcBitfield(cur, m, isUnion, maxFieldAlign));
      continue;
    }
    cur.lastWasNonZeroBitfield = false;
    const fieldRequired = fieldRequiredAlign(m);
    if (m.classElement) endsWithZeroSizedObject = m.classElement.facts.endsWithZeroSizedObject;
    required = Math.max(required, fieldRequired);
    const align = elementAlign(m, fieldRequired, maxFieldAlign);
    cur.alignment = Math.max(cur.alignment, align);
    const offset = isUnion ? 0 : alignTo(cur.size, align);
    offsets.push(exact(offset * 8));
    cur.size = Math.max(cur.size, exact(offset + m.type.size));
  }

  let size = cur.size;
  let alignment = cur.alignment;
  if (ownVptr) {
    const shift = alignTo(target.pointer.size, Math.max(required, alignment));
    size = exact(size + shift);
    for (let i = 0; i < offsets.length; i++) offsets[i] = exact(offsets[i]! + shift * 8);
    for (let i = 0; i < baseOffsets.length; i++) baseOffsets[i] = baseOffsets[i]! + shift;
    alignment = Math.max(alignment, pointerAlign);
  }
  size = alignTo(size, maxFieldAlign ? Math.min(alignment, maxFieldAlign) : alignment);
  const nvsize = size;
  required = Math.max(required, rec.alignAs);
  if (required) {
    alignment = Math.max(alignment, required);
    let rounding = alignment;
    if (maxFieldAlign) rounding = Math.min(rounding, maxFieldAlign);
    rounding = Math.max(rounding, required);
    size = alignTo(size, rounding);
  }
  if (size === 0) {
    endsWithZeroSizedObject = true;
    leadsWithZeroSizedBase = true;
    // C++: an empty class has size 1, or its alignment when __declspec(align)/alignas applies.
    size = required >= 1 ? alignment : 1;
  }
  return {
    sizeBits: exact(size * 8), align: alignment, dsize: size, nvsize, nvalign: alignment, requiredAlign: required,
    offsets, baseOffsets, primaryBase, ownVptr, largestEmptySubobject: 0,
    extendableVfptr: ownVptr || primaryBase >= 0, endsWithZeroSizedObject, leadsWithZeroSizedBase,
  };
}
