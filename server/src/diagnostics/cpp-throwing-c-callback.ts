// Diagnostic: cpp-throwing-c-callback — a C++ function that can throw passed as
// a function-pointer argument to C: the C library's callback takers (qsort,
// bsearch, atexit, pthread_create, signal, ...) or any function with C linkage
// declared in the file whose parameter is a function pointer. When the
// callback throws, the exception unwinds through C frames: undefined behaviour.
// Fix (not preferred: the callback may have other callers): wrap the
// callback's body in try/catch.
import type { Node } from 'web-tree-sitter';
import { UNKNOWN_TYPE } from '../cpp/std-library.ts';
import { namedChildren } from '../cpp/syntax.ts';
import { cppThrowAnalysis } from '../cpp/throw-analysis.ts';
import { wrapBodyInTryCatch } from '../cpp/wrap-try-catch.ts';
import type { Diagnostic, DiagnosticDef, Fix } from './types.ts';

/** C library functions that call back, with the argument positions of their callbacks. */
const C_CALLBACK_TAKERS: ReadonlyMap<string, readonly number[]> = new Map([
  ['qsort', [3]], ['qsort_r', [3]], ['bsearch', [4]], ['lfind', [4]], ['lsearch', [4]], ['tsearch', [2]], ['tfind', [2]], ['tdelete', [2]],
  ['twalk', [1]], ['atexit', [0]], ['at_quick_exit', [0]], ['on_exit', [0]], ['pthread_create', [2]], ['pthread_once', [1]],
  ['pthread_atfork', [0, 1, 2]], ['pthread_key_create', [1]], ['thrd_create', [1]], ['call_once', [1]], ['signal', [1]], ['sigset', [1]],
  ['ftw', [1]], ['nftw', [1]], ['scandir', [2, 3]], ['glob', [2]],
]);

function isFunctionPointerParam(p: Node, fnPointerTypedefs: ReadonlySet<string>): boolean {
  const d = p.childForFieldName('declarator');
  if (d && (d.type.includes('function_declarator') || d.descendantsOfType(['function_declarator', 'abstract_function_declarator']).length)) return true;
  const t = p.childForFieldName('type')?.text ?? '';
  return fnPointerTypedefs.has(t);
}

export const cppThrowingCCallback: DiagnosticDef = {
  code: 'cpp-throwing-c-callback',
  summary: 'A C++ function that can throw is passed to C as a callback.',
  run(ctx) {
    if (ctx.file.language !== 'cpp' || !ctx.file.tree) return [];
    const analysis = cppThrowAnalysis(ctx.file.tree, ctx.file.text, ctx.cppHeaderCNames, ctx.cppOtherFiles);
    const model = analysis.model;
    const fnPointerTypedefs = new Set<string>();
    // Typedefs outside function definitions, in source order (from the file's node index, not a walk).
    let skipEnd = -1;
    for (const { node: n, type } of model.nodes.nodes) {
      if ((type !== 'type_definition' && type !== 'function_definition') || n.startIndex < skipEnd) continue;
      skipEnd = n.endIndex;
      if (type !== 'type_definition') continue;
      for (const d of n.childrenForFieldName('declarator')) {
        if (d && d.descendantsOfType('function_declarator').length) {
          const id = d.descendantsOfType('type_identifier')[0];
          if (id) fnPointerTypedefs.add(id.text);
        }
      }
    }
    // Callback positions of the file's own C-linkage functions.
    const takers = new Map(C_CALLBACK_TAKERS);
    for (const f of [...model.cDeclarations, ...model.functions.filter((x) => x.cLinkage)]) {
      const params = f.declarator.childForFieldName('parameters');
      const positions = (params ? namedChildren(params) : []).flatMap((p, i) => (isFunctionPointerParam(p, fnPointerTypedefs) ? [i] : []));
      if (positions.length) takers.set(f.name.simple, positions);
    }
    const out: Diagnostic[] = [];
    // A call's callee is text of the file: a file naming no callback taker has nothing to report.
    if (![...takers.keys()].some((name) => ctx.file.text.includes(name))) return out;
    for (const { node: n, type } of model.nodes.nodes) {
      if (type !== 'call_expression') continue;
      const callee = n.childForFieldName('function');
      const takerName = callee?.text.replace(/^(::|std::)/, '') ?? '';
      const positions = takers.get(takerName);
      const args = n.childForFieldName('arguments');
      if (!positions || !args) continue;
      const list = namedChildren(args);
      for (const i of positions) {
        const arg = list[i];
        if (!arg) continue;
        const nameNode = arg.type === 'pointer_expression' ? namedChildren(arg)[0] : arg;
        if (!nameNode || (nameNode.type !== 'identifier' && nameNode.type !== 'qualified_identifier')) continue;
        const simple = nameNode.text.split('::').pop()!;
        const scope = nameNode.type === 'qualified_identifier' ? nameNode.text.split('::').slice(-2, -1)[0] : undefined;
        const fn = analysis.definitionsNamed(simple).find((f) => (!scope || f.owner === scope) && analysis.callCanThrow(f));
        if (!fn) continue;
        const escapes = analysis.escapes(fn);
        const types = escapes.map((e) => (e.type === UNKNOWN_TYPE ? 'an exception of unknown type' : e.type));
        const edits = wrapBodyInTryCatch(fn, model);
        const fixes: Fix[] = edits ? [{ title: `Catch every exception in \`${simple}\``, edits, preferred: false }] : [];
        out.push({
          code: 'cpp-throwing-c-callback', severity: 'warning',
          message: `\`${simple}\` can throw ${types.slice(0, 3).join(', ')} and is passed to \`${takerName}\` as a C callback: an exception unwinding through C frames is undefined behaviour`,
          start: arg.startIndex, end: arg.endIndex,
          related: [{ start: fn.name.node.startIndex, end: fn.name.node.endIndex, message: `\`${simple}\` is defined here` },
            ...escapes[0]!.path],
          fixes,
        });
      }
    }
    return out;
  },
};
