// Whether the compiler takes one branch of an `#if`/`#ifdef`/`#ifndef`/`#elif` chain, as
// read from the tree of the file as written. Shared by the C and C++ front ends.
import type { Node } from 'web-tree-sitter';
import { evaluate, isConstant, type EvalEnv } from './const-eval.ts';

export interface BranchContext {
  isDefined(name: string): boolean;
  /** Asked only for `#if`/`#elif` conditions. */
  env(): EvalEnv;
  /** A condition that could not be evaluated: its branch is skipped, and the user told why. */
  skipped(at: Node, message: string): void;
}

export function isBranchTaken(node: Node, ctx: BranchContext): boolean {
  if (node.type === 'preproc_ifdef' || node.type === 'preproc_elifdef') {
    const name = node.childForFieldName('name')?.text ?? '';
    const negated = /^#\s*(el)?ifndef/.test(node.child(0)?.text ?? '');
    return ctx.isDefined(name) !== negated;
  }
  const cond = node.childForFieldName('condition');
  const r = cond ? evaluate(cond, ctx.env()) : { notConstant: 'no condition' };
  if (!isConstant(r)) {
    ctx.skipped(cond ?? node, `#if condition not evaluated: ${r.notConstant}; its branch is skipped`);
    return false;
  }
  return r.value !== 0n;
}
