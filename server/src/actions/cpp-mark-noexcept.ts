// Action: cpp-mark-noexcept — with the cursor in a function with C language
// linkage that provably cannot throw (no throw, no throwing library
// operation, and every call goes to a C function, a noexcept function or a
// function of the file that provably cannot throw), add `noexcept` to its
// definition and to its declarations in the file (they must agree).
// `extern "C" int add(int a, int b) { return a + b; }` -> `... add(int a, int b) noexcept { ... }`
import { cppThrowAnalysis } from '../cpp/throw-analysis.ts';
import type { Action, ActionDef } from './types.ts';

export const cppMarkNoexcept: ActionDef = {
  id: 'cpp-mark-noexcept',
  summary: 'Mark a C-linkage function noexcept when it provably cannot throw.',
  run(ctx): Action[] {
    if (ctx.file.language !== 'cpp' || !ctx.file.tree) return [];
    const analysis = cppThrowAnalysis(ctx.file.tree, ctx.file.text);
    const fn = analysis.model.functions.find((f) => f.body && f.cLinkage && f.node.startIndex <= ctx.start && ctx.end <= f.node.endIndex);
    if (!fn || fn.noexcept || !analysis.provablyNoThrow(fn)) return [];
    const declarators = [fn.declarator, ...analysis.model.cDeclarations.filter((d) => d.name.simple === fn.name.simple && !d.owner).map((d) => d.declarator)];
    const edits = declarators.flatMap((d) => {
      const params = d.childForFieldName('parameters');
      return params ? [{ start: params.endIndex, end: params.endIndex, text: ' noexcept' }] : [];
    });
    return [{ id: 'cpp-mark-noexcept', title: `Mark \`${fn.name.simple}\` noexcept (it cannot throw)`, kind: 'refactor.rewrite', edits }];
  },
};
