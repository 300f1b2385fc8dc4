// package.json is the extension's manifest: its settings must be the ones the
// server reads (server/src/ide/config.ts), each documented, its target list the
// server's, and the commands the client registers must be contributed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_CONFIG, parseSettings } from '../../server/src/ide/config.ts';
import { shortTargetName } from '../../server/src/hover/render.ts';
import { TARGETS } from '../../server/src/layout/targets.ts';

const ROOT = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const properties: Record<string, { default?: unknown; markdownDescription?: string; description?: string; enum?: string[]; items?: { enum?: string[] } }> = manifest.contributes.configuration.properties;

/** `{ "ffiLens.hover.byteMap": x }` -> `{ hover: { byteMap: x } }`, as the editor sends the section. */
function nest(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.replace(/^ffiLens\./, '').split('.');
    let at = out;
    for (const p of parts.slice(0, -1)) at = (at[p] ??= {}) as Record<string, unknown>;
    at[parts[parts.length - 1]!] = value;
  }
  return out;
}

test('every setting is documented, and the defaults parse to the server defaults without a problem', () => {
  assert.deepEqual(Object.keys(properties).sort(), [
    'ffiLens.checks', 'ffiLens.hover.byteMap', 'ffiLens.includePaths', 'ffiLens.inlayHints.ownership',
    'ffiLens.python.version', 'ffiLens.readAhead', 'ffiLens.target', 'ffiLens.targets', 'ffiLens.verifyWithCompiler',
  ]);
  for (const [key, p] of Object.entries(properties)) assert.ok((p.markdownDescription ?? p.description ?? '').length > 30, `${key} is documented`);
  const defaults = Object.fromEntries(Object.entries(properties).map(([k, p]) => [k, p.default]));
  const { config, problems } = parseSettings(nest(defaults));
  assert.deepEqual(problems, []);
  assert.deepEqual({ ...config, targets: config.targets.map((t) => t.triple) }, { ...DEFAULT_CONFIG, targets: DEFAULT_CONFIG.targets.map((t) => t.triple) });
});

test('the target lists are the server\'s targets', () => {
  const triples = TARGETS.map((t) => t.triple);
  assert.deepEqual(properties['ffiLens.target']!.enum, triples);
  assert.deepEqual(properties['ffiLens.targets']!.items!.enum, triples);
  const status = readFileSync(join(ROOT, 'client/src/target-status.ts'), 'utf8');
  for (const t of TARGETS) assert.ok(status.includes(`'${t.triple}': '${shortTargetName(t)}'`), `status bar names ${t.triple} ${shortTargetName(t)}`);
});

test('every command the client registers is contributed, restricted mode is declared', () => {
  const source = readFileSync(join(ROOT, 'client/src/extension.ts'), 'utf8');
  // The language client registers the server's executeCommand commands itself (ffiLens.verifyLayouts).
  const server = readFileSync(join(ROOT, 'server/src/lsp/server.ts'), 'utf8');
  const fromServer = [...(/executeCommandProvider: \{ commands: \[([^\]]*)\]/.exec(server)?.[1] ?? '').matchAll(/'([\w.]+)'/g)].map((m) => m[1]);
  assert.ok(fromServer.length > 0, 'the server declares its commands');
  const registered = [...[...source.matchAll(/registerCommand\('([\w.]+)'/g)].map((m) => m[1]), ...fromServer].sort();
  assert.deepEqual(registered, manifest.contributes.commands.map((c: { command: string }) => c.command).sort());
  // The server starts with a workspace of C, C++ or Rust sources, before a file is opened (the first hover then waits only for the file).
  assert.deepEqual(manifest.activationEvents, ['onLanguage:c', 'onLanguage:cpp', 'onLanguage:rust', 'onLanguage:python', 'workspaceContains:**/*.{c,h,cc,cpp,cxx,hh,hpp,hxx,rs}']);
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['ffiLens.includePaths', 'ffiLens.verifyWithCompiler']);
});
