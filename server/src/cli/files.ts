// Paths from the command line -> the source files under them, sorted, with
// the language each is analysed as.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Workspace } from '../ide/analysis.ts';
import { languageOfPath, type LanguageId } from '../syntax/parser.ts';

export interface InputFile {
  readonly path: string;
  readonly language: LanguageId;
}

const SKIPPED_DIRS = new Set(['node_modules', '.git', 'target', 'dist', 'build', '__pycache__']);

export function collectFiles(paths: readonly string[], languages: ReadonlySet<LanguageId>): { files: InputFile[]; missing: string[] } {
  const files: InputFile[] = [];
  const missing: string[] = [];
  const visit = (p: string, explicit: boolean): void => {
    let st;
    try {
      st = statSync(p);
    } catch {
      if (explicit) missing.push(p);
      return;
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        if (SKIPPED_DIRS.has(name) || name.startsWith('.')) continue;
        visit(join(p, name), false);
      }
      return;
    }
    const language = languageOfPath(p);
    // A file named explicitly is read as C when its extension says nothing.
    if (language && languages.has(language)) files.push({ path: p, language });
    else if (explicit && !language) files.push({ path: p, language: 'c' });
  };
  for (const p of paths) visit(p, true);
  return { files, missing };
}

/** The disk as the analysis's workspace (a Rust file's crate root is read from it). */
export const diskWorkspace: Workspace = {
  readFile(path) {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  resolve: (path) => resolve(path),
};
