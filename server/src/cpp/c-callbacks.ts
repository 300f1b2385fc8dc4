// Where C code calls C++ back: the C library's callback takers (qsort, bsearch,
// atexit, pthread_create, signal, ...) and the file's own C-linkage functions
// with a function-pointer parameter (a C API's callback registration), each
// with the argument positions of its callbacks. Read by the throw analysis (a
// lambda handed to C is not called here: it is checked as a callback) and by
// cpp-throwing-c-callback.
import type { Node } from 'web-tree-sitter';
import type { CppFileModel } from './file-model.ts';
import { namedChildren } from './syntax.ts';

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

const takersOf = new WeakMap<CppFileModel, ReadonlyMap<string, readonly number[]>>();

/** Callback takers by name (as called, without `::`/`std::`), with their callback argument positions. */
export function callbackTakers(model: CppFileModel): ReadonlyMap<string, readonly number[]> {
  const cached = takersOf.get(model);
  if (cached) return cached;
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
  const takers = new Map(C_CALLBACK_TAKERS);
  for (const f of [...model.cDeclarations, ...model.functions.filter((x) => x.cLinkage)]) {
    const params = f.declarator.childForFieldName('parameters');
    const positions = (params ? namedChildren(params) : []).flatMap((p, i) => (isFunctionPointerParam(p, fnPointerTypedefs) ? [i] : []));
    if (positions.length) takers.set(f.name.simple, positions);
  }
  takersOf.set(model, takers);
  return takers;
}

/** Names of C functions whose `std::` namesake is C++ (and propagates exceptions): `std::call_once` is not C11's `call_once`. */
const CXX_WHEN_STD = new Set(['call_once']);

/** The name a call's callee is looked up by among the takers: `std::qsort` and `::qsort` are `qsort`; empty for a C++ namesake. */
export function takerName(callee: Node): string {
  const text = callee.text;
  const name = text.replace(/^(::|std::)/, '');
  return text.startsWith('std::') && CXX_WHEN_STD.has(name) ? '' : name;
}

/** The lambda an argument is, written in place (`[](...) {...}` or `+[](...) {...}`); undefined otherwise. */
export function lambdaArgument(arg: Node): Node | undefined {
  if (arg.type === 'lambda_expression') return arg;
  if (arg.type === 'unary_expression' && arg.childForFieldName('operator')?.text === '+') {
    const operand = arg.childForFieldName('argument');
    return operand?.type === 'lambda_expression' ? operand : undefined;
  }
  return undefined;
}
