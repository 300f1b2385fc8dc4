// Diagnostic: c-layout-unknown — a record FFI Lens cannot lay out, with the reason
// (an incomplete member type, a size behind a macro it cannot evaluate, a type
// from an unread header, an object too large for the target). Information only:
// the compiler may know what we do not, so this is never an error.
import { isUnknown } from '../layout/types.ts';
import type { Diagnostic, DiagnosticDef } from './types.ts';

export const cLayoutUnknown: DiagnosticDef = {
  code: 'c-layout-unknown',
  summary: 'A record whose layout FFI Lens cannot determine, and why.',
  run(ctx) {
    const target = ctx.targets[0];
    if (!ctx.c || !target) return [];
    const out: Diagnostic[] = [];
    for (const { decl, layout } of ctx.c.records(target)) {
      if (!isUnknown(layout) || decl.anonymousMember) continue;
      const at = decl.nameSpan ?? { start: decl.span.start, end: decl.span.start + decl.kind.length };
      out.push({
        code: 'c-layout-unknown', severity: 'information',
        message: `Layout of \`${decl.kind} ${decl.name ?? '(anonymous)'}\` is unknown on ${target.triple}: ${layout.unknown}`,
        start: at.start, end: at.end, related: [], fixes: [],
      });
    }
    return out;
  },
};
