// Inlay hint providers (e.g. CPython reference ownership next to calls).
// Each runs guarded; plain data out.
import type { CFileAnalysis } from '../ide/c-file.ts';
import type { AnalysisConfig } from '../ide/config.ts';
import type { SourceFile } from '../ide/source-file.ts';
import { cpythonOwnershipHints } from './cpython-ownership.ts';
import { appendAll } from '../base/arrays.ts';

export interface InlayHint {
  /** Where the hint is drawn (UTF-16 offset). */
  readonly offset: number;
  readonly label: string;
  readonly tooltip?: string;
  readonly paddingLeft?: boolean;
  readonly paddingRight?: boolean;
}

export interface InlayHintContext {
  readonly file: SourceFile;
  readonly c: CFileAnalysis | undefined;
  readonly config: AnalysisConfig;
  /** Only hints inside [start, end) are wanted. */
  readonly start: number;
  readonly end: number;
}

export interface InlayHintProvider {
  readonly id: string;
  run(ctx: InlayHintContext): InlayHint[];
}

export const INLAY_HINT_PROVIDERS: readonly InlayHintProvider[] = [cpythonOwnershipHints];

export function collectInlayHints(ctx: InlayHintContext, onError: (id: string, e: unknown) => void = () => {}): InlayHint[] {
  const out: InlayHint[] = [];
  for (const p of INLAY_HINT_PROVIDERS) {
    try {
      appendAll(out, p.run(ctx));
    } catch (e) {
      onError(p.id, e);
    }
  }
  return out.sort((a, b) => a.offset - b.offset);
}
