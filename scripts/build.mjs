// Bundles the CLI/server and the VS Code client with esbuild, and copies the
// tree-sitter runtime and grammar .wasm files from their pinned npm packages
// into dist/grammars (nothing is downloaded, nothing binary is committed).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, chmodSync } from 'node:fs';
import { dirname, join } from 'node:path';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const manifest = JSON.parse(readFileSync(join(root, 'grammars/grammars.json'), 'utf8'));
const out = join(root, 'dist');
mkdirSync(join(out, 'grammars'), { recursive: true });

function packageDir(name) {
  // Not require.resolve: some packages do not export package.json.
  return join(root, 'node_modules', name);
}
for (const entry of [manifest.runtime, ...Object.values(manifest.languages)]) {
  copyFileSync(join(packageDir(entry.package), entry.file), join(out, 'grammars', entry.file));
}

// web-tree-sitter's ESM build reads import.meta.url to find itself; in a CJS bundle that is the bundle's own URL.
const importMetaUrl = "const __import_meta_url = require('node:url').pathToFileURL(__filename).href;";
const common = {
  bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning',
  define: { 'import.meta.url': '__import_meta_url' },
};
await build({
  ...common,
  entryPoints: [join(root, 'server/src/main.ts')],
  outfile: join(out, 'ffi-lens.js'),
  banner: { js: `#!/usr/bin/env node\n${importMetaUrl}` },
});
chmodSync(join(out, 'ffi-lens.js'), 0o755);
await build({
  ...common,
  entryPoints: [join(root, 'client/src/extension.ts')],
  outfile: join(out, 'client.js'),
  // The editor loads the client on activation: smaller is faster to start.
  minify: true,
  banner: { js: importMetaUrl },
  external: ['vscode'],
});
