// Diagnostic: cpp-noexcept-throws — a `noexcept` function (or a destructor,
// implicitly noexcept) whose body can throw: the exception does not reach the
// caller, std::terminate ends the process. Same analysis as
// cpp-exception-escapes-c; related information walks the path to the throw.
// Fix: wrap the body in try/catch (as for cpp-exception-escapes-c).
import { cppThrowAnalysis } from '../cpp/throw-analysis.ts';
import { UNKNOWN_TYPE } from '../cpp/std-library.ts';
import { wrapBodyInTryCatch } from '../cpp/wrap-try-catch.ts';
import type { Diagnostic, DiagnosticDef, Fix } from './types.ts';

export const cppNoexceptThrows: DiagnosticDef = {
  code: 'cpp-noexcept-throws',
  summary: 'A noexcept function (or destructor) can throw: std::terminate is called.',
  run(ctx) {
    if (ctx.file.language !== 'cpp' || !ctx.file.tree) return [];
    const analysis = cppThrowAnalysis(ctx.file.tree, ctx.file.text, ctx.cppHeaderCNames, ctx.cppOtherFiles);
    const out: Diagnostic[] = [];
    for (const fn of analysis.model.functions) {
      if (!fn.noexcept || !fn.body) continue;
      const escapes = analysis.escapes(fn);
      if (!escapes.length) continue;
      const name = fn.owner && !fn.isDestructor ? `${fn.owner}::${fn.name.simple}` : fn.name.simple;
      const first = escapes[0]!;
      const what = first.type === UNKNOWN_TYPE ? 'an exception of unknown type' : first.type;
      const why = fn.writtenNoexcept ? 'is noexcept' : 'is a destructor (implicitly noexcept)';
      const edits = wrapBodyInTryCatch(fn, analysis.model);
      const fixes: Fix[] = edits ? [{ title: `Catch every exception in \`${name}\``, edits, preferred: false }] : [];
      out.push({
        code: 'cpp-noexcept-throws', severity: 'warning',
        message: `\`${name}\` ${why} but can throw ${what}${escapes.length > 1 ? ` (and ${escapes.length - 1} more)` : ''}: std::terminate would end the program`,
        start: fn.name.node.startIndex, end: fn.name.node.endIndex,
        related: first.path,
        fixes,
      });
    }
    return out;
  },
};
