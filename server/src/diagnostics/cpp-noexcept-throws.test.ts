import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cppDiagnostics, cppFixed, cxxSyntaxErrors, haveTool } from '../../../test/support/cpp.ts';

const CODE = 'cpp-noexcept-throws';

const SRC = `#include <stdexcept>
#include <string>
static int parse(const std::string& s) { return std::stoi(s); }
int parse_or_zero(const std::string& s) noexcept { return parse(s); }
struct File { int fd = -1; ~File() { if (fd < 0) throw std::runtime_error("closed twice"); } };
`;

test('a noexcept function reaching stoi and a throwing destructor are reported', async () => {
  const ds = await cppDiagnostics(SRC, [CODE]);
  assert.deepEqual(ds.map((d) => SRC.slice(d.start, d.end)), ['parse_or_zero', '~File']);
  assert.match(ds[0]!.message, /`parse_or_zero` is noexcept but can throw std::invalid_argument \(and 1 more\): std::terminate/);
  assert.deepEqual(ds[0]!.related.map((r) => SRC.slice(r.start, r.end)), ['parse(s)', 'std::stoi(s)']);
  assert.match(ds[1]!.message, /destructor \(implicitly noexcept\)/);
});

test('not reported: noexcept(false), no noexcept, or everything caught', async () => {
  assert.deepEqual(await cppDiagnostics(SRC.replace('~File()', '~File() noexcept(false)').replace(' noexcept {', ' {'), [CODE]), []);
  assert.deepEqual(await cppDiagnostics(SRC.replace('{ return parse(s); }', '{ try { return parse(s); } catch (...) { return 0; } }').replace('~File()', '~File() noexcept(false)'), [CODE]), []);
});

test('the try/catch fix compiles and removes the report', async () => {
  const out = await cppFixed(SRC, CODE, false);
  assert.deepEqual(await cppDiagnostics(out, [CODE]), [], out);
  if (haveTool('g++')) assert.equal(cxxSyntaxErrors(out), '', out);
});
