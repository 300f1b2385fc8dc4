import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits, cppActionsAt, cxxSyntaxErrors, haveTool } from '../../../test/support/cpp.ts';

const ID = 'cpp-mark-noexcept';

async function marked(fixture: string): Promise<string | undefined> {
  const { text, actions } = await cppActionsAt(fixture);
  const a = actions.find((x) => x.id === ID);
  return a ? applyEdits(text, a.edits) : undefined;
}

test('a C function of arithmetic and C library calls is marked, with its earlier declaration', async () => {
  const out = await marked(`#include <cstring>
extern "C" int checksum(const char* s);
static int weight(char c) { return c * 31; }
extern "C" int checksum(const char* s) {
  int sum = 0;
  for (unsigned i = 0; i < std::strlen(s); i++) sum += $0weight(s[i]);
  return sum;
}
`);
  assert.ok(out);
  assert.match(out, /extern "C" int checksum\(const char\* s\) noexcept;/);
  assert.match(out, /extern "C" int checksum\(const char\* s\) noexcept \{/);
  if (haveTool('g++')) assert.equal(cxxSyntaxErrors(out), '', out);
});

test('not offered: something can throw, unknown code is called, or it is noexcept already', async () => {
  assert.equal(await marked(`#include <vector>\nstatic std::vector<int> v;\nextern "C" int get(int i) { return $0v.at(i); }`), undefined);
  assert.equal(await marked(`int external(int);\nextern "C" int f(int i) { return $0external(i); }`), undefined);
  assert.equal(await marked(`extern "C" int f(int (*cb)(int), int i) { return $0cb(i); }`), undefined);
  assert.equal(await marked(`extern "C" int f(int i) noexcept { return $0i; }`), undefined);
  assert.equal(await marked(`int cxx(int i) { return $0i; }`), undefined);
});

test('calls to C functions declared in the file and to noexcept functions are fine', async () => {
  const out = await marked(`extern "C" int c_helper(int);\nstatic int twice(int x) noexcept { return 2 * x; }\nextern "C" int f(int i) { return c_helper(twice($0i)); }\n`);
  assert.ok(out);
  assert.match(out, /int f\(int i\) noexcept \{/);
});
