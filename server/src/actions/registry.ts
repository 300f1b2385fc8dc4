// Every code action that is not a diagnostic's fix, sorted by id. Each runs
// guarded: one that throws is reported and skipped.
import { cppGenerateHandleApi } from './cpp-generate-handle-api.ts';
import { cppGenerateVtableApi } from './cpp-generate-vtable-api.ts';
import { cppMarkNoexcept } from './cpp-mark-noexcept.ts';
import { rustGenerateHandleApi } from './rust-generate-handle-api.ts';
import { rustLayoutAssertions } from './rust-layout-assertions.ts';
import type { Action, ActionContext, ActionDef } from './types.ts';
import { appendAll } from '../base/arrays.ts';

export type { Action, ActionContext, ActionDef };

export const ACTIONS: readonly ActionDef[] = [
  cppGenerateHandleApi,
  cppGenerateVtableApi,
  cppMarkNoexcept,
  rustGenerateHandleApi,
  rustLayoutAssertions,
];

export function collectActions(ctx: ActionContext, onError: (id: string, e: unknown) => void = () => {}): Action[] {
  const out: Action[] = [];
  for (const a of ACTIONS) {
    try {
      appendAll(out, a.run(ctx));
    } catch (e) {
      onError(a.id, e);
    }
  }
  return out;
}
