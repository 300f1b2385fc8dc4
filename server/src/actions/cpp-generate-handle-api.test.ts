import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { WIDGET_HPP } from '../../../test/cpp/widget-fixture.ts';
import { compile, cppActionsAt, cppDiagnostics, haveTool, scratchDir } from '../../../test/support/cpp.ts';


const C_PROGRAM = `#include <stdio.h>
#include "widget_c_api.h"

int main(void) {
  Widget* w = NULL;
  Widget* bad = NULL;
  int v = -1;
  double avg = 0;
  char buf[4];
  int ver = 0;
  widget_status s = widget_create(&w, 4);
  printf("create %d\\n", s);
  s = widget_average(w, &avg);
  printf("average-empty %d %s\\n", s, widget_last_error());
  widget_push(w, 7);
  s = widget_get(w, 0, &v);
  printf("get0 %d %d\\n", s, v);
  s = widget_get(w, 5, &v);
  printf("get5 %d %s\\n", s, widget_last_error());
  s = widget_create(&bad, -1);
  printf("create-negative %d %d %s\\n", s, bad == NULL, widget_last_error());
  printf("rename %d\\n", widget_rename(w, "gear"));
  s = widget_name(w, buf, sizeof buf);
  printf("name %d %s\\n", s, buf);
  printf("null %d\\n", widget_get(NULL, 0, &v));
  s = widget_version(&ver);
  printf("version %d %d\\n", s, ver);
  widget_destroy(w);
  printf("done\\n");
  return 0;
}
`;

test('offered on a class, with a header and an implementation file', async () => {
  const { actions } = await cppActionsAt(WIDGET_HPP, 'src/widget.hpp');
  const a = actions.find((x) => x.id === 'cpp-generate-handle-api');
  assert.ok(a, 'action offered');
  assert.deepEqual(a.newFiles?.map((f) => f.path), ['widget_c_api.h', 'widget_c_api.cpp']);
  const header = a.newFiles![0]!.text;
  assert.match(header, /typedef struct Widget Widget;/);
  assert.match(header, /widget_status widget_create\(Widget\*\* out, int capacity\);/);
  assert.match(header, /void widget_destroy\(Widget\* self\);/);
  assert.match(header, /widget_status widget_get\(const Widget\* self, int i, int\* out\);/);
  assert.match(header, /widget_status widget_name\(const Widget\* self, char\* out, size_t out_size\);/);
  assert.match(header, /Not wrapped[\s\S]*std::vector<int> items\(\) const/);
  assert.match(a.newFiles![1]!.text, /#include "widget\.hpp"/);
});

test('not offered outside a class or in a C file', async () => {
  const { actions } = await cppActionsAt(`${WIDGET_HPP.replace('$0', '')}\nint $0free_function();\n`);
  assert.deepEqual(actions.filter((a) => a.id.startsWith('cpp-generate')), []);
});

test('the generated implementation lets no exception escape (by our own check)', async () => {
  const { actions } = await cppActionsAt(WIDGET_HPP, 'widget.hpp');
  const impl = actions.find((x) => x.id === 'cpp-generate-handle-api')!.newFiles![1]!.text;
  const inlined = impl.replace('#include "widget.hpp"\n', WIDGET_HPP.replace('$0', '')).replace(/#include "widget_c_api\.h"\n/, '');
  assert.deepEqual((await cppDiagnostics(inlined, ['cpp-exception-escapes-c', 'cpp-noexcept-throws'])).map((d) => d.message), []);
});

test('the header compiles as C11, the implementation as C++17, and a C program gets errors instead of crashes', { timeout: 120_000 }, async () => {
  if (!haveTool('gcc') || !haveTool('g++')) return;
  const { text, actions } = await cppActionsAt(WIDGET_HPP, 'widget.hpp');
  const a = actions.find((x) => x.id === 'cpp-generate-handle-api')!;
  const dir = scratchDir();
  writeFileSync(join(dir, 'widget.hpp'), text);
  for (const f of a.newFiles!) writeFileSync(join(dir, f.path), f.text);
  writeFileSync(join(dir, 'main.c'), C_PROGRAM);
  assert.equal(compile('gcc', ['-std=c11', '-Wall', '-Wextra', '-pedantic', '-Werror', '-c', 'main.c', '-o', 'main.o'], dir), '');
  assert.equal(compile('g++', ['-std=c++17', '-Wall', '-Wextra', '-Werror', '-c', 'widget_c_api.cpp', '-o', 'widget_c_api.o'], dir), '');
  assert.equal(compile('g++', ['main.o', 'widget_c_api.o', '-o', 'main'], dir), '');
  const run = spawnSync(join(dir, 'main'), { cwd: dir, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  assert.deepEqual(lines.map((l) => l.split(' ').slice(0, 2).join(' ')), [
    'create 0', 'average-empty -3', 'get0 0', 'get5 -3', 'create-negative -3', 'rename 0', 'name -5', 'null -1', 'version 0', 'done',
  ]);
  assert.equal(lines[1], 'average-empty -3 no items');
  assert.equal(lines[2], 'get0 0 7');
  assert.match(lines[3]!, /^get5 -3 .*range/);
  assert.equal(lines[4], 'create-negative -3 1 capacity must not be negative');
  assert.equal(lines[6], 'name -5 gea');
  assert.equal(lines[8], 'version 0 3');
});
