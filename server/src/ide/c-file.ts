// The analysis of one C file: lowered once per target when the file depends on
// the target (sizeof, target macros), once for all targets when it does not,
// and laid out on demand. Everything here is cached on the immutable snapshot.
import type { Tree } from 'web-tree-sitter';
import type { DeclTable, RecordDecl, TypeRef } from '../base/model.ts';
import { LayoutEngine } from '../layout/engine.ts';
import type { LayoutAnswer, Target } from '../layout/types.ts';
import { isUnknown } from '../layout/types.ts';
import { lowerC, type CFile, type ExpressionParser, type TargetFacts } from '../lower/c/lower.ts';
import { lowerCpp } from '../lower/cpp/lower.ts';
import { PREDEFINED_MACROS } from '../lower/c/predefined.ts';
import type { CSyntaxNote } from '../syntax/c-normalize.ts';
import type { Prelude } from './prelude.ts';
import type { PreprocessProblem } from '../preproc/preprocess.ts';

/** Preprocessing problems with the files they name (index 0 is the file itself). */
export interface PreprocessView {
  readonly problems: readonly PreprocessProblem[];
  readonly files: readonly string[];
  readonly texts: readonly string[];
}

const NO_PROBLEMS: PreprocessView = { problems: [], files: [], texts: [] };

export function targetFacts(target: Target): TargetFacts {
  return {
    triple: target.triple,
    scalarBits: (kind) => target.scalars[kind].size * 8,
    sizeAlign: (type: TypeRef, table: DeclTable) => {
      // A fresh engine each time: the table is still growing while lowering asks.
      const r = new LayoutEngine(table, target).typeInfo(type);
      return isUnknown(r) ? r : { size: r.size, align: r.align };
    },
    offsetOf: (type, member, table) => {
      let t = type;
      for (let i = 0; i < 1000 && t.kind === 'typedef'; i++) {
        const d = table.get(t.id);
        if (d.decl !== 'typedef') break;
        t = d.type;
      }
      if (t.kind !== 'record') return { unknown: `offsetof needs a struct or union type` };
      // One path walked directly: no listing, so no listing limit either.
      const field = new LayoutEngine(table, target).member(t.id, member);
      if (field === undefined) return { unknown: `no member \`${member}\`` };
      if ('unknown' in field) return field;
      if (field.bitfield) return { unknown: `offsetof a bit-field \`${member}\`` };
      return field.offsetBits / 8;
    },
    predefined: new Map(PREDEFINED_MACROS[target.triple] ?? []),
  };
}

export interface RecordWithLayout {
  readonly decl: RecordDecl;
  readonly layout: LayoutAnswer;
}

/** What clang said about this snapshot's records (ide/verification.ts), per target triple. */
export interface CompilerVerification {
  readonly clang: string;
  readonly targets: ReadonlyMap<string, {
    readonly verified: ReadonlySet<string>;
    readonly mismatches: ReadonlyArray<{ readonly decl: RecordDecl; readonly message: string }>;
    readonly problem?: string;
  }>;
}

export class CFileAnalysis {
  /** Set when a compiler verification of this very snapshot finished. */
  verification: CompilerVerification | undefined;

  private readonly lowered = new Map<string, CFile>();
  private shared: CFile | undefined;
  private readonly engines = new Map<string, LayoutEngine>();
  private readonly recordLists = new Map<string, readonly RecordWithLayout[]>();

  constructor(
    readonly tree: Tree,
    private readonly parseExpression: ExpressionParser,
    private readonly notes: ReadonlyMap<number, CSyntaxNote> = new Map(),
    /** C++ files (a tree-sitter-cpp tree) go through lower/cpp. */
    readonly language: 'c' | 'cpp' = 'c',
    /** What the file's #includes declare, per target (absent: the file has none, or includes are not followed). */
    readonly prelude?: (target: Target) => Prelude | undefined,
    /** Problems of preprocessing the file's directives (and its headers'), for the primary target. */
    readonly preprocessProblems: (target: Target) => PreprocessView = () => NO_PROBLEMS,
    /** The file as one preprocessed unit in its own offsets, when it uses macros its includes define (else undefined). */
    private readonly fullUnit?: (target: Target) => CFile | undefined,
  ) {}

  /** The declarations as `target`'s compiler sees them; those from #includes come first, with span.start -1. */
  file(target: Target): CFile {
    if (this.shared) return this.shared;
    let f = this.lowered.get(target.triple);
    if (!f) {
      // Headers depend on the target's macros, so a file with includes is lowered per target.
      // C++ files take lower/cpp, seeded the same way from headers preprocessed as C++.
      const prelude = this.prelude?.(target);
      f = this.fullUnit?.(target) ?? (this.language === 'cpp'
        ? lowerCpp(this.tree, targetFacts(target), this.notes, prelude?.seed)
        : lowerC(this.tree, targetFacts(target), this.parseExpression, this.notes, prelude?.seed));
      this.lowered.set(target.triple, f);
      if (!f.targetDependent && !prelude) this.shared = f;
    }
    return f;
  }

  /**
   * Whether `target`'s declarations are read already. Only a file with includes reads anything
   * per target worth waiting for (its headers, preprocessed for that target); others are cheap.
   */
  isRead(target: Target): boolean {
    return !this.prelude || this.shared !== undefined || this.lowered.has(target.triple);
  }

  engine(target: Target): LayoutEngine {
    let e = this.engines.get(target.triple);
    if (!e) {
      e = new LayoutEngine(this.file(target).table, target);
      this.engines.set(target.triple, e);
    }
    return e;
  }

  /** Every defined record of the file, in source order (made once per target: diagnostics and the layout view both ask). */
  records(target: Target): readonly RecordWithLayout[] {
    let list = this.recordLists.get(target.triple);
    if (list) return list;
    const file = this.file(target);
    const engine = this.engine(target);
    const defined: RecordDecl[] = [];
    let sorted = true;
    for (const d of file.table.decls) {
      // Records of included headers (span.start -1) are not this file's.
      if (d.decl !== 'record' || d.fields === null || d.span.start < 0) continue;
      if (defined.length && defined[defined.length - 1]!.span.start > d.span.start) sorted = false;
      defined.push(d);
    }
    // Declarations are mostly in source order already; only completed forward declarations are not.
    if (!sorted) defined.sort((a, b) => a.span.start - b.span.start);
    list = defined.map((decl) => ({ decl, layout: engine.record(decl.id) }));
    this.recordLists.set(target.triple, list);
    return list;
  }
}
