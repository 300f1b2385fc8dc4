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
  type Position,
  type Range,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import type { LineIndex } from '../base/line-index.ts';
import { AnalysisHost, DEFAULT_CONFIG, parseSettings, type AnalysisConfig, type Diagnostic, type SourceFile, type TextEdit } from '../ide/analysis.ts';
import type { NewFile } from '../diagnostics/types.ts';
import { languageOfPath, type LanguageId } from '../syntax/parser.ts';

const LANGUAGE_IDS: Record<string, LanguageId> = { c: 'c', cpp: 'cpp', 'cuda-cpp': 'cpp', objc: 'c', rust: 'rust', python: 'python' };
const DIAGNOSTIC_DELAY_MS = 15;

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
  let config: AnalysisConfig = DEFAULT_CONFIG;
  let canPullConfig = false;

  const log = (message: string) => connection.console.log(`[ffi-lens] ${message}`);
  const logError = (what: string, e: unknown) => connection.console.error(`[ffi-lens] ${what} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);

  function guarded<P, R>(what: string, fallback: R, fn: (params: P) => R | Promise<R>): (params: P) => Promise<R> {
    return async (params: P) => {
      try {
        return await fn(params);
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
    config = parsed.config;
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
        relatedInformation: d.related.map((r) => ({ location: { uri, range: toRange(file.lines, r.start, r.end) }, message: r.message })),
      }));
    } catch (e) {
      logError(`diagnostics of ${uri}`, e);
    }
    void connection.sendDiagnostics({ uri, version: versions.get(uri), diagnostics });
  }

  function schedule(uri: string): void {
    const old = pending.get(uri);
    if (old) clearTimeout(old);
    pending.set(uri, setTimeout(() => publish(uri), DIAGNOSTIC_DELAY_MS));
  }

  connection.onInitialize(
    guarded('initialize', { capabilities: {} } as InitializeResult, async (params) => {
      host = await AnalysisHost.create();
      canPullConfig = !!params.capabilities?.workspace?.configuration;
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
          codeLensProvider: { resolveProvider: false },
        },
        serverInfo: { name: 'ffi-lens', version: '0.1.0' },
      };
      return result;
    }),
  );

  connection.onInitialized(guarded('initialized', undefined, () => pullSettings()));
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
      files.set(doc.uri, host.openFile(doc.uri, language, doc.text));
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
      files.get(uri)?.dispose();
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
      const hover = host.hover(file, offset, config);
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
      return host.recordLayouts(file, config).map((r) => {
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
    for (const f of files.values()) f.dispose();
    files.clear();
  });

  connection.listen();
  return connection;
}
