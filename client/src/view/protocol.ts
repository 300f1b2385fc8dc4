// What the server's `ffiLens/layouts` request answers (server/src/lsp/server.ts),
// as the client reads it. The record shape is the server's own plain data type.
import type { RecordView } from '../../../server/src/ide/layout-view.ts';

export type { FieldView, HoleView, RecordView, TargetRecordView } from '../../../server/src/ide/layout-view.ts';

export const LAYOUTS_REQUEST = 'ffiLens/layouts';

export interface WirePosition {
  readonly line: number;
  readonly character: number;
}

export interface WireRecord extends RecordView {
  readonly range: { readonly start: WirePosition; readonly end: WirePosition };
  readonly namePosition: WirePosition;
}

export interface LayoutsResult {
  readonly uri: string;
  readonly version: number | null;
  /** The primary target's triple. */
  readonly primary: string | null;
  readonly records: readonly WireRecord[];
}
