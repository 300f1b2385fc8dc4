// `npm run package`: builds the .vsix with @vscode/vsce from the bundle in dist/
// (no node_modules: everything the extension runs is bundled), checks that it
// holds only what runs, and prints its size.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

const root = join(dirname(new URL(import.meta.url).pathname), '..');
const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = process.argv[2] ?? join(root, `${name}-${version}.vsix`);
const vsce = join(root, 'node_modules', '.bin', 'vsce');
// stdin closed: vsce never waits on a prompt.
const r = spawnSync(vsce, ['package', '--no-dependencies', '--no-update-package-json', '-o', out], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
if (r.status !== 0) process.exit(r.status ?? 1);

const list = spawnSync(vsce, ['ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
const files = list.stdout.trim().split('\n').filter(Boolean).sort();
const allowed = [/^dist\/(client|ffi-lens)\.js$/, /^dist\/grammars\/[\w-]+\.wasm$/, /^syntaxes\/[\w-]+\.tmLanguage\.json$/, /^images\/icon\.png$/, /^(README\.md|LICENSE|package\.json)$/];
const stray = files.filter((f) => !allowed.some((a) => a.test(f)));
if (stray.length) {
  console.error(`package: unexpected files in the .vsix: ${stray.join(', ')}`);
  process.exit(1);
}
const bytes = statSync(out).size;
console.log(`package: ${out} ${(bytes / 1024).toFixed(0)} KiB (${bytes} bytes), ${files.length} files: ${files.join(', ')}`);
