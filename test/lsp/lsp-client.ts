// A small LSP client over a spawned `node dist/ffi-lens.js lsp --stdio`, for the
// LSP-level tests and the benchmark: real processes, real JSON-RPC framing.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type Diagnostic,
  type Hover,
  type InitializeResult,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
} from 'vscode-languageserver-protocol/node';

export const ROOT = join(__dirname, '..', '..');
export const SERVER = join(ROOT, 'dist', 'ffi-lens.js');

export interface LogLine {
  readonly type: number;
  readonly message: string;
}

/** Position of the `nth` occurrence of `needle` in `text`, plus `delta` characters. */
export function positionOf(text: string, needle: string, delta = 0, nth = 0): Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`\`${needle}\` (occurrence ${nth}) not in text`);
  }
  return positionAt(text, at + delta);
}

export function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}

/** The Markdown (or plain) text of a hover, '' for none. */
export function hoverText(h: Hover | null | undefined): string {
  if (!h) return '';
  const c = h.contents;
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) return c.map((x) => (typeof x === 'string' ? x : x.value)).join('\n');
  return c.value;
}

export class LspSession {
  readonly logs: LogLine[] = [];
  readonly shownMessages: LogLine[] = [];
  readonly stderr: string[] = [];
  /** Every publishDiagnostics, in arrival order, with its arrival time. */
  readonly published: Array<PublishDiagnosticsParams & { at: number }> = [];
  /** `$/progress` values in arrival order (begin, report..., end). */
  readonly progress: Array<{ kind: string; percentage?: number; message?: string; at: number }> = [];
  private readonly waiters = new Set<() => void>();
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  initializeResult: InitializeResult | undefined;

  private constructor(readonly child: ChildProcessWithoutNullStreams, readonly conn: ProtocolConnection) {
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => this.stderr.push(d));
    child.on('exit', (code, signal) => {
      this.exited = { code, signal };
      this.wake();
    });
    conn.onNotification('window/logMessage', (p: LogLine) => {
      this.logs.push(p);
    });
    conn.onRequest('window/showMessageRequest', (p: LogLine) => {
      this.shownMessages.push(p);
      return null;
    });
    conn.onNotification('window/showMessage', (p: LogLine) => {
      this.shownMessages.push(p);
    });
    conn.onRequest('window/workDoneProgress/create', () => null);
    conn.onRequest('client/registerCapability', () => null);
    conn.onNotification('$/progress', (p: { token: unknown; value: { kind: string; percentage?: number; message?: string } }) => {
      this.progress.push({ ...p.value, at: performance.now() });
      this.wake();
    });
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push({ ...p, at: performance.now() });
      this.wake();
    });
    conn.onError(() => {});
    conn.listen();
  }

  static async start(initializationOptions?: unknown, args: readonly string[] = [], initialize: { rootUri?: string; capabilities?: unknown } = {}): Promise<LspSession> {
    if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run \`npm run build\` (npm test and npm run bench do)`);
    const child = spawn(process.execPath, [...args, SERVER, 'lsp', '--stdio', `--clientProcessId=${process.pid}`], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const session = new LspSession(child, conn);
    session.initializeResult = await session.request<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: initialize.rootUri ?? null,
      capabilities: initialize.capabilities ?? {},
      initializationOptions,
    }, 30_000);
    await conn.sendNotification('initialized', {});
    return session;
  }

  get alive(): boolean {
    return this.exited === undefined;
  }

  /** A request with a generous timeout; rejects on timeout or when the server dies. */
  request<R>(method: string, params: unknown, timeoutMs = 20_000): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method}: no answer within ${timeoutMs} ms; server ${this.alive ? 'alive' : `exited ${JSON.stringify(this.exited)}`}; stderr: ${this.stderr.join('').slice(-2000)}`)), timeoutMs);
      this.conn.sendRequest<R>(method, params).then(
        (r) => { clearTimeout(timer); resolve(r); },
        (e: unknown) => { clearTimeout(timer); reject(e instanceof Error ? e : new Error(String(e))); },
      );
    });
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.conn.sendNotification(method, params);
  }

  open(uri: string, text: string, languageId = 'c', version = 1): Promise<void> {
    return this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, changes: ReadonlyArray<{ range: Range; text: string } | { text: string }>): Promise<void> {
    return this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  close(uri: string): Promise<void> {
    return this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  hover(uri: string, position: Position, timeoutMs?: number): Promise<Hover | null> {
    return this.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position }, timeoutMs);
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[] = []): Promise<CodeAction[] | null> {
    return this.request<CodeAction[] | null>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } });
  }

  /** Resolves with the first publishDiagnostics for `uri` (at index >= `from`) that satisfies `accept`. */
  async diagnostics(uri: string, accept: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 20_000, from = 0): Promise<PublishDiagnosticsParams & { at: number }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.published.slice(from).find((p) => p.uri === uri && accept(p));
      if (found) return found;
      if (!this.alive) throw new Error(`server exited ${JSON.stringify(this.exited)} while waiting for diagnostics of ${uri}; stderr: ${this.stderr.join('').slice(-2000)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; got ${JSON.stringify(this.published.filter((p) => p.uri === uri).map((p) => ({ version: p.version, codes: p.diagnostics.map((d) => d.code) })))}`);
      await new Promise<void>((resolve) => {
        const done = () => { clearTimeout(timer); this.waiters.delete(done); resolve(); };
        const timer = setTimeout(done, left);
        this.waiters.add(done);
      });
    }
  }

  /** Resolves when a `$/progress` end arrives (at index >= `from`). */
  async progressEnd(timeoutMs = 120_000, from = 0): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.progress.slice(from).some((p) => p.kind === 'end')) {
      if (!this.alive) throw new Error('server exited while waiting for progress to end');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no $/progress end within ${timeoutMs} ms (${this.progress.length} progress messages)`);
      await new Promise<void>((resolve) => {
        const done = () => { clearTimeout(timer); this.waiters.delete(done); resolve(); };
        const timer = setTimeout(done, Math.min(left, 200));
        this.waiters.add(done);
      });
    }
  }

  /** Writes raw bytes to the server's stdin (for malformed-message tests). */
  writeRaw(data: string | Buffer): void {
    this.child.stdin.write(data);
  }

  async stop(): Promise<void> {
    if (this.alive) {
      try {
        await this.request('shutdown', null, 5_000);
        await this.notify('exit', null);
      } catch {
        // fall through to the kill below
      }
      await new Promise<void>((resolve) => {
        if (!this.alive) return resolve();
        const timer = setTimeout(() => { this.child.kill('SIGKILL'); resolve(); }, 3_000);
        this.child.once('exit', () => { clearTimeout(timer); resolve(); });
      });
    }
    this.conn.dispose();
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}
