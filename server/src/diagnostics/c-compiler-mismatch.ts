// Diagnostic: c-compiler-mismatch — with ffiLens.verifyWithCompiler on in a
// trusted workspace, clang was asked for this file's layouts and one of them
// differs from FFI Lens's: the message names the target and the first differing
// field. Nothing is reported until a verification of this very text finished.
import type { Diagnostic, DiagnosticDef } from './types.ts';

export const cCompilerMismatch: DiagnosticDef = {
  code: 'c-compiler-mismatch',
  summary: 'clang lays out a record differently from FFI Lens (compiler verification is on): the first differing field.',
  run(ctx) {
    const v = ctx.c?.verification;
    if (!v) return [];
    const out: Diagnostic[] = [];
    for (const t of v.targets.values()) {
      for (const m of t.mismatches) {
        const at = m.decl.nameSpan ?? m.decl.span;
        if (at.start < 0) continue;
        out.push({ code: 'c-compiler-mismatch', severity: 'warning', message: `\`${m.decl.kind} ${m.decl.name}\`: ${m.message}`, start: at.start, end: at.end, related: [], fixes: [] });
      }
    }
    return out.sort((a, b) => a.start - b.start);
  },
};
