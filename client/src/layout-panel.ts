// "FFI Lens: Show Layout": one webview beside the editor showing the record at
// the cursor (or the one a code lens names), redrawn as the user edits or
// switches target. The page itself is built by view/layout-html.ts.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ServerHandle } from './extension.ts';
import { layoutPage } from './view/layout-html.ts';
import type { WirePosition, WireRecord } from './view/protocol.ts';

const REDRAW_MS = 250;

export class LayoutPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private source: vscode.Uri | undefined;
  /** Which record: its name position when shown (kept across edits by record title). */
  private recordTitle: string | undefined;
  private at: WirePosition | undefined;
  private selectedTarget: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly server: ServerHandle, private readonly context: vscode.ExtensionContext) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.panel && this.source && e.document.uri.toString() === this.source.toString()) this.scheduleRedraw();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (this.panel && e.affectsConfiguration('ffiLens')) {
          this.selectedTarget = undefined;
          this.scheduleRedraw();
        }
      }),
      server.onRestarted(() => this.scheduleRedraw()),
    );
  }

  async show(uriArg?: string | vscode.Uri, at?: WirePosition): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const uri = typeof uriArg === 'string' ? vscode.Uri.parse(uriArg) : uriArg ?? editor?.document.uri;
    if (!uri) {
      void vscode.window.showInformationMessage('FFI Lens: open a C file and put the cursor in a struct or union.');
      return;
    }
    this.source = uri;
    this.at = at ?? (editor && editor.document.uri.toString() === uri.toString() ? { line: editor.selection.active.line, character: editor.selection.active.character } : undefined);
    this.recordTitle = undefined;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('ffiLens.layout', 'Layout', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: true,
        localResourceRoots: [],
      });
      this.panel.onDidDispose(() => {
        this.panel = undefined;
      }, undefined, this.subscriptions);
      this.panel.webview.onDidReceiveMessage((m: unknown) => {
        const msg = m as { type?: unknown; target?: unknown };
        if (msg.type === 'selectTarget' && typeof msg.target === 'string') this.selectedTarget = msg.target;
      }, undefined, this.subscriptions);
    } else {
      this.panel.reveal(vscode.ViewColumn.Beside, true);
    }
    await this.redraw();
  }

  private scheduleRedraw(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.redraw(), REDRAW_MS);
  }

  /** The record the panel is about: the one named before (by title), else the one enclosing the position, else the first. */
  private choose(records: readonly WireRecord[]): WireRecord | undefined {
    if (this.recordTitle) {
      const same = records.find((r) => r.title === this.recordTitle);
      if (same) return same;
    }
    const at = this.at;
    if (at) {
      const before = (a: WirePosition, b: WirePosition) => a.line < b.line || (a.line === b.line && a.character <= b.character);
      const inside = records.filter((r) => before(r.range.start, at) && before(at, r.range.end));
      // The innermost record containing the position.
      const best = inside.sort((a, b) => b.start - a.start)[0];
      if (best) return best;
    }
    return records[0];
  }

  private async redraw(): Promise<void> {
    const panel = this.panel;
    const source = this.source;
    if (!panel || !source) return;
    let result;
    for (let attempt = 0; attempt < 20 && !result; attempt++) {
      try {
        result = await this.server.layouts(source);
      } catch (e) {
        this.server.output.appendLine(`[client] layouts of ${source.toString()} failed: ${String(e)}`);
      }
      if (!result) await new Promise((r) => setTimeout(r, 100));
    }
    const record = result ? this.choose(result.records) : undefined;
    if (record) this.recordTitle = record.title;
    panel.title = record ? `Layout: ${record.title}` : 'Layout';
    const nonce = randomBytes(16).toString('base64');
    panel.webview.html = layoutPage(record, { cspSource: panel.webview.cspSource, nonce, selectedTarget: this.selectedTarget ?? result?.primary ?? undefined },
      result ? 'No struct or union with a body in this file.' : 'FFI Lens has no layouts for this file (not a C file, or the server is not running).');
    void this.context;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.panel?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
