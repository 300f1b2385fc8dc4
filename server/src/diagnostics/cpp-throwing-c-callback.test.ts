import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cppDiagnostics, cppFixed, cxxSyntaxErrors, haveTool } from '../../../test/support/cpp.ts';

const CODE = 'cpp-throwing-c-callback';

const SRC = `#include <cstdlib>
#include <map>
#include <stdexcept>
#include <string>
static std::map<int, std::string> names;
static int by_name(const void* a, const void* b) {
  return names.at(*static_cast<const int*>(a)).compare(names.at(*static_cast<const int*>(b)));
}
static int by_value(const void* a, const void* b) noexcept { return *static_cast<const int*>(a) - *static_cast<const int*>(b); }
static int plain(const void* a, const void* b) { return *static_cast<const int*>(a) - *static_cast<const int*>(b); }
typedef void (*event_fn)(int code);
extern "C" void lib_on_event(event_fn fn, int flags);
static void on_event(int code) { if (code < 0) throw std::runtime_error("bad event"); }
void sort_ids(int* ids, std::size_t n) {
  std::qsort(ids, n, sizeof *ids, by_name);
  qsort(ids, n, sizeof *ids, &by_value);
  qsort(ids, n, sizeof *ids, plain);
  lib_on_event(on_event, 0);
}
`;

test('throwing callbacks passed to qsort and to a C-linkage registration are reported', async () => {
  const ds = await cppDiagnostics(SRC, [CODE]);
  assert.deepEqual(ds.map((d) => SRC.slice(d.start, d.end)), ['by_name', 'on_event']);
  assert.match(ds[0]!.message, /`by_name` can throw std::out_of_range and is passed to `qsort` as a C callback/);
  assert.deepEqual(ds[1]!.related.map((r) => SRC.slice(r.start, r.end)).slice(0, 2), ['on_event', 'throw std::runtime_error("bad event");']);
});

test('the try/catch fix on the callback compiles and removes the report', async () => {
  const out = await cppFixed(SRC, CODE, false);
  assert.deepEqual(await cppDiagnostics(out, [CODE]), [], out);
  if (haveTool('g++')) assert.equal(cxxSyntaxErrors(out), '', out);
});

const LAMBDAS = `#include <cstdlib>
#include <stdexcept>
#include <vector>
typedef void (*event_fn)(int code);
extern "C" void lib_on_event(event_fn fn, int flags);
static std::vector<int> table;
static int lookup(int i) { return table.at(i); }
extern "C" void sort_ids(int* ids, std::size_t n) {
  qsort(ids, n, sizeof *ids, [](const void* a, const void* b) -> int { if (a == b) throw std::logic_error("same"); return 0; });
  qsort(ids, n, sizeof *ids, [](const void* a, const void* b) -> int { try { return lookup(*static_cast<const int*>(a)) - lookup(*static_cast<const int*>(b)); } catch (...) { return 0; } });
  int (*by_table)(const void*, const void*) = [](const void* a, const void* b) { return lookup(*static_cast<const int*>(a)) - lookup(*static_cast<const int*>(b)); };
  std::qsort(ids, n, sizeof *ids, by_table);
  qsort(ids, n, sizeof *ids, [](const void* a, const void* b) { return *static_cast<const int*>(a) - *static_cast<const int*>(b); });
}
extern "C" void install(void) {
  atexit(+[] { throw 1; });
  lib_on_event([](int code) { if (code < 0) throw std::runtime_error("bad event"); }, 0);
  lib_on_event([](int code) noexcept { (void)code; }, 1);
}
`;

test('lambdas handed to C as callbacks: in place, with +, through a function-pointer variable, to a C registration API', async () => {
  const ds = await cppDiagnostics(LAMBDAS, [CODE]);
  assert.deepEqual(ds.map((d) => LAMBDAS.slice(d.start, d.end).slice(0, 24)), [
    '[](const void* a, const ', 'by_table', '+[] { throw 1; }', '[](int code) { if (code ',
  ]);
  assert.match(ds[0]!.message, /a lambda that can throw std::logic_error is passed to `qsort` as a C callback/);
  // Through a call of a file function: the path goes through it to the throwing library call.
  assert.deepEqual(ds[1]!.related.slice(1).map((r) => r.message), [
    'calls `lookup`', '`table.at(i)` can throw std::out_of_range',
  ]);
  if (haveTool('g++')) assert.equal(cxxSyntaxErrors(LAMBDAS), '');
});

test('a lambda handed to C is not an escape of the extern "C" function that hands it over', async () => {
  assert.deepEqual(await cppDiagnostics(LAMBDAS, ['cpp-exception-escapes-c']), []);
});
