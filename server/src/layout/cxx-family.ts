// The C++ side of the family interface: what the C++ builders (cxx-itanium.ts,
// cxx-msvc.ts) know of a class they place as a base or a member (numbers only,
// memoised by the engine per class), and the Itanium empty-subobject map that
// keeps two empty subobjects of one type apart (clang's EmptySubobjectMap,
// without virtual bases, which the engine declines).
import type { MemberInput } from './family.ts';

/** A laid-out class as a base or member type sees it. Bytes throughout. */
export interface CxxClassFacts {
  /** Identity for "the same type" (the declaration id). */
  readonly id: number;
  readonly size: number;
  readonly align: number;
  /** Itanium dsize: where a derived class may start placing data (size for PODs). */
  readonly dsize: number;
  readonly nvsize: number;
  readonly nvalign: number;
  /** clang's isEmpty: no data (zero-width bit-fields aside), no virtual functions, only empty bases. */
  readonly empty: boolean;
  /** Declares or inherits a virtual function. */
  readonly polymorphic: boolean;
  /** A C++03 POD (Itanium never reuses its tail padding). */
  readonly pod: boolean;
  /** Itanium: the largest empty subobject (0 when none). */
  readonly largestEmptySubobject: number;
  /** Non-virtual bases at their offsets. */
  readonly bases: readonly { readonly facts: CxxClassFacts; readonly offset: number }[];
  /** Members of class type or array of class type at their offsets (`count` elements of `facts.size`). */
  readonly classMembers: readonly { readonly facts: CxxClassFacts; readonly offset: number; readonly count: number }[];
  /** MSVC: required alignment (from `alignas`/`__declspec(align)`), 0 elsewhere. */
  readonly requiredAlign: number;
  /** MSVC: has a vfptr a derived class can extend (its own or a primary base's). */
  readonly extendableVfptr: boolean;
  readonly endsWithZeroSizedObject: boolean;
  readonly leadsWithZeroSizedBase: boolean;
}

export interface CxxMemberInput extends MemberInput {
  /** The member's class type when it is one (not through an array). */
  readonly cls?: CxxClassFacts;
  /** The class at the base of the member's type (the class or an array of it) and the element count. */
  readonly classElement?: { readonly facts: CxxClassFacts; readonly count: number };
  readonly noUniqueAddress: boolean;
}

export interface CxxRecordInput {
  readonly kind: 'struct' | 'union';
  readonly packed: boolean;
  readonly alignAs: number;
  readonly maxFieldAlign: number;
  /** Non-virtual bases in declaration order. */
  readonly bases: readonly CxxClassFacts[];
  /** Declares or inherits a virtual function. */
  readonly polymorphic: boolean;
  /** clang's isEmpty for the class being laid out. */
  readonly empty: boolean;
  /** Itanium: a C++03 POD (its tail padding is never reused). */
  readonly pod: boolean;
  readonly members: readonly CxxMemberInput[];
}

export interface CxxRecordOutput {
  readonly sizeBits: number;
  /** Bytes from here on. */
  readonly align: number;
  readonly dsize: number;
  readonly nvsize: number;
  readonly nvalign: number;
  readonly requiredAlign: number;
  /** Bits, one per member. */
  readonly offsets: readonly number[];
  /** One per base, in declaration order. */
  readonly baseOffsets: readonly number[];
  /** Index into the bases of the primary base, -1 when none. */
  readonly primaryBase: number;
  /** The class has its own vtable pointer at offset 0. */
  readonly ownVptr: boolean;
  readonly largestEmptySubobject: number;
  readonly extendableVfptr: boolean;
  readonly endsWithZeroSizedObject: boolean;
  readonly leadsWithZeroSizedBase: boolean;
}

/** clang's EmptySubobjectMap for classes without virtual bases. */
export class EmptySubobjectMap {
  private readonly at = new Map<number, Set<number>>();
  private maxOffset = 0;
  readonly largest: number;

  constructor(bases: readonly CxxClassFacts[], members: readonly CxxMemberInput[]) {
    let largest = 0;
    for (const b of bases) largest = Math.max(largest, b.empty ? b.size : b.largestEmptySubobject);
    for (const m of members) {
      const c = m.classElement?.facts;
      if (c) largest = Math.max(largest, c.empty ? c.size : c.largestEmptySubobject);
    }
    this.largest = largest;
  }

  canPlaceBase(base: CxxClassFacts, offset: number): boolean {
    if (this.largest === 0) return true;
    if (!this.canPlaceClass(base, offset)) return false;
    this.updateClass(base, offset, base.empty);
    return true;
  }

  canPlaceField(m: CxxMemberInput, offset: number): boolean {
    if (!this.canPlaceMember(m, offset)) return false;
    this.updateMember(m, offset, m.noUniqueAddress);
    return true;
  }

  private canPlaceMember(m: CxxMemberInput, offset: number): boolean {
    const e = m.classElement;
    if (!e || m.bitWidth !== undefined) return true;
    for (let i = 0, at = offset; i < e.count; i++, at += e.facts.size) {
      if (at > this.maxOffset) return true;
      if (!this.canPlaceClass(e.facts, at)) return false;
    }
    return true;
  }

  /** The class and all its non-virtual subobjects, recursively (CanPlaceBaseSubobjectAtOffset / CanPlaceFieldSubobjectAtOffset). */
  private canPlaceClass(c: CxxClassFacts, offset: number): boolean {
    if (offset > this.maxOffset) return true;
    if (c.empty && this.at.get(offset)?.has(c.id)) return false;
    for (const b of c.bases) if (!this.canPlaceClass(b.facts, offset + b.offset)) return false;
    for (const f of c.classMembers) {
      for (let i = 0, at = offset + f.offset; i < f.count; i++, at += f.facts.size) {
        if (at > this.maxOffset) break;
        if (!this.canPlaceClass(f.facts, at)) return false;
      }
    }
    return true;
  }

  private updateMember(m: CxxMemberInput, offset: number, placingOverlapping: boolean): void {
    const e = m.classElement;
    if (!e) return;
    for (let i = 0, at = offset; i < e.count; i++, at += e.facts.size) {
      if (!placingOverlapping && at >= this.largest) return;
      this.updateClass(e.facts, at, placingOverlapping);
    }
  }

  private updateClass(c: CxxClassFacts, offset: number, placing: boolean): void {
    // Only empty subobjects below the largest empty subobject's size can ever conflict.
    if (!placing && offset >= this.largest) return;
    if (c.empty) {
      let set = this.at.get(offset);
      if (!set) this.at.set(offset, (set = new Set()));
      if (!set.has(c.id)) {
        set.add(c.id);
        this.maxOffset = Math.max(this.maxOffset, offset);
      }
    }
    for (const b of c.bases) this.updateClass(b.facts, offset + b.offset, placing);
    for (const f of c.classMembers) {
      for (let i = 0, at = offset + f.offset; i < f.count; i++, at += f.facts.size) {
        if (!placing && at >= this.largest) break;
        this.updateClass(f.facts, at, placing);
      }
    }
  }
}
