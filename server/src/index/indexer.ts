// Fills a SymbolIndex from folders on disk, a slice at a time: between slices
// the event loop runs, so hovers and edits are answered while indexing goes on.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { indexText, type SymbolIndex } from './symbol-index.ts';

/** C and C++ sources and headers by extension (extensionless C++ standard headers are left out). */
const INDEXED = /\.(h|c|hh|hpp|hxx|h\+\+|cc|cpp|cxx|c\+\+|inc|inl|ipp)$/i;
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'target', '__pycache__']);
/** Larger files are generated tables, not declarations worth a slice of the editor's time. */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

export interface IndexProgress {
  readonly done: number;
  readonly total: number;
}

export interface IndexRun {
  /** Set to stop at the next slice (a new run replaces this one). */
  cancelled: boolean;
}

export function listSourceFiles(roots: readonly string[], limit = 500_000): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (dir: string, depth: number): void => {
    if (depth > 64 || out.length >= limit) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.') || SKIPPED_DIRS.has(e.name)) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) visit(p, depth + 1);
      else if (e.isFile() && INDEXED.test(e.name) && !seen.has(p)) {
        seen.add(p);
        out.push(p);
      }
    }
  };
  for (const r of roots) visit(r, 0);
  return out;
}

/** Indexes (or re-indexes) one file from disk; a file that is gone or too large is removed. */
export function indexFile(index: SymbolIndex, path: string): void {
  try {
    const st = statSync(path);
    if (!st.isFile() || st.size > MAX_FILE_BYTES) {
      index.remove(path);
      return;
    }
    index.set(path, indexText(readFileSync(path, 'utf8')));
  } catch {
    index.remove(path);
  }
}

/**
 * Indexes every C/C++ file under `roots`, `sliceMs` of work at a time, reporting progress after
 * each slice. Resolves when done or cancelled.
 */
export async function indexFolders(index: SymbolIndex, roots: readonly string[], onProgress: (p: IndexProgress) => void, run: IndexRun, sliceMs = 8): Promise<void> {
  const files = listSourceFiles(roots);
  let done = 0;
  onProgress({ done, total: files.length });
  while (done < files.length) {
    if (run.cancelled) return;
    const until = performance.now() + sliceMs;
    while (done < files.length && performance.now() < until) indexFile(index, files[done++]!);
    onProgress({ done, total: files.length });
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
