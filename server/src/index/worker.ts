// The index in a worker thread: the same bundle, started with
// `workerData.ffiLensIndex`, keeps the SymbolIndex, indexes the workspace in
// slices and answers lookups between them. The server's thread only posts
// questions and reads small answers, so a hover never waits for indexing:
// no batches to file, and the index's ~200k entries live in the worker's heap,
// not in the heap the server's garbage collector walks.
import { setPriority } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { IndexJob, indexFile, type IncludeFollowing, type IndexProgress } from './indexer.ts';
import { HEAVIEST_FILES, runJob, type IndexService, type IndexSummary } from './service.ts';
import { SymbolIndex, type IndexHit, type IndexKind } from './symbol-index.ts';

type Request =
  | { readonly kind: 'index'; readonly run: number; readonly roots: readonly string[]; readonly follow: IncludeFollowing | undefined }
  | { readonly kind: 'reindex'; readonly path: string }
  | { readonly kind: 'lookup'; readonly id: number; readonly name: string; readonly kinds: readonly IndexKind[] | undefined }
  | { readonly kind: 'search'; readonly id: number; readonly query: string; readonly limit: number }
  | { readonly kind: 'inFiles'; readonly id: number; readonly entryKind: IndexKind; readonly extensions: readonly string[] };

type Reply =
  | { readonly kind: 'progress'; readonly run: number; readonly done: number; readonly total: number }
  | { readonly kind: 'end'; readonly run: number; readonly summary: IndexSummary | undefined }
  | { readonly kind: 'answer'; readonly id: number; readonly hits: IndexHit[] };

/** Work per slice in the worker: between slices it answers lookups. */
const SLICE_MS = 20;
/** Progress is posted at most this often. */
const PROGRESS_MS = 100;
/** The worker's nice value (the lowest priority, as clangd's background index): on Linux a thread's own, so the server's thread keeps the CPU for hovers. */
const WORKER_NICENESS = 19;

/** True (and the worker started) when this thread is an index worker. */
export function runIndexWorkerIfAsked(): boolean {
  const request = workerData as { ffiLensIndex?: true } | undefined;
  if (isMainThread || !request?.ffiLensIndex || !parentPort) return false;
  const port = parentPort;
  try {
    // Linux applies setpriority(PRIO_PROCESS, 0) to the calling thread only; elsewhere this may
    // lower the whole process, which is still only a background editor service.
    setPriority(WORKER_NICENESS);
  } catch {
    // Not permitted: run at normal priority.
  }
  const index = new SymbolIndex();
  let current = 0;
  port.on('message', (m: Request) => {
    if (m.kind === 'lookup') port.postMessage({ kind: 'answer', id: m.id, hits: index.lookup(m.name, m.kinds ? new Set(m.kinds) : undefined) } satisfies Reply);
    else if (m.kind === 'search') port.postMessage({ kind: 'answer', id: m.id, hits: index.search(m.query, m.limit) } satisfies Reply);
    else if (m.kind === 'inFiles') port.postMessage({ kind: 'answer', id: m.id, hits: index.inFiles(m.entryKind, m.extensions) } satisfies Reply);
    else if (m.kind === 'reindex') indexFile(index, m.path);
    else {
      current = m.run;
      const job = new IndexJob(index, m.roots, m.follow);
      let last = 0;
      const onProgress = ({ done, total }: IndexProgress): void => {
        const now = performance.now();
        if (now - last < PROGRESS_MS && done < total) return;
        last = now;
        port.postMessage({ kind: 'progress', run: m.run, done, total } satisfies Reply);
      };
      void runJob(job, SLICE_MS, () => current !== m.run, onProgress).then((finished) => {
        const summary = finished ? { files: index.fileCount, entries: index.entryCount, headersFollowed: job.headersFollowed, heaviestFiles: job.heaviestFiles(HEAVIEST_FILES) } : undefined;
        port.postMessage({ kind: 'end', run: m.run, summary } satisfies Reply);
      });
    }
  });
  return true;
}

/** The index in a worker started from `script` (the bundle). */
export class WorkerIndex implements IndexService {
  private readonly worker: Worker;
  private nextId = 0;
  private run = 0;
  /** The worker exited or failed: every question is answered with nothing at once. */
  private dead = false;
  private readonly answers = new Map<number, (hits: IndexHit[]) => void>();
  private readonly runs = new Map<number, { onProgress: (p: IndexProgress) => void; resolve: (s: IndexSummary | undefined) => void }>();

  constructor(script: string) {
    this.worker = new Worker(script, { workerData: { ffiLensIndex: true }, argv: [] });
    this.worker.on('message', (m: Reply) => {
      if (m.kind === 'answer') {
        this.answers.get(m.id)?.(m.hits);
        this.answers.delete(m.id);
      } else if (m.kind === 'progress') this.runs.get(m.run)?.onProgress({ done: m.done, total: m.total });
      else {
        this.runs.get(m.run)?.resolve(m.summary);
        this.runs.delete(m.run);
      }
    });
    // A dead worker answers nothing: every waiting question gets no hits rather than hanging.
    this.worker.on('error', () => this.settleAll());
    this.worker.on('exit', () => this.settleAll());
    this.worker.unref();
  }

  private settleAll(): void {
    this.dead = true;
    for (const answer of this.answers.values()) answer([]);
    this.answers.clear();
    for (const r of this.runs.values()) r.resolve(undefined);
    this.runs.clear();
  }

  indexFolders(roots: readonly string[], follow: IncludeFollowing | undefined, onProgress: (p: IndexProgress) => void): Promise<IndexSummary | undefined> {
    for (const r of this.runs.values()) r.resolve(undefined);
    this.runs.clear();
    const run = ++this.run;
    if (this.dead) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.runs.set(run, { onProgress, resolve });
      this.worker.postMessage({ kind: 'index', run, roots, follow } satisfies Request);
    });
  }

  reindex(path: string): void {
    if (!this.dead) this.worker.postMessage({ kind: 'reindex', path } satisfies Request);
  }

  private ask(request: (id: number) => Extract<Request, { id: number }>): Promise<IndexHit[]> {
    const id = ++this.nextId;
    if (this.dead) return Promise.resolve([]);
    return new Promise((resolve) => {
      this.answers.set(id, resolve);
      this.worker.postMessage(request(id));
    });
  }

  lookup(name: string, kinds?: readonly IndexKind[]): Promise<IndexHit[]> {
    return this.ask((id) => ({ kind: 'lookup', id, name, kinds }));
  }

  search(query: string, limit: number): Promise<IndexHit[]> {
    return this.ask((id) => ({ kind: 'search', id, query, limit }));
  }

  inFiles(entryKind: IndexKind, extensions: readonly string[]): Promise<IndexHit[]> {
    return this.ask((id) => ({ kind: 'inFiles', id, entryKind, extensions }));
  }

  dispose(): void {
    this.settleAll();
    void this.worker.terminate();
  }
}
