// Diagnostic: cpp-throwing-c-callback — C++ code that can throw passed as a
// function-pointer argument to C: the C library's callback takers (qsort,
// bsearch, atexit, pthread_create, signal, ...) or any function with C linkage
// declared in the file whose parameter is a function pointer (cpp/c-callbacks.ts).
// The callback is a function of the file, or a capture-less lambda (written in
// place, `+[]`, or through the local variable holding it, including one
// converted to a function pointer). When the callback throws, the exception
// unwinds through C frames: undefined behaviour.
// Fix, for a named function only (not preferred: it may have other callers):
// wrap the callback's body in try/catch. A lambda gets no fix.
import { lambdaArgument, callbackTakers, takerName } from '../cpp/c-callbacks.ts';
import { UNKNOWN_TYPE } from '../cpp/std-library.ts';
import { namedChildren } from '../cpp/syntax.ts';
import { cppThrowAnalysis, type Escape } from '../cpp/throw-analysis.ts';
import { wrapBodyInTryCatch } from '../cpp/wrap-try-catch.ts';
import type { Diagnostic, DiagnosticDef, Fix } from './types.ts';

function typesOf(escapes: readonly Escape[]): string {
  return escapes.map((e) => (e.type === UNKNOWN_TYPE ? 'an exception of unknown type' : e.type)).slice(0, 3).join(', ');
}

export const cppThrowingCCallback: DiagnosticDef = {
  code: 'cpp-throwing-c-callback',
  summary: 'A C++ function or lambda that can throw is passed to C as a callback.',
  run(ctx) {
    if (ctx.file.language !== 'cpp' || !ctx.file.tree) return [];
    const analysis = cppThrowAnalysis(ctx.file.tree, ctx.file.text, ctx.cppHeaderCNames, ctx.cppOtherFiles);
    const model = analysis.model;
    const takers = callbackTakers(model);
    const out: Diagnostic[] = [];
    // A call's callee is text of the file: a file naming no callback taker has nothing to report.
    if (![...takers.keys()].some((name) => ctx.file.text.includes(name))) return out;
    for (const cb of analysis.callbackLambdas()) {
      if (!cb.escapes.length) continue;
      out.push({
        code: 'cpp-throwing-c-callback', severity: 'warning',
        message: `a lambda that can throw ${typesOf(cb.escapes)} is passed to \`${cb.taker}\` as a C callback: an exception unwinding through C frames is undefined behaviour`,
        start: cb.argument.start, end: cb.argument.end,
        related: [{ start: cb.lambda.start, end: Math.min(cb.lambda.end, cb.lambda.start + 1), message: 'the lambda' }, ...cb.escapes[0]!.path],
        fixes: [],
      });
    }
    for (const n of model.root.descendantsOfType('call_expression')) {
      if (!n) continue;
      const callee = n.childForFieldName('function');
      const name = callee ? takerName(callee) : '';
      const positions = takers.get(name);
      const args = n.childForFieldName('arguments');
      if (!positions || !args) continue;
      const list = namedChildren(args);
      for (const i of positions) {
        const arg = list[i];
        if (!arg || lambdaArgument(arg)) continue;
        const nameNode = arg.type === 'pointer_expression' ? namedChildren(arg)[0] : arg;
        if (!nameNode || (nameNode.type !== 'identifier' && nameNode.type !== 'qualified_identifier')) continue;
        const simple = nameNode.text.split('::').pop()!;
        const scope = nameNode.type === 'qualified_identifier' ? nameNode.text.split('::').slice(-2, -1)[0] : undefined;
        // A local variable holding a lambda is reported above; a function of the file here.
        if (analysis.callbackLambdas().some((c) => c.argument.start === arg.startIndex)) continue;
        const fn = analysis.definitionsNamed(simple).find((f) => (!scope || f.owner === scope) && analysis.callCanThrow(f));
        if (!fn) continue;
        const escapes = analysis.escapes(fn);
        const edits = wrapBodyInTryCatch(fn, model);
        const fixes: Fix[] = edits ? [{ title: `Catch every exception in \`${simple}\``, edits, preferred: false }] : [];
        out.push({
          code: 'cpp-throwing-c-callback', severity: 'warning',
          message: `\`${simple}\` can throw ${typesOf(escapes)} and is passed to \`${name}\` as a C callback: an exception unwinding through C frames is undefined behaviour`,
          start: arg.startIndex, end: arg.endIndex,
          related: [{ start: fn.name.node.startIndex, end: fn.name.node.endIndex, message: `\`${simple}\` is defined here` }, ...escapes[0]!.path],
          fixes,
        });
      }
    }
    return out.sort((a, b) => a.start - b.start);
  },
};
