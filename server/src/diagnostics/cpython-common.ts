// Shared by the cpython-* diagnostics: each is one code of the same analysis
// (server/src/cpython/), run once per file version and filtered here.
import { cpythonFindings, type FindingCode } from '../cpython/index.ts';
import { targetPython } from '../cpython/installed-python.ts';
import type { Diagnostic, DiagnosticContext, Severity } from './types.ts';

export function cpythonDiagnostics(ctx: DiagnosticContext, code: FindingCode, severity: Severity): Diagnostic[] {
  if (ctx.file.language !== 'c' || !ctx.file.tree) return [];
  return cpythonFindings(ctx.file, targetPython(ctx.config.python))
    .filter((f) => f.code === code)
    .map((f) => ({
      code, severity, message: f.message, start: f.start, end: f.end,
      related: f.path.map((p) => ({ start: p.start, end: p.end, message: p.message })),
      fixes: f.fixes.map((x) => ({ title: x.title, preferred: x.preferred, edits: x.edits })),
    }));
}
