// Bundles the CLI/server and the VS Code client with esbuild, and copies the
// tree-sitter runtime and grammar .wasm files from their pinned npm packages
// into dist/grammars (nothing is downloaded, nothing binary is committed).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(join(root, 'package.json'));
const manifest = JSON.parse(readFileSync(join(root, 'grammars/grammars.json'), 'utf8'));
const out = join(root, 'dist');
mkdirSync(join(out, 'grammars'), { recursive: true });

function packageDir(name) {
  return dirname(require.resolve(`${name}/package.json`));
}
for (const entry of [manifest.runtime, ...Object.values(manifest.languages)]) {
  copyFileSync(join(packageDir(entry.package), entry.file), join(out, 'grammars', entry.file));
}

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };
await build({
  ...common,
  entryPoints: [join(root, 'server/src/main.ts')],
  outfile: join(out, 'ffi-lens.js'),
  banner: { js: '#!/usr/bin/env node' },
});
chmodSync(join(out, 'ffi-lens.js'), 0o755);
await build({
  ...common,
  entryPoints: [join(root, 'client/src/extension.ts')],
  outfile: join(out, 'client.js'),
  external: ['vscode'],
});
