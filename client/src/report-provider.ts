// "FFI Lens: Layout Report": a read-only virtual document (scheme ffi-lens-report)
// in the language `ffi-layout-report`, refreshed when its source file changes.
import * as vscode from 'vscode';
import type { ServerHandle } from './extension.ts';
import { layoutReport } from './view/report.ts';

export const REPORT_SCHEME = 'ffi-lens-report';
const REFRESH_MS = 300;

export class ReportProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly server: ServerHandle) {
    const refreshAll = () => {
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        for (const doc of vscode.workspace.textDocuments) if (doc.uri.scheme === REPORT_SCHEME) this.changed.fire(doc.uri);
      }, REFRESH_MS);
    };
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.scheme !== REPORT_SCHEME) refreshAll();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('ffiLens')) refreshAll();
      }),
    );
  }

  /** The report's URI for a source file: the source URI is the query, the path names it for the tab; fragment `all`: every target. */
  static uriFor(source: vscode.Uri, allTargets = false): vscode.Uri {
    return vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${path(source)} layout${allTargets ? ' (all targets)' : ''}`, query: source.toString(), fragment: allTargets ? 'all' : '' });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const source = vscode.Uri.parse(uri.query);
    const name = path(source);
    // The server answers for open documents only; opening it is cheap and makes sure it is.
    await vscode.workspace.openTextDocument(source);
    // A moment after opening, the server may not have the document yet: ask again briefly.
    for (let attempt = 0; attempt < 20; attempt++) {
      const result = await this.server.layouts(source);
      if (result) return layoutReport(result, name, { allTargets: uri.fragment === 'all' });
      await new Promise((r) => setTimeout(r, 100));
    }
    return `/* FFI Lens: no layouts for ${name} (is it a C file, and is the server running?) */\n`;
  }

  /** Opens the report beside the editor; `allTargets`: every configured target where layouts differ. */
  async open(allTargets = false): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('FFI Lens: open a C file first.');
      return;
    }
    const doc = await vscode.workspace.openTextDocument(ReportProvider.uriFor(editor.document.uri, allTargets));
    await vscode.languages.setTextDocumentLanguage(doc, 'ffi-layout-report');
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.changed.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

function path(uri: vscode.Uri): string {
  return uri.path.split('/').pop() || uri.toString();
}
