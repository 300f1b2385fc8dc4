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
