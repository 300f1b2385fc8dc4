// The disk as the analysis's workspace in the editor: documents are named by
// `file://` URIs, which are read from the file they name; other schemes are
// not read.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Workspace } from '../ide/analysis.ts';

export const uriWorkspace: Workspace = {
  readFile(uri) {
    if (!uri.startsWith('file://')) return undefined;
    try {
      return readFileSync(fileURLToPath(uri), 'utf8');
    } catch {
      return undefined;
    }
  },
};
