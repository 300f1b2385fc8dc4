// Fills a SymbolIndex from folders on disk, a slice at a time (`IndexJob.step`;
// index/service.ts runs the slices):
// the workspace's C and C++ files first, then the headers they `#include`,
// resolved with the same folders the preprocessor searches (the settings'
// include paths, compile_commands.json, the compiler's system folders of each
// configured target), each header once whoever includes it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CompileCommands, emptyFlags, type FileFlags } from '../preproc/compile-flags.ts';
import { indexTextWithIncludes, type IncludeDirective, type SymbolIndex } from './symbol-index.ts';

/** C and C++ sources and headers by extension (extensionless C++ standard headers are left out). */
const INDEXED = /\.(h|c|hh|hpp|hxx|h\+\+|cc|cpp|cxx|c\+\+|inc|inl|ipp)$/i;
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'target', '__pycache__']);
/** Larger files are generated tables, not declarations worth a slice of the editor's time. */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

export interface IndexProgress {
  readonly done: number;
  readonly total: number;
}

/**
 * How the `#include`s of indexed files are followed. Plain data, so it crosses into the index worker.
 * Headers are indexed as written (both sides of every `#if`), so one index of a header serves
 * every configuration; only *which* header an include names depends on the configuration, so an
 * include is resolved once per distinct list of system folders and every header found is indexed.
 */
export interface IncludeFollowing {
  /** Folders searched for every file after its own flags' (the editor's `ffiLens.includePaths`). */
  readonly includeDirs: readonly string[];
  /** The compiler's system folders, one list per configured target (equal lists once). */
  readonly systemDirLists: ReadonlyArray<readonly string[]>;
  /** Folders whose compile_commands.json (or build/compile_commands.json) gives per-file flags. */
  readonly compileCommandsRoots: readonly string[];
  /** At most this many headers outside the workspace folders are followed (memory bound). */
  readonly maxHeaders: number;
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

/** Indexes (or re-indexes) one file from disk; a file that is gone or too large is removed. Returns its includes. */
export function indexFile(index: SymbolIndex, path: string): IncludeDirective[] {
  try {
    const st = statSync(path);
    if (!st.isFile() || st.size > MAX_FILE_BYTES) {
      index.remove(path);
      return [];
    }
    const { entries, includes } = indexTextWithIncludes(readFileSync(path, 'utf8'));
    index.set(path, entries);
    return includes;
  } catch {
    index.remove(path);
    return [];
  }
}

/** One indexing of the workspace: a queue of files that grows with the headers they include. */
export class IndexJob {
  private readonly queue: string[];
  /** The flags an included header is resolved with: those of the workspace file that led to it. */
  private readonly inherited = new Map<string, FileFlags | undefined>();
  private readonly queued: Set<string>;
  private readonly exists = new Map<string, boolean>();
  private readonly compileCommands: CompileCommands[] = [];
  private next = 0;
  private followed = 0;
  /** How many of `queue`'s files are the workspace's own (the rest are headers found by following includes). */
  private readonly workspaceFiles: number;
  /** Each followed file's includes as resolved (one per list of system folders that finds one). */
  private readonly includesOf = new Map<string, string[]>();

  constructor(private readonly index: SymbolIndex, roots: readonly string[], private readonly follow?: IncludeFollowing) {
    this.queue = listSourceFiles(roots);
    this.workspaceFiles = this.queue.length;
    this.queued = new Set(this.queue);
    for (const root of follow?.compileCommandsRoots ?? []) {
      const cc = CompileCommands.load(root);
      if (!('problem' in cc)) this.compileCommands.push(cc);
    }
  }

  get done(): number {
    return this.next;
  }

  /** Files known so far (the workspace's, then each header as it is found). */
  get total(): number {
    return this.queue.length;
  }

  /** Headers outside the workspace folders that were queued by following includes. */
  get headersFollowed(): number {
    return this.followed;
  }

  get finished(): boolean {
    return this.next >= this.queue.length;
  }

  /** Indexes files for about `ms`; true when the job is finished. */
  step(ms: number): boolean {
    const until = performance.now() + ms;
    while (this.next < this.queue.length && performance.now() < until) {
      const path = this.queue[this.next++]!;
      const includes = indexFile(this.index, path);
      if (this.follow && includes.length) this.enqueueIncludes(path, includes);
    }
    return this.finished;
  }

  private enqueueIncludes(path: string, includes: readonly IncludeDirective[]): void {
    const follow = this.follow!;
    const flags = this.inherited.has(path) ? this.inherited.get(path) : this.compileCommands.map((c) => c.flagsFor(path)).find((f) => f !== undefined);
    const own = flags ?? emptyFlags();
    for (const inc of includes) {
      for (const systemDirs of follow.systemDirLists) {
        const angled = [...own.includeDirs, ...follow.includeDirs, ...systemDirs];
        const found = this.resolve(path, inc, [dirname(path), ...own.quoteDirs, ...angled], angled);
        if (!found) continue;
        let resolved = this.includesOf.get(path);
        if (!resolved) this.includesOf.set(path, (resolved = []));
        if (!resolved.includes(found)) resolved.push(found);
        if (this.queued.has(found)) continue;
        if (this.followed >= follow.maxHeaders) return;
        this.followed++;
        this.queued.add(found);
        this.inherited.set(found, flags);
        this.queue.push(found);
      }
    }
  }

  /**
   * The workspace's files that include headers, those reaching the most headers (directly or not)
   * first, at most `limit`: the files whose headers cost the most to read when opened. Counted
   * over the includes followed (so capped by `maxHeaders`).
   */
  heaviestFiles(limit: number): Array<{ readonly path: string; readonly headers: number }> {
    const out: Array<{ path: string; headers: number }> = [];
    for (let i = 0; i < this.workspaceFiles; i++) {
      const path = this.queue[i]!;
      if (!this.includesOf.has(path)) continue;
      const reached = new Set<string>();
      const stack = [path];
      while (stack.length) {
        for (const h of this.includesOf.get(stack.pop()!) ?? []) {
          if (reached.has(h)) continue;
          reached.add(h);
          stack.push(h);
        }
      }
      reached.delete(path);
      out.push({ path, headers: reached.size });
    }
    out.sort((a, b) => b.headers - a.headers || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return out.slice(0, limit);
  }

  private resolve(from: string, inc: IncludeDirective, quoted: readonly string[], angled: readonly string[]): string | undefined {
    let dirs = inc.angled ? angled : quoted;
    if (inc.next) {
      // `#include_next`: the search goes on after the folder the current header was found in.
      const at = angled.findIndex((d) => from.startsWith(d.endsWith('/') ? d : `${d}/`));
      dirs = at >= 0 ? angled.slice(at + 1) : angled;
    }
    for (const d of dirs) {
      const candidate = join(d, inc.name);
      let ok = this.exists.get(candidate);
      if (ok === undefined) {
        try {
          ok = statSync(candidate).isFile();
        } catch {
          ok = false;
        }
        this.exists.set(candidate, ok);
      }
      if (ok) return candidate;
    }
    return undefined;
  }
}
