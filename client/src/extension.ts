// The VS Code client: starts the bundled server over Node IPC, forwards the
// ffiLens.* settings, and adds what only an editor can show: the status-bar
// target switch, the layout picture, the layout report. All analysis lives in
// the server; the client asks it for plain data (`ffiLens/layouts`).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { LayoutPanel } from './layout-panel.ts';
import { ReportProvider, REPORT_SCHEME } from './report-provider.ts';
import { TargetStatus } from './target-status.ts';
import { LAYOUTS_REQUEST, type LayoutsResult } from './view/protocol.ts';

const LANGUAGES = ['c', 'cpp', 'rust', 'python'];
/** When the editor evaluated this module: logged on activation, to tell load time from start-up time. */
const LOADED_AT = new Date();

/** The running client and how to ask it for layouts; replaced on restart. */
export class ServerHandle {
  private client: LanguageClient | undefined;
  private firstHoverLogged = false;
  private firstOpenLogged = false;
  private readonly restarted = new vscode.EventEmitter<void>();
  readonly onRestarted = this.restarted.event;

  constructor(private readonly context: vscode.ExtensionContext, readonly output: vscode.LogOutputChannel) {}

  async start(): Promise<void> {
    const module = this.context.asAbsolutePath(path.join('dist', 'ffi-lens.js'));
    const run = { module, transport: TransportKind.ipc, args: ['lsp'] };
    const serverOptions: ServerOptions = { run, debug: run };
    const trusted = vscode.workspace.isTrusted;
    const clientOptions: LanguageClientOptions = {
      documentSelector: LANGUAGES.flatMap((language) => [{ scheme: 'file', language }, { scheme: 'untitled', language }]),
      synchronize: { configurationSection: 'ffiLens' },
      // Trust is the client's to say; the server never runs a compiler unless it is true.
      initializationOptions: { trusted, settings: vscode.workspace.getConfiguration().get('ffiLens') },
      outputChannel: this.output,
      middleware: {
        // When the editor hands the first file to the server: the e2e tells the editor's latency
        // in opening a file from the server's (its log line says when it handled the didOpen).
        didOpen: async (document, next) => {
          if (!this.firstOpenLogged && LANGUAGES.includes(document.languageId)) {
            this.firstOpenLogged = true;
            this.output.appendLine(`[client] timing first didOpen sent at ${Date.now()}: ${document.uri.toString()}`);
          }
          return next(document);
        },
        // The first hover with content, timed where VS Code asks the extension host: with the
        // server's own timing line it tells the editor's share of a first hover from ours.
        provideHover: async (document, position, token, next) => {
          const asked = Date.now();
          const hover = await next(document, position, token);
          if (hover && !this.firstHoverLogged) {
            this.firstHoverLogged = true;
            this.output.appendLine(`[client] timing first hover with content asked at ${asked}, answered at ${Date.now()}`);
          }
          return hover;
        },
      },
    };
    this.output.appendLine(`[client] starting the server (${trusted ? 'trusted workspace' : 'restricted mode: analysis only'})`);
    this.client = new LanguageClient('ffiLens', 'FFI Lens', serverOptions, clientOptions);
    this.output.appendLine('[client] client created');
    const t0 = Date.now();
    await this.client.start();
    this.output.appendLine(`[client] timing server ready at ${Date.now()}: LanguageClient.start() took ${Date.now() - t0} ms`);
  }

  async restart(): Promise<void> {
    const old = this.client;
    this.client = undefined;
    if (old) {
      try {
        await old.stop();
      } catch (e) {
        this.output.appendLine(`[client] stopping the server failed: ${String(e)}`);
      }
    }
    await this.start();
    this.restarted.fire();
  }

  async stop(): Promise<void> {
    await this.client?.stop();
    this.client = undefined;
  }

  /** Layouts of an open document; undefined when the server is not running or the file is not one it reads. */
  async layouts(uri: vscode.Uri): Promise<LayoutsResult | undefined> {
    if (!this.client?.isRunning()) return undefined;
    const result = await this.client.sendRequest<LayoutsResult | null>(LAYOUTS_REQUEST, { textDocument: { uri: this.client.code2ProtocolConverter.asUri(uri) } });
    return result ?? undefined;
  }
}

let server: ServerHandle | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<ServerHandle> {
  const output = vscode.window.createOutputChannel('FFI Lens', { log: true });
  output.appendLine(`[client] timing activate() at ${Date.now()} (module evaluated at ${LOADED_AT.getTime()})`);
  context.subscriptions.push(output);
  server = new ServerHandle(context, output);
  const handle = server;

  const status = new TargetStatus();
  const panel = new LayoutPanel(handle, context);
  const report = new ReportProvider(handle);
  context.subscriptions.push(
    status,
    panel,
    report,
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, report),
    vscode.commands.registerCommand('ffiLens.restartServer', async () => {
      await handle.restart();
      void vscode.window.setStatusBarMessage('FFI Lens: server restarted', 3000);
    }),
    vscode.commands.registerCommand('ffiLens.selectTarget', () => status.pick()),
    vscode.commands.registerCommand('ffiLens.showLayout', (uri?: string | vscode.Uri, at?: { line: number; character: number }) => panel.show(uri, at)),
    // An argument `{ allTargets: true }` (from a keybinding or another extension) gives every target.
    vscode.commands.registerCommand('ffiLens.layoutReport', (options?: { allTargets?: boolean }) => report.open(options?.allTargets === true)),
    vscode.commands.registerCommand('ffiLens.layoutReportAllTargets', () => report.open(true)),
    vscode.commands.registerCommand('ffiLens.showOutput', () => output.show(true)),
    // Granting trust restarts the server so it may do what restricted mode forbids.
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      output.appendLine('[client] workspace trusted: restarting the server');
      await handle.restart();
    }),
  );
  await handle.start();
  return handle;
}

export async function deactivate(): Promise<void> {
  await server?.stop();
}
