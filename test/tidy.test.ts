// Boundaries ARCHITECTURE.md promises, checked on the source.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { DIAGNOSTICS } from '../server/src/diagnostics/registry.ts';

const SRC = join(__dirname, '..', 'server', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

function imports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)[^'"]*from\s+'([^']+)'/gm)].map((m) => m[1]!);
}

test('only lsp/ imports vscode-languageserver', () => {
  for (const f of sources(SRC)) {
    const rel = relative(SRC, f);
    if (rel.startsWith('lsp/')) continue;
    assert.ok(!imports(f).some((i) => i.startsWith('vscode-languageserver')), `${rel} imports the protocol`);
  }
});

test('layout/ knows no trees and base/ depends on nothing', () => {
  for (const f of sources(join(SRC, 'layout'))) {
    assert.ok(!imports(f).some((i) => i.includes('web-tree-sitter') || i.includes('/syntax/') || i.includes('/lower/')), `${relative(SRC, f)} reaches into syntax`);
  }
  for (const f of sources(join(SRC, 'base'))) {
    assert.ok(imports(f).every((i) => i.startsWith('./')), `${relative(SRC, f)} imports outside base/`);
  }
});

test('lower/cpp/ reads trees into the model, borrowing only lower/c\'s evaluator, scalar names and types (and the syntax notes type)', () => {
  for (const f of sources(join(SRC, 'lower', 'cpp'))) {
    for (const i of imports(f)) {
      assert.ok(i === 'web-tree-sitter' || i.startsWith('../../base/') || i.startsWith('../c/') || i === '../../syntax/c-normalize.ts' || i.startsWith('./'), `${relative(SRC, f)} imports ${i}`);
    }
  }
});

test('cli/ and lsp/ never import each other (except the CLI starting the server)', () => {
  for (const f of sources(join(SRC, 'lsp'))) assert.ok(!imports(f).some((i) => i.includes('/cli/')));
  for (const f of sources(join(SRC, 'cli'))) {
    const text = readFileSync(f, 'utf8');
    assert.ok(!imports(f).some((i) => i.includes('/lsp/')), `${relative(SRC, f)} imports lsp/ statically`);
    if (text.includes("'../lsp/")) assert.match(text, /await import\('\.\.\/lsp\/server\.ts'\)/);
  }
});

test('every diagnostic has its own file, a test file and a unique code; the registry is sorted', () => {
  const codes = DIAGNOSTICS.map((d) => d.code);
  assert.deepEqual(codes, [...codes].sort());
  assert.equal(new Set(codes).size, codes.length);
  for (const code of codes) {
    const base = join(SRC, 'diagnostics', code);
    assert.ok(statSync(`${base}.ts`).isFile(), `${code}.ts`);
    assert.ok(statSync(`${base}.test.ts`).isFile(), `${code}.test.ts`);
  }
});

test('cpp/ (the C++ analysis core) imports only itself and web-tree-sitter types', () => {
  for (const f of sources(join(SRC, 'cpp'))) {
    assert.ok(imports(f).every((i) => i.startsWith('./') || i === 'web-tree-sitter'), `${relative(SRC, f)} imports outside cpp/`);
  }
});

test('every action has its own file and a test file; ids are unique', async () => {
  const { ACTIONS } = await import('../server/src/actions/registry.ts');
  const ids = ACTIONS.map((a) => a.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) {
    const base = join(SRC, 'actions', id);
    assert.ok(statSync(`${base}.ts`).isFile(), `${id}.ts`);
    assert.ok(statSync(`${base}.test.ts`).isFile(), `${id}.test.ts`);
  }
});

test('preproc/ depends on nothing of ours; index/ only on the preprocessor\'s lexer and compile flags', () => {
  for (const f of sources(join(SRC, 'preproc'))) {
    assert.ok(imports(f).every((i) => i.startsWith('./') || i.startsWith('node:')), `${relative(SRC, f)} imports outside preproc/`);
  }
  for (const f of sources(join(SRC, 'index'))) {
    assert.ok(imports(f).every((i) => i.startsWith('./') || i.startsWith('node:') || i === '../preproc/lexer.ts' || i === '../preproc/compile-flags.ts'), `${relative(SRC, f)} imports outside index/, the lexer and compile flags`);
  }
});

test('cpython/ is analysis core: no protocol, CLI, diagnostics, inlay or hover; from ide/ only types', () => {
  for (const f of sources(join(SRC, 'cpython'))) {
    const rel = relative(SRC, f);
    for (const i of imports(f)) {
      assert.ok(!/\/(lsp|cli|diagnostics|inlay|hover|actions|layout|lower)\//.test(i), `${rel} imports ${i}`);
      if (i.includes('/ide/')) assert.match(readFileSync(f, 'utf8'), new RegExp(`import type [^;]*'${i.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}'`), `${rel} imports ${i} for more than types`);
    }
  }
});
