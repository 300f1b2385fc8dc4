// Every record of a file laid out for every configured target, as plain JSON
// data for pictures and reports drawn elsewhere (the editor's layout view, its
// pahole-like report). Records are matched across targets by where they are
// written, so a record inside an `#if` that only some targets see is listed
// with just those targets.
import type { DeclTable, RecordDecl, TypeRef } from '../base/model.ts';
import { declarationToString, typeToString } from '../base/type-display.ts';
import { padding } from '../hover/padding.ts';
import { shortTargetName } from '../hover/render.ts';
import { isUnknown, type Target } from '../layout/types.ts';
import type { CFileAnalysis } from './c-file.ts';

/** Nested entries per record and target (direct members are always all there). */
const MAX_VIEW_FIELDS = 256;

export interface FieldView {
  /** Dotted path from the record: `a`, `inner.x`. */
  readonly path: string;
  /** The declaration as C writes it: `unsigned char version : 3`. */
  readonly declaration: string;
  /** The member's type alone: `unsigned char`. */
  readonly type: string;
  readonly offsetBits: number;
  readonly sizeBits: number;
  readonly bitfield: boolean;
  /** 0 for a direct member. */
  readonly depth: number;
  /** Offset or size differs from the first target's, or the member is missing there (on the first target: differs on some other). */
  readonly differs: boolean;
  /** The member is itself a struct or union (through typedefs): pictures draw its own members inside it. */
  readonly aggregate?: 'struct' | 'union';
  /** The member is an array of this many elements (the outermost dimension). */
  readonly arrayLength?: number;
}

export interface HoleView {
  readonly startBits: number;
  readonly endBits: number;
  readonly tail: boolean;
  /** Path of the member the hole follows. */
  readonly after?: string;
}

export interface TargetRecordView {
  readonly target: string;
  /** `x86-64`, `win64`, ... */
  readonly label: string;
  readonly endian: 'little' | 'big';
  /** The target's word (pointer size) in bytes: one row of the picture. */
  readonly wordBytes: number;
  readonly cachelineBytes: number;
  /** Absent when the layout is unknown (see `unknown`). */
  readonly size?: number;
  readonly align?: number;
  readonly unknown?: string;
  readonly fields: readonly FieldView[];
  readonly holes: readonly HoleView[];
  /** Size or alignment differs from the first target's (on the first: differs on some other target). */
  readonly differs: boolean;
  /** Nested entries not listed. */
  readonly truncated?: number;
}

export interface RecordView {
  /** `struct sample`, `packet_t (struct)`. */
  readonly title: string;
  readonly name: string;
  readonly kind: 'struct' | 'union';
  /** UTF-16 offsets of the definition and of its name (the name is where a code lens or a jump goes). */
  readonly start: number;
  readonly end: number;
  readonly nameStart: number;
  readonly line: number;
  /** Every configured target that sees this record, the primary one first when it does. */
  readonly targets: readonly TargetRecordView[];
}

/** What a member's type is once typedefs are looked through: a record kind, an array length. */
function shapeOf(type: TypeRef, table: DeclTable): Pick<FieldView, 'aggregate' | 'arrayLength'> {
  let t = type;
  for (let hops = 0; t.kind === 'typedef' && hops < 64; hops++) {
    const d = table.get(t.id);
    if (d.decl !== 'typedef') break;
    t = d.type;
  }
  if (t.kind === 'array' && t.length !== null && t.length <= BigInt(Number.MAX_SAFE_INTEGER)) return { arrayLength: Number(t.length) };
  if (t.kind === 'record') {
    const d = table.get(t.id);
    if (d.decl === 'record') return { aggregate: d.kind };
  }
  return {};
}

function titleOf(decl: RecordDecl): string {
  if (decl.name && decl.nameFromTypedef) return `${decl.name} (${decl.kind})`;
  return `${decl.kind} ${decl.name ?? '(anonymous)'}`;
}

/** Records of the file (anonymous member records left out: they are drawn inside their parent). */
export function recordViews(analysis: CFileAnalysis, targets: readonly Target[]): RecordView[] {
  const byStart = new Map<number, { decl: RecordDecl; targets: TargetRecordView[] }>();
  for (const target of targets) {
    const table = analysis.file(target).table;
    const engine = analysis.engine(target);
    for (const { decl } of analysis.records(target)) {
      if (decl.anonymousMember) continue;
      const layout = engine.record(decl.id, MAX_VIEW_FIELDS);
      const base = { target: target.triple, label: shortTargetName(target), endian: target.endian, wordBytes: target.pointer.size, cachelineBytes: target.cachelineBytes };
      const view: Omit<TargetRecordView, 'differs'> = isUnknown(layout)
        ? { ...base, unknown: layout.unknown, fields: [], holes: [] }
        : {
            ...base,
            size: layout.size,
            align: layout.align,
            fields: layout.fields.map((f) => {
              const name = f.path.split('.').pop() || '(unnamed)';
              return {
                path: f.path || '(unnamed)',
                declaration: declarationToString(f.type, name, table, f.bitfield ? f.sizeBits : undefined),
                type: typeToString(f.type, table),
                offsetBits: f.offsetBits,
                sizeBits: f.sizeBits,
                bitfield: f.bitfield,
                depth: f.depth,
                differs: false,
                ...(f.bitfield ? {} : shapeOf(f.type, table)),
              };
            }),
            holes: padding(layout, decl.kind).holes.map((h) => ({ startBits: h.startBits, endBits: h.endBits, tail: h.tail, ...(h.after !== undefined ? { after: h.after } : {}) })),
            ...(layout.truncatedFields ? { truncated: layout.truncatedFields } : {}),
          };
      let entry = byStart.get(decl.span.start);
      if (!entry) {
        entry = { decl, targets: [] };
        byStart.set(decl.span.start, entry);
      }
      entry.targets.push({ ...view, differs: false });
    }
  }
  return [...byStart.values()]
    .sort((a, b) => a.decl.span.start - b.decl.span.start)
    .map(({ decl, targets: views }) => ({
      title: titleOf(decl),
      name: decl.name ?? '(anonymous)',
      kind: decl.kind,
      start: decl.span.start,
      end: decl.span.end,
      nameStart: decl.nameSpan?.start ?? decl.span.start,
      line: decl.line,
      targets: markDifferences(views),
    }));
}

/** Marks what differs from the first target: size/alignment per target, offset/size per member. */
function markDifferences(views: readonly TargetRecordView[]): TargetRecordView[] {
  const first = views[0];
  if (!first) return [];
  const firstFields = new Map(first.fields.map((f) => [f.path, f]));
  const marked = views.map((v, i) => {
    if (i === 0) return v;
    return {
      ...v,
      differs: v.size !== first.size || v.align !== first.align || v.unknown !== first.unknown,
      fields: v.fields.map((f) => {
        const g = firstFields.get(f.path);
        return { ...f, differs: !g || g.offsetBits !== f.offsetBits || g.sizeBits !== f.sizeBits };
      }),
    };
  });
  // On the first target, a member is marked when any other target places it differently.
  const elsewhere = new Set(marked.slice(1).flatMap((v) => v.fields.filter((f) => f.differs).map((f) => f.path)));
  const missing = (path: string) => marked.slice(1).some((v) => v.unknown === undefined && !v.fields.some((f) => f.path === path));
  marked[0] = {
    ...first,
    differs: marked.slice(1).some((v) => v.differs),
    fields: first.fields.map((f) => ({ ...f, differs: elsewhere.has(f.path) || missing(f.path) })),
  };
  return marked;
}
