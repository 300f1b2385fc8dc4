// The status-bar item naming the primary target, and the quick pick that
// switches it. Switching writes `ffiLens.target`; the language client sends the
// change and the server re-publishes diagnostics, so hovers and diagnostics follow.
import * as vscode from 'vscode';

/** Short names shown in the status bar (the server's hover uses the same). */
const SHORT: Record<string, string> = {
  'x86_64-unknown-linux-gnu': 'x86-64',
  'i686-unknown-linux-gnu': 'i686',
  'aarch64-unknown-linux-gnu': 'aarch64',
  'x86_64-pc-windows-msvc': 'win64',
  'armv7-unknown-linux-gnueabihf': 'armv7',
  'powerpc-unknown-linux-gnu': 'ppc32be',
};

const LANGUAGES = new Set(['c', 'cpp', 'rust', 'python']);

export function primaryTarget(config: vscode.WorkspaceConfiguration = vscode.workspace.getConfiguration('ffiLens')): string {
  const target = config.get<string>('target');
  if (target) return target;
  return config.get<string[]>('targets')?.[0] ?? 'x86_64-unknown-linux-gnu';
}

export class TargetStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('ffiLens.target', vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.item.name = 'FFI Lens target';
    this.item.command = 'ffiLens.selectTarget';
    this.update();
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('ffiLens')) this.update();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    );
  }

  private update(): void {
    const triple = primaryTarget();
    this.item.text = `$(symbol-structure) ${SHORT[triple] ?? triple}`;
    this.item.tooltip = `FFI Lens primary target: ${triple}. Click to switch.`;
    this.item.accessibilityInformation = { label: `FFI Lens target ${triple}, click to switch`, role: 'button' };
    const language = vscode.window.activeTextEditor?.document.languageId;
    if (language && LANGUAGES.has(language)) this.item.show();
    else this.item.hide();
  }

  async pick(): Promise<void> {
    const current = primaryTarget();
    const known = Object.keys(SHORT);
    const items = known.map((triple) => ({
      label: SHORT[triple]!,
      description: triple,
      detail: triple === current ? 'current primary target' : undefined,
      picked: triple === current,
    }));
    const chosen = await vscode.window.showQuickPick(items, { title: 'FFI Lens: primary target', placeHolder: `Current: ${current}` });
    if (!chosen || chosen.description === current) return;
    // Workspace settings when a folder is open (the choice belongs to the project), user settings otherwise.
    const scope = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration('ffiLens').update('target', chosen.description, scope);
  }

  dispose(): void {
    this.item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
