// The extension through the `vscode` API, in a real extension host: hover,
// diagnostics, the quick fix, the target setting, the commands. The workspace is
// a copy of examples/ (test/vscode/run.mjs).
const assert = require('node:assert/strict');
const path = require('node:path');
const vscode = require('vscode');

const WS = process.env.FFI_LENS_WORKSPACE;
const FILE = vscode.Uri.file(path.join(WS, 'c', 'packet.h'));

async function until(what, fn, ms = 30000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function hoverMarkdown(hovers) {
  return (hovers || []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

describe('FFI Lens in VS Code', function () {
  let doc;
  let at;
  before(async function () {
    doc = await vscode.workspace.openTextDocument(FILE);
    await vscode.window.showTextDocument(doc);
    at = doc.positionAt(doc.getText().indexOf('struct sample') + 8);
    await until('the extension', () => vscode.extensions.getExtension('ffi-lens.ffi-lens')?.isActive);
  });
  after(async function () {
    await vscode.workspace.getConfiguration('ffiLens').update('target', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('hovers a struct with its layout', async function () {
    const md = await until('a hover', async () => hoverMarkdown(await vscode.commands.executeCommand('vscode.executeHoverProvider', FILE, at)));
    assert.match(md, /\*\*struct sample\*\* — x86-64/);
    assert.match(md, /size \*\*24\*\* · align \*\*8\*\*/);
  });

  it('reports the zero-length array and offers its preferred fix', async function () {
    const diag = await until('c-zero-length-array', () => vscode.languages.getDiagnostics(FILE).find((d) => d.code === 'c-zero-length-array'));
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', FILE, diag.range);
    const fix = actions.find((a) => /flexible array member/.test(a.title));
    assert.ok(fix && fix.isPreferred, JSON.stringify(actions.map((a) => a.title)));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.getText(), /char body\[\];/);
  });

  it('follows ffiLens.target at once', async function () {
    await vscode.workspace.getConfiguration('ffiLens').update('target', 'i686-unknown-linux-gnu', vscode.ConfigurationTarget.Workspace);
    const md = await until('an i686 hover', async () => {
      const m = hoverMarkdown(await vscode.commands.executeCommand('vscode.executeHoverProvider', FILE, at));
      return /— i686/.test(m) && m;
    });
    assert.match(md, /size \*\*20\*\* · align \*\*4\*\*/);
  });

  it('has a code lens per record', async function () {
    const lenses = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', FILE);
    assert.ok(lenses.some((l) => l.command && l.command.command === 'ffiLens.showLayout'), JSON.stringify(lenses));
  });

  it('opens the layout report in its own language', async function () {
    await vscode.commands.executeCommand('ffiLens.layoutReport');
    const report = await until('the report', () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'ffi-lens-report'));
    assert.equal(report.languageId, 'ffi-layout-report');
    await until('report text', () => /struct sample \{[\s\S]*XXX 3 bytes hole, try to pack/.test(report.getText()));
  });

  it('shows the layout view and restarts the server', async function () {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('ffiLens.showLayout', FILE.toString(), { line: at.line, character: at.character });
    await vscode.commands.executeCommand('ffiLens.restartServer');
    const md = await until('a hover after restart', async () => hoverMarkdown(await vscode.commands.executeCommand('vscode.executeHoverProvider', FILE, at)));
    assert.match(md, /struct sample/);
  });
});
