// Hostile and broken C++ must not make the C++ diagnostics or actions throw
// (the registries guard them, but the helpers here fail on any guarded error).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cppActionsAt, cppDiagnostics } from '../support/cpp.ts';

const CODES = ['cpp-exception-escapes-c', 'cpp-noexcept-throws', 'cpp-polymorphic-to-c', 'cpp-throwing-c-callback'];

test('deep nesting: parentheses in a throw, blocks, string concatenation, an inheritance chain', { timeout: 120_000 }, async () => {
  const parens = `extern "C" void f() { throw ${'('.repeat(3000)}1${')'.repeat(3000)}; }`;
  const blocks = `extern "C" void g() { ${'{ '.repeat(3000)}throw 1;${' }'.repeat(3000)} }`;
  const concat = `#include <string>\nextern "C" int h(const std::string& s) { std::string t = s${' + "x"'.repeat(3000)}; return (int)t.size(); }`;
  const chain = ['struct C0 { virtual ~C0() {} };', ...Array.from({ length: 3000 }, (_, i) => `struct C${i + 1} : C${i} {};`), 'extern "C" void take(C3000 c);'].join('\n');
  for (const src of [parens, blocks, concat, chain]) {
    const ds = await cppDiagnostics(src, CODES);
    assert.ok(ds.length >= 1, src.slice(0, 80));
  }
});

test('broken code: unbalanced braces, stray catch, half a class, an empty file', async () => {
  for (const src of ['extern "C" int f( { throw', 'catch (...) { }', 'class X : public { virtual', '', 'extern "C" {', 'int f() try { } catch', '#define N noexcept\nint f() N']) {
    await cppDiagnostics(src, CODES);
    await cppActionsAt(`${src}$0`);
  }
});
