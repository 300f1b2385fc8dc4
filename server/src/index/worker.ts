// Indexing off the main thread: a worker (the same bundle, started with
// `workerData.ffiLensIndex`) lists and indexes files and posts the entries in
// batches; the server's thread only files them, so hovers never wait for a
// large header to be read.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { listSourceFiles } from './indexer.ts';
import { indexText, type IndexEntry, type SymbolIndex } from './symbol-index.ts';
import { readFileSync, statSync } from 'node:fs';
import type { IndexProgress, IndexRun } from './indexer.ts';

interface WorkerRequest {
  readonly ffiLensIndex: { readonly roots: readonly string[] };
}

type WorkerMessage =
  | { readonly kind: 'total'; readonly total: number }
  | { readonly kind: 'batch'; readonly files: ReadonlyArray<readonly [string, readonly IndexEntry[] | null]>; readonly done: number }
  | { readonly kind: 'end' };

const MAX_FILE_BYTES = 8 * 1024 * 1024;
const BATCH_MS = 50;

/** True (and the work done) when this thread is an index worker. */
export function runIndexWorkerIfAsked(): boolean {
  const request = workerData as WorkerRequest | undefined;
  if (isMainThread || !request?.ffiLensIndex || !parentPort) return false;
  const port = parentPort;
  const files = listSourceFiles(request.ffiLensIndex.roots);
  port.postMessage({ kind: 'total', total: files.length } satisfies WorkerMessage);
  let batch: Array<readonly [string, readonly IndexEntry[] | null]> = [];
  let last = performance.now();
  files.forEach((path, i) => {
    let entries: IndexEntry[] | null = null;
    try {
      const st = statSync(path);
      if (st.isFile() && st.size <= MAX_FILE_BYTES) entries = indexText(readFileSync(path, 'utf8'));
    } catch {
      entries = null;
    }
    batch.push([path, entries]);
    if (performance.now() - last > BATCH_MS || i === files.length - 1) {
      port.postMessage({ kind: 'batch', files: batch, done: i + 1 } satisfies WorkerMessage);
      batch = [];
      last = performance.now();
    }
  });
  port.postMessage({ kind: 'end' } satisfies WorkerMessage);
  return true;
}

/**
 * Indexes `roots` in a worker started from `script` (the bundle); resolves when done or cancelled.
 * Where no worker can start (run from source), falls back to slices on this thread.
 */
export function indexFoldersInWorker(script: string, index: SymbolIndex, roots: readonly string[], onProgress: (p: IndexProgress) => void, run: IndexRun): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(script, { workerData: { ffiLensIndex: { roots } } satisfies WorkerRequest, argv: [] });
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    let total = 0;
    const timer = setInterval(() => {
      if (run.cancelled) {
        clearInterval(timer);
        void worker.terminate();
        resolve();
      }
    }, 200);
    worker.on('message', (m: WorkerMessage) => {
      if (m.kind === 'total') {
        total = m.total;
        onProgress({ done: 0, total });
      } else if (m.kind === 'batch') {
        for (const [path, entries] of m.files) {
          if (entries) index.set(path, entries);
          else index.remove(path);
        }
        onProgress({ done: m.done, total });
      } else {
        clearInterval(timer);
        onProgress({ done: total, total });
        void worker.terminate();
        resolve();
      }
    });
    worker.on('error', (e) => {
      clearInterval(timer);
      reject(e);
    });
  });
}
