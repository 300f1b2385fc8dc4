// Diagnostic: cpp-exception-escapes-c — a function with C language linkage
// (`extern "C"` on it, in an `extern "C" { }` block, or declared so earlier in
// the file) whose body can let a C++ exception out: a `throw`, a throwing
// standard-library operation, or a call to a function of the file or of
// another file of the workspace (ctx.cppOtherFiles) that can throw, not
// stopped by `catch (...)` or catches of every thrown type.
// Unwinding into C frames is undefined behaviour (in practice: a crash or
// std::terminate). Related information walks the call path to the throw.
// Preferred fix: wrap the body in try/catch, record the message, return an
// error value suited to the return type.
import { cppThrowAnalysis } from '../cpp/throw-analysis.ts';
import { UNKNOWN_TYPE } from '../cpp/std-library.ts';
import { wrapBodyInTryCatch } from '../cpp/wrap-try-catch.ts';
import type { Diagnostic, DiagnosticDef, Fix } from './types.ts';

export const cppExceptionEscapesC: DiagnosticDef = {
  code: 'cpp-exception-escapes-c',
  summary: 'A C++ exception can escape a function with C linkage (undefined behaviour in the C caller).',
  run(ctx) {
    if (ctx.file.language !== 'cpp' || !ctx.file.tree) return [];
    const analysis = cppThrowAnalysis(ctx.file.tree, ctx.file.text, ctx.cppHeaderCNames, ctx.cppOtherFiles);
    const out: Diagnostic[] = [];
    for (const fn of analysis.model.functions) {
      if (!fn.cLinkage || !fn.body || fn.noexcept) continue;
      const escapes = analysis.escapes(fn);
      if (!escapes.length) continue;
      const name = fn.name.simple;
      const types = escapes.map((e) => (e.type === UNKNOWN_TYPE ? 'an exception of unknown type' : e.type));
      const shown = types.length > 3 ? `${types.slice(0, 3).join(', ')} and ${types.length - 3} more` : types.join(', ');
      const edits = wrapBodyInTryCatch(fn, analysis.model);
      const fixes: Fix[] = edits ? [{ title: `Catch every exception in \`${name}\` and return an error`, edits, preferred: true }] : [];
      out.push({
        code: 'cpp-exception-escapes-c', severity: 'warning',
        message: `\`${name}\` has C linkage but can throw ${shown}; an exception that unwinds into C is undefined behaviour`,
        start: fn.name.node.startIndex, end: fn.name.node.endIndex,
        related: escapes[0]!.path,
        fixes,
      });
    }
    return out;
  },
};
