// The workspace index as the server sees it: asynchronous questions to an index
// that lives either in a worker thread (the bundle: the server's thread never
// files a batch, so hovers never wait for indexing) or, run from source, on the
// server's thread in slices.
import { IndexJob, indexFile, type IncludeFollowing, type IndexProgress } from './indexer.ts';
import { SymbolIndex, type IndexHit, type IndexKind } from './symbol-index.ts';

export interface IndexSummary {
  readonly files: number;
  readonly entries: number;
  /** Headers outside the workspace folders indexed because a file includes them. */
  readonly headersFollowed: number;
  /** The workspace's files that include the most headers (directly or not), most first (`IndexJob.heaviestFiles`). */
  readonly heaviestFiles: ReadonlyArray<{ readonly path: string; readonly headers: number }>;
}

/** How many of the heaviest files a summary names. */
export const HEAVIEST_FILES = 64;

export interface IndexService {
  /** Indexes `roots` (replacing a run in progress); resolves with a summary when done, undefined when replaced. */
  indexFolders(roots: readonly string[], follow: IncludeFollowing | undefined, onProgress: (p: IndexProgress) => void): Promise<IndexSummary | undefined>;
  /** A file changed on disk: index it again (or drop it when gone). */
  reindex(path: string): void;
  /** Definitions named exactly `name` (records and enums before typedefs before functions). */
  lookup(name: string, kinds?: readonly IndexKind[]): Promise<IndexHit[]>;
  /** Names containing `query` (case-insensitive), at most `limit`. */
  search(query: string, limit: number): Promise<IndexHit[]>;
  /** Every entry of `kind` in files whose path ends with one of `extensions`. */
  inFiles(kind: IndexKind, extensions: readonly string[]): Promise<IndexHit[]>;
  dispose(): void;
}

/** Runs a job to the end in slices of `sliceMs`, yielding to the event loop between them; false when `cancelled()` stopped it. */
export async function runJob(job: IndexJob, sliceMs: number, cancelled: () => boolean, onProgress: (p: IndexProgress) => void): Promise<boolean> {
  onProgress({ done: 0, total: job.total });
  while (!job.finished) {
    if (cancelled()) return false;
    job.step(sliceMs);
    onProgress({ done: job.done, total: job.total });
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return !cancelled();
}

/** The index on this thread, filled 8 ms at a time between the server's other work. */
export class InProcessIndex implements IndexService {
  readonly index = new SymbolIndex();
  private run = 0;

  async indexFolders(roots: readonly string[], follow: IncludeFollowing | undefined, onProgress: (p: IndexProgress) => void): Promise<IndexSummary | undefined> {
    const run = ++this.run;
    const job = new IndexJob(this.index, roots, follow);
    if (!(await runJob(job, 8, () => run !== this.run, onProgress))) return undefined;
    return { files: this.index.fileCount, entries: this.index.entryCount, headersFollowed: job.headersFollowed, heaviestFiles: job.heaviestFiles(HEAVIEST_FILES) };
  }

  reindex(path: string): void {
    indexFile(this.index, path);
  }

  lookup(name: string, kinds?: readonly IndexKind[]): Promise<IndexHit[]> {
    return Promise.resolve(this.index.lookup(name, kinds ? new Set(kinds) : undefined));
  }

  search(query: string, limit: number): Promise<IndexHit[]> {
    return Promise.resolve(this.index.search(query, limit));
  }

  inFiles(kind: IndexKind, extensions: readonly string[]): Promise<IndexHit[]> {
    return Promise.resolve(this.index.inFiles(kind, extensions));
  }

  dispose(): void {
    this.run++;
  }
}
