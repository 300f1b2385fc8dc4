// The LSP adapter: the only module that imports vscode-languageserver. It turns
// protocol messages into calls on the analysis API and its plain answers back
// into protocol types. Every handler is guarded: a failure is logged and
// answered with "nothing", never allowed to take the server down.
import {
  CodeActionKind,
  CreateFile,
  DiagnosticSeverity,
  InlayHint as LspInlayHint,
  TextDocumentEdit,
  TextDocumentSyncKind,
  createConnection,
  type CodeAction,
  type CodeLens,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type InitializeResult,
  type Location as LspLocation,
  type SymbolInformation,
  SymbolKind,
  DidChangeWatchedFilesNotification,
  type Position,
  type Range,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LineIndex } from '../base/line-index.ts';
import { AnalysisHost, DEFAULT_CONFIG, emptyFlags, hostSystemDirs, parseSettings, WorkspaceIncludes, type AnalysisConfig, type Diagnostic, type ReadAheadJob, type SourceFile, type TextEdit } from '../ide/analysis.ts';
import type { NewFile } from '../diagnostics/types.ts';
import { languageOfPath, type LanguageId } from '../syntax/parser.ts';
import { uriWorkspace } from './uri-workspace.ts';
import { WARM_UP_INCLUDE_STEPS, warmUp, warmUpIncludeStep } from '../ide/warm-up.ts';
import { CPP_SOURCE_EXTENSIONS } from '../ide/cpp-workspace-functions.ts';
import type { IndexKind } from '../index/symbol-index.ts';
import type { IndexProgress } from '../index/indexer.ts';
import { InProcessIndex, type IndexService } from '../index/service.ts';
import { WorkerIndex } from '../index/worker.ts';

/** A `file:` URI's path; other URIs as they are (they never name a file read ahead). */
function fileSystemPathOf(uri: string): string {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  } catch {
    return uri;
  }
}

const LANGUAGE_IDS: Record<string, LanguageId> = { c: 'c', cpp: 'cpp', 'cuda-cpp': 'cpp', objc: 'c', rust: 'rust', python: 'python' };
const DIAGNOSTIC_DELAY_MS = 15;
/** Headers outside the workspace folders the index follows from `#include`s, at most (memory bound). */
const MAX_FOLLOWED_HEADERS = 20_000;
/**
 * Work per turn of the event loop when reading headers in the background (ahead of opening, or an
 * open file's other targets): a request arriving meanwhile waits this long, or one parse or
 * lowering of a unit (the pieces that cannot pause), at most.
 */
const BACKGROUND_SLICE_MS = 12;
/** Reading ahead waits until the client has sent nothing for this long (on 2 CPUs it competes with the editor's own work after a file opens). */
const READ_AHEAD_QUIET_MS = 200;

function toRange(lines: LineIndex, start: number, end: number): Range {
  return { start: lines.position(start), end: lines.position(end) };
}

/** Clients can send anything: a position must be two non-negative integers. */
function isPosition(p: unknown): p is Position {
  if (typeof p !== 'object' || p === null) return false;
  const { line, character } = p as { line?: unknown; character?: unknown };
  return Number.isSafeInteger(line) && Number.isSafeInteger(character) && (line as number) >= 0 && (character as number) >= 0;
}

function isRange(r: unknown): r is Range {
  if (typeof r !== 'object' || r === null) return false;
  const { start, end } = r as { start?: unknown; end?: unknown };
  return isPosition(start) && isPosition(end);
}

function uriOf(params: unknown): string | undefined {
  const doc = (params as { textDocument?: { uri?: unknown } } | null | undefined)?.textDocument;
  return typeof doc?.uri === 'string' ? doc.uri : undefined;
}

const SEVERITY: Record<Diagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export interface ServerStreams {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
}

/** The custom request behind the editor's layout view and report: `{ textDocument: { uri } }` -> `LayoutsResult`. */
export const LAYOUTS_REQUEST = 'ffiLens/layouts';
/** The client command a record's code lens runs: arguments `[uri, nameOffset line/character]`. */
export const SHOW_LAYOUT_COMMAND = 'ffiLens.showLayout';

