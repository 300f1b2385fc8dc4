// Every code action that is not a diagnostic's fix, sorted by id. Each runs
// guarded: one that throws is reported and skipped.
import { rustGenerateHandleApi } from './rust-generate-handle-api.ts';
import { rustLayoutAssertions } from './rust-layout-assertions.ts';
import type { Action, ActionContext, ActionDef } from './types.ts';

export type { Action, ActionContext, ActionDef };

export const ACTIONS: readonly ActionDef[] = [rustGenerateHandleApi, rustLayoutAssertions];

export function collectActions(ctx: ActionContext, onError: (id: string, e: unknown) => void = () => {}): Action[] {
  const out: Action[] = [];
  for (const a of ACTIONS) {
    try {
      out.push(...a.run(ctx));
    } catch (e) {
      onError(a.id, e);
    }
  }
  return out;
}
