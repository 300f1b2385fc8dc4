// Whether C may use a C++ class: standard-layout (C may look inside it: its
// members sit where a C struct's would) and trivially copyable (C may receive
// and copy it by value: copying the bytes is copying the object). Decided from
// the declarations alone, as [class.prop] says, with the reason when not.
import type { DeclTable, Field, RecordDecl, TypeRef } from '../base/model.ts';

export interface CxxTraits {
  readonly standardLayout: boolean;
  /** Why not, when not. */
  readonly notStandardLayout?: string;
  readonly triviallyCopyable: boolean;
  readonly notTriviallyCopyable?: string;
}

function classOf(t: TypeRef, table: DeclTable): RecordDecl | undefined {
  let cur: TypeRef = t;
  for (let i = 0; i < 1000; i++) {
    if (cur.kind === 'typedef') {
      const d = table.get(cur.id);
      if (d.decl !== 'typedef') return undefined;
      cur = d.type;
    } else if (cur.kind === 'array') {
      cur = cur.element;
    } else if (cur.kind === 'record') {
      const d = table.get(cur.id);
      return d.decl === 'record' ? d : undefined;
    } else {
      return undefined;
    }
  }
  return undefined;
}

function name(d: RecordDecl): string {
  return d.name ?? 'an anonymous class';
}

/** The non-static data members of `d` that take part (unnamed bit-fields do not). */
function dataMembers(d: RecordDecl): readonly Field[] {
  return (d.fields ?? []).filter((f) => f.name !== undefined || f.bitWidth === undefined);
}

export class CxxTraitsOracle {
  private readonly memo = new Map<number, CxxTraits>();
  private readonly busy = new Set<number>();

  constructor(private readonly table: DeclTable) {}

  /** Undefined for a C record (no C++ facts). */
  traits(d: RecordDecl): CxxTraits | undefined {
    if (!d.cxx) return undefined;
    const memo = this.memo.get(d.id);
    if (memo) return memo;
    if (this.busy.has(d.id)) return { standardLayout: false, notStandardLayout: 'it contains itself', triviallyCopyable: false, notTriviallyCopyable: 'it contains itself' };
    this.busy.add(d.id);
    try {
      const t = { ...this.standardLayout(d), ...this.triviallyCopyable(d) };
      this.memo.set(d.id, t);
      return t;
    } finally {
      this.busy.delete(d.id);
    }
  }

  private bases(d: RecordDecl): RecordDecl[] {
    return (d.cxx?.bases ?? []).flatMap((b) => {
      const c = classOf(b.type, this.table);
      return c ? [c] : [];
    });
  }

  private polymorphic(d: RecordDecl, depth = 0): boolean {
    if (depth > 100) return false;
    return d.cxx?.declaresVirtual === true || this.bases(d).some((b) => this.polymorphic(b, depth + 1));
  }

  private standardLayout(d: RecordDecl): Pick<CxxTraits, 'standardLayout' | 'notStandardLayout'> {
    const no = (why: string): Pick<CxxTraits, 'standardLayout' | 'notStandardLayout'> => ({ standardLayout: false, notStandardLayout: why });
    const cxx = d.cxx!;
    if (cxx.bases.some((b) => b.virtual)) return no('it has a virtual base');
    if (this.polymorphic(d)) return no('it has virtual functions (a vtable pointer C does not know about)');
    const members = dataMembers(d);
    const accesses = new Set(members.map((f) => f.access ?? 'public'));
    if (accesses.size > 1) return no('its data members have different access control');
    for (const f of members) {
      if (f.reference) return no(`member \`${f.name ?? '(unnamed)'}\` is a reference`);
      const c = classOf(f.type, this.table);
      const t = c ? this.traits(c) : undefined;
      if (c && t && !t.standardLayout) return no(`member \`${f.name ?? '(unnamed)'}\` is of non-standard-layout \`${name(c)}\``);
    }
    // Every base subobject, recursively: standard-layout, distinct types, data in one class only.
    const seen = new Set<number>();
    // Bit-fields count here even when unnamed (clang: "data members and bit-fields").
    const declaresFields = (r: RecordDecl): boolean => (r.fields ?? []).length > 0;
    const withData: RecordDecl[] = declaresFields(d) ? [d] : [];
    const stack = this.bases(d);
    for (let i = 0; stack.length > 0 && i < 10_000; i++) {
      const b = stack.pop()!;
      const t = this.traits(b);
      if (t && !t.standardLayout) return no(`its base \`${name(b)}\` is not standard-layout`);
      if (seen.has(b.id)) return no(`it has two base subobjects of type \`${name(b)}\``);
      seen.add(b.id);
      if (declaresFields(b)) withData.push(b);
      stack.push(...this.bases(b));
    }
    if (withData.length > 1) return no(`data members are declared in more than one class of its hierarchy (\`${name(withData[0]!)}\`, \`${name(withData[1]!)}\`)`);
    const first = members[0];
    const firstClass = first ? classOf(first.type, this.table) : undefined;
    if (firstClass && seen.has(firstClass.id)) return no(`its first member has the type of a base (\`${name(firstClass)}\`)`);
    return { standardLayout: true };
  }

  private triviallyCopyable(d: RecordDecl): Pick<CxxTraits, 'triviallyCopyable' | 'notTriviallyCopyable'> {
    const no = (why: string): Pick<CxxTraits, 'triviallyCopyable' | 'notTriviallyCopyable'> => ({ triviallyCopyable: false, notTriviallyCopyable: why });
    const cxx = d.cxx!;
    if (cxx.bases.some((b) => b.virtual)) return no('it has a virtual base');
    if (this.polymorphic(d)) return no('it has virtual functions');
    if (cxx.nonTrivialCopy) return no('it declares its own copy/move operation or destructor');
    for (const b of this.bases(d)) {
      const t = this.traits(b);
      if (t && !t.triviallyCopyable) return no(`its base \`${name(b)}\` is not trivially copyable`);
    }
    for (const f of dataMembers(d)) {
      const c = classOf(f.type, this.table);
      const t = c ? this.traits(c) : undefined;
      if (c && t && !t.triviallyCopyable) return no(`member \`${f.name ?? '(unnamed)'}\` of \`${name(c)}\` is not trivially copyable`);
    }
    return { triviallyCopyable: true };
  }
}