/** `ipc`: Node's IPC channel to the parent process (vscode-languageclient's TransportKind.ipc). */
export function startServer(streams: ServerStreams | 'ipc'): Connection {
  const connection = streams === 'ipc'
    ? createConnection(new IPCMessageReader(process), new IPCMessageWriter(process))
    : createConnection(new StreamMessageReader(streams.input), new StreamMessageWriter(streams.output));
  const files = new Map<string, SourceFile>();
  /** The client's version of each open document, echoed in publishDiagnostics (SourceFile.version is our own counter). */
  const versions = new Map<string, number>();
  const pending = new Map<string, NodeJS.Timeout>();
  let host: AnalysisHost | undefined;
  /** When the client last sent a request or notification: reading ahead waits for READ_AHEAD_QUIET_MS of quiet (the editor is busy too after it sent something). */
  let lastMessageAt = 0;
  let config: AnalysisConfig = DEFAULT_CONFIG;
  let canPullConfig = false;
  let index: IndexService | undefined;
  let workspaceRoots: string[] = [];
  let canReportProgress = false;
  const includes = new WorkspaceIncludes(() => ({ ...emptyFlags(), includeDirs: [...config.includePaths] }));
  let canWatchFiles = false;

  const log = (message: string) => connection.console.log(`[ffi-lens] ${message}`);
  /** Start-up milestones, logged once each with the wall clock (epoch ms) so they line up with the client's and the editor's logs. */
  const firsts = new Set<string>();
  const timing = (milestone: string, detail = ''): void => {
    if (firsts.has(milestone)) return;
    firsts.add(milestone);
    log(`timing ${milestone} at ${Date.now()} (process +${Math.round(performance.now())} ms)${detail ? `: ${detail}` : ''}`);
  };
  const logError = (what: string, e: unknown) => connection.console.error(`[ffi-lens] ${what} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);

  /**
   * Runs `step` once per turn of the event loop until it returns false, then `done`. A timer, not
   * setImmediate: the loop polls for input between steps, and the message library handles what it
   * read (with setImmediate) before the next step, so a request waits for one step at most.
   */
  function inTurns(step: () => boolean, done: () => void): void {
    const next = (): void => {
      if (step()) setTimeout(next, 5);
      else done();
    };
    setTimeout(next, 5);
  }

  /**
   * The server has one thread: whatever takes long delays every request behind it. Work over
   * SLOW_MS is logged with its duration (as rust-analyzer logs overly long loop turns), so a slow
   * first hover can be traced to what held it back.
   */
  const SLOW_MS = 250;
  const noteSlow = (what: string, started: number, params?: unknown): void => {
    const ms = performance.now() - started;
    if (ms < SLOW_MS) return;
    const uri = (params as { textDocument?: { uri?: unknown } } | undefined)?.textDocument?.uri;
    log(`slow: ${what}${typeof uri === 'string' ? ` of ${uri}` : ''} took ${Math.round(ms)} ms`);
  };

  function guarded<P, R>(what: string, fallback: R, fn: (params: P) => R | Promise<R>): (params: P) => Promise<R> {
    return async (params: P) => {
      const started = performance.now();
      lastMessageAt = started;
      try {
        // Timed up to the handler's first await: the time it held the thread, not the client's replies.
        const result = fn(params);
        noteSlow(what, started, params);
        return await result;
      } catch (e) {
        logError(what, e);
        return fallback;
      }
    };
  }

  function applySettings(settings: unknown): void {
    // `trusted` is the client's to say (initializationOptions), never a workspace setting's.
    const { trusted: _ignored, ...rest } = (typeof settings === 'object' && settings !== null ? settings : {}) as Record<string, unknown>;
    const parsed = parseSettings(rest, config);
    const includePathsChanged = parsed.config.includePaths.join('\0') !== config.includePaths.join('\0');
    // Read ahead again when what it read no longer serves: other include paths or another primary target (or it was off).
    const readAheadAgain = includePathsChanged || (parsed.config.readAhead && !config.readAhead) || parsed.config.targets[0] !== config.targets[0];
    config = parsed.config;
    if (includePathsChanged) host?.invalidateIncludes();
    if (readAheadAgain) readAheadLater();
    for (const problem of parsed.problems) {
      log(problem);
      void connection.window.showWarningMessage(`FFI Lens: ${problem}`);
    }
  }

  /** A fix's or action's edits as a WorkspaceEdit; new files are created beside the edited one. */
  function workspaceEdit(uri: string, file: SourceFile, edits: readonly TextEdit[], newFiles: readonly NewFile[] | undefined): WorkspaceEdit {
    const textEdits = edits.map((e) => ({ range: toRange(file.lines, e.start, e.end), newText: e.text }));
    if (!newFiles?.length) return { changes: { [uri]: textEdits } };
    const documentChanges: WorkspaceEdit['documentChanges'] = [TextDocumentEdit.create({ uri, version: versions.get(uri) ?? null }, textEdits)];
    for (const f of newFiles) {
      const target = new URL(f.path, uri).toString();
      documentChanges.push(CreateFile.create(target, { overwrite: false, ignoreIfExists: true }));
      documentChanges.push(TextDocumentEdit.create({ uri: target, version: null }, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: f.text }]));
    }
    return { documentChanges };
  }

  async function pullSettings(): Promise<void> {
    if (!canPullConfig) return;
    try {
      applySettings(await connection.workspace.getConfiguration('ffiLens'));
    } catch (e) {
      logError('reading settings', e);
    }
  }

  function publish(uri: string): void {
    pending.delete(uri);
    const file = files.get(uri);
    if (!file || !host) return;
    let diagnostics: LspDiagnostic[] = [];
    const started = performance.now();
    try {
      const analysis = host;
      const diags = file.problem
        ? [{ code: 'file-not-analysed', severity: 'information' as const, message: `FFI Lens: ${file.problem}`, start: 0, end: 0, related: [], fixes: [] }]
        : analysis.diagnostics(file, config, logError);
      diagnostics = diags.map((d) => ({
        range: toRange(file.lines, d.start, d.end),
        severity: SEVERITY[d.severity],
        code: d.code,
        source: 'ffi-lens',
        message: d.message,
        relatedInformation: d.related.map((r) => ({
          location: r.file
            ? { uri: r.file.path, range: { start: { line: r.file.line, character: r.file.character }, end: { line: r.file.endLine, character: r.file.endCharacter } } }
            : { uri, range: toRange(file.lines, r.start, r.end) },
          message: r.message,
        })),
      }));
    } catch (e) {
      logError(`diagnostics of ${uri}`, e);
    }
    timing('first diagnostics', `${diagnostics.length} computed in ${Math.round(performance.now() - started)} ms`);
    noteSlow('diagnostics', started, { textDocument: { uri } });
    void connection.sendDiagnostics({ uri, version: versions.get(uri), diagnostics });
    if (config.verifyWithCompiler && config.trusted && !host.cAnalysis(file)?.verification) void verify(uri, false);
    readRemainingTargets(uri);
  }

  /**
   * Diagnostics and code lenses need the primary target only, and a hover answers from the targets
   * read so far. The other targets of a file are read here, one per turn of the event loop after
   * its diagnostics (a file including Python.h takes ~0.15-0.3 s per target), so that requests are
   * answered in between; a later hover then compares every target. After an edit there is
   * nothing to do here (the headers are read; a hover re-reads the file for each target at once).
   */
  const readingTargets = new Set<string>();
  function readRemainingTargets(uri: string): void {
    if (readingTargets.has(uri)) return;
    readingTargets.add(uri);
    const began = performance.now();
    let steps = 0;
    let longest = 0;
    inTurns(() => {
      const file = files.get(uri);
      // Closed, or edited (its diagnostics are due and start this again).
      if (!file || !host || pending.has(uri)) return false;
      const started = performance.now();
      let more = false;
      try {
        more = host.readNextTarget(file, config, BACKGROUND_SLICE_MS);
      } catch (e) {
        logError(`reading the targets of ${uri}`, e);
      }
      noteSlow('a step reading the other targets', started, { textDocument: { uri } });
      longest = Math.max(longest, performance.now() - started);
      if (more) steps++;
      return more;
    }, () => {
      readingTargets.delete(uri);
      if (steps > 0) timing('other targets of a file read', `${uri} in ${steps} steps over ${Math.round(performance.now() - began)} ms after its diagnostics (longest step ${Math.round(longest)} ms)`);
    });
  }

  /**
   * Reading ahead (setting `readAhead`): in idle time the headers of the workspace's files that
   * reach the most headers (the index's `heaviestFiles`) are read for their primary target, a
   * slice of BACKGROUND_SLICE_MS per turn of the event loop, so that a file opened later finds its
   * prelude built and its first hover does not wait for its headers. Turns in which a file's
   * diagnostics are due or its targets are being read do nothing: open files go first.
   */
  let heaviestFiles: readonly string[] = [];
  let readAheadQueue: string[] = [];
  let readingAhead = false;
  let warmingUp = true;
  function readAheadLater(): void {
    readAheadQueue = [...heaviestFiles];
    readAhead();
  }
  function readAhead(): void {
    if (readingAhead || !config.readAhead || !readAheadQueue.length) return;
    readingAhead = true;
    const began = performance.now();
    let work = 0;
    let longest = 0;
    let read = 0;
    let job: ReadAheadJob | undefined;
    const turn = (): void => {
      if (!host || !config.readAhead) {
        readingAhead = false;
        return;
      }
      if (warmingUp || pending.size > 0 || readingTargets.size > 0 || performance.now() - lastMessageAt < READ_AHEAD_QUIET_MS) {
        setTimeout(turn, 50);
        return;
      }
      const started = performance.now();
      try {
        const open = new Set([...files.keys()].map(fileSystemPathOf));
        while (!job && readAheadQueue.length) {
          const path = readAheadQueue.shift()!;
          const language = languageOfPath(path);
          // An open file reads its own headers (from its text in the editor).
          if ((language !== 'c' && language !== 'cpp') || open.has(path)) continue;
          let text: string;
          try {
            text = readFileSync(path, 'utf8');
          } catch {
            continue;
          }
          job = host.readAhead(path, language, text, config);
        }
        const outcome = job?.step(BACKGROUND_SLICE_MS);
        if (outcome === 'read') read++;
        if (outcome !== 'more') job = undefined;
      } catch (e) {
        logError('reading ahead', e);
        job = undefined;
      }
      const ms = performance.now() - started;
      work += ms;
      longest = Math.max(longest, ms);
      noteSlow('reading ahead', started);
      if (job || readAheadQueue.length) {
        setTimeout(turn, 5);
        return;
      }
      readingAhead = false;
      if (read > 0) log(`read ahead the headers of ${read} file${read === 1 ? '' : 's'} in ${Math.round(work)} ms of work over ${Math.round(performance.now() - began)} ms (longest step ${Math.round(longest)} ms)`);
      timing('headers read ahead', `${read} files`);
    };
    setTimeout(turn, 5);
  }

  /** Runs the compiler verification of a file (trusted workspaces only), then publishes again if the text is unchanged. */
  const verifying = new Set<string>();
  async function verify(uri: string, fromCommand: boolean): Promise<string> {
    const file = files.get(uri);
    if (!file || !host) return 'no such open file';
    if (!config.trusted) return 'the workspace is not trusted: FFI Lens never runs a compiler there';
    if (verifying.has(uri)) return 'already verifying';
    verifying.add(uri);
    try {
      const version = file.version;
      const r = await host.verifyWithCompiler(file, config);
      if (r.problem && (fromCommand || !/changed while/.test(r.problem))) log(`verification of ${uri}: ${r.problem}`);
      if (file.version === version && files.get(uri) === file) publishNow(uri);
      return r.problem ?? 'verified';
    } finally {
      verifying.delete(uri);
    }
  }

  /** Publishes without triggering another verification (a verification's own results). */
  function publishNow(uri: string): void {
    const file = files.get(uri);
    if (!file || !host) return;
    try {
      const diagnostics = host.diagnostics(file, config, logError).map((d) => ({
        range: toRange(file.lines, d.start, d.end), severity: SEVERITY[d.severity], code: d.code, source: 'ffi-lens', message: d.message,
      }));
      void connection.sendDiagnostics({ uri, version: versions.get(uri), diagnostics });
    } catch (e) {
      logError(`diagnostics of ${uri}`, e);
    }
  }

  function schedule(uri: string): void {
    const old = pending.get(uri);
    if (old) clearTimeout(old);
    pending.set(uri, setTimeout(() => publish(uri), DIAGNOSTIC_DELAY_MS));
  }

  connection.onInitialize(
    guarded('initialize', { capabilities: {} } as InitializeResult, async (params) => {
      const received = Date.now();
      host = await AnalysisHost.create(uriWorkspace);
      timing('initialize', `received at ${received}, grammars loaded in ${Date.now() - received} ms; process started at ${Math.round(performance.timeOrigin)}`);
      canPullConfig = !!params.capabilities?.workspace?.configuration;
      canWatchFiles = !!params.capabilities?.workspace?.didChangeWatchedFiles?.dynamicRegistration;
      const roots: string[] = [
        ...(Array.isArray(params.workspaceFolders) ? params.workspaceFolders.map((f) => f.uri) : []),
        ...(typeof params.rootUri === 'string' ? [params.rootUri] : []),
      ];
      for (const problem of includes.setRoots(roots)) log(problem);
      host.setIncludeProvider(includes);
      canReportProgress = !!params.capabilities?.window?.workDoneProgress;
      workspaceRoots = roots;
      applySettings((params.initializationOptions as { settings?: unknown } | undefined)?.settings ?? params.initializationOptions);
      // Workspace trust comes from the client at start and never from workspace settings.
      const trusted = (params.initializationOptions as { trusted?: unknown } | undefined)?.trusted;
      config = { ...config, trusted: trusted === true };
      log(`started; targets ${config.targets.map((t) => t.triple).join(', ')}; ${config.trusted ? 'trusted workspace' : 'restricted mode: analysis of open files only, no compiler runs'}`);
      const result: InitializeResult = {
        capabilities: {
          textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
          hoverProvider: true,
          codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Refactor, CodeActionKind.RefactorRewrite, CodeActionKind.Source] },
          inlayHintProvider: true,
          definitionProvider: true,
          executeCommandProvider: { commands: ['ffiLens.verifyLayouts'] },
          workspaceSymbolProvider: true,
          codeLensProvider: { resolveProvider: false },
        },
        serverInfo: { name: 'ffi-lens', version: '0.1.0' },
      };
      return result;
    }),
  );

  /** The index lives in a worker when running from the bundle (the bundle is the worker's script); else on this thread in slices. */
  /**
   * C++ calls into functions other files define: the index knows files the headers' names do not
   * lead to. The index lives in its worker and answers asynchronously, while the throw analysis
   * asks synchronously, so the server keeps a snapshot of the C++ source files' function
   * definitions, renewed when indexing ends and when watched files change.
   */
  let definersKey = '';
  async function refreshFunctionDefiners(): Promise<void> {
    const byName = new Map<string, string[]>();
    const hits = await indexService().inFiles('function', CPP_SOURCE_EXTENSIONS);
    for (const hit of hits) {
      const paths = byName.get(hit.name);
      if (!paths) byName.set(hit.name, [hit.path]);
      else if (!paths.includes(hit.path)) paths.push(hit.path);
    }
    // Unchanged (a C workspace, or an edit that defines no new function): the open files need no new pass.
    const key = hits.map((h) => `${h.name}\0${h.path}`).sort().join('\n');
    if (key === definersKey) return;
    definersKey = key;
    host?.setFunctionDefiners((name) => byName.get(name) ?? []);
    for (const uri of files.keys()) schedule(uri);
  }

  function indexService(): IndexService {
    if (index) return index;
    const bundle = process.argv[1];
    try {
      index = bundle && /\.js$/.test(bundle) ? new WorkerIndex(bundle) : new InProcessIndex();
    } catch (e) {
      logError('starting the index worker', e);
      index = new InProcessIndex();
    }
    return index;
  }

  /** Indexes the workspace folders and the headers their files include, with $/progress when the client shows it. */
  async function indexWorkspace(): Promise<void> {
    const folders = workspaceRoots.flatMap((u) => {
      try {
        return [new URL(u).protocol === 'file:' ? decodeURIComponent(new URL(u).pathname) : ''].filter(Boolean);
      } catch {
        return [];
      }
    });
    if (!folders.length) return;
    const progress = canReportProgress ? await connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('FFI Lens: indexing', 0, 'listing files', false);
    const started = performance.now();
    let lastPercent = -1;
    const onProgress = ({ done, total }: IndexProgress): void => {
      const percent = total ? Math.floor((done * 100) / total) : 100;
      if (percent !== lastPercent) {
        lastPercent = percent;
        progress?.report(percent, `${done}/${total} files`);
      }
    };
    const follow = { ...includes.includeSearch(config.targets.map((t) => t.triple)), maxHeaders: MAX_FOLLOWED_HEADERS };
    const summary = await indexService().indexFolders(folders, follow, onProgress);
    progress?.done();
    if (summary) log(`indexed ${summary.files} files (${summary.headersFollowed} of them headers included from outside the workspace; ${summary.entries} declarations) in ${Math.round(performance.now() - started)} ms`);
    if (summary) {
      heaviestFiles = summary.heaviestFiles.map((f) => f.path);
      readAheadLater();
    }
    if (summary) await refreshFunctionDefiners();
  }

  connection.onInitialized(guarded('initialized', undefined, async () => {
    // Ask the compiler for its include folders now, not in the first hover of a file with #include.
    hostSystemDirs();
    // Compile the hover's code paths before the first file comes (skipped if one already did).
    setTimeout(() => {
      if (!host || files.size > 0) {
        warmingUp = false;
        readAhead();
        return;
      }
      try {
        timing('warm-up', `diagnostics, layouts and a hover of a built-in sample in ${Math.round(warmUp(host, config))} ms`);
      } catch (e) {
        logError('warm-up', e);
      }
      // Then the preprocessor on the standard headers, one header per turn: a file opened
      // meanwhile goes first and waits for one step at most, and the steps stop there.
      const steps: number[] = [];
      inTurns(() => {
        if (!host || files.size > 0 || steps.length >= WARM_UP_INCLUDE_STEPS.length) return false;
        try {
          steps.push(warmUpIncludeStep(host, config, steps.length));
          return true;
        } catch (e) {
          logError('warm-up', e);
          return false;
        }
      }, () => {
        warmingUp = false;
        readAhead();
        if (steps.length > 0) timing('warm-up includes', `${steps.length} of ${WARM_UP_INCLUDE_STEPS.length} samples including a standard C header in ${Math.round(steps.reduce((a, b) => a + b, 0))} ms (longest step ${Math.round(Math.max(...steps))} ms)`);
      });
    }, 0);
    void indexWorkspace().catch((e: unknown) => logError('indexing', e));
    await pullSettings();
    // Headers and compile_commands.json change outside the editor: watch them to rebuild what the includes declare.
    if (canWatchFiles) {
      await connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.{h,hh,hpp,hxx,inc,c,cc,cpp}' }, { globPattern: '**/compile_commands.json' }],
      });
    }
  }));

  connection.onDidChangeWatchedFiles(
    guarded('didChangeWatchedFiles', undefined, (params) => {
      const changes: unknown = params?.changes;
      if (!Array.isArray(changes)) return;
      for (const c of changes) {
        if (typeof c?.uri !== 'string') continue;
        includes.changed(c.uri);
        try {
          const url = new URL(c.uri);
          if (url.protocol === 'file:') indexService().reindex(decodeURIComponent(url.pathname));
        } catch {
          // Not a URI: nothing to re-index.
        }
      }
      host?.invalidateIncludes();
      for (const uri of files.keys()) schedule(uri);
      // The re-indexing above is queued in the worker before this question, so the snapshot sees it.
      void refreshFunctionDefiners().catch((e: unknown) => log(`refreshing the C++ function definitions failed: ${String(e)}`));
    }),
  );

  connection.onExecuteCommand(
    guarded('executeCommand', null as string | null, async (params) => {
      if (params?.command !== 'ffiLens.verifyLayouts') return null;
      const uri = Array.isArray(params.arguments) && typeof params.arguments[0] === 'string' ? params.arguments[0] : undefined;
      if (uri) return verify(uri, true);
      // From the command palette: every open file.
      const answers = await Promise.all([...files.keys()].map(async (u) => `${u}: ${await verify(u, true)}`));
      return answers.join('\n') || 'no open files';
    }),
  );

  connection.onDefinition(
    guarded('definition', null as LspLocation | null, async (params) => {
      const uri = uriOf(params);
      const file = uri !== undefined ? files.get(uri) : undefined;
      if (!file || !host || !isPosition(params.position)) return null;
      const offset = file.lines.offset(params.position);
      const at = host.definition(file, offset, config);
      if (!at) {
        // Not declared by the file or its includes: the workspace index may know the name.
        const word = /[A-Za-z_]\w*$/.exec(file.text.slice(Math.max(0, offset - 200), offset))?.[0] ?? '';
        const name = word + (/^\w*/.exec(file.text.slice(offset, offset + 200))?.[0] ?? '');
        const before = file.text.slice(Math.max(0, offset - word.length - 16), offset - word.length);
        const tagged = /\b(struct|union|enum)\s+$/.exec(before)?.[1] as IndexKind | undefined;
        const hit = name ? (await indexService().lookup(name, tagged ? [tagged] : undefined))[0] : undefined;
        if (!hit) return null;
        const p = { line: hit.line, character: hit.character };
        return { uri: includes.uriOf(hit.path), range: { start: p, end: { line: p.line, character: p.character + name.length } } };
      }
      const position = { line: at.line, character: at.character };
      return { uri: at.path === file.path ? file.path : includes.uriOf(at.path), range: { start: position, end: position } };
    }),
  );

  connection.onWorkspaceSymbol(
    guarded('workspaceSymbol', [] as SymbolInformation[], async (params) => {
      if (!host) return [];
      const query = typeof params?.query === 'string' ? params.query : '';
      const kinds = { struct: SymbolKind.Struct, union: SymbolKind.Struct, enum: SymbolKind.Enum, typedef: SymbolKind.TypeParameter } as const;
      const fromFiles: SymbolInformation[] = host.symbols(files.values(), query, config).map((sym) => {
        const position = { line: sym.location.line, character: sym.location.character };
        const open = files.has(sym.location.path);
        return { name: sym.name, kind: kinds[sym.kind], location: { uri: open ? sym.location.path : includes.uriOf(sym.location.path), range: { start: position, end: position } } };
      });
      const seen = new Set(fromFiles.map((x) => `${x.name}\0${x.location.uri}\0${x.location.range.start.line}`));
      const indexKinds = { ...kinds, function: SymbolKind.Function } as const;
      for (const hit of await indexService().search(query, 2000)) {
        const uri = includes.uriOf(hit.path);
        if (seen.has(`${hit.name}\0${uri}\0${hit.line}`)) continue;
        const position = { line: hit.line, character: hit.character };
        fromFiles.push({ name: hit.name, kind: indexKinds[hit.kind], location: { uri, range: { start: position, end: position } } });
      }
      return fromFiles;
    }),
  );
  connection.onDidChangeConfiguration(
    guarded('configuration change', undefined, async (params) => {
      const inline = (params.settings as { ffiLens?: unknown } | undefined)?.ffiLens;
      if (inline) applySettings(inline);
      else await pullSettings();
      for (const uri of files.keys()) schedule(uri);
    }),
  );

  connection.onDidOpenTextDocument(
    guarded('didOpen', undefined, (params) => {
      if (!host) return;
      const doc = params?.textDocument as Partial<typeof params.textDocument> | undefined;
      if (typeof doc?.uri !== 'string' || typeof doc.text !== 'string') throw new Error('didOpen without a uri and text');
      // VS Code calls `.h` files C++; until C++ layouts land (they differ only for C++ constructs),
      // headers are read with the C grammar, which the layout front end is built and tested on.
      const byId = LANGUAGE_IDS[String(doc.languageId)];
      const language = byId === 'cpp' && /\.h$/i.test(doc.uri) ? 'c' : byId ?? languageOfPath(doc.uri);
      if (!language) return;
      files.get(doc.uri)?.dispose();
      const received = Date.now();
      files.set(doc.uri, host.openFile(doc.uri, language, doc.text));
      timing('first didOpen', `${doc.uri} parsed in ${Date.now() - received} ms`);
      if (typeof doc.version === 'number' && Number.isSafeInteger(doc.version)) versions.set(doc.uri, doc.version);
      schedule(doc.uri);
    }),
  );

  connection.onDidChangeTextDocument(
    guarded('didChange', undefined, (params) => {
      const uri = uriOf(params);
      const file = uri !== undefined ? files.get(uri) : undefined;
      if (!uri || !file) return;
      const changes: unknown = params.contentChanges;
      const valid = Array.isArray(changes) && changes.every((c: unknown) => {
        if (typeof c !== 'object' || c === null || typeof (c as { text?: unknown }).text !== 'string') return false;
        const range = (c as { range?: unknown }).range;
        return range === undefined || isRange(range);
      });
      // Applying part of a malformed batch would put us out of step with the client silently; say so instead.
      if (!valid) throw new Error(`malformed contentChanges for ${uri}; the document may be out of sync until it is reopened`);
      const whole = params.contentChanges.find((c) => !('range' in c) || !c.range);
      if (whole) {
        file.setText(whole.text);
      } else {
        file.applyEdits(params.contentChanges.map((c) => {
          const range = (c as { range: Range }).range;
          return { start: range.start, end: range.end, text: c.text };
        }));
      }
      const version: unknown = params.textDocument.version;
      if (typeof version === 'number' && Number.isSafeInteger(version)) versions.set(uri, version);
      schedule(uri);
    }),
  );

  connection.onDidCloseTextDocument(
    guarded('didClose', undefined, (params) => {
      const uri = params.textDocument.uri;
      const file = files.get(uri);
      if (file) host?.closed(file, config);
      file?.dispose();
      files.delete(uri);
      versions.delete(uri);
      const timer = pending.get(uri);
      if (timer) clearTimeout(timer);
      pending.delete(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
    }),
  );

  connection.onHover(
    guarded('hover', null, (params) => {
      const uri = uriOf(params);
      const file = uri !== undefined ? files.get(uri) : undefined;
      if (!file || !host || !isPosition(params.position)) return null;
      const offset = file.lines.offset(params.position);
      const received = Date.now();
      // From the targets read so far: a file with large includes reads the others afterwards.
      const hover = host.hover(file, offset, config, { readTargets: 'read' });
      timing(hover ? 'first hover with content' : 'first hover request', `answered in ${Date.now() - received} ms`);
      if (!hover) return null;
      return { contents: { kind: 'markdown', value: hover.markdown }, range: toRange(file.lines, hover.start, hover.end) };
    }),
  );

  connection.onCodeAction(
    guarded('codeAction', [] as CodeAction[], (params) => {
      const uri = uriOf(params);
      const file = uri !== undefined ? files.get(uri) : undefined;
      if (!uri || !file || !host || !isRange(params.range)) return [];
      const from = file.lines.offset(params.range.start);
      const to = file.lines.offset(params.range.end);
      const actions: CodeAction[] = [];
      for (const d of host.diagnostics(file, config, logError)) {
        if (d.end < from || d.start > to) continue;
        for (const fix of d.fixes) {
          actions.push({
            title: fix.title,
            kind: CodeActionKind.QuickFix,
            isPreferred: fix.preferred,
            diagnostics: [{ range: toRange(file.lines, d.start, d.end), message: d.message, code: d.code, source: 'ffi-lens', severity: SEVERITY[d.severity] }],
            edit: workspaceEdit(uri, file, fix.edits, fix.newFiles),
          });
        }
      }
      for (const a of host.actions(file, from, to, config, logError)) {
        const kind = a.kind === 'source' ? CodeActionKind.Source : a.kind === 'refactor.rewrite' ? CodeActionKind.RefactorRewrite : CodeActionKind.Refactor;
        actions.push({ title: a.title, kind, edit: workspaceEdit(uri, file, a.edits, a.newFiles) });
      }
      return actions;
    }),
  );

  connection.languages.inlayHint.on(
    guarded('inlayHint', [] as LspInlayHint[], (params) => {
      const uri = uriOf(params);
      const file = uri !== undefined ? files.get(uri) : undefined;
      if (!file || !host || !isRange(params.range)) return [];
      const from = file.lines.offset(params.range.start);
      const to = file.lines.offset(params.range.end);
      return host.inlayHints(file, from, to, config, logError).map((h) => ({
        position: file.lines.position(h.offset),
        label: h.label,
        ...(h.tooltip ? { tooltip: h.tooltip } : {}),
        ...(h.paddingLeft ? { paddingLeft: true } : {}),
        ...(h.paddingRight ? { paddingRight: true } : {}),
      }));
    }),
  );

  connection.onRequest(
    LAYOUTS_REQUEST,
    guarded('layouts', null, (params: unknown) => {
      const uri = uriOf(params);
      const file = uri !== undefined ? files.get(uri) : undefined;
      if (!file || !host) return null;
      const records = host.recordLayouts(file, config).map((r) => ({
        ...r,
        range: toRange(file.lines, r.start, r.end),
        namePosition: file.lines.position(r.nameStart),
      }));
      return { uri, version: versions.get(uri ?? '') ?? null, primary: config.targets[0]?.triple ?? null, records };
    }),
  );

  connection.onCodeLens(
    guarded('codeLens', [] as CodeLens[], (params) => {
      const uri = uriOf(params);
      const file = uri !== undefined ? files.get(uri) : undefined;
      if (!uri || !file || !host) return [];
      const received = Date.now();
      // A lens shows the primary target's figures only: the other targets are not waited for.
      const records = host.recordLayouts(file, config, 'primary');
      timing('first code lenses', `${records.length} records laid out for the primary target in ${Date.now() - received} ms`);
      return records.map((r) => {
        const primary = r.targets[0];
        const holes = primary?.holes.reduce((n, h) => n + h.endBits - h.startBits, 0) ?? 0;
        const summary = !primary || primary.size === undefined ? 'layout unknown' : `${primary.size} bytes${holes ? `, ${Math.ceil(holes / 8)} padding` : ''}`;
        const at = file.lines.position(r.nameStart);
        return {
          range: { start: at, end: at },
          command: { title: `Show layout (${summary})`, command: SHOW_LAYOUT_COMMAND, arguments: [uri, at] },
        };
      });
    }),
  );

  connection.onShutdown(() => {
    index?.dispose();
    for (const f of files.values()) f.dispose();
    files.clear();
  });

  connection.listen();
  return connection;
}
